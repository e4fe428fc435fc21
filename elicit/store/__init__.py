"""Storage: the tables, the engine, Alembic migrations and keyword-only repository functions.

This is the only module that imports sqlmodel. Every write function commits before it returns,
so an answer is on disk before anything else (probing, rendering, an LLM call) happens.
To add a migration, change the tables below, then, on a database at head, run
`alembic.command.revision(alembic_config(connection), message="...", autogenerate=True)`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Connection, DateTime, Engine, UniqueConstraint, create_engine, event, func
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, Session, SQLModel, col, select

from elicit.config import get_settings
from elicit.errors import AnswerError, InterviewNotFoundError, StorageError

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
SQLITE_PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=10000")
WRITE_OPTION = "elicit_write"  # execution option: this transaction will write (SQLite: BEGIN IMMEDIATE)
MIGRATION_LOCK = 0x656C69636974  # PostgreSQL advisory-lock key ("elicit") that migrating instances queue on

Db = Session
"""A short database session, as every repository function and use case takes it."""

INTERVIEW_STATUSES = ("in_progress", "complete")
ANSWER_ORIGINS = ("volunteered", "probed", "drafted", "edited")
FOLLOW_UP_STATUSES = ("pending", "answered", "skipped", "dismissed", "removed", "superseded")
FOLLOW_UP_SOURCES = ("heuristic", "llm")
LLM_CALL_STATUSES = ("ok", "error", "fallback")
SECRET_KEYS = frozenset({"api_key", "api-key", "x-api-key", "authorization"})
INVALID_LINK = "this link is not valid or has expired; ask the person who invited you for a new one"

# Named constraints let future batch migrations on SQLite drop or alter them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _timestamp() -> Any:
    return Field(default_factory=utc_now, sa_type=UTCDateTime)


def _interview_key(*, nullable: bool = False) -> Any:
    if nullable:
        return Field(default=None, foreign_key="interview.id", index=True, ondelete="SET NULL")
    return Field(foreign_key="interview.id", index=True, ondelete="CASCADE")


class InterviewRecord(SQLModel, table=True):
    """One expert's interview: its guide, its progress, and the hash of its resume token."""

    __tablename__ = "interview"
    id: str = Field(default_factory=lambda: uuid.uuid4().hex, primary_key=True)
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
    review_status: str = Field(default="draft", index=True)
    approved_by: str | None = None
    approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _timestamp()
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, index=True)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    """Set when someone deletes the playbook: it leaves every list, and Undo brings it back."""


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
    origin: str = "volunteered"
    skipped: bool = False
    created_at: datetime = _timestamp()


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
    status: str = "pending"
    answer: str | None = None
    source: str = "heuristic"
    revision: int = 0
    """How many times what became of it changed; each change is a row of follow_up_answer."""
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


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


class LLMCallRecord(SQLModel, table=True):
    """One call to a language model, logged so nothing the model did is invisible (never a key)."""

    __tablename__ = "llm_call"
    id: int | None = Field(default=None, primary_key=True)
    interview_id: str | None = _interview_key(nullable=True)
    purpose: str
    model: str
    host: str
    mode: str | None = None
    status: str
    error: str | None = None
    latency_ms: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    request_json: str | None = None
    response_json: str | None = None
    created_at: datetime = _timestamp()


# --- engine and migrations -------------------------------------------------------------------


def make_engine(url: str) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite gets its folder, WAL, foreign keys and a busy timeout."""
    parsed = _parse_url(url)
    if parsed.get_backend_name() != "sqlite":
        return _create_engine(parsed, pool_pre_ping=True)
    _ensure_folder(parsed.database)
    engine = _create_engine(parsed, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"the database URL {url!r} is not valid ({exc}); fix ELICIT_DATABASE_URL") from exc


def _create_engine(url: URL, **options: Any) -> Engine:
    try:
        return create_engine(url, **options)
    except (ArgumentError, ImportError) as exc:
        raise StorageError(
            f"cannot use the database {_describe(url)} ({exc}); install its driver "
            "(PostgreSQL: pip install 'psycopg[binary]') or fix ELICIT_DATABASE_URL"
        ) from exc


def _ensure_folder(database: str | None) -> None:
    """Create the folder of a SQLite file, or say plainly why it can't be used."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    folder = Path(database).expanduser().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            f"cannot create the folder {folder} for the database {database} ({exc.strerror}); "
            "create it yourself or set ELICIT_DATABASE_URL to a file in a writable folder"
        ) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(
            f"the folder {folder} of the database {database} is not writable; "
            "change its permissions or set ELICIT_DATABASE_URL to a file in a writable folder"
        )


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """Set the pragmas, and let SQLAlchemy rather than sqlite3 decide when a transaction begins."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    """Writers take the write lock at BEGIN, so concurrent writers wait (busy_timeout) instead of failing."""
    writes = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """For Alembic: leave the full-text search structures that migrations create by hand out of comparisons."""
    return not (name or "").startswith(("search_fts", "ix_search_document_fts"))


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code: scripts inside the package, logging left alone."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Upgrade the database to the newest schema; a no-op when it is already there.

    On SQLite, foreign keys are off while migrations run: Alembic's batch mode rebuilds a table by
    copying and dropping it, and with foreign keys on, dropping it would cascade-delete every answer.
    Instances that start together take turns: SQLite's BEGIN IMMEDIATE queues them, and on PostgreSQL
    an advisory lock held to the end of the transaction does, so the later ones find the schema current
    instead of creating the same tables twice.
    """
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection if connection.dialect.name == "sqlite" else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")  # outside any transaction, or SQLite ignores it
        try:
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                command.upgrade(alembic_config(connection), "head")
                if raw is not None and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise StorageError("a migration left rows pointing at nothing; restore the database from a "
                                       "backup and report this")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def open_database(url: str | None = None) -> Engine:
    """The engine for `url` (by default the configured database), migrated to the newest schema."""
    engine = make_engine(url or get_settings().database_url)
    try:
        migrate(engine)
    except (DatabaseError, CommandError) as exc:
        engine.dispose()
        reason = getattr(exc, "orig", None) or exc
        raise StorageError(
            f"cannot open the database {_describe(engine.url)} ({reason}); check that it exists, is "
            "reachable and writable, or set ELICIT_DATABASE_URL (unset, it is data/elicit.db)"
        ) from exc
    return engine


def _describe(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return f"file {url.database or ':memory:'}"
    return url.render_as_string(hide_password=True)


@contextmanager
def session(engine: Engine) -> Iterator[Session]:
    """A short-lived session (call it `db`); a database that can't be read or written raises StorageError."""
    with Session(engine, expire_on_commit=False) as db:
        try:
            yield db
        except OperationalError as exc:
            raise StorageError(
                f"the database {_describe(engine.url)} could not be read or written ({exc.orig}); "
                "another program may be holding it too long, or the disk is full or read-only; try again"
            ) from exc


def _begin_write(db: Session) -> None:
    """Commit what the caller left open, then begin a transaction that takes SQLite's write lock at once.

    A deferred transaction that reads and then writes fails with "database is locked" when another
    writer committed in between; taking the lock up front makes concurrent writers queue instead.
    """
    if db.in_transaction():
        db.commit()
    db.connection(execution_options={WRITE_OPTION: True})


def _commit(db: Session, record: Any) -> Any:
    db.add(record)
    db.commit()
    return record


def _require(value: Any, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")


def _next_number(db: Session, column: Any, *conditions: Any) -> int:
    """One more than the highest `column` among the rows matching `conditions` (1 when none)."""
    highest = db.exec(select(func.max(column)).where(*conditions)).one()
    return (highest or 0) + 1


# --- interviews ----------------------------------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_interview(
    *, db: Session, guide_id: str, guide_version: int, expert: str, topic: str, path: str = "full"
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


def get_interview(*, db: Session, interview_id: str) -> InterviewRecord:
    """The interview with this id, or InterviewNotFoundError."""
    interview = db.get(InterviewRecord, interview_id) if "\x00" not in interview_id else None
    if interview is None:
        raise InterviewNotFoundError(
            f"no interview has the id {interview_id!r}; `elicit interview list` shows the stored ones"
        )
    return interview


def find_interview_by_token(*, db: Session, token: str) -> InterviewRecord:
    """The interview a resume token opens, or InterviewNotFoundError."""
    if not isinstance(token, str) or not token:
        raise InterviewNotFoundError(INVALID_LINK)
    digest = _hash_token(token)
    interview = db.exec(select(InterviewRecord).where(InterviewRecord.token_hash == digest)).first()
    if interview is None or not hmac.compare_digest(interview.token_hash, digest):
        raise InterviewNotFoundError(INVALID_LINK)
    return interview


def rotate_token(*, db: Session, interview_id: str) -> str:
    """Give the interview a new resume token and return it; the old one stops working."""
    _begin_write(db)
    interview = get_interview(db=db, interview_id=interview_id)
    token = secrets.token_urlsafe(24)
    interview.token_hash = _hash_token(token)
    _commit(db, interview)
    return token


def list_interviews(*, db: Session, limit: int = 200) -> list[InterviewRecord]:
    """The stored interviews that are not deleted, most recent activity first."""
    order = (InterviewRecord.updated_at.desc(), InterviewRecord.created_at.desc())
    query = select(InterviewRecord).where(col(InterviewRecord.deleted_at).is_(None))
    return list(db.exec(query.order_by(*order).limit(limit)).all())


def rename_interview(*, db: Session, interview_id: str, expert: str | None = None,
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


def set_deleted(*, db: Session, interview_id: str, deleted: bool) -> InterviewRecord:
    """Delete a playbook softly (it leaves every list, nothing is erased), or bring it back."""
    _begin_write(db)
    interview = get_interview(db=db, interview_id=interview_id)
    interview.deleted_at = utc_now() if deleted else None
    return _commit(db, interview)


def update_interview(
    *, db: Session, interview_id: str, status: str | None = None, current_question: str | None = None
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


def _touch(db: Session, interview_id: str) -> InterviewRecord:
    """Mark activity on an interview (for list order), raising InterviewNotFoundError if there's none."""
    interview = get_interview(db=db, interview_id=interview_id)
    interview.updated_at = utc_now()
    db.add(interview)
    return interview


# --- answers ----------------------------------------------------------------------------------


def add_answer(
    *,
    db: Session,
    interview_id: str,
    question_id: str,
    value: Any,
    text: str,
    origin: str = "volunteered",
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
    from elicit.store.revisions import discard_draft  # the draft this answer sends goes in the same commit

    if not skipped:  # a skip comes back to the question later: what was typed waits for it
        discard_draft(db=db, interview_id=interview_id, item=question_id)
    return _commit(db, answer)


def answer_value(record: AnswerRecord) -> Any:
    """The answer's value as it was given: a string, a list of strings or a list of mappings."""
    return json.loads(record.value_json)


def latest_answers(*, db: Session, interview_id: str) -> dict[str, AnswerRecord]:
    """The newest revision of each answered question, keyed by question id."""
    query = select(AnswerRecord).where(AnswerRecord.interview_id == interview_id).order_by(AnswerRecord.revision)
    return {answer.question_id: answer for answer in db.exec(query)}


def answer_revisions(*, db: Session, interview_id: str) -> dict[str, list[AnswerRecord]]:
    """Every revision of every answer, oldest first, keyed by question id in the order they were first
    answered: one query for a whole interview."""
    query = select(AnswerRecord).where(AnswerRecord.interview_id == interview_id).order_by(AnswerRecord.id)
    revisions: dict[str, list[AnswerRecord]] = {}
    for answer in db.exec(query):
        revisions.setdefault(answer.question_id, []).append(answer)
    return revisions


def answer_history(*, db: Session, interview_id: str, question_id: str) -> list[AnswerRecord]:
    """Every revision of one answer, oldest first."""
    query = (
        select(AnswerRecord)
        .where(AnswerRecord.interview_id == interview_id, AnswerRecord.question_id == question_id)
        .order_by(AnswerRecord.revision)
    )
    return list(db.exec(query).all())


# --- follow-ups -------------------------------------------------------------------------------


def add_follow_up(
    *,
    db: Session,
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


def get_follow_up(*, db: Session, follow_up_id: int) -> FollowUpRecord:
    """The follow-up with this id, or InterviewNotFoundError."""
    follow_up = db.get(FollowUpRecord, follow_up_id)
    if follow_up is None:
        raise InterviewNotFoundError(f"no follow-up has the id {follow_up_id}; reload the interview and try again")
    return follow_up


def list_follow_ups(*, db: Session, interview_id: str) -> list[FollowUpRecord]:
    """An interview's follow-ups in the order they were raised."""
    query = select(FollowUpRecord).where(FollowUpRecord.interview_id == interview_id).order_by(FollowUpRecord.id)
    return list(db.exec(query).all())


# --- assembled prompts and edits ------------------------------------------------------------


def save_prompt_version(*, db: Session, interview_id: str, markdown: str, document_json: str) -> PromptVersionRecord:
    """Store the next numbered version of an interview's assembled prompt."""
    _begin_write(db)
    _touch(db, interview_id)
    version = _next_number(db, PromptVersionRecord.version, PromptVersionRecord.interview_id == interview_id)
    record = PromptVersionRecord(
        interview_id=interview_id, version=version, markdown=markdown, document_json=document_json
    )
    return _commit(db, record)


def latest_prompt_markdown(*, db: Session, interview_id: str) -> str:
    """The Markdown of an interview's newest prompt version ("" when none), without loading the others."""
    query = (
        select(PromptVersionRecord.markdown)
        .where(PromptVersionRecord.interview_id == interview_id)
        .order_by(PromptVersionRecord.version.desc())
        .limit(1)
    )
    return db.exec(query).first() or ""


def list_prompt_versions(*, db: Session, interview_id: str) -> list[PromptVersionRecord]:
    """An interview's assembled prompts, version 1 first."""
    query = (
        select(PromptVersionRecord)
        .where(PromptVersionRecord.interview_id == interview_id)
        .order_by(PromptVersionRecord.version)
    )
    return list(db.exec(query).all())


STATEMENT_ACTIONS = ("reword", "remove", "dismiss")
STATEMENT_SOURCES = ("review", "polish", "teach_back", "import")


def save_statement_edit(*, db: Session, interview_id: str, statement_key: str, text: str,
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


def statement_edit_history(*, db: Session, interview_id: str) -> list[StatementEditRecord]:
    """Every change to the interview's statements, oldest first."""
    query = (
        select(StatementEditRecord)
        .where(StatementEditRecord.interview_id == interview_id)
        .order_by(StatementEditRecord.id)
    )
    return list(db.exec(query).all())


def statement_edits(*, db: Session, interview_id: str) -> dict[str, str]:
    """The latest edited text of each reworded statement, keyed by statement key."""
    latest = {edit.statement_key: edit for edit in statement_edit_history(db=db, interview_id=interview_id)}
    return {key: edit.text for key, edit in latest.items() if edit.action == "reword"}


# --- LLM call log ---------------------------------------------------------------------------


def log_llm_call(*, db: Session, **fields: Any) -> LLMCallRecord:
    """Log one LLM call; request and response may be JSON text or JSON-able, and keys are redacted."""
    unknown = sorted(set(fields) - set(LLMCallRecord.model_fields))
    if unknown:
        raise TypeError(f"log_llm_call got unknown fields: {', '.join(unknown)}")
    _require(fields.get("status"), LLM_CALL_STATUSES, "LLM call status")
    for name in ("request_json", "response_json", "error"):
        if fields.get(name) is not None:
            fields[name] = _redacted_text(fields[name], as_json=name != "error")
    _begin_write(db)
    return _commit(db, LLMCallRecord(**fields))


def last_llm_mode(*, db: Session, host: str, model: str) -> str | None:
    """The structured-output mode of the newest successful call to this host and model, if any."""
    query = (
        select(LLMCallRecord.mode)
        .where(LLMCallRecord.host == host, LLMCallRecord.model == model, LLMCallRecord.status == "ok",
               LLMCallRecord.mode.is_not(None), LLMCallRecord.mode != "stream")
        .order_by(LLMCallRecord.id.desc())
        .limit(1)
    )
    return db.exec(query).first()


def llm_usage(*, db: Session, interview_id: str) -> dict[str, int]:
    """An interview's LLM totals: calls, failed calls, prompt and completion tokens."""
    rows = db.exec(select(LLMCallRecord).where(LLMCallRecord.interview_id == interview_id)).all()
    return {"calls": len(rows), "failed": sum(r.status != "ok" for r in rows),
            "prompt_tokens": sum(r.prompt_tokens or 0 for r in rows),
            "completion_tokens": sum(r.completion_tokens or 0 for r in rows)}


def list_llm_calls(*, db: Session, interview_id: str | None = None, purpose: str | None = None) -> list[LLMCallRecord]:
    """Logged LLM calls, oldest first, optionally of one interview and one purpose."""
    query = select(LLMCallRecord).order_by(LLMCallRecord.id)
    if interview_id is not None:
        query = query.where(LLMCallRecord.interview_id == interview_id)
    if purpose is not None:
        query = query.where(LLMCallRecord.purpose == purpose)
    return list(db.exec(query).all())


def _redacted_text(value: Any, *, as_json: bool) -> str:
    """`value` as text with secrets removed: credential-named JSON keys and the configured API key."""
    if as_json and isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            pass
    text = json.dumps(_redacted(value), ensure_ascii=False) if as_json and not isinstance(value, str) else str(value)
    api_key = get_settings().llm_api_key
    secret = api_key.get_secret_value() if api_key else ""
    return text.replace(secret, "[redacted]") if secret else text


def _redacted(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: "[redacted]" if str(key).lower() in SECRET_KEYS else _redacted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    return value


# The team tables live in their own module; importing it here puts them on the same metadata.
from elicit.store.teams import *  # noqa: E402,F401,F403
# Trials of a captured prompt (votes, teach-back cases, fidelity runs), on the same metadata.
from elicit.store.trials import *  # noqa: E402,F401,F403
# Follow-up answers as revisions, and drafts of what was typed but not sent.
from elicit.store.revisions import *  # noqa: E402,F401,F403
