"""Prompt versions: each assembled mega-prompt of an interview, numbered 1, 2, 3..."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel, select

from elicit.adapters.store.columns import _interview_key, _timestamp
from elicit.adapters.store.engine import Db, _begin_write, _commit, _next_number
from elicit.adapters.store.interviews import _touch


class PromptVersionRecord(SQLModel, table=True):
    """One assembled mega-prompt of an interview, numbered 1, 2, 3..."""

    __tablename__ = "prompt_version"
    __table_args__ = (UniqueConstraint("interview_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    interview_id: str = _interview_key()
    version: int
    markdown: str
    document_json: str
    created_at: datetime = _timestamp()


def save_prompt_version(*, db: Db, interview_id: str, markdown: str, document_json: str) -> PromptVersionRecord:
    """Store the next numbered version of an interview's assembled prompt."""
    _begin_write(db)
    _touch(db, interview_id)
    version = _next_number(db, PromptVersionRecord.version, PromptVersionRecord.interview_id == interview_id)
    record = PromptVersionRecord(
        interview_id=interview_id, version=version, markdown=markdown, document_json=document_json
    )
    return _commit(db, record)


def latest_prompt_markdown(*, db: Db, interview_id: str) -> str:
    """The Markdown of an interview's newest prompt version ("" when none), without loading the others."""
    query = (
        select(PromptVersionRecord.markdown)
        .where(PromptVersionRecord.interview_id == interview_id)
        .order_by(PromptVersionRecord.version.desc())
        .limit(1)
    )
    return db.exec(query).first() or ""


def list_prompt_versions(*, db: Db, interview_id: str) -> list[PromptVersionRecord]:
    """An interview's assembled prompts, version 1 first."""
    query = (
        select(PromptVersionRecord)
        .where(PromptVersionRecord.interview_id == interview_id)
        .order_by(PromptVersionRecord.version)
    )
    return list(db.exec(query).all())
