"""Comments: threaded, resolvable remarks and section approvals anchored to one section of a playbook."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel, select

from elicit.core.errors import InterviewNotFoundError
from elicit.adapters.store.columns import _interview_key, _timestamp
from elicit.adapters.store.engine import Db, _begin_write, _commit, _require
from elicit.adapters.store.interviews import get_interview

COMMENT_KINDS = ("comment", "approval")


class CommentRecord(SQLModel, table=True):
    """A comment (or a section approval) anchored to one section of a playbook; threaded, resolvable."""

    __tablename__ = "comment"
    id: int | None = Field(default=None, primary_key=True)
    interview_id: str = _interview_key()
    section: str
    kind: str = "comment"
    parent_id: int | None = Field(default=None, foreign_key="comment.id", ondelete="CASCADE")
    author_id: str | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    author_label: str
    body: str
    resolved: bool = False
    created_at: datetime = _timestamp()


def add_comment(*, db: Db, interview_id: str, section: str, body: str, author_label: str,
                author_id: str | None = None, parent_id: int | None = None, kind: str = "comment") -> CommentRecord:
    _require(kind, COMMENT_KINDS, "kind")
    get_interview(db=db, interview_id=interview_id)
    parent = db.get(CommentRecord, parent_id) if parent_id is not None else None
    if parent_id is not None and (parent is None or parent.interview_id != interview_id):
        raise InterviewNotFoundError(f"no comment {parent_id} on this playbook to reply to; reload the page")
    _begin_write(db)
    return _commit(db, CommentRecord(interview_id=interview_id, section=section, body=body.strip(), kind=kind,
                                     author_label=author_label, author_id=author_id, parent_id=parent_id))


def resolve_comment(*, db: Db, comment_id: int, resolved: bool = True) -> CommentRecord:
    _begin_write(db)
    record = db.get(CommentRecord, comment_id)
    if record is None:
        raise InterviewNotFoundError(f"no comment has the id {comment_id}")
    record.resolved = resolved
    return _commit(db, record)


def list_comments(*, db: Db, interview_id: str) -> list[CommentRecord]:
    query = select(CommentRecord).where(CommentRecord.interview_id == interview_id)
    return list(db.exec(query.order_by(CommentRecord.created_at, CommentRecord.id)).all())
