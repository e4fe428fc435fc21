"""Answers: every revision of every answer of an interview, appended and never overwritten."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel, select

from elicit.core.errors import StaleError
from elicit.core.interview import Origin
from elicit.adapters.store.columns import _interview_key, _timestamp
from elicit.adapters.store.engine import Db, _begin_write, _commit, _next_number, _require
from elicit.adapters.store.interviews import INTERVIEW_STATUSES, _touch
from elicit.adapters.store.unsent_drafts import discard_draft

ANSWER_ORIGINS = tuple(origin.value for origin in Origin)


class AnswerRecord(SQLModel, table=True):
    """One revision of one answer; revisions are appended, never overwritten."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("interview_id", "question_id", "revision"),)
    id: int | None = Field(default=None, primary_key=True)
    interview_id: str = _interview_key()
    question_id: str
    revision: int
    value_json: str
    text: str
    origin: str = Origin.VOLUNTEERED.value
    skipped: bool = False
    confirmed: bool = False
    """The expert kept this revision as their answer though it looks off its question (set once, never cleared:
    a new revision starts unconfirmed)."""
    created_at: datetime = _timestamp()


def add_answer(
    *,
    db: Db,
    interview_id: str,
    question_id: str,
    value: Any,
    text: str,
    origin: str = Origin.VOLUNTEERED.value,
    skipped: bool = False,
    status: str | None = None,
    current_question: str | None = None,
) -> AnswerRecord:
    """Append the next revision of an answer (`value` is anything JSON can hold) and commit it.

    `status` and `current_question`, when given, move the interview in the same transaction, so one
    answer costs one commit.
    """
    _require(origin, ANSWER_ORIGINS, "answer origin")
    if status is not None:
        _require(status, INTERVIEW_STATUSES, "interview status")
    value_json = json.dumps(value, ensure_ascii=False)
    _begin_write(db)
    interview = _touch(db, interview_id)
    interview.status = status or interview.status
    interview.current_question = current_question or interview.current_question
    revision = _next_number(
        db, AnswerRecord.revision, AnswerRecord.interview_id == interview_id, AnswerRecord.question_id == question_id
    )
    answer = AnswerRecord(
        interview_id=interview_id,
        question_id=question_id,
        revision=revision,
        value_json=value_json,
        text=text,
        origin=origin,
        skipped=skipped,
    )
    if not skipped:  # a skip comes back to the question later: what was typed waits for it
        discard_draft(db=db, interview_id=interview_id, item=question_id)  # in the same commit as the answer
    return _commit(db, answer)


def confirm_answer(*, db: Db, interview_id: str, question_id: str, revision: int) -> AnswerRecord:
    """Mark this revision of an answer as kept by the expert; StaleError when it is no longer the latest (another
    tab changed the answer), and nothing is marked."""
    _begin_write(db)
    latest = db.exec(select(AnswerRecord).where(AnswerRecord.interview_id == interview_id,
                                                AnswerRecord.question_id == question_id)
                     .order_by(AnswerRecord.revision.desc()).limit(1)).first()
    if latest is None or latest.revision != revision or latest.skipped:
        db.rollback()
        raise StaleError("this answer was changed in another tab or window, so nothing was kept; the page now shows "
                         "where the interview stands")
    latest.confirmed = True
    _touch(db, interview_id)
    return _commit(db, latest)


def answer_value(record: AnswerRecord) -> Any:
    """The answer's value as it was given: a string, a list of strings or a list of mappings."""
    return json.loads(record.value_json)


def latest_answers(*, db: Db, interview_id: str) -> dict[str, AnswerRecord]:
    """The newest revision of each answered question, keyed by question id."""
    query = select(AnswerRecord).where(AnswerRecord.interview_id == interview_id).order_by(AnswerRecord.revision)
    return {answer.question_id: answer for answer in db.exec(query)}


def answer_revisions(*, db: Db, interview_id: str) -> dict[str, list[AnswerRecord]]:
    """Every revision of every answer, oldest first, keyed by question id in the order they were first
    answered: one query for a whole interview."""
    query = select(AnswerRecord).where(AnswerRecord.interview_id == interview_id).order_by(AnswerRecord.id)
    revisions: dict[str, list[AnswerRecord]] = {}
    for answer in db.exec(query):
        revisions.setdefault(answer.question_id, []).append(answer)
    return revisions


def answer_history(*, db: Db, interview_id: str, question_id: str) -> list[AnswerRecord]:
    """Every revision of one answer, oldest first."""
    query = (
        select(AnswerRecord)
        .where(AnswerRecord.interview_id == interview_id, AnswerRecord.question_id == question_id)
        .order_by(AnswerRecord.revision)
    )
    return list(db.exec(query).all())
