"""What a prober is given: the answer apart from its follow-up replies, the guide's domain and the expert's kind of
case; and what the LLM prober's data block carries (the why, the guide's wordings, the offline reading)."""

from __future__ import annotations

from elicit.core.guides import get_guide
from elicit.core.interview import FollowUp, Interview
from elicit.core.probing.heuristic import HeuristicProber
from elicit.core.probing.llm import INSTRUCTIONS, probe_messages

GUIDE = get_guide("crisis_management")


def cyber_interview() -> Interview:
    interview = Interview(guide=GUIDE)
    interview.answer("situations", "Cyber attacks and data breaches")
    interview.answer("response_criteria", "Harm to people, data exposure, cost")
    follow_up = interview.add_follow_up(FollowUp("response_criteria", "criteria_with_weight", "decision_criteria",
                                                 "no weights", "How much does each count?"))
    interview.answer_follow_up(follow_up.id, "Harm about half, data exposure 30%, cost 20%.")
    return interview


def test_the_request_keeps_replies_apart_and_names_the_domain_and_situation():
    request = cyber_interview().probe_request("response_criteria")
    assert request.answer == "Harm to people, data exposure, cost"
    assert request.replies == ("Harm about half, data exposure 30%, cost 20%.",)
    assert request.domain == "Crisis management" and request.situation == "Cyber attacks and data breaches"


def test_a_reply_is_read_with_the_answer_not_counted_as_more_criteria():
    result = HeuristicProber().probe(cyber_interview().probe_request("response_criteria"))
    checks = [gap.check for gap in result.gaps]
    assert "criteria_with_weight" not in checks  # the reply gave the weights
    assert "three criteria" in next(g.reason for g in result.gaps if g.check == "tie_breaker")


def test_the_llm_prober_sees_what_the_offline_prober_reads_and_the_guides_register():
    system, data = probe_messages(cyber_interview().probe_request("response_criteria"))
    assert system["content"] == INSTRUCTIONS
    content = data["content"]
    assert "<guide>Crisis management</guide>" in content
    assert "<situation>Cyber attacks and data breaches</situation>" in content
    assert "Weights and lines turn your instinct" in content  # the question's why
    assert GUIDE.question("response_criteria").follow_ups["tie_breaker"] in content
    assert "<reading>3 item(s)" in content
    assert "<replies>\nHarm about half" in content
