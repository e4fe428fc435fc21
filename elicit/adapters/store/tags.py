"""Tags: the labels on a playbook that the library filters by."""

from __future__ import annotations

from sqlmodel import Field, SQLModel, select

from elicit.adapters.store.engine import Db, _begin_write


class TagRecord(SQLModel, table=True):
    """A tag on a playbook, for the library's filters."""

    __tablename__ = "tag"
    interview_id: str = Field(foreign_key="interview.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True, index=True)


def set_tags(*, db: Db, interview_id: str, tags: list[str]) -> list[str]:
    """Replace a playbook's tags (trimmed, lower-cased, unique)."""
    wanted = sorted({t.strip().lower() for t in tags if t.strip()})
    _begin_write(db)
    for record in db.exec(select(TagRecord).where(TagRecord.interview_id == interview_id)):
        db.delete(record)
    db.add_all(TagRecord(interview_id=interview_id, tag=t) for t in wanted)
    db.commit()
    return wanted


def tags_of(*, db: Db, interview_id: str) -> list[str]:
    return list(db.exec(select(TagRecord.tag).where(TagRecord.interview_id == interview_id).order_by(TagRecord.tag)))
