"""Shared fixtures, and the tier markers (unit, storage, ui, llm, browser) given by each test's folder.

Optional dependencies skip with a reason, or fail when ELICIT_REQUIRE_ALL_TESTS=1 (`tests.support.paths.require`).
ROOT, DATA, CORPUS and `require` are importable from here as well as from tests.support.paths.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.support.paths import CORPUS, DATA, ROOT, require  # noqa: F401  (test modules import them from here)

# the first-start code file of every app a test starts: never the project's own data/setup-code.txt
os.environ.setdefault("ELICIT_SETUP_CODE_FILE", str(Path(tempfile.mkdtemp(prefix="elicit-tests-")) / "setup-code.txt"))

TIERS = ("unit", "storage", "ui", "llm", "browser")
"""One folder under tests/ per tier, each its marker: `pytest -m unit`, `-m "unit or storage"`."""
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark every test with its tier, the name of the folder it is in (tests/<tier>/...), and start the tests
    marked `long` first: on `make test`'s two workers a long test left to the end runs alone while the other
    worker idles."""
    for item in items:
        parts = Path(str(item.path)).resolve().relative_to(HERE).parts
        if len(parts) > 1 and parts[0] in TIERS:
            item.add_marker(getattr(pytest.mark, parts[0]))
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable: the rest keep their order


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """Every test gets its own SQLite file and no LLM, whatever the developer's environment says."""
    from elicit.adapters.config import get_settings

    monkeypatch.setenv("ELICIT_DATABASE_URL", f"sqlite:///{tmp_path / 'elicit.db'}")
    for name in ("ELICIT_LLM_BASE_URL", "ELICIT_LLM_API_KEY", "ELICIT_LLM_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def postgres_template():
    """One throwaway PostgreSQL server for the whole run (started only when a test asks for it)."""
    from tests.support.pg import binaries, postgres_server

    require(binaries() is not None, "PostgreSQL's server is not installed (apt-get install postgresql)")
    with postgres_server() as template:
        yield template


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database: a SQLite file, then a database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    from tests.support.pg import create_database

    return create_database(request.getfixturevalue("postgres_template"), f"t_{uuid.uuid4().hex[:16]}")


@pytest.fixture
def db(database_url):
    """A session on a fresh, migrated database: SQLite, then PostgreSQL."""
    from elicit.adapters import store

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


@pytest.fixture
def engine():
    """The engine of the test's own database (the one the app opens too)."""
    from elicit.adapters import store

    engine = store.open_database()
    yield engine
    engine.dispose()


@pytest.fixture
def team():
    """An owner, two consultants of one team, a reviewer, and a submitted playbook of Ana's."""
    from elicit.adapters import store
    from elicit.services import accounts, interviews, teams
    from elicit.core.access import ReviewStatus, Role
    from elicit.core.guides import get_guide
    from elicit.core.probing.heuristic import HeuristicProber
    from tests.support.apptest import CRITERIA, PASSWORD

    engine = store.open_database()
    with store.session(engine) as db:
        food = store.create_team(db=db, name="Food")
        people = {"owner": accounts.create_owner(db=db, email="olu@example.com", name="Olu", password=PASSWORD)}
        for key, role, team_id in (("ana", Role.CONSULTANT, food.id), ("ben", Role.CONSULTANT, None),
                                   ("rita", Role.REVIEWER, None)):
            people[key] = accounts.create_user(db=db, email=f"{key}@example.com", name=key.title(),
                                               password=PASSWORD, role=role, team_id=team_id)
        tokens = {key: store.start_login_session(db=db, account_id=a.id) for key, a in people.items()}
        ana = accounts.actor_for(people["ana"])
        records = []
        for expert, weight in (("Dee", "50%"), ("Eve", "20%")):
            record, _link = teams.create_for_expert(db, ana, guide=get_guide("crisis_management"), expert=expert,
                                                       topic="recalls")
            interview = interviews.load_interview(db=db, interview_id=record.id)
            interviews.submit_answer(db=db, interview=interview, question_id="response_criteria",
                                   raw=[{**CRITERIA[0], "weight": weight}], prober=HeuristicProber())
            interviews.finish(db=db, interview=interview)
            records.append(record)
        teams.set_status(db, ana, records[0].id, ReviewStatus.IN_REVIEW)
    yield {"tokens": tokens, "ids": [r.id for r in records], "engine": engine}
    engine.dispose()


@pytest.fixture(scope="module")
def llm_server():
    """One OpenAI-compatible test server per test module (tests/support/llm_server.py); each test resets it."""
    from tests.support.llm_server import LLMServer

    server = LLMServer().start()
    yield server
    server.stop()


@pytest.fixture
def llm_env(llm_server, monkeypatch):
    """The product configured for the test server (see tests.support.llm_server.configure)."""
    from tests.support.llm_server import configure

    yield from configure(llm_server, monkeypatch)
