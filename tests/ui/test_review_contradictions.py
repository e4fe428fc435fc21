"""Review shows rules that contradict each other; the expert's ruling settles one and takes it out of Unknowns."""

from __future__ import annotations

import pytest
import streamlit as st

from elicit.adapters import store
from elicit.presenting import plain
from elicit.services import interviews
from elicit.core.guides import get_guide
from tests.support.apptest import no_exception, open_page
@pytest.fixture(autouse=True)
def _fresh_resources():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def test_the_expert_settles_a_contradiction_at_review():
    engine = store.open_database()
    with store.session(engine) as db:
        interview, token = interviews.start_interview(db=db, guide=get_guide("crisis_management"), expert="Ana",
                                                    topic="recalls")
        interviews.save_answer(db=db, interview=interview, question_id="severity_levels",
                             raw="children -> L1\nminor injury -> L2\nsingle complaint -> L3")
        clash = interviews.draft(db=db, interview=interview).contradictions[0]
    at = open_page({"i": token})
    no_exception(at.button(key="iv_review").click().run())
    assert clash.text in [t.value for t in at.text]
    at.text_input(key=f"rv_ruling_{clash.id}").input("A child with a minor injury is Level 1.")
    no_exception(at.button(key=f"rv_settle_{clash.id}").click().run())
    assert "Settled: " + plain("A child with a minor injury is Level 1.") in [c.value for c in at.caption]
    with store.session(engine) as db:
        prompt = interviews.draft(db=db, interview=interviews.load_by_token(db=db, token=token))
    engine.dispose()
    assert clash.text not in [u.text for u in prompt.unknowns]
    assert "A child with a minor injury is Level 1." in [s.text for s in prompt.section("decision_criteria").statements]


def lazy_review(answers: dict[str, str]):
    """An interview with these answers, opened at Review by its link; returns (AppTest, token, prompt)."""
    engine = store.open_database()
    with store.session(engine) as db:
        interview, token = interviews.start_interview(db=db, guide=get_guide("private_equity"), expert="Pat",
                                                    topic="buyouts")
        for question_id, text in answers.items():
            interviews.save_answer(db=db, interview=interview, question_id=question_id, raw=text)
        prompt = interviews.draft(db=db, interview=interview)
    engine.dispose()
    at = open_page({"i": token})
    no_exception(at.button(key="iv_review").click().run())
    return at, token, prompt


def test_review_lists_every_unknown_once_and_never_says_nothing_is_open_when_some_are():
    at, _token, prompt = lazy_review({"leverage": "Lenders will tell you.", "memo_format": "Usual IC memo."})
    assert len(prompt.unknowns) >= 2
    shown = [t.value for t in at.text]
    assert all(shown.count(u.text) == 1 for u in prompt.unknowns)
    assert [e.label for e in at.expander if e.label.startswith("Left open")] == [f"Left open ({len(prompt.unknowns)})"]
    assert not [e for e in at.expander if e.label == "Nothing left open"]


def test_the_expert_settles_an_unknown_at_review_and_a_lazy_answer_is_refused_with_a_reason():
    at, token, prompt = lazy_review({"leverage": "Lenders will tell you."})
    unknown = next(u for u in prompt.unknowns if u.question_id == "leverage")
    at.text_input(key=f"rv_unknown_{unknown.id}").input("The usual.")
    no_exception(at.button(key=f"rv_settle_u_{unknown.id}").click().run())
    assert any("does not settle it" in e.value for e in at.error)
    at.text_input(key=f"rv_unknown_{unknown.id}").input("No more than 5x EBITDA; 4x for a cyclical business.")
    no_exception(at.button(key=f"rv_settle_u_{unknown.id}").click().run())
    engine = store.open_database()
    with store.session(engine) as db:
        after = interviews.draft(db=db, interview=interviews.load_by_token(db=db, token=token))
    engine.dispose()
    assert unknown.id not in [u.id for u in after.unknowns]
    assert "No more than 5x EBITDA; 4x for a cyclical business." in [
        s.text for s in after.section("decision_criteria").statements]
    assert unknown.text not in [t.value for t in at.text]


@pytest.mark.parametrize("kept", ["3. Steps (4)", 99, -1, True, None])
def test_review_opens_whatever_section_position_the_session_holds(kept):
    """A value left from a list whose labels changed (after Remove, then Put it back) never breaks Review."""
    at, token, _prompt = lazy_review({"leverage": "No more than 5x EBITDA; 4x for a cyclical business."})
    engine = store.open_database()
    with store.session(engine) as db:
        interview_id = interviews.load_by_token(db=db, token=token).id
    engine.dispose()
    at.session_state[f"rv_section_{interview_id}"] = kept
    no_exception(at.run())
    assert [b for b in at.button if b.key == "rv_finish"]


def hollow_set() -> dict:
    """A buyout partner's short path, real answers and lazy ones (tests/data/hollow_answers)."""
    import yaml
    from tests.conftest import DATA

    return yaml.safe_load((DATA / "hollow_answers" / "private_equity.yaml").read_text(encoding="utf-8"))


def test_review_shows_the_prompts_quality_and_goes_back_to_a_weak_parts_question():
    at, token, prompt = lazy_review(hollow_set())
    panel = " ".join(m.value for m in at.markdown)
    assert "Prompt quality:" in panel and "/100" in panel
    go = [b for b in at.button if b.key and b.key.startswith("rv_go_")]
    assert go, "the weakest parts each have a button to their question"
    format_button = next(b for b in go if b.key == "rv_go_output_format")
    no_exception(format_button.click().run())
    assert at.text_area(key="iv_text_memo_format"), "the wizard is on the format question"


def test_the_playbook_shows_the_same_quality_and_opens_the_interview_on_the_weak_question():
    from elicit.presenting import prompt_quality

    at, token, prompt = lazy_review(hollow_set())
    engine = store.open_database()
    with store.session(engine) as db:
        interview = interviews.load_by_token(db=db, token=token)
        expected = prompt_quality(interview, interviews.draft(db=db, interview=interview)).score
    engine.dispose()
    page = open_page({"id": interview.id}, page="elicit/ui/pages/playbook.py")  # working alone: by its id
    assert any(f"Prompt quality: {expected}/100" in m.value for m in page.markdown)
    no_exception(page.button(key="pb_go_output_format").click().run())
    assert page.text_area(key="iv_text_memo_format")


def test_working_alone_the_done_screen_names_no_one_who_invited_you():
    """Issue 29: on the interview's own address with no team, nobody invited anyone."""
    at, _token, _prompt = lazy_review({"leverage": "No more than 5x EBITDA; 4x for a cyclical business."})
    no_exception(at.button(key="rv_finish").click().run())
    said = " ".join([m.value for m in at.markdown] + [s.value for s in at.success])
    assert "Saved as version 1" in said
    assert "invited you" not in said and "Open the playbook" in said
