"""Reviewing: diffs between versions, and experts compared by element."""

from __future__ import annotations

import pytest

from elicit.core.assembly import apply_edits, assemble
from elicit.core.guides import get_guide
from elicit.core.interview import Interview
from elicit.core.reviewing import compare, section_changes, version_diff, weight_number

CRITERIA_A = [{"name": "Harm to people", "weight": "50%", "threshold": "2 cases"},
              {"name": "Cost", "weight": "20%", "threshold": "$1m"}]
CRITERIA_B = [{"name": "harm to people", "weight": "30%", "threshold": "1 case"},
              {"name": "Press interest", "weight": "40%", "threshold": "3 outlets"}]


def playbook(criteria, never):
    interview = Interview(guide=get_guide("crisis_management"))
    interview.answer("response_criteria", criteria)
    interview.answer("never_do", never)
    return assemble(interview)


def test_version_diff_shows_edited_lines_only():
    old = playbook(CRITERIA_A, ["Never guess the cause"])
    key = old.section("guardrails").statements[0].key
    new = apply_edits(playbook(CRITERIA_A, ["Never guess the cause"]), {key: "Never guess the cause in public."})
    diff = version_diff(old, new, "v1", "v2")
    assert "-- Never guess the cause" in diff and "+- Never guess the cause in public." in diff
    assert "Assembled" not in diff
    assert section_changes(old, new) == {"guardrails": (["Never guess the cause"],
                                                        ["Never guess the cause in public."])}


def test_compare_aligns_criteria_and_highlights_what_is_unique():
    a = playbook(CRITERIA_A, ["Never guess the cause", "Never name an employee"])
    b = playbook(CRITERIA_B, ["Never guess the cause.", "Never talk to the press before legal"])
    result = compare([a, b], ["Ana", "Ben"])
    assert result.criteria == {"Harm to people": ["50%", "30%"], "Cost": ["20%", ""], "Press interest": ["", "40%"]}
    assert result.unique["guardrails"] == [["Never name an employee"], ["Never talk to the press before legal"]]


@pytest.mark.parametrize(("one", "other", "matched"), [
    ("Harm to people", "harm to people", True),
    ("Customer safety", "Safety of customers", True),
    ("Confirmed injuries", "confirmed injury count", True),
    ("Reputational risk", "Reputation risk", True),
    ("Cost", "Press interest", False),
    ("Harm to people", "Cost to people", False),
])
def test_compare_matches_similar_criteria_of_two_experts(one, other, matched):
    a = playbook([{"name": one, "weight": "50%"}], ["x"])
    b = playbook([{"name": other, "weight": "30%"}], ["y"])
    result = compare([a, b], ["Ana", "Ben"])
    assert (result.criteria == {one: ["50%", "30%"]}) is matched


def test_compare_refuses_mixed_guides():
    other = assemble(Interview(guide=get_guide("general")))
    with pytest.raises(ValueError, match="same guide"):
        compare([playbook(CRITERIA_A, ["x"]), other], ["a", "b"])


@pytest.mark.parametrize(("weight", "number"), [("40%", 40.0), ("30 points", 30.0), ("first", None), ("", None),
                                                ("2.5x", 2.5)])
def test_weight_number(weight, number):
    assert weight_number(weight) == number
