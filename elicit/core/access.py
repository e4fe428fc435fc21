"""Who may do what: roles, the expert's link and the one `allowed()` every page and command asks."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    """Manages users; sees and does everything but approve."""
    CONSULTANT = "consultant"
    """Creates interviews, invites experts, exports; sees what they own or their team shares."""
    REVIEWER = "reviewer"
    """Comments and approves what was submitted for review."""


class ReviewStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    ARCHIVED = "archived"


SUBMITTED = frozenset({ReviewStatus.IN_REVIEW, ReviewStatus.CHANGES_REQUESTED, ReviewStatus.APPROVED,
                       ReviewStatus.ARCHIVED})
TRANSITIONS: dict[ReviewStatus, frozenset[ReviewStatus]] = {
    ReviewStatus.DRAFT: frozenset({ReviewStatus.IN_REVIEW, ReviewStatus.ARCHIVED}),
    ReviewStatus.IN_REVIEW: frozenset({ReviewStatus.CHANGES_REQUESTED, ReviewStatus.APPROVED, ReviewStatus.DRAFT}),
    ReviewStatus.CHANGES_REQUESTED: frozenset({ReviewStatus.IN_REVIEW, ReviewStatus.DRAFT}),
    ReviewStatus.APPROVED: frozenset({ReviewStatus.ARCHIVED, ReviewStatus.DRAFT}),
    ReviewStatus.ARCHIVED: frozenset({ReviewStatus.DRAFT}),
}


class Action(StrEnum):
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    CREATE_INTERVIEW = "create_interview"
    VIEW = "view"
    ANSWER = "answer"
    INVITE = "invite"
    EXPORT = "export"
    COMMENT = "comment"
    SUBMIT_FOR_REVIEW = "submit_for_review"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    APPROVE_SECTION = "approve_section"
    ARCHIVE = "archive"
    RESTORE = "restore"
    EDIT_PROMPT = "edit_prompt"


@dataclass(frozen=True)
class Actor:
    """A signed-in user (with a role), an expert holding one interview's link, or nobody."""

    user_id: str | None = None
    role: Role | None = None
    team_id: str | None = None
    interview_id: str | None = None
    """Set for an expert: the one interview their link opens."""

    @property
    def is_expert(self) -> bool:
        return self.role is None and self.interview_id is not None


@dataclass(frozen=True)
class Target:
    """What an action is done to: an interview (playbook), or nothing for global actions."""

    interview_id: str | None = None
    owner_id: str | None = None
    team_id: str | None = None
    status: ReviewStatus = ReviewStatus.DRAFT


NOBODY = Actor()
GLOBAL = Target()


def _owns_or_shares(actor: Actor, target: Target) -> bool:
    return target.owner_id == actor.user_id or (target.team_id is not None and target.team_id == actor.team_id)


def can_view(actor: Actor, target: Target) -> bool:
    """Owners see everything; consultants what they own or their team shares; reviewers what was submitted."""
    if actor.is_expert:
        return target.interview_id == actor.interview_id
    if actor.role is Role.OWNER:
        return True
    if actor.role is Role.CONSULTANT:
        return _owns_or_shares(actor, target)
    if actor.role is Role.REVIEWER:
        return target.status in SUBMITTED
    return False


def _expert_may(action: Action, target: Target) -> bool:
    own_work = {Action.VIEW, Action.ANSWER, Action.EXPORT, Action.COMMENT, Action.APPROVE_SECTION}
    return action in own_work and target.status is not ReviewStatus.ARCHIVED


def _user_may(actor: Actor, action: Action, target: Target) -> bool:
    role = actor.role
    if action is Action.MANAGE_USERS or action is Action.VIEW_AUDIT:
        return role is Role.OWNER
    if action is Action.CREATE_INTERVIEW:
        return role in (Role.OWNER, Role.CONSULTANT)
    if not can_view(actor, target):
        return False
    if action in (Action.VIEW, Action.COMMENT):
        return True
    if action in (Action.APPROVE, Action.REQUEST_CHANGES):
        return role is Role.REVIEWER and target.status is ReviewStatus.IN_REVIEW
    if action is Action.APPROVE_SECTION:
        return role is Role.REVIEWER
    writers = (Role.OWNER, Role.CONSULTANT)
    if action in (Action.ANSWER, Action.EDIT_PROMPT):
        return role in writers and target.status is not ReviewStatus.ARCHIVED
    return role in writers  # invite, export, submit for review, archive, restore


def allowed(actor: Actor, action: Action, target: Target = GLOBAL) -> bool:
    """Whether this actor may do this action to this target; deny unless a rule allows."""
    if actor.is_expert:
        return target.interview_id is not None and can_view(actor, target) and _expert_may(action, target)
    if actor.role is None:
        return False
    return _user_may(actor, action, target)


def can_move(current: ReviewStatus, new: ReviewStatus) -> bool:
    """Whether a review status may follow another (an edit after approval goes back to draft)."""
    return new in TRANSITIONS[current]
