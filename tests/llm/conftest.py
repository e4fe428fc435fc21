"""Fixtures of this tier: Streamlit's resource cache is emptied around every test (each has its own database), and
`db`, a session on the test's own database as the settings name it."""

from __future__ import annotations

import pytest

from elicit.adapters import store
from tests.support.apptest import fresh_resources


@pytest.fixture(autouse=True)
def _fresh_resources():
    with fresh_resources():
        yield


@pytest.fixture
def db():
    engine = store.open_database()
    with store.session(engine) as session:
        yield session
    engine.dispose()
