"""The prober's follow-up names the missing piece for the question's role, never the length alone, and never asks
again for a weight, an order, a threshold or a count the answer gave (issue 26's examples, by their shape)."""

from __future__ import annotations

import re

import pytest

from elicit.core.guides import builtin_guides, get_guide
from elicit.core.interview import ProbeRequest
from elicit.core.probing.heuristic import HeuristicProber, find_gaps
from elicit.core.reading.criteria import criteria
from tests.support.calibration import load

LENGTH_ONLY = re.compile(r"\b\w+ words?\b;|say a little more|a bit more", re.IGNORECASE)


def follow_up(guide_id: str, question_id: str, answer: str) -> str | None:
    question = get_guide(guide_id).question(question_id)
    return HeuristicProber().probe(ProbeRequest(question=question, answer=answer)).follow_up


def test_no_labelled_answer_hears_about_its_length_alone():
    asked = [(p["question"], ask) for name in ("tune", "holdout", "late") for p in load(name)
             if isinstance(p["answer"], str) and (ask := follow_up(p["guide"], p["question"], p["answer"]))]
    assert asked and [a for a in asked if LENGTH_ONLY.search(a[1])] == []


@pytest.mark.parametrize("guide_id", ["crisis_management", "private_equity", "brand_strategy", "general"])
def test_a_short_answer_that_acts_is_not_asked_for_more_words(guide_id):
    question = next(q for q in builtin_guides()[guide_id].questions if q.id == "vetoes")
    answer = "A child harmed by our product means we recall that day, whatever the cost."
    assert not [g for g in find_gaps(question, answer) if g.check == "min_words"]


@pytest.mark.parametrize(("guide_id", "question_id", "answer"), [
    ("private_equity", "vetoes", "Any fraud in the numbers or a founder who lies to us in diligence kills it, full stop."),
    ("crisis_management", "vetoes", "A child harmed by our product means we recall that day, whatever the cost."),
])
def test_a_line_with_no_tolerance_is_its_own_threshold(guide_id, question_id, answer):
    assert follow_up(guide_id, question_id, answer) is None


def test_a_weighted_list_with_notes_counts_its_criteria_not_its_notes():
    answer = ("Relevance 35% - the audience must recognise the tension in 2 of 3 groups; Distinctiveness 25% - no "
              "competitor says it; Credibility 20% - we have proof today, not promises; Stretch 10% - it works for "
              "the next 2 launches; Simplicity 10% - a child could repeat it. Relevance wins ties.")
    assert len(criteria(answer)) == 5
    assert follow_up("brand_strategy", "positioning_criteria", answer) is None


@pytest.mark.parametrize(("guide_id", "question_id", "answer", "never"), [
    ("private_equity", "deal_criteria", "Management 30%, market 25%, price 20%, downside 15%, exit 10%. If "
     "management and price pull apart, management wins.", "criteria_with_weight"),
    ("crisis_management", "response_steps", "1. Verify within 30 min\n2. Set the level within the hour\n3. Contain "
     "the harm\n4. Tell the regulator within 4 hours\n5. Statement by 6 pm", "ordered_steps"),
    ("private_equity", "first_screen", "Under EUR 5m EBITDA or above 12x I pass within the hour; if a founder "
     "won't roll 20% I pass.", "threshold"),
])
def test_what_the_answer_gave_is_never_asked_for_again(guide_id, question_id, answer, never):
    gaps = find_gaps(get_guide(guide_id).question(question_id), answer)
    assert never not in [g.check for g in gaps]


@pytest.mark.parametrize(("guide_id", "question_id", "answer", "named"), [
    ("private_equity", "memo_format", "Standard deck.", "Standard deck"),
    ("private_equity", "leverage", "Lenders will tell you.", "Lenders will tell you"),
    ("crisis_management", "confirm_before", "Make sure everything is checked.", "Make sure everything is checked"),
])
def test_a_lazy_answer_hears_its_own_words_back_and_the_missing_piece(guide_id, question_id, answer, named):
    asked = follow_up(guide_id, question_id, answer)
    assert asked and f'"{named}"' in asked and not LENGTH_ONLY.search(asked)


@pytest.mark.parametrize(("guide_id", "question_id", "answer"), [
    ("crisis_management", "cyber_clocks", "GDPR gives us 72 hours to the ICO. The insurer, as early as we can."),
    ("crisis_management", "cyber_clocks", "The regulator within 72 hours; the board ASAP."),
])
def test_a_line_with_no_limit_beside_lines_that_have_one_is_asked_for_its_limit(guide_id, question_id, answer):
    gaps = find_gaps(get_guide(guide_id).question(question_id), answer)
    assert gaps and gaps[0].check == "threshold" and "where the others have a number" in gaps[0].reason


def test_as_soon_as_a_condition_is_not_a_vague_limit():
    answer = "The ICO within 72 hours of becoming aware; the insurer as soon as legal confirms it is a breach, 4 hours max."
    assert not [g for g in find_gaps(get_guide("crisis_management").question("cyber_clocks"), answer)
                if g.check == "threshold"]


def test_knowing_without_saying_how_is_asked_for_the_sign():
    """"You'll know" claims a sign and names none: the follow-up asks what is seen or heard, where the question
    declares a sign, and quotes the words back."""
    asked = follow_up("crisis_management", "plan_failing", "if it's not working you'll know, and you pivot")
    question = get_guide("crisis_management").question("plan_failing")
    assert asked and "you'll know" in asked.lower()
    assert asked.endswith(question.follow_ups[next(c for c in question.follow_ups if c.value == "observable_cue")])


@pytest.mark.parametrize(("guide_id", "question_id", "answer", "quoted"), [
    ("crisis_management", "response_steps", "We work through the crisis manual.", "the crisis manual"),
    ("brand_strategy", "priorities", "Getting the brand right.", "Getting the brand right"),
])
def test_a_pointer_or_filler_answer_is_asked_what_it_holds(guide_id, question_id, answer, quoted):
    asked = follow_up(guide_id, question_id, answer)
    assert asked and f'"{quoted.lower()}"' in asked.lower() and not LENGTH_ONLY.search(asked)


@pytest.mark.parametrize("guide_id", ["general", "crisis_management", "private_equity", "brand_strategy"])
def test_a_role_with_its_years_is_never_asked_for_them_again(guide_id):
    asked = follow_up(guide_id, "role", "Gas engineer, 14 years, mostly landlord safety checks and boiler installs.")
    assert asked is None, asked
    asked = follow_up(guide_id, "role", "Head of comms, 9 yrs.")
    assert asked and "how long" not in asked and "years" in asked
