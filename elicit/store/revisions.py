"""Revision storage: follow-up answers as revisions (never overwritten) and drafts of text not yet sent."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint, delete, update
from sqlmodel import Field, Session, SQLModel, select

from elicit.errors import StaleError
from elicit.store import (FOLLOW_UP_STATUSES, FollowUpRecord, _begin_write, _commit, _interview_key, _require,
                          _timestamp, _touch, get_follow_up, utc_now)

STALE_FOLLOW_UP = ("this follow-up was already {status} in another tab or window, so nothing was changed; "
                   "the page now shows where the interview stands")


class FollowUpAnswerRecord(SQLModel, table=True):
    """One change to what became of a follow-up: answered (with the text), skipped, removed, kept or dismissed."""

    __tablename__ = "follow_up_answer"
    __table_args__ = (UniqueConstraint("follow_up_id", "revision"),)
    id: int | None = Field(default=None, primary_key=True)
    follow_up_id: int = Field(foreign_key="follow_up.id", index=True, ondelete="CASCADE")
    interview_id: str = _interview_key()
    revision: int
    status: str
    text: str | None = None
    author: str = ""
    created_at: datetime = _timestamp()


class DraftRecord(SQLModel, table=True):
    """What someone typed for one item (a question, or `fu:<id>` for a follow-up) and has not sent yet."""

    __tablename__ = "draft"
    __table_args__ = (UniqueConstraint("interview_id", "item"),)
    id: int | None = Field(default=None, primary_key=True)
    interview_id: str = _interview_key()
    item: str
    value_json: str
    updated_at: datetime = _timestamp()


def change_follow_up(*, db: Session, follow_up_id: int, status: str, answer: str | None = None,
                     expected: tuple[str, ...] = ("pending",), revision: int | None = None,
                     author: str = "", stale_ok: bool = False) -> FollowUpRecord | None:
    """Record what became of a follow-up as a new revision, only if it still is as the caller saw it.

    The change applies only while the follow-up's status is one of `expected` (and, given `revision`, its
    revision is that one): one conditional UPDATE, so two tabs or two instances never overwrite each other.
    Otherwise StaleError, or None with `stale_ok` (a side effect such as dismissing what is still pending).
    """
    _require(status, FOLLOW_UP_STATUSES, "follow-up status")
    _begin_write(db)
    current = get_follow_up(db=db, follow_up_id=follow_up_id)
    conditions = [FollowUpRecord.id == follow_up_id, FollowUpRecord.status.in_(expected)]
    if revision is not None:
        conditions.append(FollowUpRecord.revision == revision)
    changed = db.exec(update(FollowUpRecord).where(*conditions).values(
        status=status, answer=answer, revision=FollowUpRecord.revision + 1, updated_at=utc_now()))
    if changed.rowcount != 1:
        db.rollback()
        if stale_ok:
            return None
        db.refresh(current)
        raise StaleError(STALE_FOLLOW_UP.format(status=current.status))
    db.refresh(current)
    _touch(db, current.interview_id)
    db.exec(delete(DraftRecord).where(DraftRecord.interview_id == current.interview_id,
                                      DraftRecord.item == follow_up_item(follow_up_id)))
    db.add(FollowUpAnswerRecord(follow_up_id=follow_up_id, interview_id=current.interview_id,
                                revision=current.revision, status=status, text=answer, author=author))
    db.commit()
    return current


def follow_up_history(*, db: Session, interview_id: str) -> dict[int, list[FollowUpAnswerRecord]]:
    """Every revision of every follow-up answer of an interview, oldest first, keyed by follow-up id."""
    query = (select(FollowUpAnswerRecord).where(FollowUpAnswerRecord.interview_id == interview_id)
             .order_by(FollowUpAnswerRecord.id))
    history: dict[int, list[FollowUpAnswerRecord]] = {}
    for row in db.exec(query):
        history.setdefault(row.follow_up_id, []).append(row)
    return history


# --- drafts ---------------------------------------------------------------------------------------------


def follow_up_item(follow_up_id: int) -> str:
    """The draft item of a follow-up's answer box."""
    return f"fu:{follow_up_id}"


def save_draft(*, db: Session, interview_id: str, item: str, value: Any) -> DraftRecord:
    """Keep what was typed for an item (replacing the last draft of it) until it is sent."""
    _begin_write(db)
    draft = db.exec(select(DraftRecord).where(DraftRecord.interview_id == interview_id,
                                              DraftRecord.item == item)).first()
    draft = draft or DraftRecord(interview_id=interview_id, item=item, value_json="")
    draft.value_json, draft.updated_at = json.dumps(value, ensure_ascii=False), utc_now()
    return _commit(db, draft)


def drafts(*, db: Session, interview_id: str) -> dict[str, Any]:
    """The unsent drafts of an interview, keyed by item, as they were typed."""
    query = select(DraftRecord).where(DraftRecord.interview_id == interview_id)
    return {draft.item: json.loads(draft.value_json) for draft in db.exec(query)}


def discard_draft(*, db: Session, interview_id: str, item: str) -> None:
    """Drop a draft inside the caller's transaction (it commits with the answer that replaces it)."""
    db.exec(delete(DraftRecord).where(DraftRecord.interview_id == interview_id, DraftRecord.item == item))


def owner_account_id(*, db: Session) -> str | None:
    """The workspace owner's account id, when there is one."""
    from elicit.store.teams import AccountRecord

    return db.exec(select(AccountRecord.id).where(AccountRecord.role == "owner").order_by(AccountRecord.created_at)
                   ).first()


__all__ = ["FollowUpAnswerRecord", "DraftRecord", "change_follow_up", "follow_up_history", "follow_up_item",
           "save_draft", "drafts", "discard_draft", "owner_account_id", "STALE_FOLLOW_UP"]
