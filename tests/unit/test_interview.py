"""The interview state machine: next question, answers and revisions, follow-ups and stop rules, progress."""

from __future__ import annotations

import pytest

from elicit.core.errors import AnswerError
from elicit.core.guides import load_guide
from elicit.core.interview import (READING_WPM, TYPING_WPM, FollowUpStatus, Interview, Limits, ProbeRequest, measured_minutes,
                              normalize_answer)
from elicit.core.probing.heuristic import HeuristicProber
from tests.conftest import DATA

MINI = load_guide(DATA / "guides" / "mini.yaml")
GOOD_ROLE = "I'm a payments test lead with 12 years of experience; the prompt helps new testers plan a release."
GOOD_STEPS = ["Read the change", "List the risks", "Test the riskiest path first", "Sign off"]
GOOD_CRITERIA = [{"name": "Money at risk", "weight": "60%", "threshold": "above $10k a day", "tie_breaker": "wins over speed"},
                 {"name": "Speed", "weight": "40%", "threshold": "under 2 days"}]


def fresh(**limits) -> Interview:
    return Interview(guide=MINI, limits=Limits(**limits) if limits else Limits())


def probe(interview: Interview, question_id: str):
    result = HeuristicProber().probe(interview.probe_request(question_id))
    follow_up = interview.follow_up_from(question_id, result)
    return interview.add_follow_up(follow_up) if follow_up else None


def test_checklist_order_and_show_if():
    interview = fresh()
    assert interview.next_item().id == "role"
    interview.answer("role", GOOD_ROLE)
    assert interview.next_item().id == "area"
    interview.answer("area", "payments")  # options match without regard to case
    assert interview.answers["area"].value == "Payments"
    assert interview.next_item().id == "steps"  # lending_only stays hidden
    interview.answer("area", "Lending")
    assert interview.next_item().id == "lending_only"


def test_skip_moves_on_but_leaves_an_open_question():
    interview = fresh()
    interview.skip("role")
    assert interview.next_item().id == "area"
    assert [q.question_id for q in interview.open_questions()] == ["role"]
    assert not interview.is_complete()


@pytest.mark.parametrize(("question_id", "raw", "expected"), [
    ("role", "  spaced text  ", "spaced text"),
    ("steps", "1. Read\n2) Check\n- Decide", ["Read", "Check", "Decide"]),
    ("steps", ["Read", "  ", "Check"], ["Read", "Check"]),
    ("never", "* no guessing\n* no names", ["no guessing", "no names"]),
    ("criteria", "Safety first, then cost", "Safety first, then cost"),
    ("role", "text with a \x00 NUL", "text with a  NUL"),
], ids=["text trimmed", "steps from numbered text", "steps list blanks dropped", "list from bullets",
        "criteria as plain text", "NUL removed"])
def test_normalize(question_id, raw, expected):
    value = normalize_answer(MINI.question(question_id), raw)
    assert value == expected


@pytest.mark.parametrize(("question_id", "raw", "message"), [
    ("role", "", "empty"),
    ("role", "   \n ", "empty"),
    ("steps", [], "empty"),
    ("area", "Mortgages", "not one of the options"),
    ("role", "x" * 20_001, "limit is 20,000"),
    ("criteria", [{"weight": "10%"}], "needs a name"),
    ("role", ["a", "list"], "takes text"),
], ids=["empty", "whitespace", "empty list", "unknown option", "too long", "criterion without name", "wrong shape"])
def test_bad_answers_say_what_to_do(question_id, raw, message):
    with pytest.raises(AnswerError, match=message):
        normalize_answer(MINI.question(question_id), raw)


def test_revisions_are_kept_and_pending_follow_ups_dropped():
    interview = fresh()
    interview.answer("criteria", ["Safety", "Cost"])
    first = probe(interview, "criteria")
    assert first.status is FollowUpStatus.PENDING
    assert interview.next_item() is first
    interview.answer("criteria", GOOD_CRITERIA)
    assert [a.revision for a in interview.history["criteria"]] == [1, 2]
    assert interview.answers["criteria"].value[0].name == "Money at risk"
    assert first.status is FollowUpStatus.DISMISSED
    assert interview.next_item().id == "role"


def test_follow_ups_stop_at_three_per_question():
    interview = fresh()
    interview.answer("criteria", ["Safety", "Cost"])
    asked = []
    while (follow_up := probe(interview, "criteria")) is not None:
        asked.append(follow_up.check)
        interview.answer_follow_up(follow_up.id, "I am not sure yet.")
    # the guide's own wording (tie_breaker) comes ahead of the generic ones, then the declared order
    assert asked == ["tie_breaker", "criteria_with_weight", "threshold"]
    assert len(asked) == 3


def test_per_interview_cap():
    interview = fresh(per_question=3, per_interview=1)
    interview.answer("steps", ["Read"])
    assert probe(interview, "steps") is not None
    interview.skip_follow_up(interview.pending_follow_ups()[0].id)
    interview.answer("criteria", ["Safety"])
    assert probe(interview, "criteria") is None


def test_the_budget_is_kept_for_the_questions_that_carry_judgment():
    interview = fresh(per_question=3, per_interview=2)
    interview.answer("role", "Tester.")  # persona: the two follow-ups are kept for steps and criteria ahead
    assert probe(interview, "role") is None
    interview.answer("steps", ["Read"])
    assert probe(interview, "steps") is not None
    interview.answer("criteria", "It depends.")
    assert probe(interview, "criteria") is not None


def test_follow_up_answer_feeds_the_next_probe():
    interview = fresh()
    interview.answer("criteria", ["Safety", "Cost"])
    follow_up = probe(interview, "criteria")
    interview.answer_follow_up(follow_up.id, "Safety counts 70%, cost 30%.")
    request = interview.probe_request("criteria")
    assert request.replies == ("Safety counts 70%, cost 30%.",)  # read with the answer, never as more criteria
    assert "Safety counts 70%" not in request.answer
    assert request.asked == (follow_up.check,)


def test_skipped_follow_up_becomes_open_question():
    interview = fresh()
    interview.answer("criteria", ["Safety", "Cost"])
    follow_up = probe(interview, "criteria")
    interview.skip_follow_up(follow_up.id)
    assert interview.open_questions()[0].text == follow_up.ask
    assert interview.coverage()["decision_criteria"] == 0.5


def test_back_and_forward():
    interview = fresh()
    assert interview.previous_question("role") is None
    assert interview.previous_question("steps").id == "area"
    assert interview.previous_question(None).id == "never"  # from the review page
    assert interview.following_question("area").id == "steps"


def test_progress_coverage_and_completion():
    interview = fresh()
    assert interview.percent_complete() == 0
    assert interview.minutes_left() == MINI.minutes
    assert set(interview.coverage().values()) == {0.0}
    for question_id, raw in [("role", GOOD_ROLE), ("area", "Payments"), ("steps", GOOD_STEPS),
                             ("criteria", GOOD_CRITERIA), ("never", ["Never guess a number", "Never test in production"])]:
        interview.answer(question_id, raw)
        assert probe(interview, question_id) is None, question_id
    assert interview.percent_complete() == 100
    assert interview.minutes_left() == 0
    assert interview.is_complete()
    coverage = interview.coverage()
    assert coverage["persona"] == coverage["process"] == coverage["guardrails"] == 1.0
    assert coverage["examples"] == 0.0  # no question feeds it in this guide
    assert [(stage, done, total) for stage, done, total in interview.stage_progress()] == [
        ("role", 2, 2), ("work", 2, 2), ("deliver", 1, 1)]


def test_earlier_summary_is_bounded():
    interview = fresh()
    interview.answer("role", "word " * 3000)
    interview.answer("steps", ["a " * 500, "b", "c"])
    summary = interview.earlier_summary(exclude="never")
    assert sum(len(s) for s in summary) < 1_500 + 250


def test_probe_request_carries_context():
    interview = fresh()
    interview.answer("role", GOOD_ROLE)
    interview.answer("criteria", ["Safety"])
    request = interview.probe_request("criteria")
    assert isinstance(request, ProbeRequest)
    assert any(s.startswith("role:") for s in request.earlier)
    assert "examples" in request.thin_elements


def short_mini(tmp_path):
    text = (DATA / "guides" / "mini.yaml").read_text(encoding="utf-8").replace("minutes: 10", "minutes: 10\nshort_minutes: 4")
    for question_id in ("role", "area", "lending_only", "steps"):
        text = text.replace(f"      - id: {question_id}\n", f"      - id: {question_id}\n        short: true\n")
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    return load_guide(path)


def test_the_short_path_asks_only_the_short_questions_and_keeps_show_if(tmp_path):
    guide = short_mini(tmp_path)
    short, full = Interview(guide=guide, path="short"), Interview(guide=guide)
    assert [q.id for q in short.visible_questions()] == ["role", "area", "steps"]
    assert [q.id for q in full.visible_questions()] == ["role", "area", "steps", "criteria", "never"]
    assert (short.minutes_left(), full.minutes_left()) == (4, 10)
    short.answer("area", "Lending")
    assert [q.id for q in short.visible_questions()] == ["role", "area", "lending_only", "steps"]


def test_a_guide_without_a_short_path_asks_everything_on_either_path():
    interview = Interview(guide=MINI, path="short")
    assert interview.path == "full" and len(interview.visible_questions()) == len(MINI.questions) - 1


@pytest.mark.parametrize(("answers", "path", "minutes"), [
    pytest.param({"role": "word " * 40}, "full", 40 / 40 + 0.5, id="forty-words-one-minute-plus-reading"),
    pytest.param({"role": "word " * 40, "criteria": "word " * 80}, "full", 3 + 1, id="typing-adds-up"),
    pytest.param({"role": "word " * 40, "criteria": "word " * 80}, "short", 1 + 0.5, id="short-path-skips-the-rest"),
])
def test_measured_minutes_are_typing_at_40_wpm_plus_reading_at_200(tmp_path, answers, path, minutes):
    """Plus half a minute to think per question answered (THINKING_MINUTES)."""
    guide = short_mini(tmp_path)
    interview = Interview(guide=guide, path=path)
    read = sum(len(f"{q.ask} {q.why}".split()) for q in interview.visible_questions()) / READING_WPM
    assert (TYPING_WPM, READING_WPM) == (40, 200)
    assert measured_minutes(guide, answers, path) == pytest.approx(minutes + read)


def test_measured_minutes_count_each_follow_up_the_prober_raises(tmp_path):
    """A follow-up is read, thought about for a quarter of a minute and answered in REPLY_WORDS."""
    from elicit.core.interview import Gap, ProbeResult
    from elicit.core.interview.walks import REPLY_WORDS

    guide = short_mini(tmp_path)
    answers = {"role": "word " * 40}
    gap = Gap(element="persona", check="min_words", reason="Say more.")
    asks = lambda request: ProbeResult(satisfied=False, gaps=[gap], follow_up="Five words to read here.", focus=gap)
    base = measured_minutes(guide, answers, "full")
    with_one = measured_minutes(guide, answers, "full", probe=asks)
    assert with_one == pytest.approx(base + REPLY_WORDS / TYPING_WPM + 5 / READING_WPM + 0.25)
