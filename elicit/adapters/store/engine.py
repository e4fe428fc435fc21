"""The database engine: creation (SQLite's pragmas), Alembic migrations, sessions and the write transaction.

It also holds the small helpers every entity module shares (commit a record, check a vocabulary, number
the next revision, hash a token, clean text). It imports no table: the entity modules import it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, func
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlmodel import Session, SQLModel, select

from elicit.adapters.config import get_settings
from elicit.core.errors import StorageError

Db = Session
"""A database session, as every repository function takes it (`db=`)."""

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=10000")
WRITE_OPTION = "elicit_write"  # execution option: this transaction will write (SQLite: BEGIN IMMEDIATE)
MIGRATION_LOCK = 0x656C69636974  # PostgreSQL advisory-lock key ("elicit") that migrating instances queue on

# Named constraints let future batch migrations on SQLite drop or alter them. Set before any table is defined:
# every entity module imports this one first.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


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
    return not (name or "").startswith(("search_fts", "ix_search_document_fts", "ix_search_document_tsv", "content_tsv"))


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
def session(engine: Engine) -> Iterator[Db]:
    """A short-lived session (call it `db`); a database that can't be read or written raises StorageError."""
    with Session(engine, expire_on_commit=False) as db:
        try:
            yield db
        except OperationalError as exc:
            raise StorageError(
                f"the database {_describe(engine.url)} could not be read or written ({exc.orig}); "
                "another program may be holding it too long, or the disk is full or read-only; try again"
            ) from exc


# --- helpers the entity modules share ------------------------------------------------------------------


def _begin_write(db: Db) -> None:
    """Commit what the caller left open, then begin a transaction that takes SQLite's write lock at once.

    A deferred transaction that reads and then writes fails with "database is locked" when another
    writer committed in between; taking the lock up front makes concurrent writers queue instead.
    """
    if db.in_transaction():
        db.commit()
    db.connection(execution_options={WRITE_OPTION: True})


def _commit(db: Db, record: Any) -> Any:
    db.add(record)
    db.commit()
    return record


def _require(value: Any, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")


def _next_number(db: Db, column: Any, *conditions: Any) -> int:
    """One more than the highest `column` among the rows matching `conditions` (1 when none)."""
    highest = db.exec(select(func.max(column)).where(*conditions)).one()
    return (highest or 0) + 1


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def clean(value: str) -> str:
    """Text as stored: NUL characters dropped (PostgreSQL refuses them), ends trimmed."""
    return value.replace("\x00", "").strip()
