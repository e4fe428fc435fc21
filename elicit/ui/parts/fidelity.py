"""The fidelity score on the Try it page: the expert answers new decision questions; both prompts predict them."""

from __future__ import annotations

import streamlit as st

from elicit import store
from elicit.services import interviews, trials
from elicit.interview import Interview
from elicit.presenting import plain
from elicit.ui.common import database
from elicit.ui.parts.trials import action, client_for, render_flash_of

FLASH = "fi_flash"


def _answer_key(trial_id: int, n: int) -> str:
    return f"fi_answer_{trial_id}_{n}"


@action(FLASH)
def on_questions(interview: Interview) -> None:
    with database() as db:
        prompt = interviews.draft(db=db, interview=interview)
    with client_for(interview.id) as client:
        questions = trials.fidelity_questions(client, prompt)
    with database() as db:
        store.save_trial(db=db, interview_id=interview.id, kind="fidelity", outcome="questions",
                         data={"questions": questions})


@action(FLASH)
def on_score(interview: Interview, trial_id: int) -> None:
    """Save the expert's answers first; then predict them with each prompt and judge the agreement."""
    with database() as db:
        data = db.get(store.TrialRecord, trial_id).data
        questions = data["questions"]
        typed = [st.session_state.get(_answer_key(trial_id, n)) or "" for n in range(len(questions))]
        store.update_trial(db=db, trial_id=trial_id, data={**data, "expert": typed})
        expert = trials.checked_answers(questions, typed)
        prompt = interviews.draft(db=db, interview=interview)
    scored = {"questions": questions, "expert": expert}
    with client_for(interview.id) as client:
        for arm in trials.ARMS:
            scored[f"{arm}_answers"] = trials.predict(client, prompt, arm, questions)
            scored[f"{arm}_agrees"] = trials.judge(client, questions, expert, scored[f"{arm}_answers"])
    with database() as db:
        store.update_trial(db=db, trial_id=trial_id, outcome="scored", data=scored)
    st.session_state["fi_done"] = trials.fidelity([scored]).line()


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
        runs = store.list_trials(db=db, interview_id=interview.id, kind="fidelity")
    open_runs = [t for t in runs if t.outcome == "questions"]
    if open_runs:
        render_open_run(interview, open_runs[-1], ready)
