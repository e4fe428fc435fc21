"""Login sessions: signed-in browsers, each the hash of a cookie's token, expiring and ending when idle."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta

from sqlmodel import Field, SQLModel, select

from elicit.adapters.store.accounts import AccountRecord
from elicit.adapters.store.columns import UTCDateTime, _moment, _timestamp, utc_now
from elicit.adapters.store.engine import Db, _begin_write, _commit, _hash_token

SESSION_DAYS = 14
SEEN_EVERY = timedelta(minutes=1)
"""A sign-in's last use is written at most this often (a write on every page run would cost)."""


class LoginSessionRecord(SQLModel, table=True):
    """A signed-in browser: the hash of the cookie's token, whose account, until when."""

    __tablename__ = "login_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True)
    account_id: str = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    expires_at: datetime = Field(sa_type=UTCDateTime)
    last_seen_at: datetime | None = _moment()
    """When the browser last used it; a sign-in idle for longer than the idle timeout ends."""
    created_at: datetime = _timestamp()


def start_login_session(*, db: Db, account_id: str, days: int = SESSION_DAYS) -> str:
    """A new sign-in; returns the token for the cookie, of which only a hash is kept."""
    token = secrets.token_urlsafe(32)
    _begin_write(db)
    _commit(db, LoginSessionRecord(token_hash=_hash_token(token), account_id=account_id,
                                   expires_at=utc_now() + timedelta(days=days), last_seen_at=utc_now()))
    return token


def account_for_session(*, db: Db, token: str, idle: timedelta | None = None,
                        now: datetime | None = None) -> AccountRecord | None:
    """The active account a cookie token signs in, or None when unknown, expired, idle too long or disabled.

    With `idle`, a sign-in unused for longer ends, and each use (written at most once a minute) keeps it going.
    """
    now, wanted = now or utc_now(), _hash_token(token)
    record = db.exec(select(LoginSessionRecord).where(LoginSessionRecord.token_hash == wanted)).first()
    if record is None or not hmac.compare_digest(record.token_hash, wanted) or record.expires_at < now:
        return None
    seen = record.last_seen_at or record.created_at
    if idle is not None and seen + idle < now:
        end_login_session(db=db, token=token)
        return None
    if idle is not None and seen + SEEN_EVERY < now:
        _begin_write(db)
        record = db.get(LoginSessionRecord, record.id)
        if record is not None:
            record.last_seen_at = now
            _commit(db, record)
    account = db.get(AccountRecord, record.account_id) if record is not None else None
    return account if account is not None and account.active else None


def end_login_session(*, db: Db, token: str) -> None:
    _begin_write(db)
    for record in db.exec(select(LoginSessionRecord).where(LoginSessionRecord.token_hash == _hash_token(token))):
        db.delete(record)
    db.commit()
