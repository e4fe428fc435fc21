"""The edit lock every use case that changes a playbook goes through, below them all: an archived playbook takes
no change (`require_open`), an edit of an approved one makes it a draft again (`note_edit`), and the audit log
names who did it (`label_of`). It imports no other use case, so interviews, statements and teams can all use it.
"""

from __future__ import annotations

from elicit.adapters import store
from elicit.adapters.store import Db
from elicit.core.access import Actor, ReviewStatus
from elicit.core.errors import ClosedError


def label_of(db: Db, actor: Actor) -> str:
    """How the audit log and comments name the actor."""
    if actor.is_expert:
        return "the expert (by link)"
    if actor.user_id is None:
        return "an edit of the answers"
    account = store.get_account(db=db, account_id=actor.user_id) if actor.user_id else None
    return f"{account.name} ({account.role})" if account else "nobody"


def audit(db: Db, actor: Actor, action: str, interview_id: str, detail: str = "") -> None:
    store.audit(db=db, actor_label=label_of(db, actor), actor_id=actor.user_id, action=action,
                object_type="interview", object_id=interview_id, detail=detail)


def note_edit(db: Db, actor: Actor, interview_id: str, why: str = "") -> None:
    """An edit after approval makes the playbook a draft again (its next Finish is a new version)."""
    record = store.get_interview(db=db, interview_id=interview_id)
    if record.review_status == ReviewStatus.APPROVED.value:
        store.set_review_status(db=db, interview_id=interview_id, status=ReviewStatus.DRAFT.value)
        audit(db, actor, "status: draft", interview_id, f"edited after approval: {why}" if why else
               "edited after approval")


ARCHIVED = ("this playbook is archived, so it takes no answers or edits; ask its owner or consultant to restore "
            "it (Back to draft, on its Review page)")


def require_open(db: Db, interview_id: str) -> store.InterviewRecord:
    """The interview's record, unless it is archived (ClosedError): an archived playbook changes no more."""
    record = store.get_interview(db=db, interview_id=interview_id)
    if record.review_status == ReviewStatus.ARCHIVED.value:
        raise ClosedError(ARCHIVED)
    return record
