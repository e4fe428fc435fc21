"""The wizard and the Settings page through AppTest against the test LLM server: clean, and under every fault."""

from __future__ import annotations

import itertools

import pytest
import yaml

from elicit.core.guides import get_guide
from elicit.adapters import store
from elicit.services import interviews
from elicit.adapters.config import get_settings
from tests.conftest import DATA
from tests.support.llm_server import API_KEY, FAULTS
from tests.support.apptest import everything_on, no_exception, open_page, start, walk

SETTINGS_PAGE = "elicit/ui/pages/settings.py"
ANSWERS = yaml.safe_load((DATA / "answers_general.yaml").read_text(encoding="utf-8"))


def calls(engine, interview_id: str) -> list:
    with store.session(engine) as db:
        return store.list_llm_calls(db=db, interview_id=interview_id)


def test_a_whole_interview_with_the_llm(llm_env, engine):
    at, token = start("general")
    interview = walk(at, engine, token, ANSWERS)
    assert at.subheader[0].value == "Review your prompt"
    answered = [q for q in interview.visible_questions() if interview.answered(q.id)]
    assert len(answered) == len(interview.visible_questions())
    assert {f.source for f in interview.follow_ups} == {"llm"}
    probes = [c for c in calls(engine, interview.id) if c.purpose == "probe"]
    assert probes and all(c.status == "ok" for c in probes)
    assert len(probes) <= len(answered), "at most one LLM call per answer"
    assert any("Assistant use:" in c.value for c in at.caption)
    assert API_KEY not in everything_on(at)


def test_a_whole_interview_under_every_fault(llm_env, engine, monkeypatch):
    """Each LLM request meets the next fault in turn; every answer is saved and the page never breaks."""
    monkeypatch.setenv("ELICIT_LLM_TIMEOUT", "0.3")
    get_settings.cache_clear()
    llm_env.faults.extend(itertools.islice(itertools.cycle(FAULTS), 200))
    at, token = start("general")
    interview = walk(at, engine, token, ANSWERS)
    assert all(interview.answered(q.id) for q in interview.visible_questions())
    statuses = {c.status for c in calls(engine, interview.id)}
    assert "fallback" in statuses
    with store.session(engine) as db:
        assert set(store.latest_answers(db=db, interview_id=interview.id)) == set(ANSWERS) & {
            q.id for q in interview.visible_questions()}


@pytest.mark.parametrize("fault", [f for f in FAULTS if not f.startswith("400")])  # 400s: the ladder copes
def test_a_whole_interview_under_each_fault(llm_env, engine, monkeypatch, fault):
    """The server fails the same way on every request: the interview still ends, with every answer saved."""
    monkeypatch.setenv("ELICIT_LLM_TIMEOUT", "0.2")
    get_settings.cache_clear()
    llm_env.fault = fault
    at, token = start("general")
    interview = walk(at, engine, token, ANSWERS)
    assert at.subheader[0].value == "Review your prompt"
    assert all(interview.answered(q.id) for q in interview.visible_questions())
    probes = [c for c in calls(engine, interview.id) if c.purpose == "probe"]
    assert probes and "ok" not in {c.status for c in probes} and probes[-1].status == "fallback"
    assert not [f for f in interview.follow_ups if f.source == "llm"]


def test_the_fallback_is_one_calm_line(llm_env, engine):
    llm_env.fault = "500"
    at, token = start("general")
    at.text_area(key="iv_text_role").input(ANSWERS["role"])
    no_exception(at.button(key="iv_next").click().run())
    assert [i.value for i in at.info] == [interviews.FALLBACK_NOTICE.replace(".", "\\.")]


def test_settings_offline(engine):
    at = open_page({}, SETTINGS_PAGE)
    assert at.title[0].value == "Settings"
    assert any("Offline" in m.value for m in at.markdown)
    assert at.button(key="st_test").disabled


def test_settings_shows_the_model_and_tests_the_connection(llm_env, engine):
    at = open_page({}, SETTINGS_PAGE)
    assert any("test-model at 127.0.0.1" in m.value.replace("\\", "") for m in at.markdown)
    no_exception(at.button(key="st_test").click().run())
    assert "is available" in at.success[0].value
    assert API_KEY not in everything_on(at)


def test_settings_say_plainly_what_is_wrong(llm_env, engine, monkeypatch):
    monkeypatch.setenv("ELICIT_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    get_settings.cache_clear()
    at = open_page({}, SETTINGS_PAGE)
    no_exception(at.button(key="st_test").click().run())
    assert "could not connect to 127" in at.error[0].value.replace("\\", "")
    assert API_KEY not in everything_on(at)


@pytest.mark.parametrize(("env", "says"), [
    ({"ELICIT_LLM_MODEL": "llama3.1"}, "no server"),
    ({"ELICIT_LLM_BASE_URL": "http://localhost:11434/v1"}, "no model"),
], ids=["model-without-server", "server-without-model"])
def test_settings_warn_about_half_a_configuration(engine, monkeypatch, env, says):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    at = open_page({}, SETTINGS_PAGE)
    assert says in at.warning[0].value


def test_settings_show_the_structured_output_mode_that_worked(llm_env, engine):
    llm_env.fault = "400_schema"
    with store.session(engine) as db:
        interview, _ = interviews.start_interview(db=db, guide=get_guide("general"), expert="A", topic="b")
        interviews.submit_answer(db=db, interview=interview, question_id="role", raw=ANSWERS["role"],
                               prober=interviews.default_prober())
    interviews.llm.forget_modes()  # as after a restart: the log remembers
    at = open_page({}, SETTINGS_PAGE)
    assert "JSON mode, with the schema in the instructions" in str(at.table[0].value)


@pytest.mark.parametrize(("url", "shown"), [
    ("http://localhost:11434/v1", "http://localhost:11434/v1"),
    ("https://user:sk-secret@example.com/v1?api-key=sk-secret", "https://example.com/v1"),
    (None, None),
], ids=["plain", "credentials-in-url", "unset"])
def test_the_server_url_is_shown_without_credentials(url, shown):
    from elicit.services.connection import safe_url

    assert safe_url(url) == shown
