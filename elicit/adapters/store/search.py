"""Search and the library: each playbook's searchable text, full-text search per dialect, and the filtered,
sorted, paged list of the playbooks a person may see."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any

from sqlalchemy import and_, func, or_, text
from sqlmodel import Field, SQLModel, col, select

from elicit.adapters.store.engine import Db, _begin_write, clean
from elicit.adapters.store.interviews import InterviewRecord
from elicit.adapters.store.tags import TagRecord

SORTS = {
    "recent": (col(InterviewRecord.updated_at).desc(),),
    "oldest": (col(InterviewRecord.updated_at).asc(),),
    "expert": (col(InterviewRecord.expert).asc(), col(InterviewRecord.updated_at).desc()),
    "topic": (col(InterviewRecord.topic).asc(), col(InterviewRecord.updated_at).desc()),
}
SEARCH_CAP = 1000
"""A text search considers at most this many matching playbooks; a person narrows it with another word."""


class SearchDocumentRecord(SQLModel, table=True):
    """The searchable text of one playbook (its latest prompt and answers); indexed per dialect."""

    __tablename__ = "search_document"
    interview_id: str = Field(foreign_key="interview.id", primary_key=True, ondelete="CASCADE")
    content: str


def index_playbook(*, db: Db, interview_id: str, content: str) -> None:
    """Keep one playbook's searchable text current (SQLite's FTS5 table is filled alongside)."""
    _begin_write(db)
    if db.get_bind().dialect.name == "postgresql":  # one statement, so clients indexing at once never collide
        db.exec(text("INSERT INTO search_document (interview_id, content) VALUES (:i, :c) "
                     "ON CONFLICT (interview_id) DO UPDATE SET content = EXCLUDED.content").bindparams(
            i=interview_id, c=content))
        db.commit()
        return
    record = db.get(SearchDocumentRecord, interview_id) or SearchDocumentRecord(interview_id=interview_id, content="")
    record.content = content
    db.add(record)
    if db.get_bind().dialect.name == "sqlite":
        db.exec(text("DELETE FROM search_fts WHERE interview_id = :i").bindparams(i=interview_id))
        db.exec(text("INSERT INTO search_fts (interview_id, content) VALUES (:i, :c)").bindparams(
            i=interview_id, c=content))
    db.commit()


def search_contents(*, db: Db, interview_ids: list[str]) -> dict[str, str]:
    """The searchable text of these playbooks (for the snippets under search results)."""
    if not interview_ids:
        return {}
    query = select(SearchDocumentRecord).where(col(SearchDocumentRecord.interview_id).in_(interview_ids))
    return {r.interview_id: r.content for r in db.exec(query)}


def search_ids(*, db: Db, query: str, limit: int = 1000) -> list[str]:
    """Ids of playbooks whose text matches every word of the query, best first."""
    words = [w for w in clean(query or "").split() if w]
    if not words:
        return []
    if db.get_bind().dialect.name == "sqlite":
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        sql = "SELECT interview_id FROM search_fts WHERE search_fts MATCH :q ORDER BY rank LIMIT :n"
        return [row[0] for row in db.exec(text(sql).bindparams(q=match, n=limit))]
    sql = "SELECT interview_id FROM search_document WHERE content_tsv @@ plainto_tsquery('simple', :q) LIMIT :n"
    return [row[0] for row in db.exec(text(sql).bindparams(q=" ".join(words), n=limit))]


# --- the library -----------------------------------------------------------------------------------------


def _fts_match(words: list[str], dialect: str) -> Any:
    """A condition on interview.id: the playbook's text holds every word (the first SEARCH_CAP + 1 such)."""
    if dialect == "sqlite":
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        ids = text("SELECT interview_id FROM search_fts WHERE search_fts MATCH :q LIMIT :cap").bindparams(
            q=match, cap=SEARCH_CAP + 1)
    else:
        ids = text("SELECT interview_id FROM search_document WHERE content_tsv @@ plainto_tsquery('simple', :q) "
                   "LIMIT :cap").bindparams(q=" ".join(words), cap=SEARCH_CAP + 1)
    return col(InterviewRecord.id).in_(ids.columns(interview_id=InterviewRecord.id.type))


def _scope(owner: str | None, team: str | None, statuses: tuple[str, ...] | None) -> list[Any]:
    """Who sees what, as SQL: a consultant's own and team's playbooks, a reviewer's submitted ones."""
    conditions = []
    if owner is not None:
        mine = col(InterviewRecord.owner_id) == owner
        conditions.append(or_(mine, and_(col(InterviewRecord.team_id) == team)) if team else mine)
    if statuses is not None:
        conditions.append(col(InterviewRecord.review_status).in_(statuses))
    return conditions


def library(*, db: Db, words: str = "", guide_id: str | None = None, expert: str | None = None,
            review_status: str | None = None, owner_id: str | None = None, tag: str | None = None,
            scope_owner: str | None = None, scope_team: str | None = None,
            scope_statuses: tuple[str, ...] | None = None, sort: str = "recent", page: int = 1,
            per_page: int = 25) -> tuple[list[InterviewRecord], int]:
    """One page of the playbooks a person may see, filtered, searched and sorted; and how many match in all.

    With search words the count stops above SEARCH_CAP, so a word found in every playbook stays fast;
    a total above SEARCH_CAP means "more than SEARCH_CAP".
    """
    conditions = _scope(scope_owner, scope_team, scope_statuses) + [col(InterviewRecord.deleted_at).is_(None)]
    terms = [w for w in clean(words).split() if w]
    if terms:
        conditions.append(_fts_match(terms, db.get_bind().dialect.name))
    for column, value in ((InterviewRecord.guide_id, guide_id), (InterviewRecord.review_status, review_status),
                          (InterviewRecord.owner_id, owner_id)):
        if value:
            conditions.append(col(column) == clean(value))
    expert = clean(expert or "").strip()
    if expert:  # any part of the name, in any case: "dana" finds "Dana Okafor"
        conditions.append(func.lower(col(InterviewRecord.expert)).contains(expert.lower(), autoescape=True))
    tag = clean(tag or "")
    if tag:
        conditions.append(col(InterviewRecord.id).in_(select(TagRecord.interview_id).where(TagRecord.tag == tag)))
    with _through_the_index(db, bool(terms)):
        total = db.exec(select(func.count()).select_from(InterviewRecord).where(*conditions)).one()
        query = select(InterviewRecord).where(*conditions).order_by(*SORTS.get(sort, SORTS["recent"]))
        rows = db.exec(query.offset(max(page - 1, 0) * per_page).limit(per_page)).all()
    return list(rows), total


@contextmanager
def _through_the_index(db: Db, searching: bool):
    """On PostgreSQL a search goes through the GIN index. The planner prices checking a stored tsvector as
    cheap, but each one is a few kilobytes to read and unpack, so at 10,000 playbooks it scanned the table
    instead (73-113 ms for a rare word or two mid ones, 5-7 ms through the index). Sequential scans are off for
    these statements only, and the setting goes back to what it was."""
    if not searching or db.get_bind().dialect.name != "postgresql":
        yield
        return
    before = db.exec(text("SELECT current_setting('enable_seqscan')")).one()[0]
    db.exec(text("SELECT set_config('enable_seqscan', 'off', true)"))
    try:
        yield
    finally:
        db.exec(text("SELECT set_config('enable_seqscan', :v, true)").bindparams(v=before))
