"""Statement edits: rewordings, removals and dismissed rewordings of the assembled prompt's statements."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel, select

from elicit.adapters.store.columns import _interview_key, _timestamp
from elicit.adapters.store.engine import Db, _begin_write, _commit, _require
from elicit.adapters.store.interviews import _touch

STATEMENT_ACTIONS = ("reword", "remove", "dismiss")
STATEMENT_SOURCES = ("review", "polish", "teach_back", "import")


class StatementEditRecord(SQLModel, table=True):
    """A change to one statement of the assembled prompt (a rewording or a removal); the latest one per key wins.

    `original` is the assembled text it changes: the change holds as long as that text is in the prompt.
    """

    __tablename__ = "statement_edit"
    id: int | None = Field(default=None, primary_key=True)
    interview_id: str = _interview_key()
    statement_key: str
    text: str
    original: str | None = None
    question_id: str | None = None
    action: str = "reword"
    source: str = "review"
    author: str = ""
    created_at: datetime = _timestamp()


def save_statement_edit(*, db: Db, interview_id: str, statement_key: str, text: str,
                        original: str | None = None, question_id: str | None = None, action: str = "reword",
                        source: str = "review", author: str = "") -> StatementEditRecord:
    """Store one change to a statement of the assembled prompt: a rewording, a removal, or a dismissed rewording."""
    _require(action, STATEMENT_ACTIONS, "statement action")
    _require(source, STATEMENT_SOURCES, "statement edit source")
    _begin_write(db)
    _touch(db, interview_id)
    return _commit(db, StatementEditRecord(interview_id=interview_id, statement_key=statement_key, text=text,
                                           original=original, question_id=question_id, action=action,
                                           source=source, author=author))


def statement_edit_history(*, db: Db, interview_id: str) -> list[StatementEditRecord]:
    """Every change to the interview's statements, oldest first."""
    query = (
        select(StatementEditRecord)
        .where(StatementEditRecord.interview_id == interview_id)
        .order_by(StatementEditRecord.id)
    )
    return list(db.exec(query).all())


def statement_edits(*, db: Db, interview_id: str) -> dict[str, str]:
    """The latest edited text of each reworded statement, keyed by statement key."""
    latest = {edit.statement_key: edit for edit in statement_edit_history(db=db, interview_id=interview_id)}
    return {key: edit.text for key, edit in latest.items() if edit.action == "reword"}
