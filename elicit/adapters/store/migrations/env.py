"""Alembic environment: migrates the connection elicit.adapters.store hands over, or else the configured database."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

from elicit.adapters import store  # defines the tables on SQLModel.metadata
from elicit.adapters.config import get_settings

target_metadata = SQLModel.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write the UTC timestamp type as plain SQLAlchemy, so migrations never import elicit."""
    if type_ == "type" and isinstance(obj, store.UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def database_url() -> str:
    return context.config.get_main_option("sqlalchemy.url") or get_settings().database_url


def run_offline() -> None:
    """Print the SQL instead of running it (`command.upgrade(config, "head", sql=True)`)."""
    url = database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
        render_item=render_item,
        include_object=store.include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_on(connection: Connection) -> None:
    """Run the migrations on an open connection."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        include_object=store.include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Use the connection elicit.adapters.store.migrate passed in, or open the configured database."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    engine = store.make_engine(database_url())
    try:
        with engine.begin() as own_connection:
            run_on(own_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
