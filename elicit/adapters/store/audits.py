"""The audit log: who did what to which object, and when; appended, never changed."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel, select

from elicit.adapters.store.columns import _timestamp
from elicit.adapters.store.engine import Db, _begin_write, _commit


class AuditRecord(SQLModel, table=True):
    """Who did what to which object, and when; appended, never changed."""

    __tablename__ = "audit"
    id: int | None = Field(default=None, primary_key=True)
    actor_id: str | None = Field(default=None, index=True)
    actor_label: str
    action: str = Field(index=True)
    object_type: str
    object_id: str = Field(index=True)
    detail: str = ""
    created_at: datetime = _timestamp()


def audit(*, db: Db, actor_label: str, action: str, object_type: str, object_id: str, detail: str = "",
          actor_id: str | None = None) -> AuditRecord:
    _begin_write(db)
    return _commit(db, AuditRecord(actor_id=actor_id, actor_label=actor_label, action=action,
                                   object_type=object_type, object_id=object_id, detail=detail))


def audit_log(*, db: Db, limit: int = 200) -> list[AuditRecord]:
    query = select(AuditRecord).order_by(AuditRecord.created_at.desc(), AuditRecord.id.desc()).limit(limit)
    return list(db.exec(query).all())
