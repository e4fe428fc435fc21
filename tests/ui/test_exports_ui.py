"""The Lint page and the Playbook's downloads through Streamlit's AppTest."""

from __future__ import annotations

import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from elicit.adapters import exports, store
from elicit.services import interviews, playbooks
from elicit.core.guides import get_guide
from elicit.core.linting import lint_report, upgrade_questions
from elicit.core.probing.heuristic import HeuristicProber
from elicit.ui.parts.downloads import OTHER_FORMATS, builder
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
LINT_PAGE = "elicit/ui/pages/lint.py"
PLAYBOOK_PAGE = "elicit/ui/pages/playbook.py"
PROMPT = ("You are a senior claims adjuster with twenty years of experience.\n"
          "Follow these steps:\n1. Read the claim.\n2. Check the policy.\n3. Decide.\n"
          "Never promise a payout <script>alert(1)</script> ![x](http://elsewhere.invalid/?leak=1).")


@pytest.fixture(autouse=True)
def _fresh_resources():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def no_exception(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def page(path: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    return no_exception(at.switch_page(path).run())


def linted(text: str = PROMPT) -> AppTest:
    at = page(LINT_PAGE)
    at.text_area(key="lint_text").input(text)
    return no_exception(at.run())


def test_lint_page_asks_for_a_prompt():
    at = page(LINT_PAGE)
    assert at.title[0].value == "Lint a prompt" and any("Paste a prompt" in i.value for i in at.info)


def test_lint_page_shows_the_score_the_elements_and_the_evidence_as_text():
    at = linted()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Words"] == str(len(PROMPT.split())) and metrics["Score"].endswith("/100")
    texts = [t.value for t in at.text]
    assert any("senior claims adjuster" in t for t in texts)
    assert any("<script>" in t or "![x](" in t for t in texts)  # shown as text, never rendered
    assert not any("elsewhere.invalid" in m.value for m in at.markdown)
    absent = sum("Missing." in c.value or c.value.startswith("Named, but hollow") for c in at.caption)
    assert absent == 10 - int(metrics["Elements present"].split()[0])


def test_upgrade_needs_a_name_and_a_topic():
    at = linted()
    no_exception(at.button(key="lint_upgrade").click().run())
    assert any("expert's name" in e.value for e in at.error)


def test_upgrade_starts_an_interview_that_asks_only_for_what_is_missing():
    at = linted()
    at.selectbox(key="lint_guide").set_value("crisis_management")
    at.text_input(key="lint_expert").input("Dana")
    at.text_input(key="lint_topic").input("claims")
    no_exception(at.button(key="lint_upgrade").click().run())
    token = at.query_params["i"]
    engine = store.open_database()
    with store.session(engine) as db:
        interview = interviews.load_by_token(db=db, token=token)
    engine.dispose()
    missing = lint_report(PROMPT)["missing"]
    role = interview.answers["role"]  # the prompt has a role already: it is carried over as a drafted answer
    assert "persona" not in missing and role.origin.value == "drafted" and "claims adjuster" in role.text
    asked = {q.id for q in interview.guide.questions if q.id not in interview.answers}
    assert asked == {q.id for q in upgrade_questions(get_guide("crisis_management"), missing)}
    assert interview.next_item().id in asked and interview.open_questions() == []


def test_a_complete_prompt_has_nothing_to_upgrade():
    text = exports.render("txt", _finished_prompt()).decode()
    at = linted(text)
    assert at.metric[2].value == "10 of 10"
    assert any("all ten elements" in s.value for s in at.success)


def _finished_prompt():
    import yaml

    from elicit.core.assembly import assemble
    from elicit.core.interview import Interview, answer_all
    from tests.conftest import DATA

    answers = yaml.safe_load((DATA / "answers_crisis_management.yaml").read_text(encoding="utf-8"))
    interview = answer_all(Interview(guide=get_guide("crisis_management")), answers, HeuristicProber().probe)
    return assemble(interview)


@pytest.mark.parametrize("finished", [False, True], ids=["draft", "saved"])
def test_the_playbook_offers_a_download_for_every_format(finished):
    engine = store.open_database()
    with store.session(engine) as db:
        interview, _ = interviews.start_interview(db=db, guide=get_guide("general"), expert="Sam", topic="triage")
        interviews.submit_answer(db=db, interview=interview, question_id="role",
                               raw="I lead incident response at a payments company.", prober=HeuristicProber())
        if finished:
            interviews.finish(db=db, interview=interview)
    engine.dispose()
    at = page(PLAYBOOK_PAGE, {"id": interview.id})
    keys = {button.key for button in at.get("download_button")}
    assert {f"pb_download_{f}" for f in ("md", "json", "txt")} <= keys
    assert {f"pb_export_{f}" for f in OTHER_FORMATS} <= keys
    covered = {"md", "json", "txt"} | set(OTHER_FORMATS)
    assert set(exports.FORMATS) <= covered


def test_the_chain_download_takes_the_chosen_placeholder_style():
    engine = store.open_database()
    with store.session(engine) as db:
        interview, _ = interviews.start_interview(db=db, guide=get_guide("general"), expert="Sam", topic="triage")
        interviews.submit_answer(db=db, interview=interview, question_id="role",
                               raw="I lead incident response at a payments company.", prober=HeuristicProber())
    engine.dispose()
    at = page(PLAYBOOK_PAGE, {"id": interview.id})
    assert [o.split(":")[0] for o in at.selectbox(key="pb_export_style").options] == list(exports.STYLES)
    no_exception(at.selectbox(key="pb_export_style").select("n8n").run())
    assert at.selectbox(key="pb_export_style").value == "n8n"
    with store.session(store.open_database()) as db:
        prompt, _data = playbooks.export_inputs(db=db, interview_id=interview.id)
    assert json.loads(builder("chain", prompt, None, "n8n")())["template_format"] == "n8n-expression"
