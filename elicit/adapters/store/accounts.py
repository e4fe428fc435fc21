"""Accounts: the people who sign in (owner, consultants, reviewers), the first owner, and welcome links."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import Field, SQLModel, col, select

from elicit.core.access import Role
from elicit.adapters.store.columns import _moment, _timestamp, _uuid, utc_now
from elicit.adapters.store.engine import Db, _begin_write, _commit, _hash_token, _require, clean
from elicit.adapters.store.interviews import InterviewRecord
from elicit.adapters.store.invitations import INVITATION_DAYS, InvitationRecord

ROLES = tuple(role.value for role in Role)
SETUP_LOCK = 0x656C69636975  # PostgreSQL advisory-lock key that first-start setups queue on


class AccountRecord(SQLModel, table=True):
    """A person who signs in: owner, consultant or reviewer. Experts need no account."""

    __tablename__ = "account"
    id: str = Field(default_factory=_uuid, primary_key=True)
    email: str = Field(unique=True, index=True)
    name: str
    role: str
    team_id: str | None = Field(default=None, foreign_key="team.id", ondelete="SET NULL")
    password_hash: str
    active: bool = True
    created_at: datetime = _timestamp()
    welcome_hash: str | None = Field(default=None, unique=True, index=True)
    """The hash of the link on which an invited person sets their own password (None once used)."""
    welcome_expires_at: datetime | None = _moment()


def count_accounts(*, db: Db) -> int:
    return len(db.exec(select(AccountRecord.id)).all())


def create_first_owner(*, db: Db, email: str, name: str, password_hash: str) -> AccountRecord | None:
    """The owner account, made only while there is no account at all: check and insert in one locked write.

    Returns None when an account already exists (another setup won). SQLite's BEGIN IMMEDIATE and
    PostgreSQL's advisory lock make concurrent setups queue, so exactly one of them creates the owner.
    """
    _begin_write(db)
    if db.get_bind().dialect.name == "postgresql":
        db.exec(text("SELECT pg_advisory_xact_lock(:k)").bindparams(k=SETUP_LOCK))
    if db.exec(select(AccountRecord.id).limit(1)).first() is not None:
        db.rollback()
        return None
    _links_become_invitations(db)
    return _commit(db, AccountRecord(email=clean(email).lower(), name=clean(name), role=Role.OWNER.value,
                                     password_hash=password_hash))


def _links_become_invitations(db: Db) -> None:
    """The links made while working alone become invitations: they expire like any other and can be revoked.

    In team mode an expert's link opens an interview only as a live invitation (services.teams.expert_for_link);
    the link itself is unchanged, since an invitation keeps the same hash of the same token.
    """
    invited = select(InvitationRecord.token_hash)
    query = select(InterviewRecord.id, InterviewRecord.token_hash).where(
        col(InterviewRecord.token_hash).is_not(None), col(InterviewRecord.token_hash).not_in(invited))
    expires = utc_now() + timedelta(days=INVITATION_DAYS)
    db.add_all(InvitationRecord(interview_id=interview_id, token_hash=token_hash, created_by=None, expires_at=expires)
               for interview_id, token_hash in db.exec(query).all())


def create_account(*, db: Db, email: str, name: str, role: str, password_hash: str,
                   team_id: str | None = None) -> AccountRecord:
    _require(role, ROLES, "role")
    _begin_write(db)
    return _commit(db, AccountRecord(email=clean(email).lower(), name=clean(name), role=role,
                                     password_hash=password_hash, team_id=team_id))


def find_account(*, db: Db, email: str) -> AccountRecord | None:
    return db.exec(select(AccountRecord).where(AccountRecord.email == clean(email).lower())).first()


def get_account(*, db: Db, account_id: str) -> AccountRecord | None:
    return db.get(AccountRecord, account_id)


def list_accounts(*, db: Db) -> list[AccountRecord]:
    return list(db.exec(select(AccountRecord).order_by(AccountRecord.created_at)).all())


def owner_account_id(*, db: Db) -> str | None:
    """The workspace owner's account id, when there is one."""
    query = select(AccountRecord.id).where(AccountRecord.role == Role.OWNER.value).order_by(AccountRecord.created_at)
    return db.exec(query).first()


def update_account(*, db: Db, account_id: str, **changes: Any) -> AccountRecord:
    """Change fields of an account (role, team_id, active, password_hash, name)."""
    _begin_write(db)
    account = db.get(AccountRecord, account_id)
    if account is None:
        raise KeyError(f"no account {account_id}")
    for name, value in changes.items():
        setattr(account, name, value)
    return _commit(db, account)


# --- welcome links: an invited person sets their own password ------------------------------------------


def start_welcome(*, db: Db, account_id: str, days: int = INVITATION_DAYS) -> str:
    """A link on which this person sets their own password: a fresh token, only its hash kept."""
    token = secrets.token_urlsafe(24)
    update_account(db=db, account_id=account_id, welcome_hash=_hash_token(token),
                   welcome_expires_at=utc_now() + timedelta(days=days))
    return token


def account_for_welcome(*, db: Db, token: str) -> AccountRecord | None:
    """The account a welcome link opens, while it is valid."""
    if not isinstance(token, str) or not token:
        return None
    digest = _hash_token(token)
    account = db.exec(select(AccountRecord).where(AccountRecord.welcome_hash == digest)).first()
    if account is None or not hmac.compare_digest(account.welcome_hash or "", digest):
        return None
    if account.welcome_expires_at is None or account.welcome_expires_at < utc_now():
        return None
    return account
