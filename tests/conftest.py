"""Shared fixtures: optional dependencies skip with a reason, or fail when ELICIT_REQUIRE_ALL_TESTS=1."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CORPUS = ROOT.parent / "shared" / "corpus"


def require(available: bool, reason: str) -> None:
    """Skip the test when something it needs is missing, unless every test is required to run."""
    if available:
        return
    if os.environ.get("ELICIT_REQUIRE_ALL_TESTS") == "1":
        pytest.fail(f"{reason} (ELICIT_REQUIRE_ALL_TESTS=1, so this fails instead of skipping)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """Every test gets its own SQLite file and no LLM, whatever the developer's environment says."""
    from elicit.config import get_settings

    monkeypatch.setenv("ELICIT_DATABASE_URL", f"sqlite:///{tmp_path / 'elicit.db'}")
    for name in ("ELICIT_LLM_BASE_URL", "ELICIT_LLM_API_KEY", "ELICIT_LLM_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def postgres_template():
    """One throwaway PostgreSQL server for the whole run (started only when a test asks for it)."""
    from tests.pg import binaries, postgres_server

    require(binaries() is not None, "PostgreSQL's server is not installed (apt-get install postgresql)")
    with postgres_server() as template:
        yield template


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database: a SQLite file, then a database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    from tests.pg import create_database

    return create_database(request.getfixturevalue("postgres_template"), f"t_{uuid.uuid4().hex[:16]}")


@pytest.fixture
def db(database_url):
    """A session on a fresh, migrated database: SQLite, then PostgreSQL."""
    from elicit import store

    engine = store.open_database(database_url)
    with store.session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture
def cheap_passwords(monkeypatch):
    """Argon2 at its cheapest, for tests whose point does not depend on its cost (each real hash takes ~0.1 s)."""
    from argon2 import PasswordHasher

    from elicit.services import accounts

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(accounts, "HASHER", cheap)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", cheap.hash("not a password of anyone"))
