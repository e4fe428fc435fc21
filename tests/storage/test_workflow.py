"""The workflow on a real SQLite file: commit first, then probe; rebuild from the database; fall back on failure."""

from __future__ import annotations

import pytest

from elicit.adapters import store
from elicit.services import interviews
from elicit.core.errors import AnswerError
from elicit.core.guides import get_guide
from elicit.core.interview import Criterion, FollowUpStatus, ProbeRequest, ProbeResult
from elicit.core.probing.heuristic import HeuristicProber

CRITERIA = [{"name": "Harm", "weight": "50%", "threshold": "2-3 cases", "tie_breaker": "wins over cost"},
            {"name": "Cost", "weight": "20%", "threshold": "over $1m"}]


class BrokenProber:
    name = "llm"

    def probe(self, request: ProbeRequest) -> ProbeResult:
        raise TimeoutError("the model did not answer")


@pytest.fixture
def interview(db):
    interview, _ = interviews.start_interview(db=db, guide=get_guide("crisis_management"), expert="Ana", topic="recalls")
    return interview


def test_answers_round_trip_through_the_database(db, interview):
    interviews.submit_answer(db=db, interview=interview, question_id="response_criteria", raw=CRITERIA,
                           prober=HeuristicProber())
    interviews.submit_answer(db=db, interview=interview, question_id="response_steps", raw=["Verify", "Classify",
                                                                                          "Contain"],
                           prober=HeuristicProber())
    again = interviews.load_interview(db=db, interview_id=interview.id)
    assert again.answers["response_criteria"].value == [Criterion(**c) for c in CRITERIA]
    assert again.answers["response_steps"].value == ["Verify", "Classify", "Contain"]
    assert interviews.draft(db=db, interview=again).section("decision_criteria").statements[0].criterion.name == "Harm"


def test_follow_ups_are_stored_and_resolved(db, interview):
    step = interviews.submit_answer(db=db, interview=interview, question_id="response_criteria",
                                  raw=["Harm", "Cost"], prober=HeuristicProber())
    assert step.follow_up is not None
    interviews.answer_follow_up(db=db, interview=interview, follow_up_id=step.follow_up.id,
                              text="Harm matters most and wins every time.", prober=HeuristicProber())
    stored = store.list_follow_ups(db=db, interview_id=interview.id)
    assert stored[0].status == "answered" and stored[0].answer.startswith("Harm matters")
    assert len(stored) == 2 and stored[1].status == "pending"  # the threshold is still missing


def test_a_new_revision_dismisses_pending_follow_ups_in_the_database(db, interview):
    interviews.submit_answer(db=db, interview=interview, question_id="response_criteria", raw=["Harm", "Cost"],
                           prober=HeuristicProber())
    interviews.submit_answer(db=db, interview=interview, question_id="response_criteria", raw=CRITERIA,
                           prober=HeuristicProber())
    assert [f.status for f in store.list_follow_ups(db=db, interview_id=interview.id)] == ["dismissed"]
    assert [r.revision for r in store.answer_history(db=db, interview_id=interview.id,
                                                     question_id="response_criteria")] == [1, 2]


def test_a_failing_prober_costs_nothing(db, interview):
    step = interviews.submit_answer(db=db, interview=interview, question_id="response_criteria", raw=["Harm", "Cost"],
                                  prober=BrokenProber())
    assert step.notice and "saved" in step.notice
    assert step.follow_up is not None and step.follow_up.source == "heuristic"
    assert store.latest_answers(db=db, interview_id=interview.id)["response_criteria"].text


def test_an_invalid_answer_saves_nothing(db, interview):
    with pytest.raises(AnswerError):
        interviews.submit_answer(db=db, interview=interview, question_id="situations", raw="Alien invasion",
                               prober=HeuristicProber())
    assert store.latest_answers(db=db, interview_id=interview.id) == {}


def test_finish_skips_waiting_follow_ups_and_versions_the_prompt(db, interview):
    interviews.submit_answer(db=db, interview=interview, question_id="response_criteria", raw=["Harm", "Cost"],
                           prober=HeuristicProber())
    prompt, version = interviews.finish(db=db, interview=interview)
    assert version == 1
    assert interview.pending_follow_ups() == []
    assert prompt.open_questions and prompt.open_questions[0].question_id == "response_criteria"
    assert store.get_interview(db=db, interview_id=interview.id).status == "complete"
    _, again = interviews.finish(db=db, interview=interview)  # nothing changed: no new version
    assert again == 1 and len(store.list_prompt_versions(db=db, interview_id=interview.id)) == 1
    interviews.submit_answer(db=db, interview=interview, question_id="response_steps", raw=["A", "B", "C"],
                           prober=HeuristicProber())
    _, second = interviews.finish(db=db, interview=interview)
    assert second == 2


def test_an_answer_after_finishing_reopens_the_interview(db, interview):
    interviews.finish(db=db, interview=interview)
    interviews.submit_answer(db=db, interview=interview, question_id="response_steps", raw=["A", "B", "C"],
                           prober=HeuristicProber())
    assert store.get_interview(db=db, interview_id=interview.id).status == "in_progress"


def test_resume_by_token(db):
    interview, token = interviews.start_interview(db=db, guide=get_guide("general"), expert="Bo", topic="on-call")
    interviews.skip_question(db=db, interview=interview, question_id=interview.next_item().id)
    again = interviews.load_by_token(db=db, token=token)
    assert again.id == interview.id and again.next_item().id == interview.next_item().id
    assert FollowUpStatus.PENDING not in {f.status for f in again.follow_ups}


@pytest.mark.parametrize(("asked", "kept"), [("short", "short"), ("full", "full"), ("medium", "full")])
def test_the_path_picked_at_the_start_is_kept_with_the_interview(db, asked, kept):
    guide = get_guide("crisis_management")
    started, token = interviews.start_interview(db=db, guide=guide, expert="Ana", topic="recalls", path=asked)
    again = interviews.load_by_token(db=db, token=token)
    assert started.path == again.path == kept
    assert len(again.visible_questions()) == len([q for q in guide.on_path(kept) if q.show_if is None])
