"""Invitations: an expert's link to one interview, hashed, expiring and revocable."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta

from sqlmodel import Field, SQLModel, select

from elicit.core.errors import InterviewNotFoundError
from elicit.adapters.store.columns import UTCDateTime, _interview_key, _moment, _timestamp, utc_now
from elicit.adapters.store.engine import Db, _begin_write, _commit, _hash_token
from elicit.adapters.store.interviews import INVALID_LINK, get_interview

INVITATION_DAYS = 14


class InvitationRecord(SQLModel, table=True):
    """An expert's link to one interview: hashed, expiring, revocable."""

    __tablename__ = "invitation"
    id: int | None = Field(default=None, primary_key=True)
    interview_id: str = _interview_key()
    token_hash: str = Field(unique=True, index=True)
    created_by: str | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = _moment()
    created_at: datetime = _timestamp()


def create_invitation(*, db: Db, interview_id: str, created_by: str | None,
                      days: int = INVITATION_DAYS) -> tuple[InvitationRecord, str]:
    """A link for the expert: at least 128 random bits, only its hash stored, expiring after `days`."""
    get_interview(db=db, interview_id=interview_id)
    token = secrets.token_urlsafe(24)
    _begin_write(db)
    record = _commit(db, InvitationRecord(interview_id=interview_id, token_hash=_hash_token(token),
                                          created_by=created_by, expires_at=utc_now() + timedelta(days=days)))
    return record, token


def invitation_for_token(*, db: Db, token: str) -> InvitationRecord:
    """The live invitation a token names; InterviewNotFoundError when unknown, revoked or expired."""
    wanted = _hash_token(token)
    record = db.exec(select(InvitationRecord).where(InvitationRecord.token_hash == wanted)).first()
    live = record is not None and record.revoked_at is None and record.expires_at > utc_now()
    if not live or not hmac.compare_digest(record.token_hash, wanted):
        raise InterviewNotFoundError(INVALID_LINK)
    return record


def revoke_invitation(*, db: Db, invitation_id: int) -> InvitationRecord:
    _begin_write(db)
    record = db.get(InvitationRecord, invitation_id)
    if record is None:
        raise InterviewNotFoundError(f"no invitation has the id {invitation_id}")
    record.revoked_at = record.revoked_at or utc_now()
    return _commit(db, record)


def get_invitation(*, db: Db, invitation_id: int) -> InvitationRecord | None:
    return db.get(InvitationRecord, invitation_id)


def list_invitations(*, db: Db, interview_id: str) -> list[InvitationRecord]:
    query = select(InvitationRecord).where(InvitationRecord.interview_id == interview_id)
    return list(db.exec(query.order_by(InvitationRecord.created_at)).all())
