"""The sign-in throttle: failed sign-ins counted per key (an address, or an address with an email) and its lock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, SQLModel, col, select

from elicit.adapters.store.columns import _moment, _timestamp, utc_now
from elicit.adapters.store.engine import Db, _begin_write, _hash_token

THROTTLE_QUIET = timedelta(hours=1)
"""A key with no attempt for this long starts counting again from zero."""


class LoginThrottleRecord(SQLModel, table=True):
    """Failed sign-ins counted under one key (a client address, or an address with an email) and its lock."""

    __tablename__ = "login_throttle"
    key: str = Field(primary_key=True)
    """A hash of what is counted, so an email typed by mistake is not kept."""
    failures: int = 0
    locked_until: datetime | None = _moment()
    updated_at: datetime = _timestamp()


def _throttle_rows(db: Db, keys: list[str]) -> list[LoginThrottleRecord]:
    """The rows of these keys, created when missing and locked for this transaction (in key order)."""
    insert = sqlite_insert if db.get_bind().dialect.name == "sqlite" else postgresql_insert
    db.exec(insert(LoginThrottleRecord).values([{"key": key, "failures": 0, "updated_at": utc_now()}
                                                for key in keys]).on_conflict_do_nothing())
    query = select(LoginThrottleRecord).where(col(LoginThrottleRecord.key).in_(keys))
    return list(db.exec(query.order_by(LoginThrottleRecord.key).with_for_update()).all())


def claim_login_attempt(*, db: Db, keys: dict[str, int], lock_for: Callable[[int, int], timedelta],
                        now: datetime | None = None) -> bool:
    """Check the locks and count one attempt, in one locked write: False (counting nothing) when a key is locked.

    `keys` maps each key to the failures it allows before `lock_for(failures, allowed)` locks it. The
    attempt counts as a failure under every key before the password is checked, so parallel guesses can
    neither slip past the lock nor be lost; `forgive_login_attempt` takes it back when the password is right.
    """
    now = now or utc_now()
    _begin_write(db)
    rows = _throttle_rows(db, sorted(_hash_token(key) for key in keys))
    if any(row.locked_until is not None and row.locked_until > now for row in rows):
        db.rollback()
        return False
    allowed = {_hash_token(key): free for key, free in keys.items()}
    for row in rows:
        row.failures = (0 if row.updated_at < now - THROTTLE_QUIET else row.failures) + 1
        wait = lock_for(row.failures, allowed[row.key])
        row.locked_until, row.updated_at = (now + wait if wait else None), now
        db.add(row)
    db.commit()
    return True


def forgive_login_attempt(*, db: Db, clear: list[str], undo: list[str]) -> None:
    """After a right password: the `clear` keys start again from zero, the `undo` keys lose this attempt."""
    _begin_write(db)
    wanted = {_hash_token(key): key in clear for key in [*clear, *undo]}
    for row in _throttle_rows(db, sorted(wanted)):
        row.failures = 0 if wanted[row.key] else max(row.failures - 1, 0)
        row.locked_until = None if wanted[row.key] else row.locked_until
        db.add(row)
    db.commit()
