"""Where things are, and how a test says something it needs is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
CORPUS = ROOT.parent / "shared" / "corpus"


def require(available: bool, reason: str) -> None:
    """Skip the test when something it needs is missing, unless every test is required to run."""
    if available:
        return
    if os.environ.get("ELICIT_REQUIRE_ALL_TESTS") == "1":
        pytest.fail(f"{reason} (ELICIT_REQUIRE_ALL_TESTS=1, so this fails instead of skipping)")
    pytest.skip(reason)
