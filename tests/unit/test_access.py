"""Access control as one table: role x action x object, denials included."""

from __future__ import annotations

import pytest

from elicit.core.access import (NOBODY, Action, Actor, ReviewStatus, Role, Target, allowed, can_move)

OWNER = Actor(user_id="o", role=Role.OWNER)
ANA = Actor(user_id="ana", role=Role.CONSULTANT, team_id="t1")
BEN = Actor(user_id="ben", role=Role.CONSULTANT, team_id="t2")
LONE = Actor(user_id="lone", role=Role.CONSULTANT)
REVIEWER = Actor(user_id="r", role=Role.REVIEWER, team_id="t1")
EXPERT = Actor(interview_id="i1")
OTHER_EXPERT = Actor(interview_id="i2")

ANAS_DRAFT = Target(interview_id="i1", owner_id="ana", team_id=None)
TEAM_DRAFT = Target(interview_id="i3", owner_id="carl", team_id="t1")
SUBMITTED = Target(interview_id="i1", owner_id="ana", status=ReviewStatus.IN_REVIEW)
APPROVED = Target(interview_id="i1", owner_id="ana", status=ReviewStatus.APPROVED)
ARCHIVED = Target(interview_id="i1", owner_id="ana", status=ReviewStatus.ARCHIVED)
BENS_DRAFT = Target(interview_id="i4", owner_id="ben", team_id="t2")

CASES = [
    # owner
    ("owner manages users", OWNER, Action.MANAGE_USERS, None, True),
    ("owner reads the audit log", OWNER, Action.VIEW_AUDIT, None, True),
    ("owner sees any draft", OWNER, Action.VIEW, BENS_DRAFT, True),
    ("owner exports", OWNER, Action.EXPORT, ANAS_DRAFT, True),
    ("owner cannot approve", OWNER, Action.APPROVE, SUBMITTED, False),
    ("owner creates interviews", OWNER, Action.CREATE_INTERVIEW, None, True),
    # consultants
    ("consultant creates interviews", ANA, Action.CREATE_INTERVIEW, None, True),
    ("consultant cannot manage users", ANA, Action.MANAGE_USERS, None, False),
    ("consultant cannot read the audit log", ANA, Action.VIEW_AUDIT, None, False),
    ("consultant sees her own", ANA, Action.VIEW, ANAS_DRAFT, True),
    ("consultant sees her team's", ANA, Action.VIEW, TEAM_DRAFT, True),
    ("consultant does not see another team's", ANA, Action.VIEW, BENS_DRAFT, False),
    ("consultant without a team sees only his own", LONE, Action.VIEW, TEAM_DRAFT, False),
    ("consultant invites on her own", ANA, Action.INVITE, ANAS_DRAFT, True),
    ("consultant cannot invite on another team's", ANA, Action.INVITE, BENS_DRAFT, False),
    ("consultant exports her team's", ANA, Action.EXPORT, TEAM_DRAFT, True),
    ("consultant submits for review", ANA, Action.SUBMIT_FOR_REVIEW, ANAS_DRAFT, True),
    ("consultant cannot approve her own", ANA, Action.APPROVE, SUBMITTED, False),
    ("consultant edits the prompt", ANA, Action.EDIT_PROMPT, APPROVED, True),
    ("consultant cannot edit an archived one", ANA, Action.EDIT_PROMPT, ARCHIVED, False),
    ("consultant archives", ANA, Action.ARCHIVE, APPROVED, True),
    ("other consultant cannot comment", BEN, Action.COMMENT, ANAS_DRAFT, False),
    # reviewers
    ("reviewer does not see drafts", REVIEWER, Action.VIEW, ANAS_DRAFT, False),
    ("reviewer sees what was submitted", REVIEWER, Action.VIEW, SUBMITTED, True),
    ("reviewer comments on a submission", REVIEWER, Action.COMMENT, SUBMITTED, True),
    ("reviewer approves a submission", REVIEWER, Action.APPROVE, SUBMITTED, True),
    ("reviewer requests changes", REVIEWER, Action.REQUEST_CHANGES, SUBMITTED, True),
    ("reviewer cannot approve twice", REVIEWER, Action.APPROVE, APPROVED, False),
    ("reviewer cannot export", REVIEWER, Action.EXPORT, SUBMITTED, False),
    ("reviewer cannot invite", REVIEWER, Action.INVITE, SUBMITTED, False),
    ("reviewer cannot create interviews", REVIEWER, Action.CREATE_INTERVIEW, None, False),
    ("reviewer cannot answer", REVIEWER, Action.ANSWER, SUBMITTED, False),
    # experts, by their link
    ("expert answers her own", EXPERT, Action.ANSWER, ANAS_DRAFT, True),
    ("expert comments on her own", EXPERT, Action.COMMENT, SUBMITTED, True),
    ("expert approves a section of her own", EXPERT, Action.APPROVE_SECTION, SUBMITTED, True),
    ("expert downloads her own", EXPERT, Action.EXPORT, ANAS_DRAFT, True),
    ("expert cannot see another interview", EXPERT, Action.VIEW, BENS_DRAFT, False),
    ("another expert's link is refused", OTHER_EXPERT, Action.VIEW, ANAS_DRAFT, False),
    ("expert cannot invite", EXPERT, Action.INVITE, ANAS_DRAFT, False),
    ("expert cannot approve the playbook", EXPERT, Action.APPROVE, SUBMITTED, False),
    ("expert cannot create interviews", EXPERT, Action.CREATE_INTERVIEW, None, False),
    ("expert cannot answer an archived one", EXPERT, Action.ANSWER, ARCHIVED, False),
    # nobody
    ("nobody sees anything", NOBODY, Action.VIEW, ANAS_DRAFT, False),
    ("nobody creates anything", NOBODY, Action.CREATE_INTERVIEW, None, False),
    ("nobody manages users", NOBODY, Action.MANAGE_USERS, None, False),
]


@pytest.mark.parametrize(("actor", "action", "target", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_allowed(actor, action, target, expected):
    assert allowed(actor, action, target or Target()) is expected


def test_the_table_is_large_and_has_denials():
    assert len(CASES) >= 30
    assert sum(1 for c in CASES if not c[-1]) >= 15


@pytest.mark.parametrize(("current", "new", "expected"), [
    (ReviewStatus.DRAFT, ReviewStatus.IN_REVIEW, True),
    (ReviewStatus.IN_REVIEW, ReviewStatus.APPROVED, True),
    (ReviewStatus.IN_REVIEW, ReviewStatus.CHANGES_REQUESTED, True),
    (ReviewStatus.CHANGES_REQUESTED, ReviewStatus.IN_REVIEW, True),
    (ReviewStatus.APPROVED, ReviewStatus.DRAFT, True),
    (ReviewStatus.APPROVED, ReviewStatus.ARCHIVED, True),
    (ReviewStatus.DRAFT, ReviewStatus.APPROVED, False),
    (ReviewStatus.ARCHIVED, ReviewStatus.APPROVED, False),
], ids=["submit", "approve", "request changes", "resubmit", "edit after approval", "archive",
        "no approval without review", "no approval from the archive"])
def test_review_transitions(current, new, expected):
    assert can_move(current, new) is expected
