"""The hostile and broken answers of tests/data/hostile/answers.yaml, each at its full length (`repeat`)."""

from __future__ import annotations

import yaml

from tests.support.paths import DATA

CASES = yaml.safe_load((DATA / "hostile" / "answers.yaml").read_text(encoding="utf-8"))
for case in CASES:
    case["text"] = case["text"] * case.get("repeat", 1)
