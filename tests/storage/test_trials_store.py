"""Trial storage on SQLite and PostgreSQL: votes, teach-back cases and fidelity runs kept per interview."""

from __future__ import annotations

import pytest

from elicit.adapters import store


@pytest.fixture
def interview_id(db):
    record, _ = store.create_interview(db=db, guide_id="general", guide_version=1, expert="Sam", topic="leaks")
    return record.id


def test_trials_are_saved_updated_and_listed_by_kind(db, interview_id):
    vote = store.save_trial(db=db, interview_id=interview_id, kind="vote", scenario="A leak.",
                            data={"arms": ["baseline", "prompt"], "answers": {"prompt": "p", "baseline": "b"}})
    store.save_trial(db=db, interview_id=interview_id, kind="fidelity", outcome="questions", data={"questions": ["q"]})
    store.update_trial(db=db, trial_id=vote.id, outcome="prompt")
    [saved] = store.list_trials(db=db, interview_id=interview_id, kind="vote")
    assert (saved.scenario, saved.outcome, saved.data["arms"]) == ("A leak.", "prompt", ["baseline", "prompt"])
    assert [t.kind for t in store.list_trials(db=db, interview_id=interview_id, kind="fidelity")] == ["fidelity"]


def test_an_unknown_kind_is_refused(db, interview_id):
    with pytest.raises(ValueError, match="trial kind must be one of"):
        store.save_trial(db=db, interview_id=interview_id, kind="poll")
