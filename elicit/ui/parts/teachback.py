"""Teach-back on the Try it page: the prompt answers the expert's scenarios; corrections become proposed edits."""

from __future__ import annotations

import streamlit as st

from elicit.services import interviews, trial_runs, trials
from elicit.core.errors import AnswerError
from elicit.core.interview import Interview
from elicit.presenting import plain
from elicit.ui.common import current_actor, database, interview_link
from elicit.ui.parts.trials import action, client_for, render_flash_of
from elicit.services import Db

FLASH = "tb_flash"
SLOTS = 3
MIN_SCENARIOS = 2


def _scenario_key(n: int) -> str:
    return f"tb_scenario_{n}"


def _edit_key(trial_id: int, n: int) -> str:
    return f"tb_edit_{trial_id}_{n}"


def _prompt(db: Db, interview: Interview):
    return interviews.draft(db=db, interview=interview)


@action(FLASH)
def on_suggest(interview: Interview) -> None:
    with database() as db:
        prompt = _prompt(db, interview)
    with client_for(interview.id) as client:
        suggested = trials.suggest_scenarios(client, prompt)
    for n, scenario in enumerate(suggested[:SLOTS]):
        st.session_state[_scenario_key(n)] = scenario


@action(FLASH)
def on_answer(interview: Interview) -> None:
    """Answer each scenario with the prompt; each case is saved as soon as its answer is in."""
    slots = {n: s.strip() for n in range(SLOTS) if (s := st.session_state.get(_scenario_key(n)) or "").strip()}

    def saved(n: int) -> None:
        st.session_state[_scenario_key(n)] = ""  # answered and saved: a retry after a failure skips it

    if not slots:
        raise AnswerError(f"write at least {MIN_SCENARIOS} scenarios (or ask for suggestions), then ask again")
    with client_for(interview.id) as client:
        trial_runs.answer_cases(database, client, interview, slots, saved, least=MIN_SCENARIOS)


@action(FLASH)
def on_propose(interview: Interview, trial_id: int) -> None:
    """Save the correction first, then ask for the edits it implies."""
    with client_for(interview.id) as client:
        trial_runs.propose(database, client, interview, trial_id, wrong=st.session_state.get(f"tb_wrong_{trial_id}", ""),
                           better=st.session_state.get(f"tb_better_{trial_id}", ""))


@action(FLASH)
def on_decide(interview: Interview, trial_id: int, accept: bool) -> None:
    """Accept the proposed edits as they stand in their boxes (the expert may have changed them), or reject."""
    with database() as db:
        count = len(trial_runs.proposed_edits(trial_runs.trial(db, trial_id)))
        texts = [st.session_state.get(_edit_key(trial_id, n)) for n in range(count)]
        trial_runs.decide(db, current_actor(db), interview, trial_id, texts, accept=accept,
                          by_link="i" in interview_link())
    st.session_state["tb_done"] = "Saved: the prompt now includes your correction." if accept else \
        "Rejected: the prompt is unchanged."


def render_answered(interview: Interview, trial, ready: bool) -> None:
    st.text_area("What is wrong with this answer?", key=f"tb_wrong_{trial.id}", height=80,
                 value=trial.data.get("wrong", ""))
    st.text_area("What would you have done?", key=f"tb_better_{trial.id}", height=80,
                 value=trial.data.get("better", ""))
    st.button("Propose an edit of the prompt", key=f"tb_propose_{trial.id}", on_click=on_propose,
              args=(interview, trial.id), disabled=not ready)


def render_proposed(interview: Interview, trial) -> None:
    st.markdown("**Proposed edits** (change the wording in a box before accepting, if you like)")
    for n, edit in enumerate(trial_runs.proposed_edits(trial)):
        st.code(edit.diff(), language="diff", wrap_lines=True)
        st.text_area("Wording", key=_edit_key(trial.id, n), value=edit.text, height=70, label_visibility="collapsed")
    with st.container(horizontal=True):
        st.button("Accept", key=f"tb_accept_{trial.id}", type="primary", on_click=on_decide,
                  args=(interview, trial.id, True))
        st.button("Reject", key=f"tb_reject_{trial.id}", on_click=on_decide, args=(interview, trial.id, False))


def render_case(interview: Interview, trial, ready: bool) -> None:
    with st.container(border=True):
        st.markdown("**Scenario**")
        st.text(trial.scenario)
        st.markdown("**The prompt's answer**")
        st.text(trial.data.get("answer", ""))
        if trial.outcome == "answered":
            render_answered(interview, trial, ready)
        else:
            render_proposed(interview, trial)


def render_teach_back(interview: Interview, ready: bool) -> None:
    st.subheader("Teach-back")
    st.caption("Write two or three situations from your own experience (or ask for suggestions). The prompt "
               "answers them; say what is wrong and what you would have done, and the assistant proposes an edit "
               "of the prompt for you to accept, change or reject.")
    for n in range(SLOTS):
        st.text_area(f"Scenario {n + 1}", key=_scenario_key(n), height=80, disabled=not ready)
    with st.container(horizontal=True):
        st.button("Suggest scenarios", key="tb_suggest", icon=":material/auto_awesome:", on_click=on_suggest,
                  args=(interview,), disabled=not ready)
        st.button("Answer them with the prompt", key="tb_answer", type="primary", on_click=on_answer,
                  args=(interview,), disabled=not ready)
    render_flash_of(FLASH)
    done = st.session_state.pop("tb_done", None)
    if done:
        st.success(done)
    with database() as db:
        cases = trial_runs.of_kind(db, interview.id, "teach_back")
    for trial in cases:
        if trial.outcome in trial_runs.OPEN_CASES:
            render_case(interview, trial, ready)
    closed = [t for t in cases if t.outcome in trial_runs.CLOSED_CASES]
    if closed:
        accepted = sum(t.outcome == "accepted" for t in closed)
        st.caption(plain(f"Earlier cases: {accepted} correction(s) accepted into the prompt, "
                         f"{len(closed) - accepted} rejected."))
