"""The offline prober against labelled probes written by practitioners (tests/data/probes): lazy answers are
flagged, rich ones left alone, and the follow-up is the guide's own for that question; measured apart on the
held-out set, which the prober was never tuned on. The table in docs/PROBING.md is the one these rates make."""

from __future__ import annotations

import pytest

from elicit.core.guides import Check, builtin_guides
from tests.support.calibration import DOC, GUIDES, SETS, Rates, load, outcomes, table


@pytest.fixture(scope="module", params=SETS)
def rates(request) -> Rates:
    return Rates.of(outcomes(request.param))


def test_lazy_answers_are_flagged(rates):
    assert rates.flagged_rate >= 0.95, f"{rates.lazy - rates.flagged} of {rates.lazy} lazy answers passed"


def test_rich_answers_are_left_alone(rates):
    assert rates.left_alone_rate >= 0.90, f"{rates.rich - rates.left_alone} of {rates.rich} rich answers flagged"


def test_follow_ups_are_the_questions_own(rates):
    assert rates.specific_rate >= 0.90, f"only {rates.specific} of {rates.flagged} follow-ups were the guide's own"


def test_follow_ups_are_about_a_gap_the_answer_has(rates):
    assert rates.on_target_rate >= 0.85


def test_the_set_is_large_and_covers_every_guide_rich_and_lazy():
    probes = [p for name in SETS for p in load(name)]
    assert len(probes) >= 200
    for guide in GUIDES:
        mine = [p for p in probes if p["guide"] == guide]
        assert sum(not p["gaps"] for p in mine) >= 20 and sum(bool(p["gaps"]) for p in mine) >= 20, guide


def test_probes_name_real_questions_and_checks():
    checks = {c.value for c in Check}
    for p in (p for name in SETS for p in load(name)):
        assert p["question"] in {q.id for q in builtin_guides()[p["guide"]].questions}, p
        assert set(p["gaps"]) <= checks, p


def test_the_docs_show_the_table_these_rates_make():
    assert table() in DOC.read_text(encoding="utf-8"), (
        "docs/PROBING.md is out of date: run `.venv/bin/python -m tests.support.calibration --write`")


def test_the_docs_show_the_aims_table_these_sets_make():
    from tests.support.calibration import aims_table

    assert aims_table() in DOC.read_text(encoding="utf-8"), (
        "docs/PROBING.md is out of date: run `.venv/bin/python -m tests.support.calibration --write`")


@pytest.mark.parametrize(("at_least", "which"), [(0.95, 0), (0.72, 1), (0.90, 2), (0.60, 3)],
                         ids=["lazy flagged", "aimed at the real gap", "rich left alone", "medium handled well"])
def test_the_aims_holdout_keeps_its_rates(at_least, which):
    """Issue 26's four rates on the held-out half: lazy and rich meet the issue's goals (0.95, 0.90); aimed (goal
    0.85) and medium (goal 0.80) are held where they are so no change loses ground (docs/PROBING.md)."""
    from tests.support.calibration import Aims, kinded

    assert Aims.of(list(kinded("aims_holdout"))).rates[which] >= at_least
