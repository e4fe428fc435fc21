"""Pacing by value: the per-interview budget is kept for the questions that carry judgment, so a late hedge is
still probed after a talkative start."""

from __future__ import annotations

import pytest

from elicit.core import pacing
from elicit.core.guides import InterviewPath, get_guide
from elicit.core.interview import Interview, Limits
from elicit.core.probing.heuristic import HeuristicProber

LAZY = "It depends."


def lazy_interview(guide_id: str, path: str = "full", limits: Limits | None = None) -> Interview:
    """Every question answered "It depends.", every follow-up "Hard to say, really.", re-probed after each reply
    as the wizard does, within the default caps (3 a question; in the interview, one for each probed question)."""
    guide = get_guide(guide_id)
    interview = Interview(guide=guide, limits=limits or Limits(), path=InterviewPath(path))
    while (question := interview.next_item()) is not None:
        interview.answer(question.id, question.options[0] if question.options else LAZY)
        while follow_up := interview.follow_up_from(question.id, HeuristicProber().probe(
                interview.probe_request(question.id))):
            interview.answer_follow_up(interview.add_follow_up(follow_up).id, "Hard to say, really.")
    return interview


GUIDES = ["crisis_management", "private_equity", "brand_strategy", "general"]


@pytest.mark.parametrize("path", ["full", "short"])
@pytest.mark.parametrize("guide_id", GUIDES)
def test_a_late_it_depends_on_every_valuable_question_is_still_probed(guide_id, path):
    interview = lazy_interview(guide_id, path)
    shown = interview.visible_questions()
    probed = {f.question_id for f in interview.follow_ups}
    late = [q.id for q in shown if q.kind.value == "criteria" or q.id.startswith("case_")]
    valuable = [q.id for q in shown if pacing.valuable(q)]
    assert late and valuable
    assert set(late + valuable) <= probed, f"not probed: {sorted(set(late + valuable) - probed)}"
    assert len(interview.follow_ups) <= pacing.budget(shown) < 3 * len(shown)


@pytest.mark.parametrize("guide_id", GUIDES)
def test_the_default_budget_grows_with_the_path(guide_id):
    """One follow-up for each question the path can probe: the full path's budget is the larger one, and each
    covers every valuable question on its path."""
    guide = get_guide(guide_id)
    short, full = (pacing.budget(guide.on_path(path)) for path in ("short", "full"))
    assert sum(map(pacing.valuable, guide.on_path("full"))) <= full
    assert sum(map(pacing.valuable, guide.on_path("short"))) <= short < full


def test_a_fixed_cap_is_still_a_cap():
    interview = lazy_interview("crisis_management", limits=Limits(per_question=3, per_interview=15))
    assert len(interview.follow_ups) == 15


def test_first_come_first_served_would_leave_the_late_questions_unprobed(monkeypatch):
    """The scenario pacing exists for: without the reserve, the early questions spend the whole budget."""
    def first_come(*, question, used, used_here, reserved, per_question, per_interview):
        return used_here < per_question and used < per_interview
    monkeypatch.setattr(pacing, "allows", first_come)
    assert "response_criteria" not in {f.question_id for f in lazy_interview("crisis_management").follow_ups}


@pytest.mark.parametrize(("feeds", "used", "used_here", "reserved", "allowed"), [
    ("decision_criteria", 14, 0, 5, True),   # a valuable question always has its own reserved follow-up
    ("decision_criteria", 10, 1, 5, False),  # a second one only from what is left over
    ("decision_criteria", 8, 1, 5, True),
    ("persona", 10, 0, 5, False),            # the rest is kept for the valuable questions ahead
    ("persona", 9, 0, 5, True),
    ("process", 15, 0, 0, False),            # the cap holds whatever the value
    ("examples", 2, 3, 0, False),            # and so does the cap per question
], ids=["own reserved", "second one, nothing left", "second one, some left", "low value, all kept",
        "low value, one spare", "interview cap", "question cap"])
def test_allows(feeds, used, used_here, reserved, allowed):
    question = get_guide("general").question("role").model_copy(update={"feeds": [feeds]})
    assert pacing.allows(question=question, used=used, used_here=used_here, reserved=reserved, per_question=3,
                         per_interview=15) is allowed
