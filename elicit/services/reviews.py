"""What the team's Review page reads and changes besides the status: comments, tags, versions, history, approver."""

from __future__ import annotations

from elicit.adapters import store
from elicit.core.access import Action, Actor
from elicit.core.errors import AccessDeniedError
from elicit.services import teams
from elicit.adapters.store import Db

CommentRecord = store.CommentRecord


def comments(db: Db, interview_id: str) -> list[store.CommentRecord]:
    return store.list_comments(db=db, interview_id=interview_id)


def resolve_comment(db: Db, actor: Actor, interview_id: str, comment_id: int) -> store.CommentRecord:
    """Mark a thread resolved, by someone who may comment on this playbook; the comment must be one of its own."""
    teams.record_for(db, actor, Action.COMMENT, interview_id)
    if not any(c.id == comment_id for c in comments(db, interview_id)):
        raise AccessDeniedError("that comment is not on this playbook; reload the page")
    return store.resolve_comment(db=db, comment_id=comment_id)


def tags(db: Db, interview_id: str) -> list[str]:
    return store.tags_of(db=db, interview_id=interview_id)


def set_tags(db: Db, actor: Actor, interview_id: str, text: str) -> list[str]:
    """The tags typed as one comma-separated line, by someone who may edit the playbook."""
    teams.record_for(db, actor, Action.EDIT_PROMPT, interview_id)
    return store.set_tags(db=db, interview_id=interview_id, tags=text.split(","))


def versions(db: Db, interview_id: str) -> list[store.PromptVersionRecord]:
    """Every saved version of the prompt, oldest first (each Finish saves one)."""
    return store.list_prompt_versions(db=db, interview_id=interview_id)


def history(db: Db, interview_id: str, *, limit: int = 500) -> list[store.AuditRecord]:
    """The audit entries about this one playbook, newest first."""
    return [e for e in store.audit_log(db=db, limit=limit) if e.object_id == interview_id]


def approver_name(db: Db, record: store.InterviewRecord) -> str:
    account = store.get_account(db=db, account_id=record.approved_by) if record.approved_by else None
    return account.name if account else "a reviewer"
