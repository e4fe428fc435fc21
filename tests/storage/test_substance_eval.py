"""The evaluation of issue 25 (tests/benchmarks/bench_substance.py): every answer set through `elicit interview
run` on both paths; no body statement fails the substance test, and no answer the path asked is lost."""

from __future__ import annotations

import pytest

from tests.benchmarks.bench_substance import PATHS, SETS, measure


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("name", sorted(p.stem for p in SETS.glob("*.yaml")))
def test_every_statement_carries_substance_and_no_given_answer_is_lost(name, path, tmp_path):
    measured = measure(SETS / f"{name}.yaml", path, tmp_path)
    assert measured.statements > 0
    assert measured.hollow == (), measured.hollow
    assert measured.missing == (), measured.missing
