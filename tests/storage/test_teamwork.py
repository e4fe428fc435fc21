"""Team work end to end on SQLite: invite, answer by link, review, approve, edit after approval, refusals, audit."""

from __future__ import annotations

import pytest

from elicit.adapters import store
from elicit.services import accounts, editing, teams
from elicit.core.access import Action, ReviewStatus, Role
from elicit.core.errors import AccessDeniedError, ElicitError, InterviewNotFoundError
from elicit.core.guides import get_guide

PASSWORD = "correct horse battery"


@pytest.fixture
def people(db):
    food = store.create_team(db=db, name="Food")
    other = store.create_team(db=db, name="Other")
    owner = accounts.create_owner(db=db, email="olu@example.com", name="Olu", password=PASSWORD)
    made = {"owner": owner}
    for key, role, team in (("ana", Role.CONSULTANT, food.id), ("cy", Role.CONSULTANT, food.id),
                            ("ben", Role.CONSULTANT, other.id), ("rita", Role.REVIEWER, None)):
        made[key] = accounts.create_user(db=db, email=f"{key}@example.com", name=key.title(), password=PASSWORD,
                                         role=role, team_id=team)
    return {key: accounts.actor_for(account) for key, account in made.items()}


def test_the_whole_review_loop(db, people):
    ana, rita, ben = people["ana"], people["rita"], people["ben"]
    record, link = teams.create_for_expert(db, ana, guide=get_guide("general"), expert="Dee", topic="on-call")
    opened, expert = teams.expert_for_link(db, link)
    assert opened.id == record.id and expert.interview_id == record.id
    teams.require(expert, Action.ANSWER, opened)
    with pytest.raises(AccessDeniedError):
        teams.require(ben, Action.VIEW, opened)
    with pytest.raises(AccessDeniedError):
        teams.comment(db, rita, record.id, section="goals", body="Too early to see this")

    teams.set_status(db, ana, record.id, ReviewStatus.IN_REVIEW)
    first = teams.comment(db, rita, record.id, section="decision_criteria", body="Which criterion wins?")
    teams.comment(db, ana, record.id, section="decision_criteria", body="Added a tie-breaker.", parent_id=first.id)
    teams.approve_section(db, expert, record.id, section="persona")
    with pytest.raises(AccessDeniedError):
        teams.set_status(db, ana, record.id, ReviewStatus.APPROVED)  # approving needs the reviewer role
    approved = teams.set_status(db, rita, record.id, ReviewStatus.APPROVED)
    assert approved.approved_by == rita.user_id and approved.approved_at is not None

    editing.note_edit(db, ana, record.id)  # an edit after approval
    assert store.get_interview(db=db, interview_id=record.id).review_status == "draft"
    actions = [entry.action for entry in reversed(store.audit_log(db=db))]
    assert actions == ["create", "invite", "status: in_review", "comment", "comment", "approve section",
                       "status: approved", "status: draft"]


def test_revoked_and_foreign_links_are_refused(db, people):
    ana = people["ana"]
    first, link = teams.create_for_expert(db, ana, guide=get_guide("general"), expert="Dee", topic="one")
    second, other_link = teams.create_for_expert(db, ana, guide=get_guide("general"), expert="Eve", topic="two")
    invitation = store.list_invitations(db=db, interview_id=first.id)[0]
    teams.revoke(db, ana, invitation.id)
    with pytest.raises(InterviewNotFoundError):
        teams.expert_for_link(db, link)
    _record, eve = teams.expert_for_link(db, other_link)
    with pytest.raises(AccessDeniedError):
        teams.require(eve, Action.VIEW, store.get_interview(db=db, interview_id=first.id))


def test_library_shows_each_person_what_they_may_see(db, people):
    ana, cy, ben, rita, owner = (people[k] for k in ("ana", "cy", "ben", "rita", "owner"))
    shared, _ = teams.create_for_expert(db, ana, guide=get_guide("general"), expert="Dee", topic="shared")
    private, _ = teams.create_for_expert(db, ana, guide=get_guide("general"), expert="Fay", topic="private",
                                            share_with_team=False)
    bens, _ = teams.create_for_expert(db, ben, guide=get_guide("general"), expert="Gil", topic="bens")
    teams.set_status(db, ben, bens.id, ReviewStatus.IN_REVIEW)

    def topics(actor):
        rows, _total = teams.library_for(db, actor, sort="topic")
        return [r.topic for r in rows]

    assert topics(owner) == ["bens", "private", "shared"]
    assert topics(ana) == ["private", "shared"]
    assert topics(cy) == ["shared"]
    assert topics(ben) == ["bens"]
    assert topics(rita) == ["bens"]
    with pytest.raises(AccessDeniedError):
        teams.library_for(db, teams.Actor())


@pytest.mark.parametrize(("start", "new"), [
    (ReviewStatus.DRAFT, ReviewStatus.APPROVED),
    (ReviewStatus.DRAFT, ReviewStatus.CHANGES_REQUESTED),
], ids=["approve a draft", "request changes on a draft"])
def test_review_status_cannot_skip_review(db, people, start, new):
    record, _ = teams.create_for_expert(db, people["ana"], guide=get_guide("general"), expert="Dee", topic="t")
    with pytest.raises(ElicitError):
        teams.set_status(db, people["rita"], record.id, new)


def test_answers_are_searchable_and_an_edit_after_approval_reopens(db, people):
    from elicit.services import interviews
    from elicit.core.probing.heuristic import HeuristicProber

    ana, rita = people["ana"], people["rita"]
    record, _ = teams.create_for_expert(db, ana, guide=get_guide("general"), expert="Dee", topic="on-call")
    interview = interviews.load_interview(db=db, interview_id=record.id)
    interviews.submit_answer(db=db, interview=interview, question_id="role", raw="I run the pager rota for "
                           "payments; when latency passes 800 ms I page the database lead.", prober=HeuristicProber())
    rows, total = teams.library_for(db, ana, words="latency pager")
    assert total == 1 and rows[0].id == record.id
    interviews.finish(db=db, interview=interview)
    teams.set_status(db, ana, record.id, ReviewStatus.IN_REVIEW)
    teams.set_status(db, rita, record.id, ReviewStatus.APPROVED)
    interviews.submit_answer(db=db, interview=interview, question_id="role", raw="I run the pager rota; above "
                           "800 ms of latency for 5 minutes I page the database lead.", prober=HeuristicProber())
    assert store.get_interview(db=db, interview_id=record.id).review_status == "draft"
    assert store.audit_log(db=db)[0].detail == "edited after approval: an answer was revised"


def test_playbooks_made_while_working_alone_are_handed_over_by_the_owner_and_then_seen_by_their_team(db):
    alone, _ = store.create_interview(db=db, guide_id="general", guide_version=1, expert="Dee", topic="before")
    gone, _ = store.create_interview(db=db, guide_id="general", guide_version=1, expert="Eve", topic="deleted")
    store.set_deleted(db=db, interview_id=gone.id, deleted=True)
    food = store.create_team(db=db, name="Food")
    owner = accounts.actor_for(accounts.create_owner(db=db, email="olu@example.com", name="Olu", password=PASSWORD))
    ana = accounts.actor_for(accounts.create_user(db=db, email="ana@example.com", name="Ana", password=PASSWORD,
                                                  role=Role.CONSULTANT, team_id=food.id))
    cy = accounts.actor_for(accounts.create_user(db=db, email="cy@example.com", name="Cy", password=PASSWORD,
                                                 role=Role.CONSULTANT, team_id=food.id))
    rita = accounts.create_user(db=db, email="rita@example.com", name="Rita", password=PASSWORD, role=Role.REVIEWER)

    assert [r.id for r in teams.unowned(db, owner)] == [alone.id]  # the deleted one is not asked about
    assert not teams.permits(db, cy, Action.VIEW, store.get_interview(db=db, interview_id=alone.id))
    with pytest.raises(AccessDeniedError):
        teams.unowned(db, ana)  # only the owner decides
    with pytest.raises(AccessDeniedError):
        teams.hand_over(db, ana, alone.id, owner_id=ana.user_id)
    assert rita.id not in teams.keepers(db, owner) and teams.keepers(db, owner)[ana.user_id] == \
        "Ana (consultant, team Food)"
    with pytest.raises(ElicitError, match="cannot own playbooks"):
        teams.hand_over(db, owner, alone.id, owner_id=rita.id)

    given = teams.hand_over(db, owner, alone.id, owner_id=ana.user_id, share=True)
    assert (given.owner_id, given.team_id) == (ana.user_id, food.id)
    assert teams.permits(db, cy, Action.VIEW, given)  # shared with Ana's team
    assert teams.unowned(db, owner) == []
    with pytest.raises(ElicitError, match="already has an owner"):  # another tab decided first
        teams.hand_over(db, owner, alone.id, owner_id=owner.user_id)
    entry = store.audit_log(db=db)[0]
    assert (entry.action, entry.detail) == ("hand over", "to Ana, shared with team Food")


def test_a_playbook_handed_over_unshared_is_its_owners_alone(db):
    alone, _ = store.create_interview(db=db, guide_id="general", guide_version=1, expert="Dee", topic="before")
    food = store.create_team(db=db, name="Food")
    owner = accounts.actor_for(accounts.create_owner(db=db, email="olu@example.com", name="Olu", password=PASSWORD))
    ana, cy = (accounts.actor_for(accounts.create_user(db=db, email=f"{n}@example.com", name=n, password=PASSWORD,
                                                       role=Role.CONSULTANT, team_id=food.id)) for n in ("ana", "cy"))
    given = teams.hand_over(db, owner, alone.id, owner_id=ana.user_id, share=False)
    assert given.team_id is None and teams.permits(db, ana, Action.VIEW, given)
    assert not teams.permits(db, cy, Action.VIEW, given)
