"""The fidelity score on the Try it page: the expert answers new decision questions; both prompts predict them."""

from __future__ import annotations

import streamlit as st

from elicit.services import trial_runs
from elicit.core.interview import Interview
from elicit.presenting import plain
from elicit.ui.common import database
from elicit.ui.parts.trials import action, client_for, render_flash_of

FLASH = "fi_flash"


def _answer_key(trial_id: int, n: int) -> str:
    return f"fi_answer_{trial_id}_{n}"


@action(FLASH)
def on_questions(interview: Interview) -> None:
    with client_for(interview.id) as client:
        trial_runs.start_fidelity(database, client, interview)


@action(FLASH)
def on_score(interview: Interview, trial_id: int) -> None:
    """Save the expert's answers first; then predict them with each prompt and judge the agreement."""
    with database() as db:
        questions = trial_runs.questions_of(db, trial_id)
        typed = [st.session_state.get(_answer_key(trial_id, n)) or "" for n in range(len(questions))]
        trial_runs.keep_expert_answers(db, trial_id, typed)
    with client_for(interview.id) as client:
        st.session_state["fi_done"] = trial_runs.score(database, client, interview, trial_id, questions, typed)


def render_open_run(interview: Interview, trial, ready: bool) -> None:
    with st.container(border=True):
        saved = trial.data.get("expert", [])
        for n, question in enumerate(trial.data["questions"]):
            st.markdown(plain(f"{n + 1}. {question}"))
            st.text_input("Your answer", key=_answer_key(trial.id, n), label_visibility="collapsed",
                          value=saved[n] if n < len(saved) else "", placeholder="Your decision, in a line")
        st.button("Score the prompt", key=f"fi_score_{trial.id}", type="primary", on_click=on_score,
                  args=(interview, trial.id), disabled=not ready)


def render_fidelity(interview: Interview, ready: bool) -> None:
    st.subheader("Fidelity score")
    st.caption("The assistant asks three to five short decision questions about cases the interview never "
               "covered. You answer them; then the captured prompt and the baseline each predict your answers, "
               "and the share that agree with yours is the score.")
    st.button("Propose questions", key="fi_propose", icon=":material/quiz:", on_click=on_questions,
              args=(interview,), disabled=not ready)
    render_flash_of(FLASH)
    done = st.session_state.pop("fi_done", None)
    if done:
        st.success(plain(done))
    with database() as db:
        run = trial_runs.open_fidelity(db, interview.id)
    if run is not None:
        render_open_run(interview, run, ready)
