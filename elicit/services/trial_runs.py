"""Try it, as use cases: each step of a vote, a teach-back case or a fidelity run, saved as soon as it is known.

`trials` says what the model is sent and what its replies become; this module runs those calls for one
interview, with a client whose calls go to the usage log, and keeps every result in the store. `open_db` is
the caller's way to open a short session: model calls happen between sessions, never inside one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from elicit.adapters import llm, store
from elicit.core.access import Action, Actor
from elicit.adapters.config import get_settings
from elicit.core.errors import AnswerError, LLMError
from elicit.core.interview import Interview
from elicit.services import drafting, interviews, statements, teams, trials, usage
from elicit.adapters.store import Db

OpenDb = Callable[[], AbstractContextManager[Db]]
TrialRecord = store.TrialRecord
OPEN_CASES = ("answered", "proposed")
CLOSED_CASES = ("accepted", "rejected")


@contextmanager
def client_for(open_db: OpenDb, interview_id: str) -> Iterator[llm.LLMClient]:
    """A client whose calls are stored in the usage log when the block ends, however it ends."""
    client = drafting.client_or_none(get_settings())
    if client is None:
        raise LLMError("no language model is configured; set ELICIT_LLM_BASE_URL and ELICIT_LLM_MODEL")
    with open_db() as db:
        usage.seed_mode(db, client)
    try:
        yield client
    finally:
        with open_db() as db:
            usage.record_llm_calls(db, client, interview_id)


def trial(db: Db, trial_id: int) -> store.TrialRecord:
    return db.get(store.TrialRecord, trial_id)


def of_kind(db: Db, interview_id: str, kind: str) -> list[store.TrialRecord]:
    return store.list_trials(db=db, interview_id=interview_id, kind=kind)


def summary(db: Db, interview_id: str) -> list[str]:
    """The playbook's side-by-side win rate and fidelity, one line each."""
    votes = trials.win_rate([t.outcome for t in of_kind(db, interview_id, "vote")])
    return [votes.line(), trials.fidelity([t.data for t in of_kind(db, interview_id, "fidelity")]).line()]


# --- side by side -------------------------------------------------------------------------------------------

def save_pair(db: Db, interview_id: str, scenario: str, arms: list[str], answers: dict[str, str]) -> None:
    """Both answers to one scenario, with the order they were shown in, waiting for a vote."""
    store.save_trial(db=db, interview_id=interview_id, kind="vote", scenario=trials.checked_scenario(scenario),
                     data={"arms": arms, "answers": answers})


def waiting_pair(db: Db, interview_id: str) -> store.TrialRecord | None:
    pending = [t for t in of_kind(db, interview_id, "vote") if not t.outcome]
    return pending[-1] if pending else None


def vote(db: Db, trial_id: int, outcome: str) -> None:
    store.update_trial(db=db, trial_id=trial_id, outcome=outcome)


# --- teach-back ---------------------------------------------------------------------------------------------

def answer_cases(open_db: OpenDb, client: llm.LLMClient, interview: Interview, scenarios: dict[int, str],
                 saved: Callable[[int], None], *, least: int) -> None:
    """Answer each scenario with the prompt; each case is saved as soon as its answer is in (then `saved(n)`)."""
    with open_db() as db:
        prompt = interviews.draft(db=db, interview=interview)
        waiting = [t for t in of_kind(db, interview.id, "teach_back") if t.outcome in OPEN_CASES]
    if not scenarios or len(scenarios) + len(waiting) < least:
        raise AnswerError(f"write at least {least} scenarios (or ask for suggestions), then ask again")
    for n, scenario in scenarios.items():
        answer = trials.answer_text(client, prompt, trials.checked_scenario(scenario))
        with open_db() as db:
            store.save_trial(db=db, interview_id=interview.id, kind="teach_back", scenario=scenario,
                             outcome="answered", data={"answer": answer})
        saved(n)


def propose(open_db: OpenDb, client: llm.LLMClient, interview: Interview, trial_id: int, *, wrong: str,
            better: str) -> None:
    """Save the correction first, then ask for the edits it implies and keep them for the expert to decide."""
    with open_db() as db:
        trial = db.get(store.TrialRecord, trial_id)
        data = {**trial.data, "wrong": wrong, "better": better}
        store.update_trial(db=db, trial_id=trial_id, data=data)
        prompt = interviews.draft(db=db, interview=interview)
    edits = trials.propose_edits(client, prompt, scenario=trial.scenario, answer=data["answer"], wrong=wrong,
                                 better=better, tag=f"tb{trial_id}")
    with open_db() as db:
        store.update_trial(db=db, trial_id=trial_id, outcome="proposed",
                           data={**data, "edits": [vars(e) for e in edits]})


def proposed_edits(trial: store.TrialRecord) -> list[trials.Edit]:
    return [trials.Edit(**e) for e in trial.data.get("edits", [])]


def decide(db: Db, actor: Actor, interview: Interview, trial_id: int, texts: list[str | None], *, accept: bool,
           by_link: bool) -> None:
    """Accept the proposed edits as worded in `texts` (the expert may have changed them), or reject them all."""
    if accept and not by_link:  # the expert's own link may always edit
        teams.require_permitted(db, actor, Action.EDIT_PROMPT, interviews.record(db=db, interview_id=interview.id))
    trial = db.get(store.TrialRecord, trial_id)
    edits = proposed_edits(trial)
    kept = [(typed or edit.text).strip() for edit, typed in zip(edits, texts)]
    if accept:
        for edit, text in zip(edits, kept):
            if text and text != edit.original:
                statements.change(db, interview_id=interview.id, key=edit.key, text=text, source="teach_back",
                                  actor=actor)
    store.update_trial(db=db, trial_id=trial_id, outcome="accepted" if accept else "rejected",
                       data={**trial.data, "accepted": kept if accept else []})


# --- fidelity -----------------------------------------------------------------------------------------------

def start_fidelity(open_db: OpenDb, client: llm.LLMClient, interview: Interview) -> None:
    """New decision questions for the expert to answer, saved as an open run."""
    with open_db() as db:
        prompt = interviews.draft(db=db, interview=interview)
    questions = trials.fidelity_questions(client, prompt)
    with open_db() as db:
        store.save_trial(db=db, interview_id=interview.id, kind="fidelity", outcome="questions",
                         data={"questions": questions})


def open_fidelity(db: Db, interview_id: str) -> store.TrialRecord | None:
    runs = [t for t in of_kind(db, interview_id, "fidelity") if t.outcome == "questions"]
    return runs[-1] if runs else None


def questions_of(db: Db, trial_id: int) -> list[str]:
    return db.get(store.TrialRecord, trial_id).data["questions"]


def keep_expert_answers(db: Db, trial_id: int, typed: list[str]) -> None:
    """Save what the expert typed before anything else happens with it."""
    data = db.get(store.TrialRecord, trial_id).data
    store.update_trial(db=db, trial_id=trial_id, data={**data, "expert": typed})


def score(open_db: OpenDb, client: llm.LLMClient, interview: Interview, trial_id: int, questions: list[str],
          typed: list[str]) -> str:
    """Predict the expert's answers with each prompt, judge the agreement, save the scored run; its line."""
    expert = trials.checked_answers(questions, typed)
    with open_db() as db:
        prompt = interviews.draft(db=db, interview=interview)
    scored: dict[str, Any] = {"questions": questions, "expert": expert}
    for arm in trials.ARMS:
        scored[f"{arm}_answers"] = trials.predict(client, prompt, arm, questions)
        scored[f"{arm}_agrees"] = trials.judge(client, questions, expert, scored[f"{arm}_answers"])
    with open_db() as db:
        store.update_trial(db=db, trial_id=trial_id, outcome="scored", data=scored)
    return trials.fidelity([scored]).line()
