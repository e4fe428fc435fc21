"""Team work with every check in place: who may see and change what, invitations, review status, comments, audit.

It runs over 300 lines because every team rule (who may see, change, move, comment on and hand over a playbook) is
checked here against the one `access.allowed`; split, the rules would drift apart.
"""

from __future__ import annotations

from typing import Any

from elicit.adapters import store
from elicit.services import accounts, playbooks
from elicit.services.editing import audit as _audit, label_of
from elicit.core.anatomy import ELEMENT_IDS
from elicit.core.access import SUBMITTED, Action, Actor, ReviewStatus, Role, Target, allowed, can_move
from elicit.core.errors import AccessDeniedError, ElicitError
from elicit.core.guides import Guide
from elicit.adapters.store import Db

STATUS_ACTIONS = {
    ReviewStatus.IN_REVIEW: Action.SUBMIT_FOR_REVIEW,
    ReviewStatus.CHANGES_REQUESTED: Action.REQUEST_CHANGES,
    ReviewStatus.APPROVED: Action.APPROVE,
    ReviewStatus.ARCHIVED: Action.ARCHIVE,
    ReviewStatus.DRAFT: Action.EDIT_PROMPT,
}


def target_of(record: store.InterviewRecord) -> Target:
    return Target(interview_id=record.id, owner_id=record.owner_id, team_id=record.team_id,
                  status=ReviewStatus(record.review_status))


def require(actor: Actor, action: Action, record: store.InterviewRecord | None = None) -> None:
    """Raise AccessDeniedError unless the actor may do the action (to the interview, when given)."""
    if not allowed(actor, action, target_of(record) if record is not None else Target()):
        what = " this playbook" if record is not None else ""  # never its topic: that is not theirs to see
        raise AccessDeniedError(f"you may not {action.value.replace('_', ' ')}{what}; sign in, or ask its "
                                "owner or your workspace owner for access")


def working_alone(db: Db) -> bool:
    """Whether no team is set up yet (no owner account): then the app is one person's tool and every page is open."""
    return accounts.needs_owner(db=db)


def permits(db: Db, actor: Actor, action: Action, record: store.InterviewRecord | None = None) -> bool:
    """The one permission question every page and command asks: may this person do this (to this playbook)?

    Working alone, everyone may; in a team, `access.allowed` decides by role, ownership and status.
    """
    return working_alone(db) or allowed(actor, action, target_of(record) if record is not None else Target())


def require_permitted(db: Db, actor: Actor, action: Action, record: store.InterviewRecord | None = None) -> None:
    """Raise AccessDeniedError unless `permits` says yes."""
    if not permits(db, actor, action, record):
        require(actor, action, record)


def record_for(db: Db, actor: Actor, action: Action, interview_id: str) -> store.InterviewRecord:
    record = store.get_interview(db=db, interview_id=interview_id)
    require(actor, action, record)
    return record


def scope_for(actor: Actor) -> dict[str, Any]:
    """The library's visibility filter for this actor (see access.can_view)."""
    if actor.role is Role.OWNER:
        return {}
    if actor.role is Role.CONSULTANT:
        return {"scope_owner": actor.user_id, "scope_team": actor.team_id}
    if actor.role is Role.REVIEWER:
        return {"scope_statuses": tuple(s.value for s in SUBMITTED)}
    raise AccessDeniedError("sign in to see the library")


def owners_visible_to(db: Db, actor: Actor) -> dict[str, str]:
    """The accounts a person may filter the library by owner: all for the owner, their team for a consultant.

    A reviewer, or a consultant of another team, is never shown who else has an account.
    """
    if actor.role is Role.OWNER or actor.role is None:
        people = [a for a in store.list_accounts(db=db) if a.role != Role.REVIEWER.value]
    elif actor.role is Role.CONSULTANT:
        people = [a for a in store.list_accounts(db=db) if a.id == actor.user_id or
                  (actor.team_id is not None and a.team_id == actor.team_id and a.role != Role.REVIEWER.value)]
    else:
        people = []
    return {a.id: a.name for a in people}


def library_for(db: Db, actor: Actor, **filters: Any) -> tuple[list[store.InterviewRecord], int]:
    return store.library(db=db, **scope_for(actor), **filters)


def create_for_expert(db: Db, actor: Actor, *, guide: Guide, expert: str, topic: str,
                      share_with_team: bool = True, path: str = "full") -> tuple[store.InterviewRecord, str]:
    """A consultant's new interview, owned by them (shared with their team) and an invitation link for the expert."""
    require(actor, Action.CREATE_INTERVIEW)
    if not expert.strip() or not topic.strip():
        raise ElicitError("add the expert's name and the topic")
    path = path if path in guide.paths else "full"
    record, _resume = store.create_interview(db=db, guide_id=guide.id, guide_version=guide.version,
                                             expert=expert.strip(), topic=topic.strip(), path=path)
    record = store.assign_interview(db=db, interview_id=record.id, owner_id=actor.user_id,
                                    team_id=actor.team_id if share_with_team else None)
    _audit(db, actor, "create", record.id, f"guide {guide.id}, expert {expert.strip()}")
    return record, invite(db, actor, record.id)


def start_upgrade(db: Db, actor: Actor, *, guide: Guide, expert: str, topic: str, missing: list[str],
                  text: str = "") -> dict[str, str]:
    """A Lint -> Upgrade interview; returns the query parameters that open it.

    Working alone it opens by its resume link, as before. Once a team is set up, only those who may
    create interviews may start one: it is theirs (shared with their team) and opens by id.
    """
    team = store.count_accounts(db=db) > 0
    if team:
        require(actor, Action.CREATE_INTERVIEW)
    interview, token = playbooks.start_upgrade(db=db, guide=guide, expert=expert, topic=topic, missing=missing,
                                               text=text)
    if not team:
        return {"i": token}
    store.assign_interview(db=db, interview_id=interview.id, owner_id=actor.user_id, team_id=actor.team_id)
    _audit(db, actor, "create", interview.id, f"upgrade of a linted prompt, guide {guide.id}")
    return {"id": interview.id}


def invite(db: Db, actor: Actor, interview_id: str) -> str:
    record_for(db, actor, Action.INVITE, interview_id)
    _invitation, token = store.create_invitation(db=db, interview_id=interview_id, created_by=actor.user_id)
    _audit(db, actor, "invite", interview_id)
    return token


def revoke(db: Db, actor: Actor, invitation_id: int) -> None:
    invitation = store.get_invitation(db=db, invitation_id=invitation_id)
    if invitation is None:
        raise ElicitError(f"no invitation has the id {invitation_id}")
    record_for(db, actor, Action.INVITE, invitation.interview_id)
    store.revoke_invitation(db=db, invitation_id=invitation_id)
    _audit(db, actor, "revoke invitation", invitation.interview_id, f"invitation {invitation_id}")


def expert_for_link(db: Db, token: str) -> tuple[store.InterviewRecord, Actor]:
    """The interview an expert's link opens and its actor: a live invitation, or working alone its resume link.

    Once a team is set up only invitations open interviews, so every link expires and can be revoked (the
    links made before became invitations when the owner was created).
    """
    try:
        record = store.get_interview(db=db, interview_id=store.invitation_for_token(db=db, token=token).interview_id)
    except ElicitError:
        if store.count_accounts(db=db):
            raise
        record = store.find_interview_by_token(db=db, token=token)
    return record, Actor(interview_id=record.id)


def move_action(current: ReviewStatus, new: ReviewStatus) -> Action:
    """What moving a playbook from one status to another takes (out of the archive: a restore)."""
    return Action.RESTORE if current is ReviewStatus.ARCHIVED else STATUS_ACTIONS[new]


def set_status(db: Db, actor: Actor, interview_id: str, new: ReviewStatus, note: str = "") -> store.InterviewRecord:
    """Move a playbook through review; approving records who and when."""
    record = store.get_interview(db=db, interview_id=interview_id)
    current = ReviewStatus(record.review_status)
    require(actor, move_action(current, new), record)
    if not can_move(current, new):
        raise ElicitError(f"a playbook that is {current.value.replace('_', ' ')} cannot become "
                          f"{new.value.replace('_', ' ')}")
    record = store.set_review_status(db=db, interview_id=interview_id, status=new.value,
                                     approved_by=actor.user_id if new is ReviewStatus.APPROVED else None)
    _audit(db, actor, f"status: {new.value}", interview_id, note)
    return record


def _check_section(section: object) -> None:
    """Values a page sends come from the browser: a section must be one of the ten."""
    if section not in ELEMENT_IDS:
        raise ElicitError("that section is not one of the ten parts of a prompt; reload the page and pick it again")


def comment(db: Db, actor: Actor, interview_id: str, *, section: str, body: str,
            parent_id: int | None = None) -> store.CommentRecord:
    record_for(db, actor, Action.COMMENT, interview_id)
    _check_section(section)
    if not isinstance(parent_id, int | None):
        raise ElicitError("that thread is not on this playbook; reload the page and pick it again")
    if not body.strip():
        raise ElicitError("the comment is empty; write something first")
    made = store.add_comment(db=db, interview_id=interview_id, section=section, body=body,
                             author_label=label_of(db, actor), author_id=actor.user_id, parent_id=parent_id)
    _audit(db, actor, "comment", interview_id, section)
    return made


def approve_section(db: Db, actor: Actor, interview_id: str, *, section: str) -> store.CommentRecord:
    record_for(db, actor, Action.APPROVE_SECTION, interview_id)
    _check_section(section)
    made = store.add_comment(db=db, interview_id=interview_id, section=section, body="Approved this section.",
                             author_label=label_of(db, actor), author_id=actor.user_id, kind="approval")
    _audit(db, actor, "approve section", interview_id, section)
    return made


# --- people (the owner's page) ---------------------------------------------------------------------------


def _team_named(db: Db, name: str) -> str | None:
    name = name.strip()
    if not name:
        return None
    existing = [t for t in store.list_teams(db=db) if t.name.lower() == name.lower()]
    return existing[0].id if existing else store.create_team(db=db, name=name).id


def invite_person(db: Db, actor: Actor, *, email: str, name: str, role: Role,
                  team: str = "") -> tuple[store.AccountRecord, str]:
    """The owner adds a person, who sets their own password on the returned link; the audit log says so."""
    require(actor, Action.MANAGE_USERS)
    account, token = accounts.invite_user(db=db, email=email, name=name, role=role, team_id=_team_named(db, team))
    store.audit(db=db, actor_label=label_of(db, actor), actor_id=actor.user_id, action="add person",
                object_type="account", object_id=account.id, detail=f"{account.name}, {account.role}")
    return account, token


def renew_welcome(db: Db, actor: Actor, account_id: str) -> str:
    """A fresh welcome link for a person who lost theirs (the old one stops working)."""
    require(actor, Action.MANAGE_USERS)
    account = store.get_account(db=db, account_id=account_id)
    if account is None:
        raise ElicitError("this person is not in the workspace any more; reload the page")
    token = store.start_welcome(db=db, account_id=account_id)
    store.audit(db=db, actor_label=label_of(db, actor), actor_id=actor.user_id, action="new welcome link",
                object_type="account", object_id=account_id, detail=account.name)
    return token


def switch_person(db: Db, actor: Actor, account_id: str, active: bool) -> None:
    require(actor, Action.MANAGE_USERS)
    account = store.update_account(db=db, account_id=account_id, active=active)
    store.audit(db=db, actor_label=label_of(db, actor), actor_id=actor.user_id,
                action="switch on" if active else "switch off", object_type="account", object_id=account_id,
                detail=account.name)


# --- playbooks made before the team: the owner decides who owns each -------------------------------------


def unowned(db: Db, actor: Actor) -> list[store.InterviewRecord]:
    """The playbooks nobody owns yet (made while working alone, or from the command line): only the owner sees
    them listed for a decision; until then no consultant can open them."""
    require(actor, Action.MANAGE_USERS)
    return store.list_unowned(db=db)


def keepers(db: Db, actor: Actor) -> dict[str, str]:
    """Who may be given a playbook: the owner and every active consultant, by account id, named with their team."""
    require(actor, Action.MANAGE_USERS)
    names = {t.id: t.name for t in store.list_teams(db=db)}
    people = [a for a in store.list_accounts(db=db) if a.active and a.role in (Role.OWNER.value, Role.CONSULTANT.value)]
    return {a.id: f"{a.name} ({a.role}{', team ' + names[a.team_id] if a.team_id in names else ''})" for a in people}


def hand_over(db: Db, actor: Actor, interview_id: str, *, owner_id: str, share: bool = True) -> store.InterviewRecord:
    """Give a playbook nobody owns to a person (shared with their team when `share`); the audit log says so.

    One that found an owner meanwhile (another tab decided first) is left as it is, with a message.
    """
    require(actor, Action.MANAGE_USERS)
    record = store.get_interview(db=db, interview_id=interview_id)
    if record.owner_id is not None:
        raise ElicitError(f"“{record.expert} · {record.topic}” already has an owner; reload the page to see who")
    account = store.get_account(db=db, account_id=owner_id)
    if account is None or not account.active or account.role not in (Role.OWNER.value, Role.CONSULTANT.value):
        raise ElicitError("that person cannot own playbooks (only the owner and active consultants can); "
                          "choose someone else")
    team_id = account.team_id if share else None
    record = store.assign_interview(db=db, interview_id=interview_id, owner_id=account.id, team_id=team_id)
    team = next((t.name for t in store.list_teams(db=db) if t.id == team_id), None)
    _audit(db, actor, "hand over", interview_id, f"to {account.name}" + (f", shared with team {team}" if team else ""))
    return record


# --- housekeeping: rename and soft delete ------------------------------------------------------------------


def may_change(db: Db, actor: Actor, record: store.InterviewRecord) -> bool:
    """Working alone anyone may; in a team, whoever may edit the playbook's prompt."""
    return accounts.needs_owner(db=db) or allowed(actor, Action.EDIT_PROMPT, target_of(record))


def _changeable(db: Db, actor: Actor, interview_id: str) -> store.InterviewRecord:
    record = store.get_interview(db=db, interview_id=interview_id)
    if not may_change(db, actor, record):
        raise AccessDeniedError("only its owner or their team may rename or delete this playbook")
    return record


def rename(db: Db, actor: Actor, interview_id: str, *, expert: str, topic: str) -> store.InterviewRecord:
    before = _changeable(db, actor, interview_id)
    was = f"{before.expert} · {before.topic}"
    record = store.rename_interview(db=db, interview_id=interview_id, expert=expert, topic=topic)
    if not accounts.needs_owner(db=db):
        _audit(db, actor, "rename", interview_id, f"was {was}")
    return record


def delete(db: Db, actor: Actor, interview_id: str, *, undo: bool = False) -> store.InterviewRecord:
    """Delete softly (Undo brings it back with everything in it), or undo that."""
    _changeable(db, actor, interview_id)
    record = store.set_deleted(db=db, interview_id=interview_id, deleted=not undo)
    if not accounts.needs_owner(db=db):
        _audit(db, actor, "restore from delete" if undo else "delete", interview_id)
    return record


# --- what awaits a person ----------------------------------------------------------------------------------


def inbox(db: Db, actor: Actor, *, limit: int = 20) -> list[store.InterviewRecord]:
    """The playbooks waiting on this person: in review for a reviewer, changes requested for their owners."""
    if actor.role is Role.REVIEWER:
        rows, _ = library_for(db, actor, review_status=ReviewStatus.IN_REVIEW.value, per_page=limit)
        return rows
    if actor.role in (Role.CONSULTANT, Role.OWNER):
        rows, _ = library_for(db, actor, review_status=ReviewStatus.CHANGES_REQUESTED.value, per_page=limit)
        return rows
    return []


def open_threads(db: Db, interview_id: str) -> int:
    """How many comment threads are still open (not resolved) on a playbook."""
    return sum(1 for c in store.list_comments(db=db, interview_id=interview_id)
               if c.parent_id is None and c.kind == "comment" and not c.resolved)


def people(db: Db, actor: Actor) -> tuple[list[store.AccountRecord], dict[str, str]]:
    """Every account and the teams' names by id, for the owner who manages them."""
    require(actor, Action.MANAGE_USERS)
    return store.list_accounts(db=db), {team.id: team.name for team in store.list_teams(db=db)}


def account(db: Db, actor: Actor, account_id: str) -> store.AccountRecord | None:
    require(actor, Action.MANAGE_USERS)
    return store.get_account(db=db, account_id=account_id)


def audit(db: Db, actor: Actor, *, limit: int = 300) -> tuple[list[store.AuditRecord], dict[str, str]]:
    """The newest audit entries of the whole workspace and the topics they name, for its owner."""
    require(actor, Action.VIEW_AUDIT)
    return store.audit_log(db=db, limit=limit), {r.id: r.topic for r in store.list_interviews(db=db, limit=1000)}


def invitations(db: Db, interview_id: str) -> list[store.InvitationRecord]:
    """The expert links of a playbook in team mode (none working alone)."""
    return [] if working_alone(db) else store.list_invitations(db=db, interview_id=interview_id)
