"""Follow-ups: the questions a probe raised, and each change to what became of them, kept as revisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint, update
from sqlmodel import Field, SQLModel, select

from elicit.core.errors import InterviewNotFoundError, StaleError
from elicit.core.interview import FollowUpStatus
from elicit.adapters.store.columns import _interview_key, _timestamp, utc_now
from elicit.adapters.store.engine import Db, _begin_write, _commit, _require
from elicit.adapters.store.interviews import _touch
from elicit.adapters.store.unsent_drafts import discard_draft, follow_up_item

FOLLOW_UP_STATUSES = tuple(status.value for status in FollowUpStatus)
FOLLOW_UP_SOURCES = ("heuristic", "llm")
STALE_FOLLOW_UP = ("this follow-up was already {status} in another tab or window, so nothing was changed; "
                   "the page now shows where the interview stands")


class FollowUpRecord(SQLModel, table=True):
    """A follow-up question raised by a probe, and what became of it."""

    __tablename__ = "follow_up"
    id: int | None = Field(default=None, primary_key=True)
    interview_id: str = _interview_key()
    question_id: str
    check: str
    element: str
    reason: str
    ask: str
    status: str = FollowUpStatus.PENDING.value
    answer: str | None = None
    source: str = "heuristic"
    revision: int = 0
    """How many times what became of it changed; each change is a row of follow_up_answer."""
    confirmed: bool = False
    """The expert kept its answer as it stands though it does not answer the follow-up (until it changes)."""
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


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
    confirmed: bool = False
    """This revision is the expert keeping the text as their answer."""
    author: str = ""
    created_at: datetime = _timestamp()


def add_follow_up(
    *,
    db: Db,
    interview_id: str,
    question_id: str,
    check: str,
    element: str,
    reason: str,
    ask: str,
    source: str = "heuristic",
) -> FollowUpRecord:
    """Store a pending follow-up question raised by a probe."""
    _require(source, FOLLOW_UP_SOURCES, "follow-up source")
    _begin_write(db)
    _touch(db, interview_id)
    follow_up = FollowUpRecord(
        interview_id=interview_id,
        question_id=question_id,
        check=check,
        element=element,
        reason=reason,
        ask=ask,
        source=source,
    )
    return _commit(db, follow_up)


def get_follow_up(*, db: Db, follow_up_id: int) -> FollowUpRecord:
    """The follow-up with this id, or InterviewNotFoundError."""
    follow_up = db.get(FollowUpRecord, follow_up_id)
    if follow_up is None:
        raise InterviewNotFoundError(f"no follow-up has the id {follow_up_id}; reload the interview and try again")
    return follow_up


def list_follow_ups(*, db: Db, interview_id: str) -> list[FollowUpRecord]:
    """An interview's follow-ups in the order they were raised."""
    query = select(FollowUpRecord).where(FollowUpRecord.interview_id == interview_id).order_by(FollowUpRecord.id)
    return list(db.exec(query).all())


# --- what became of them, as revisions ----------------------------------------------------------------


def change_follow_up(*, db: Db, follow_up_id: int, status: str, answer: str | None = None,
                     expected: tuple[str, ...] = (FollowUpStatus.PENDING.value,), revision: int | None = None,
                     author: str = "", stale_ok: bool = False, confirmed: bool = False) -> FollowUpRecord | None:
    """Record what became of a follow-up as a new revision, only if it still is as the caller saw it.

    The change applies only while the follow-up's status is one of `expected` (and, given `revision`, its
    revision is that one): one conditional UPDATE, so two tabs or two instances never overwrite each other.
    Otherwise StaleError, or None with `stale_ok` (a side effect such as dismissing what is still pending).
    `confirmed`: the expert keeps the answer as it stands though it does not answer the follow-up; any other change
    clears it.
    """
    _require(status, FOLLOW_UP_STATUSES, "follow-up status")
    _begin_write(db)
    current = get_follow_up(db=db, follow_up_id=follow_up_id)
    conditions = [FollowUpRecord.id == follow_up_id, FollowUpRecord.status.in_(expected)]
    if revision is not None:
        conditions.append(FollowUpRecord.revision == revision)
    changed = db.exec(update(FollowUpRecord).where(*conditions).values(
        status=status, answer=answer, revision=FollowUpRecord.revision + 1, confirmed=confirmed,
        updated_at=utc_now()))
    if changed.rowcount != 1:
        db.rollback()
        if stale_ok:
            return None
        db.refresh(current)
        raise StaleError(STALE_FOLLOW_UP.format(status=current.status))
    db.refresh(current)
    _touch(db, current.interview_id)
    discard_draft(db=db, interview_id=current.interview_id, item=follow_up_item(follow_up_id))
    db.add(FollowUpAnswerRecord(follow_up_id=follow_up_id, interview_id=current.interview_id,
                                revision=current.revision, status=status, text=answer, confirmed=confirmed,
                                author=author))
    db.commit()
    return current


def follow_up_history(*, db: Db, interview_id: str) -> dict[int, list[FollowUpAnswerRecord]]:
    """Every revision of every follow-up answer of an interview, oldest first, keyed by follow-up id."""
    query = (select(FollowUpAnswerRecord).where(FollowUpAnswerRecord.interview_id == interview_id)
             .order_by(FollowUpAnswerRecord.id))
    history: dict[int, list[FollowUpAnswerRecord]] = {}
    for row in db.exec(query):
        history.setdefault(row.follow_up_id, []).append(row)
    return history
