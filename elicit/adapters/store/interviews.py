"""Interviews (playbooks): the record, its resume token, its progress, its owner and team, and its review status."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

from sqlmodel import Field, SQLModel, col, select

from elicit.core.access import ReviewStatus
from elicit.core.errors import AnswerError, InterviewNotFoundError
from elicit.adapters.store.columns import UTCDateTime, _timestamp, _uuid, utc_now
from elicit.adapters.store.engine import Db, _begin_write, _commit, _hash_token, _require

INTERVIEW_STATUSES = ("in_progress", "complete")
REVIEW_STATUSES = tuple(status.value for status in ReviewStatus)
INVALID_LINK = "this link is not valid or has expired; ask the person who invited you for a new one"


class InterviewRecord(SQLModel, table=True):
    """One expert's interview: its guide, its progress, and the hash of its resume token."""

    __tablename__ = "interview"
    id: str = Field(default_factory=_uuid, primary_key=True)
    guide_id: str = Field(index=True)
    guide_version: int
    expert: str = Field(index=True)
    topic: str
    path: str = Field(default="full", sa_column_kwargs={"server_default": "full"})
    status: str = Field(default="in_progress", index=True)
    token_hash: str = Field(unique=True, index=True)
    current_question: str | None = None
    owner_id: str | None = Field(default=None, foreign_key="account.id", index=True, ondelete="SET NULL")
    team_id: str | None = Field(default=None, foreign_key="team.id", index=True, ondelete="SET NULL")
    review_status: str = Field(default=ReviewStatus.DRAFT.value, index=True)
    approved_by: str | None = None
    approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _timestamp()
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, index=True)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    """Set when someone deletes the playbook: it leaves every list, and Undo brings it back."""


def create_interview(
    *, db: Db, guide_id: str, guide_version: int, expert: str, topic: str, path: str = "full"
) -> tuple[InterviewRecord, str]:
    """Store a new interview (on the guide's short or full path); return it with its resume token, of which only a
    hash is kept."""
    token = secrets.token_urlsafe(24)
    expert, topic = expert.replace("\x00", ""), topic.replace("\x00", "")  # PostgreSQL refuses NUL characters
    interview = InterviewRecord(
        guide_id=guide_id, guide_version=guide_version, expert=expert, topic=topic, path=path,
        token_hash=_hash_token(token)
    )
    _begin_write(db)
    return _commit(db, interview), token


def get_interview(*, db: Db, interview_id: str) -> InterviewRecord:
    """The interview with this id, or InterviewNotFoundError."""
    interview = db.get(InterviewRecord, interview_id) if "\x00" not in interview_id else None
    if interview is None:
        raise InterviewNotFoundError(
            f"no interview has the id {interview_id!r}; `elicit interview list` shows the stored ones"
        )
    return interview


def find_interview_by_token(*, db: Db, token: str) -> InterviewRecord:
    """The interview a resume token opens, or InterviewNotFoundError."""
    if not isinstance(token, str) or not token:
        raise InterviewNotFoundError(INVALID_LINK)
    digest = _hash_token(token)
    interview = db.exec(select(InterviewRecord).where(InterviewRecord.token_hash == digest)).first()
    if interview is None or not hmac.compare_digest(interview.token_hash, digest):
        raise InterviewNotFoundError(INVALID_LINK)
    return interview


def rotate_token(*, db: Db, interview_id: str) -> str:
    """Give the interview a new resume token and return it; the old one stops working."""
    _begin_write(db)
    interview = get_interview(db=db, interview_id=interview_id)
    token = secrets.token_urlsafe(24)
    interview.token_hash = _hash_token(token)
    _commit(db, interview)
    return token


def list_interviews(*, db: Db, limit: int = 200) -> list[InterviewRecord]:
    """The stored interviews that are not deleted, most recent activity first."""
    order = (InterviewRecord.updated_at.desc(), InterviewRecord.created_at.desc())
    query = select(InterviewRecord).where(col(InterviewRecord.deleted_at).is_(None))
    return list(db.exec(query.order_by(*order).limit(limit)).all())


def list_unowned(*, db: Db) -> list[InterviewRecord]:
    """The interviews nobody owns (made while the app was one person's tool, or from the command line), oldest
    first, deleted ones left out."""
    query = select(InterviewRecord).where(col(InterviewRecord.owner_id).is_(None),
                                          col(InterviewRecord.deleted_at).is_(None))
    return list(db.exec(query.order_by(InterviewRecord.created_at)).all())


def rename_interview(*, db: Db, interview_id: str, expert: str | None = None,
                     topic: str | None = None) -> InterviewRecord:
    """Give a playbook another expert name or topic (None leaves it); blank names are refused."""
    _begin_write(db)
    interview = _touch(db, interview_id)
    for field, value in (("expert", expert), ("topic", topic)):
        if value is not None:
            if not value.strip():
                raise AnswerError(f"the {field} is empty; write the {field} or keep the old one")
            setattr(interview, field, value.strip())
    return _commit(db, interview)


def set_deleted(*, db: Db, interview_id: str, deleted: bool) -> InterviewRecord:
    """Delete a playbook softly (it leaves every list, nothing is erased), or bring it back."""
    _begin_write(db)
    interview = get_interview(db=db, interview_id=interview_id)
    interview.deleted_at = utc_now() if deleted else None
    return _commit(db, interview)


def update_interview(
    *, db: Db, interview_id: str, status: str | None = None, current_question: str | None = None
) -> InterviewRecord:
    """Change an interview's status or current question (None leaves it); always marks activity."""
    if status is not None:
        _require(status, INTERVIEW_STATUSES, "interview status")
    _begin_write(db)
    interview = _touch(db, interview_id)
    if status is not None:
        interview.status = status
    if current_question is not None:
        interview.current_question = current_question
    return _commit(db, interview)


def _touch(db: Db, interview_id: str) -> InterviewRecord:
    """Mark activity on an interview (for list order), raising InterviewNotFoundError if there's none."""
    interview = get_interview(db=db, interview_id=interview_id)
    interview.updated_at = utc_now()
    db.add(interview)
    return interview


# --- ownership and review -------------------------------------------------------------------------------


def assign_interview(*, db: Db, interview_id: str, owner_id: str | None, team_id: str | None
                     ) -> InterviewRecord:
    """Give an interview its owner and, when shared, its team."""
    _begin_write(db)
    record = get_interview(db=db, interview_id=interview_id)
    record.owner_id, record.team_id = owner_id, team_id
    return _commit(db, record)


def set_review_status(*, db: Db, interview_id: str, status: str, approved_by: str | None = None
                      ) -> InterviewRecord:
    """Change the review status; approving records who and when, any other status clears it."""
    _require(status, REVIEW_STATUSES, "review status")
    _begin_write(db)
    record = get_interview(db=db, interview_id=interview_id)
    approved = status == ReviewStatus.APPROVED
    record.review_status = status
    record.approved_by = approved_by if approved else None
    record.approved_at = utc_now() if approved else None
    record.updated_at = utc_now()
    return _commit(db, record)
