"""Streamlit AppTest steps the UI and LLM tests share: open a page, start and answer an interview, check a run.

Each test module that drives the app through AppTest imports what it needs from here; the fixtures that go with
them (`engine`, `team`, and the cache clearing each AppTest module gets) are in the conftest.py files.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.testing.v1 import AppTest

from elicit import presenting
from elicit.adapters import store
from elicit.services import interviews
from elicit.core.guides import Kind
from elicit.core.interview import FollowUp, Interview
from elicit.ui.common import TOKEN_KEY
from tests.support.paths import ROOT

APP = str(ROOT / "app.py")
INTERVIEW_PAGE = "elicit/ui/pages/interview.py"
PLAYBOOK_PAGE = "elicit/ui/pages/playbook.py"
EXPERT, TOPIC = "Sam Expert", "the first 48 hours"


def no_exception(at: AppTest) -> AppTest:
    """No exception, and no warning from Streamlit itself (such as a widget set two ways)."""
    assert not at.exception, [e.value for e in at.exception]
    assert not [w.value for w in at.warning if "Session State" in w.value or "widget" in w.value.lower()]
    return at


def home() -> AppTest:
    return no_exception(AppTest.from_file(APP, default_timeout=30).run())


def start(guide_id: str = "general") -> tuple[AppTest, str]:
    """Start an interview from the Home page as a person would; returns the app and the resume token."""
    at = home()
    at.selectbox(key="home_guide").set_value(guide_id)
    at.text_input(key="home_expert").input(EXPERT)
    at.text_input(key="home_topic").input(TOPIC)
    no_exception(at.button(key="home_start").click().run())
    return at, at.query_params["i"]


def open_page(params: dict[str, str], page: str = INTERVIEW_PAGE) -> AppTest:
    """A fresh session (like a browser refresh) on a page with these query parameters."""
    at = AppTest.from_file(APP, default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    return no_exception(at.switch_page(page).run())


def loaded(engine, token: str) -> Interview:
    with store.session(engine) as db:
        return interviews.load_by_token(db=db, token=token)


def rows_in_editor(at: AppTest, question_id: str) -> int:
    return at.session_state[f"iv_count_{question_id}"]


def fill(at: AppTest, question, value) -> None:
    """Enter an answer in the widget its kind shows, adding rows as needed."""
    qid = question.id
    if question.kind is Kind.TEXT:
        at.text_area(key=f"iv_text_{qid}").input(value)
        return
    if question.kind is Kind.CHOICE:
        at.radio(key=f"iv_choice_{qid}").set_value(value)
        return
    while rows_in_editor(at, qid) < len(value):
        no_exception(at.button(key=f"iv_add_{qid}").click().run())
    for n, item in enumerate(value):
        if question.kind is Kind.CRITERIA:
            for field in presenting.CRITERION_FIELDS:  # the table's rows (AppTest cannot type into a data editor)
                at.session_state[f"iv_crit_{qid}_{n}_{field}"] = str(item.get(field, ""))
        else:
            at.text_area(key=f"iv_row_{qid}_{n}").input(item)


def answer(at: AppTest, question, value) -> AppTest:
    fill(at, question, value)
    return no_exception(at.button(key="iv_next").click().run())


def walk(at: AppTest, engine, token: str, answers: dict) -> Interview:
    """Answer every question the wizard shows; skip every follow-up (they become open questions)."""
    for _ in range(200):
        item = loaded(engine, token).next_item()
        if item is None:
            break
        if isinstance(item, FollowUp):
            assert any(item.ask in presenting.plain(m.value) or presenting.plain(item.ask) in m.value
                       for m in at.markdown)
            no_exception(at.button(key="iv_fu_skip").click().run())
        else:
            answer(at, item, answers[item.id])
    return loaded(engine, token)


def page_as(token: str | None, page: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if token:
        at.session_state[TOKEN_KEY] = token
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(f"elicit/ui/pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def everything_on(at) -> str:
    """Every text the page shows, for checks that something never appears."""
    kinds = ("markdown", "caption", "info", "success", "error", "warning", "text", "code", "table", "subheader")
    return "\n".join(str(getattr(element, "value", "")) for kind in kinds for element in getattr(at, kind))


@contextmanager
def fresh_resources() -> Iterator[None]:
    """Streamlit's resource cache (the engine per database URL) empty before and after: each test its own database."""
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


PASSWORD = "correct horse battery"
"""The password of every account the `team` fixture makes."""
CRITERIA = [{"name": "Harm", "weight": "50%", "threshold": "2 cases", "tie_breaker": "beats cost"}]
