"""Review shows rules that contradict each other; the expert's ruling settles one and takes it out of Unknowns."""

from __future__ import annotations

import pytest
import streamlit as st

from elicit import store
from elicit.presenting import plain
from elicit.services import interviews
from elicit.guides import get_guide
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
