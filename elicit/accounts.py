"""Accounts: the first owner, users and roles, argon2 passwords, slowed-down failed logins, login sessions."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from elicit import store
from elicit.access import Actor, Role
from elicit.errors import ElicitError

HASHER = PasswordHasher()
MIN_PASSWORD = 10
FREE_FAILURES = 3
"""Failed logins allowed before each further failure locks the account for a growing while."""
MAX_LOCK = timedelta(minutes=15)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A hash to verify against when the email is unknown, so a wrong email costs the same time as a wrong password.
_DUMMY_HASH = HASHER.hash("not a password of anyone")


class AccountError(ElicitError):
    """An account could not be created or signed in; the message says why and what to do."""


def lock_for(failures: int) -> timedelta:
    """How long an account is locked after this many failed logins in a row: doubling, up to a ceiling."""
    if failures <= FREE_FAILURES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** (failures - FREE_FAILURES) * 5), MAX_LOCK)


def _check_new(email: str, name: str, password: str) -> None:
    if not EMAIL.match(email.strip()):
        raise AccountError(f"{email!r} is not an email address; use the form name@example.com")
    if not name.strip():
        raise AccountError("the name is empty; write the person's name")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password has {len(password)} characters; use at least {MIN_PASSWORD}")


def needs_owner(*, db) -> bool:
    """True on the first start: nobody can sign in until the owner account exists."""
    return store.count_accounts(db=db) == 0


def create_owner(*, db, email: str, name: str, password: str) -> store.AccountRecord:
    if not needs_owner(db=db):
        raise AccountError("an owner already exists; sign in, and ask the owner for an account")
    return create_user(db=db, email=email, name=name, password=password, role=Role.OWNER)


def create_user(*, db, email: str, name: str, password: str, role: Role, team_id: str | None = None
                ) -> store.AccountRecord:
    _check_new(email, name, password)
    if store.find_account(db=db, email=email) is not None:
        raise AccountError(f"{email.strip().lower()} already has an account; use another address")
    return store.create_account(db=db, email=email, name=name, role=Role(role).value,
                                password_hash=HASHER.hash(password), team_id=team_id)


def sign_in(*, db, email: str, password: str, now: datetime | None = None) -> tuple[store.AccountRecord, str]:
    """Check the password and start a login session; returns the account and the session token for the cookie."""
    account = verify(db=db, email=email, password=password, now=now)
    return account, store.start_login_session(db=db, account_id=account.id)


def verify(*, db, email: str, password: str, now: datetime | None = None) -> store.AccountRecord:
    """The active account these credentials open; failed attempts count towards the lock."""
    now = now or store.utc_now()
    account = store.find_account(db=db, email=email)
    if account is not None and account.locked_until is not None and account.locked_until > now:
        wait = max(1, int((account.locked_until - now).total_seconds()))
        raise AccountError(f"too many failed attempts; try again in {wait} seconds")
    if not _password_matches(account, password):
        if account is not None:
            failures = account.failed_logins + 1
            store.update_account(db=db, account_id=account.id, failed_logins=failures,
                                 locked_until=now + lock_for(failures) if lock_for(failures) else None)
        raise AccountError("the email or the password is wrong; check both and try again")
    if not account.active:
        raise AccountError("this account is switched off; ask the owner to switch it on")
    store.update_account(db=db, account_id=account.id, failed_logins=0, locked_until=None)
    return account


def _password_matches(account: store.AccountRecord | None, password: str) -> bool:
    try:
        return HASHER.verify(account.password_hash if account else _DUMMY_HASH, password) and account is not None
    except (VerificationError, InvalidHashError):
        return False


def actor_for(account: store.AccountRecord | None) -> Actor:
    """The access-control actor of a signed-in account (nobody when None)."""
    if account is None:
        return Actor()
    return Actor(user_id=account.id, role=Role(account.role), team_id=account.team_id)
