"""Fixtures of this tier: Streamlit's resource cache is emptied around every test (each has its own database)."""

from __future__ import annotations

import pytest

from tests.support.apptest import fresh_resources


@pytest.fixture(autouse=True)
def _fresh_resources():
    with fresh_resources():
        yield
