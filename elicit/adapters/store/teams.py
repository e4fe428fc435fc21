"""Teams: the groups of consultants who share their interviews."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel, select

from elicit.adapters.store.columns import _timestamp, _uuid
from elicit.adapters.store.engine import Db, _begin_write, _commit


class TeamRecord(SQLModel, table=True):
    """A group of consultants who share their interviews."""

    __tablename__ = "team"
    id: str = Field(default_factory=_uuid, primary_key=True)
    name: str = Field(unique=True)
    created_at: datetime = _timestamp()


def create_team(*, db: Db, name: str) -> TeamRecord:
    _begin_write(db)
    return _commit(db, TeamRecord(name=name.strip()))


def list_teams(*, db: Db) -> list[TeamRecord]:
    return list(db.exec(select(TeamRecord).order_by(TeamRecord.name)).all())
