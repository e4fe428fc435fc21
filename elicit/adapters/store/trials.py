"""Trials: what trying a captured prompt produced (side-by-side votes, teach-back cases, fidelity runs)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel, select

from elicit.adapters.store.columns import _interview_key, _timestamp
from elicit.adapters.store.engine import Db, _begin_write, _commit, _require

TRIAL_KINDS = ("vote", "teach_back", "fidelity")


class TrialRecord(SQLModel, table=True):
    """One try of an interview's prompt: a vote, a teach-back case or a fidelity run; details as JSON."""

    __tablename__ = "trial"
    id: int | None = Field(default=None, primary_key=True)
    interview_id: str = _interview_key()
    kind: str = Field(index=True)
    scenario: str = ""
    outcome: str = ""
    data_json: str = "{}"
    created_at: datetime = _timestamp()

    @property
    def data(self) -> dict[str, Any]:
        return json.loads(self.data_json or "{}")


def save_trial(*, db: Db, interview_id: str, kind: str, scenario: str = "", outcome: str = "",
               data: dict[str, Any] | None = None) -> TrialRecord:
    """Store one trial (committed before anything shows it)."""
    _require(kind, TRIAL_KINDS, "trial kind")
    _begin_write(db)
    return _commit(db, TrialRecord(interview_id=interview_id, kind=kind, scenario=scenario, outcome=outcome,
                                   data_json=json.dumps(data or {})))


def update_trial(*, db: Db, trial_id: int, outcome: str | None = None,
                 data: dict[str, Any] | None = None) -> TrialRecord:
    """Change a trial's outcome or details (a teach-back case corrected, then its edit accepted)."""
    _begin_write(db)
    record = db.get(TrialRecord, trial_id)
    if outcome is not None:
        record.outcome = outcome
    if data is not None:
        record.data_json = json.dumps(data)
    return _commit(db, record)


def list_trials(*, db: Db, interview_id: str, kind: str) -> list[TrialRecord]:
    """An interview's trials of one kind, oldest first."""
    query = (select(TrialRecord).where(TrialRecord.interview_id == interview_id, TrialRecord.kind == kind)
             .order_by(TrialRecord.id))
    return list(db.exec(query).all())
