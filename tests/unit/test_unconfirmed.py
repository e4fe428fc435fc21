"""What the expert said that does not answer its question (a follow-up reply, a simulation about another case) is
kept out of the prompt, listed once for the expert to confirm or change, and placed once they keep it (issue 25)."""

from __future__ import annotations

import pytest

from elicit.core.assembly import assemble, to_markdown
from elicit.core.guides import get_guide
from elicit.core.interview import FollowUp, Interview

FOOD = ("Two complaints on one batch within a week: I stop the sale, call the plant, tell the regulator before the "
        "press and pull the batch from retailers by noon.")
OFF_THRESHOLD = "Safety always before sales, whatever the client says."


def answered(guide_id: str, question_id: str, text: str) -> Interview:
    interview = Interview(guide=get_guide(guide_id), expert="Sam", topic="t", id="x")
    interview.answer(question_id, text)
    return interview


def reply_to(interview: Interview, question_id: str, check: str, reply: str) -> FollowUp:
    follow_up = interview.add_follow_up(FollowUp(question_id, check, "decision_criteria", "You gave no number.",
                                                 "At what number?"))
    interview.answer_follow_up(follow_up.id, reply)
    return follow_up


def unconfirmed(interview: Interview):
    from elicit.core.assembly.unconfirmed import unconfirmed as listed  # new with issue 25: the tests above it fail
    return listed(interview)                                            # on what they check, not on an import


def body(interview: Interview) -> str:
    return to_markdown(assemble(interview)).split("## Unknowns")[0]


@pytest.mark.parametrize(("guide_id", "question_id", "check"), [
    ("crisis_management", "simulation", "condition"),        # a case: the expert's own material
    ("crisis_management", "case_timeline", "ordered_steps"),
    ("crisis_management", "holding_statement", "example"),   # a template
    ("crisis_management", "role", "no_boilerplate"),         # the persona
    ("private_equity", "first_screen", "no_boilerplate"),    # a check a skipped follow-up leaves nothing for
    ("private_equity", "first_screen", "min_words"),
])
def test_a_reply_that_does_not_answer_is_never_dropped_silently(guide_id, question_id, check):
    interview = answered(guide_id, question_id, get_guide(guide_id).question(question_id).example)
    follow_up = reply_to(interview, question_id, check, "Use judgment.")
    prompt = assemble(interview)
    assert not [s for s in prompt.statements() if s.source.follow_up_id == follow_up.id]
    said = [u for u in prompt.unknowns if "\u201cUse judgment\u201d" in u.text]
    assert len(said) == 1 and said[0].question_id == question_id, prompt.unknowns
    [held] = unconfirmed(interview)
    assert (held.follow_up_id, held.said, held.unknown) == (follow_up.id, "Use judgment.", said[0].text)


def test_a_reply_the_expert_keeps_is_placed_its_unknown_goes_and_a_changed_reply_is_checked_again():
    interview = answered("private_equity", "first_screen", "I look at the market and the team first, then the price.")
    follow_up = reply_to(interview, "first_screen", "threshold", OFF_THRESHOLD)
    [held] = unconfirmed(interview)
    assert held.said == OFF_THRESHOLD and "no number" in held.why and held.question.startswith("When a teaser lands")
    assert "before sales" not in body(interview)
    interview.confirm_follow_up(follow_up.id)
    assert unconfirmed(interview) == []
    prompt = assemble(interview)
    assert "before sales" in body(interview)
    assert not [u for u in prompt.unknowns if "before sales" in u.text]
    interview.revise_follow_up(follow_up.id, "Whatever the client says.")  # a new text: not what was kept
    assert [h.said for h in unconfirmed(interview)] == ["Whatever the client says."]
    assert "client says" not in body(interview)


def test_a_simulation_about_another_case_is_listed_once_and_placed_once_the_expert_keeps_it():
    interview = answered("crisis_management", "simulation", FOOD)
    [held] = unconfirmed(interview)
    assert held.follow_up_id is None and held.said == FOOD and "another case" in held.why and "forklift" in held.why
    assert [u.text for u in assemble(interview).unknowns if u.question_id == "simulation"] == [held.unknown]
    interview.confirm_answer("simulation")
    assert unconfirmed(interview) == []
    prompt = assemble(interview)
    assert [s for s in prompt.statements() if s.source.question_id == "simulation"]
    assert not [u for u in prompt.unknowns if u.question_id == "simulation"]
    interview.answer("simulation", FOOD + " Then I brief the board.")  # a new revision is checked again
    assert [h.said for h in unconfirmed(interview)] == [FOOD + " Then I brief the board."]


def test_each_thing_kept_out_is_listed_once_in_the_order_of_the_interview():
    interview = answered("crisis_management", "simulation", FOOD)
    interview.answer("priorities", "Safety, reputation, cost.")
    reply_to(interview, "priorities", "tie_breaker", "It depends.")
    reply_to(interview, "simulation", "condition", "Use judgment.")
    held = unconfirmed(interview)
    assert [(h.question_id, h.said) for h in held] == [
        ("priorities", "It depends."), ("simulation", FOOD), ("simulation", "Use judgment.")]
    assert len({h.key for h in held}) == 3
    unknowns = [u.text for u in assemble(interview).unknowns]
    assert all(unknowns.count(h.unknown) == 1 for h in held)
