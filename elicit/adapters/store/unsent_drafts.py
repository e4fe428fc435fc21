"""Drafts: what someone typed for a question or a follow-up and has not sent yet (one per item, replaced)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint, delete
from sqlmodel import Field, SQLModel, select

from elicit.adapters.store.columns import _interview_key, _timestamp, utc_now
from elicit.adapters.store.engine import Db, _begin_write, _commit


class DraftRecord(SQLModel, table=True):
    """What someone typed for one item (a question, or `fu:<id>` for a follow-up) and has not sent yet."""

    __tablename__ = "draft"
    __table_args__ = (UniqueConstraint("interview_id", "item"),)
    id: int | None = Field(default=None, primary_key=True)
    interview_id: str = _interview_key()
    item: str
    value_json: str
    updated_at: datetime = _timestamp()


def follow_up_item(follow_up_id: int) -> str:
    """The draft item of a follow-up's answer box."""
    return f"fu:{follow_up_id}"


def save_draft(*, db: Db, interview_id: str, item: str, value: Any) -> DraftRecord:
    """Keep what was typed for an item (replacing the last draft of it) until it is sent."""
    _begin_write(db)
    draft = db.exec(select(DraftRecord).where(DraftRecord.interview_id == interview_id,
                                              DraftRecord.item == item)).first()
    draft = draft or DraftRecord(interview_id=interview_id, item=item, value_json="")
    draft.value_json, draft.updated_at = json.dumps(value, ensure_ascii=False), utc_now()
    return _commit(db, draft)


def drafts(*, db: Db, interview_id: str) -> dict[str, Any]:
    """The unsent drafts of an interview, keyed by item, as they were typed."""
    query = select(DraftRecord).where(DraftRecord.interview_id == interview_id)
    return {draft.item: json.loads(draft.value_json) for draft in db.exec(query)}


def discard_draft(*, db: Db, interview_id: str, item: str) -> None:
    """Drop a draft inside the caller's transaction (it commits with the answer that replaces it)."""
    db.exec(delete(DraftRecord).where(DraftRecord.interview_id == interview_id, DraftRecord.item == item))
