"""Shared column pieces of the tables: UTC time, the UTC timestamp type and the common field factories."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _timestamp() -> Any:
    return Field(default_factory=utc_now, sa_type=UTCDateTime)


def _moment(default: Any = None) -> Any:
    return Field(default=default, sa_type=UTCDateTime)


def _interview_key(*, nullable: bool = False) -> Any:
    if nullable:
        return Field(default=None, foreign_key="interview.id", index=True, ondelete="SET NULL")
    return Field(foreign_key="interview.id", index=True, ondelete="CASCADE")


def _uuid() -> str:
    return uuid.uuid4().hex
