"""Shared fixtures: optional dependencies skip with a reason, or fail when ELICIT_REQUIRE_ALL_TESTS=1."""

from __future__ import annotations

import os
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
