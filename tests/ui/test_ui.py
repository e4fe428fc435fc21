"""The browser UI through Streamlit's AppTest: start, the wizard with follow-ups, back, refresh, review, finish."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import yaml

from elicit import presenting
from elicit.adapters import store
from elicit.services import interviews
from elicit.core.guides import Kind, get_guide
from elicit.core.assembly import assemble, to_markdown
from elicit.core.interview import Answer, FollowUp, FollowUpStatus, Interview, answer_all
from elicit.core.probing.heuristic import HeuristicProber
from tests.conftest import DATA
from tests.support.apptest import (EXPERT, PLAYBOOK_PAGE, TOPIC, answer, fill, home, loaded, no_exception, open_page,
                                   start, walk)

GUIDE_IDS = ["general", "crisis_management", "private_equity", "brand_strategy"]


def body(markdown: str) -> str:
    """The prompt without the lines that name this particular interview."""
    return markdown.split("\n### Interview\n")[0]


# --- pages ----------------------------------------------------------------------------------------------


def test_home_shows_the_guides_and_an_empty_list():
    at = home()
    assert at.selectbox(key="home_guide").options
    assert any("No interviews yet" in info.value for info in at.info)


def test_start_needs_a_name_and_a_topic():
    at = home()
    no_exception(at.button(key="home_start").click().run())
    assert any("expert's name" in error.value for error in at.error)
    assert "i" not in at.query_params


def test_start_interview_opens_the_first_question(engine):
    at, token = start("general")
    assert at.text_area(key="iv_text_role")
    assert any("Stage 1 of" in m.value for m in at.markdown)
    assert loaded(engine, token).expert == EXPERT
    listed = home()
    assert any(TOPIC in m.value.replace("\\", "") for m in listed.markdown)


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_a_whole_interview_for_each_guide(engine, guide_id):
    answers = yaml.safe_load((DATA / f"answers_{guide_id}.yaml").read_text(encoding="utf-8"))
    at, token = start(guide_id)
    interview = walk(at, engine, token, answers)
    assert at.subheader[0].value == "Review your prompt"
    no_exception(at.button(key="rv_finish").click().run())
    assert any("Saved as version 1" in s.value for s in at.success)
    with store.session(engine) as db:
        latest = store.latest_answers(db=db, interview_id=interview.id)
        versions = store.list_prompt_versions(db=db, interview_id=interview.id)
        record = store.get_interview(db=db, interview_id=interview.id)
    assert {q.id for q in interview.visible_questions()} == set(latest)
    assert all(not row.skipped and row.revision == 1 for row in latest.values())
    assert [v.version for v in versions] == [1] and record.status == "complete"
    headless = answer_all(Interview(guide=get_guide(guide_id), expert=EXPERT, topic=TOPIC), answers,
                          HeuristicProber().probe)
    expected = body(to_markdown(assemble(headless, version=1)))
    assert body(versions[0].markdown) == expected
    assert "| Criterion | Weight | Threshold | Tie-breaker |" in expected
    assert at.code[0].language == "markdown" and body(at.code[0].value) == expected


def test_home_starts_the_short_path_when_it_is_picked(engine):
    at = home()
    at.selectbox(key="home_guide").set_value("crisis_management").run()
    picker = at.radio(key="home_path")
    assert picker.value == "full" and "Short: about 40 minutes" in picker.options[0]
    picker.set_value("short")
    at.text_input(key="home_expert").input(EXPERT)
    at.text_input(key="home_topic").input(TOPIC)
    no_exception(at.button(key="home_start").click().run())
    interview = loaded(engine, at.query_params["i"])
    assert interview.path == "short"
    assert at.get("progress")[0].text == presenting.progress_text(interview)
    assert "about 40 minutes left" in presenting.progress_text(interview)


def test_a_thin_answer_raises_a_follow_up_that_can_be_answered_then_skipped(engine):
    at, token = start("general")
    guide = get_guide("general")
    answer(at, guide.question("role"), yaml.safe_load((DATA / "answers_general.yaml").read_text())["role"])
    answer(at, guide.question("priorities"), "Speed matters.")
    follow_up = loaded(engine, token).next_item()
    assert isinstance(follow_up, FollowUp) and follow_up.check == "condition"  # its real gap before its length
    assert "Speed matters." in [t.value for t in at.text]
    assert any("One more thing" in m.value for m in at.markdown)
    at.text_area(key=f"iv_fu_{follow_up.id}").input("If customers can't pay, restoring service beats finding "
                                                    "the cause.")
    no_exception(at.button(key="iv_fu_answer").click().run())
    # the reply settled the condition: no follow-up about the answer's length alone, on to the next question
    assert loaded(engine, token).next_item().id == "users_and_input"
    answer(at, guide.question("users_and_input"), "Juniors.")
    second = loaded(engine, token).next_item()
    assert isinstance(second, FollowUp) and second.id != follow_up.id
    no_exception(at.button(key="iv_fu_skip").click().run())
    interview = loaded(engine, token)
    statuses = {f.id: f.status for f in interview.follow_ups}
    assert statuses == {follow_up.id: FollowUpStatus.ANSWERED, second.id: FollowUpStatus.SKIPPED}
    assert interview.next_item().id != "users_and_input"
    assert any(q.text == second.ask for q in interview.open_questions())



@pytest.mark.parametrize(("reply", "told"), [("Use judgment.", True), ("Restoring service beats finding the cause.", True),
                                             ("If customers can't pay, restoring service comes first.", False)])
def test_a_reply_that_does_not_answer_its_follow_up_is_saved_and_the_expert_is_told(engine, reply, told):
    """The follow-up asked what changes the call: a reply without a condition is kept but not placed, and said."""
    at, token = start("general")
    guide = get_guide("general")
    answer(at, guide.question("role"), yaml.safe_load((DATA / "answers_general.yaml").read_text())["role"])
    answer(at, guide.question("priorities"), "Speed matters.")
    follow_up = loaded(engine, token).next_item()
    at.text_area(key=f"iv_fu_{follow_up.id}").input(reply)
    no_exception(at.button(key="iv_fu_answer").click().run())
    interview = loaded(engine, token)
    assert interview.follow_up(follow_up.id).answer == reply  # saved, whatever it says
    assert any("does not yet answer what was asked" in i.value for i in at.info) is told
    from elicit.core.assembly import assemble
    placed = [s for s in assemble(interview).statements() if s.source.follow_up_id == follow_up.id]
    assert bool(placed) is not told

def test_back_then_edit_keeps_both_revisions(engine):
    at, token = start("general")
    guide = get_guide("general")
    answers = yaml.safe_load((DATA / "answers_general.yaml").read_text())
    answer(at, guide.question("role"), answers["role"])
    no_exception(at.button(key="iv_back").click().run())
    assert at.text_area(key="iv_text_role").value == answers["role"]
    answer(at, guide.question("role"), answers["role"] + " I also teach the incident course.")
    with store.session(engine) as db:
        history = store.answer_history(db=db, interview_id=loaded(engine, token).id, question_id="role")
    assert [r.revision for r in history] == [1, 2]
    assert history[1].text.endswith("incident course.")
    assert at.text_area(key="iv_text_priorities")


def test_an_empty_answer_shows_the_error_and_saves_nothing(engine):
    at, token = start("general")
    no_exception(at.button(key="iv_next").click().run())
    assert any("the answer is empty" in e.value.lower() for e in at.error)
    assert at.text_area(key="iv_text_role")
    assert loaded(engine, token).answers == {}


def test_a_refresh_lands_on_the_same_question_with_answers_in_place(engine):
    at, token = start("general")
    guide = get_guide("general")
    answers = yaml.safe_load((DATA / "answers_general.yaml").read_text())
    for qid in ("role", "priorities", "users_and_input", "stakes", "case_steps"):
        answer(at, guide.question(qid), answers[qid])
    fresh = open_page({"i": token})
    assert fresh.text_area(key="iv_text_hardest_steps")
    no_exception(fresh.button(key="iv_back").click().run())
    rows = [fresh.text_area(key=f"iv_row_case_steps_{n}").value for n in range(len(answers["case_steps"]))]
    assert rows == answers["case_steps"]
    by_id = open_page({"id": loaded(engine, token).id})
    assert by_id.text_area(key="iv_text_hardest_steps")


@pytest.mark.parametrize("params", [{"i": "not-a-real-token"}, {"id": "nope"}, {}],
                         ids=["bad token", "bad id", "no link"])
def test_a_missing_interview_gets_a_friendly_message(params):
    at = open_page(params)
    assert at.title[0].value == "Interview not found"
    assert at.info and not at.error


def test_the_steps_editor_adds_removes_and_reorders(engine):
    at, token = start("general")
    guide = get_guide("general")
    answers = yaml.safe_load((DATA / "answers_general.yaml").read_text())
    for qid in ("role", "priorities", "users_and_input", "stakes"):
        answer(at, guide.question(qid), answers[qid])
    fill(at, guide.question("case_steps"), ["first", "second", "third", "fourth"])
    no_exception(at.button(key="iv_down_case_steps_0").click().run())
    no_exception(at.button(key="iv_rm_case_steps_3").click().run())
    no_exception(at.button(key="iv_up_case_steps_2").click().run())
    assert [at.text_area(key=f"iv_row_case_steps_{n}").value for n in range(3)] == ["second", "third", "first"]
    no_exception(at.button(key="iv_next").click().run())
    assert loaded(engine, token).answers["case_steps"].value == ["second", "third", "first"]


def test_review_rewords_a_statement_and_edit_answer_goes_back(engine):
    at, token = start("general")
    guide = get_guide("general")
    answers = yaml.safe_load((DATA / "answers_general.yaml").read_text())
    answer(at, guide.question("role"), answers["role"])
    no_exception(at.button(key="iv_review").click().run())
    assert at.subheader[0].value == "Review your prompt"
    assert any("still waiting" in w.value for w in at.warning)
    key = "role:r1:1"
    no_exception(at.button(key=f"rv_edit_{key}").click().run())
    at.text_area(key="rv_text").input("You lead incident response for a payments company.")
    no_exception(at.button(key="rv_save").click().run())
    assert "You lead incident response for a payments company." in [t.value for t in at.text]
    with store.session(engine) as db:
        prompt = interviews.draft(db=db, interview=loaded(engine, token))
    assert prompt.statements()[0].origin.value == "edited"
    no_exception(at.button(key=f"rv_answer_{key}").click().run())
    assert at.text_area(key="iv_text_role").value == answers["role"]


def test_the_playbook_shows_the_draft_then_the_saved_versions(engine):
    at, token = start("general")
    answer(at, get_guide("general").question("role"), "I lead incident response at a payments company.")
    interview_id = loaded(engine, token).id
    draft = open_page({"id": interview_id}, PLAYBOOK_PAGE)
    assert any("not finished yet" in i.value for i in draft.info)
    with store.session(engine) as db:
        interviews.finish(db=db, interview=loaded(engine, token))
        interviews.save_answer(db=db, interview=loaded(engine, token), question_id="role", raw="I lead it.")
        interviews.finish(db=db, interview=loaded(engine, token))  # something changed: version 2
    saved = open_page({"id": interview_id}, PLAYBOOK_PAGE)
    assert saved.selectbox(key="pb_version").value == 1  # the newest of two, by index
    assert "Prompt version: 2" in saved.code[0].value


def test_what_people_type_is_never_rendered_as_markdown(engine):
    at = home()
    at.text_input(key="home_expert").input("Eve <b>bold</b>")
    at.text_input(key="home_topic").input("![x](http://elsewhere.invalid/?data=secret)")
    no_exception(at.button(key="home_start").click().run())
    topic = at.markdown[0].value
    assert "elsewhere" in topic and "![x](" not in topic
    assert "<b>" not in at.caption[0].value


# --- what the UI shows, decided without Streamlit ---------------------------------------------------------


@pytest.mark.parametrize("text", [
    "![x](http://e.invalid/?d=1)", "[link](javascript:alert(1))", "**bold**", "# heading", "<img src=x>",
], ids=["image", "link", "bold", "heading", "html"])
def test_plain_escapes_every_markdown_mark(text):
    escaped = presenting.plain(text)
    assert re.search(r"(?<!\\)[!\[\]()*#<>]", escaped) is None, escaped


@pytest.mark.parametrize(("rows", "index", "delta", "expected"), [
    (["a", "b", "c"], 0, 1, ["b", "a", "c"]),
    (["a", "b", "c"], 2, -1, ["a", "c", "b"]),
    (["a", "b", "c"], 0, -1, ["a", "b", "c"]),
    (["a", "b", "c"], 2, 1, ["a", "b", "c"]),
], ids=["down", "up", "top stays", "bottom stays"])
def test_moved(rows, index, delta, expected):
    assert presenting.moved(rows, index, delta) == expected


@pytest.mark.parametrize(("kind", "rows", "expected"), [
    (Kind.LIST, ["a ", "", "  ", "b"], ["a", "b"]),
    (Kind.STEPS, ["", ""], []),
    (Kind.CRITERIA, [{"name": "Cost", "weight": "", "threshold": "<5", "tie_breaker": ""},
                     dict.fromkeys(presenting.CRITERION_FIELDS, "")], [{"name": "Cost", "threshold": "<5"}]),
], ids=["list drops blanks", "steps all blank", "criteria drops blank rows and cells"])
def test_raw_from_rows(kind, rows, expected):
    assert presenting.raw_from_rows(kind, rows) == expected


@pytest.mark.parametrize(("ago", "expected"), [
    (timedelta(seconds=5), "just now"), (timedelta(minutes=1), "1 minute ago"), (timedelta(hours=3), "3 hours ago"),
    (timedelta(days=2), "2 days ago"), (timedelta(days=40), "on 2026-01-01"),
])
def test_last_activity(ago, expected):
    now = datetime(2026, 2, 10, tzinfo=UTC)
    when = now - ago if ago.days < 30 else datetime(2026, 1, 1, tzinfo=UTC)
    assert presenting.last_activity(when, now) == expected


def test_editor_rows_pad_and_prefill():
    question = get_guide("general").question("main_criteria")
    rows = presenting.editor_rows(question, Answer("main_criteria", [{"name": "Cost", "weight": "40%"}], "x"))
    assert rows[0] == {"name": "Cost", "weight": "40%", "threshold": "", "tie_breaker": ""}
    assert len(rows) == presenting.MIN_ROWS[Kind.CRITERIA]


def test_screen_and_cursor():
    interview = Interview(guide=get_guide("general"), id="x")
    assert presenting.screen(interview, None, False) == ("question", interview.guide.question("role"))
    interview.answer("role", "I lead incident response.")
    interview.answer("priorities", "Speed.")
    assert presenting.screen(interview, "role", False)[1].id == "role"
    assert presenting.cursor_after(interview, "role", None) == "priorities"
    assert presenting.cursor_after(interview, "priorities", None) is None
    assert presenting.screen(interview, None, True) == ("review", None)
    titles = [title for title, _ in presenting.coverage_rows(interview.coverage())]
    assert titles[0] == "Role" and len(titles) == 10


def test_the_local_user_can_invite_the_expert_with_a_new_link(engine):
    _at, token = start("general")
    interview_id = loaded(engine, token).id
    at = open_page({"id": interview_id})
    no_exception(at.button(key="iv_invite").click().run())
    link = next(code.value for code in at.code if "/interview?i=" in code.value)
    new_token = link.split("?i=", 1)[1]
    assert loaded(engine, new_token).id == interview_id
    assert open_page({"i": token}).title[0].value == "Interview not found"


@pytest.mark.parametrize(("page_url", "expected"), [
    ("http://localhost:8501/interview?id=abc", "http://localhost:8501/interview?i=t-1"),
    (None, "/interview?i=t-1"),
], ids=["from the page", "no page address"])
def test_invite_url(page_url, expected):
    assert presenting.invite_url(page_url, "t-1") == expected


@pytest.mark.parametrize(("age_seconds", "same_link"), [(60.0, True), (0.0, False)],
                         ids=["expired hand-over", "hand-over for another link"])
def test_the_page_rebuilds_unless_a_callback_of_this_run_handed_the_interview_over(engine, age_seconds, same_link):
    """A hand-over left by a run that stopped early, or meant for another link, is never drawn."""
    import time

    from elicit.ui.common import FRESH_KEY

    at, token = start()
    wrong = Interview(guide=get_guide("crisis_management"))  # drawn, it would show another guide's question
    link = {"i": token} if same_link else {"i": "someone-else"}
    at.session_state[FRESH_KEY] = (link, wrong, None, time.monotonic() - age_seconds)
    no_exception(at.run())
    assert at.text_area(key="iv_text_role") is not None and FRESH_KEY not in at.session_state
    assert not any(get_guide("crisis_management").questions[0].ask in h.value for h in at.subheader)


def test_after_next_the_page_shows_what_the_callback_saved(engine):
    at, token = start()
    at.text_area(key="iv_text_role").input("I run a night shelter.")  # thin: its follow-up shows it again
    no_exception(at.button(key="iv_next").click().run())
    saved = loaded(engine, token).answered("role").text
    assert "night shelter" in saved and "ui_fresh_interview" not in at.session_state
    shown = [e.value for e in list(at.text) + list(at.markdown) + list(at.caption) + list(at.code)]
    assert any("night shelter" in str(value) for value in shown), shown  # drawn from the handed-over interview


def test_finishing_early_says_what_is_still_open_and_leads_back(engine):
    at, token = start("general")
    answers = yaml.safe_load((DATA / "answers_general.yaml").read_text())
    answer(at, get_guide("general").question("role"), answers["role"])
    no_exception(at.button(key="iv_review").click().run())
    no_exception(at.button(key="rv_finish").click().run())
    assert at.subheader[0].value == "Saved. Thank you!"
    open_now = sum(loaded(engine, token).answered(q.id) is None for q in loaded(engine, token).visible_questions())
    assert open_now > 0 and any(f"{open_now} questions are still open" in w.value for w in at.warning)
    no_exception(at.button(key="rv_done_continue").click().run())
    assert at.text_area(key=f"iv_text_{loaded(engine, token).next_item().id}")


@pytest.mark.parametrize("team", [False, True], ids=["working alone", "in a team"])
def test_a_link_that_opens_nothing_says_what_to_do_in_the_mode_the_person_is_in(team):
    from elicit.services import accounts

    if team:
        engine = store.open_database()
        with store.session(engine) as db:
            accounts.create_owner(db=db, email="olu@example.com", name="Olu", password="correct horse battery")
        engine.dispose()
    at = open_page({"i": "a-link-nobody-was-given"})
    said = " ".join(e.value for e in at.error) + " ".join(i.value for i in at.info) + " ".join(
        m.value for m in at.markdown)
    assert ("person who invited you" in said) is team
    assert ("listed on the home page" in said) is not team
