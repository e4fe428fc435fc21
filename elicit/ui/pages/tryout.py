"""Try it: one playbook's prompt against a one-line baseline, side by side; teach-back; the fidelity score."""

from __future__ import annotations

from collections.abc import Iterator

import streamlit as st

from elicit.services import interviews, trial_runs, trials
from elicit.core.errors import AnswerError, LLMError
from elicit.core.interview import Interview
from elicit.presenting import plain
from elicit.ui import PLAYBOOK
from elicit.ui.common import database, guarded, opened
from elicit.ui.parts.fidelity import render_fidelity
from elicit.ui.parts.teachback import render_teach_back
from elicit.ui.parts.trials import action, client_for, failed, llm_ready, render_flash_of, render_no_llm, render_summary

RUN_KEY = "tr_run"
FLASH = "tr_flash"
LABELS = ("A", "B")
VOTE_LABELS = {"prompt": "the captured prompt", "baseline": "the one-line baseline", "tie": "a tie"}


@action(FLASH)
def on_ask() -> None:
    trials.checked_scenario(st.session_state.get("tr_scenario", ""))
    st.session_state[RUN_KEY] = True


@action(FLASH)
def on_vote(trial_id: int, outcome: str) -> None:
    with database() as db:
        trial_runs.vote(db, trial_id, outcome)
    st.session_state["tr_voted"] = outcome


def _shown(chunks: Iterator[str], kept: list[str]) -> Iterator[str]:
    """The model's text escaped as it streams (no Markdown, HTML or image is rendered); the raw text is kept."""
    for chunk in chunks:
        kept.append(chunk)
        yield plain(chunk)


def run_side_by_side(interview: Interview) -> None:
    """Stream both answers in random order, save them with the order, then show the saved result."""
    scenario = st.session_state.get("tr_scenario", "")
    with database() as db:
        prompt = interviews.draft(db=db, interview=interview)
    arms, answers = trials.shuffled_arms(), {}
    try:
        with client_for(interview.id) as client:
            for label, arm, column in zip(LABELS, arms, st.columns(2)):
                with column:
                    st.markdown(f"**Answer {label}**")
                    answers[arm] = []
                    st.write_stream(_shown(trials.answer_stream(client, prompt, arm, scenario), answers[arm]))
    except (LLMError, AnswerError) as exc:
        st.session_state[FLASH] = failed(exc) if isinstance(exc, LLMError) else str(exc)
        return
    answers = {arm: "".join(parts).strip() for arm, parts in answers.items()}
    with database() as db:
        trial_runs.save_pair(db, interview.id, scenario, arms, answers)
    st.session_state.pop("tr_voted", None)
    st.rerun()


def render_vote(trial) -> None:
    """The latest saved pair of answers, labels hidden, and the three ways to vote."""
    data = trial.data
    st.markdown("**Scenario**")
    st.text(trial.scenario)
    for label, arm, column in zip(LABELS, data["arms"], st.columns(2)):
        with column, st.container(border=True):
            st.markdown(f"**Answer {label}**")
            st.text(data["answers"].get(arm, ""))
    with st.container(horizontal=True):
        for label, arm in zip(LABELS, data["arms"]):
            st.button(f"{label} is better", key=f"tr_vote_{label.lower()}", on_click=on_vote, args=(trial.id, arm))
        st.button("About the same", key="tr_vote_tie", on_click=on_vote, args=(trial.id, "tie"))


def render_side_by_side(interview: Interview, ready: bool) -> None:
    st.subheader("Side-by-side test")
    st.caption("Describe a situation. The captured prompt and a one-line baseline (the goal sentence alone) "
               "answer it; you see them as A and B in random order and pick the better one.")
    st.text_area("Scenario", key="tr_scenario", height=120, disabled=not ready,
                 placeholder="A client calls at 11 pm: a journalist has the leaked contract...")
    st.button("Ask both", key="tr_ask", type="primary", icon=":material/compare:", on_click=on_ask,
              disabled=not ready)
    if ready and st.session_state.pop(RUN_KEY, False):
        run_side_by_side(interview)
    render_flash_of(FLASH)
    voted = st.session_state.pop("tr_voted", None)
    if voted:
        st.success(f"Vote saved: {VOTE_LABELS[voted]}." if voted == "tie"
                   else f"Vote saved: you preferred {VOTE_LABELS[voted]}.")
    with database() as db:
        pending = trial_runs.waiting_pair(db, interview.id)
    if pending is not None:
        render_vote(pending)


@guarded
def render_page() -> None:
    found = opened("Try it", no_link="Open a playbook from the home page, then Try it from there.",
                   not_found="No interview matches this link. Open one from the home page.")
    if found is None:
        return
    link, interview, _record = found
    st.title(f"Try it: {plain(interview.topic or interview.guide.title)}")
    st.page_link(PLAYBOOK, label="Back to the playbook", icon=":material/menu_book:", query_params=link)
    render_summary(interview.id)
    ready = llm_ready()
    if not ready:
        render_no_llm()
    render_side_by_side(interview, ready)
    render_teach_back(interview, ready)
    render_fidelity(interview, ready)


render_page()
