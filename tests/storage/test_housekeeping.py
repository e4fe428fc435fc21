"""Housekeeping of playbooks on SQLite and PostgreSQL: rename, soft delete with undo, the library's lists."""

from __future__ import annotations

import pytest

from elicit.adapters import store
from elicit.services import accounts, teams
from elicit.core.access import ReviewStatus, Role
from elicit.core.errors import AccessDeniedError, AnswerError
from elicit.core.guides import get_guide


def make(db, expert: str, topic: str = "recalls") -> store.InterviewRecord:
    return store.create_interview(db=db, guide_id="crisis_management", guide_version=1, expert=expert, topic=topic)[0]


def test_rename_changes_the_names_and_refuses_blanks(db):
    record = make(db, "Dana")
    store.rename_interview(db=db, interview_id=record.id, expert=" Dana Okafor ", topic="Product recalls")
    assert (store.get_interview(db=db, interview_id=record.id).expert,
            store.get_interview(db=db, interview_id=record.id).topic) == ("Dana Okafor", "Product recalls")
    with pytest.raises(AnswerError, match="the topic is empty"):
        store.rename_interview(db=db, interview_id=record.id, topic="  ")


def test_a_deleted_playbook_leaves_every_list_and_undo_brings_it_back(db):
    kept, gone = make(db, "Ana"), make(db, "Ben")
    store.set_deleted(db=db, interview_id=gone.id, deleted=True)
    assert [r.id for r in store.list_interviews(db=db)] == [kept.id]
    assert [r.id for r in store.library(db=db)[0]] == [kept.id]
    assert store.get_interview(db=db, interview_id=gone.id).deleted_at is not None  # nothing erased
    store.set_deleted(db=db, interview_id=gone.id, deleted=False)
    assert {r.id for r in store.library(db=db)[0]} == {kept.id, gone.id}


@pytest.mark.parametrize(("typed", "found"), [("dana", ["Dana Okafor"]), ("OKAFOR", ["Dana Okafor"]),
                                              ("a", ["Dana Okafor", "Sam Reyes"]), ("100%", []), ("", None)])
def test_the_expert_filter_takes_any_part_of_a_name_in_any_case(db, typed, found):
    make(db, "Dana Okafor")
    make(db, "Sam Reyes")
    rows, _total = store.library(db=db, expert=typed, sort="expert")
    assert [r.expert for r in rows] == (found if found is not None else ["Dana Okafor", "Sam Reyes"])


def test_in_a_team_only_those_who_may_edit_rename_or_delete_and_the_log_says_so(db):
    owner = accounts.actor_for(accounts.create_owner(db=db, email="o@example.com", name="Olu",
                                                     password="correct horse 1"))
    ana = accounts.actor_for(accounts.create_user(db=db, email="a@example.com", name="Ana",
                                                  password="correct horse 1", role=Role.CONSULTANT))
    rita = accounts.actor_for(accounts.create_user(db=db, email="r@example.com", name="Rita",
                                                   password="correct horse 1", role=Role.REVIEWER))
    record = teams.create_for_expert(db, ana, guide=get_guide("crisis_management"), expert="Dee",
                                        topic="fires")[0]
    with pytest.raises(AccessDeniedError):
        teams.delete(db, rita, record.id)
    teams.rename(db, ana, record.id, expert="Dee Lee", topic="fires")
    teams.delete(db, ana, record.id)
    teams.delete(db, owner, record.id, undo=True)
    actions = [e.action for e in store.audit_log(db=db) if e.object_id == record.id]
    assert actions[:3] == ["restore from delete", "delete", "rename"]


def test_a_welcome_link_opens_once_and_expires(db):
    account, token = accounts.invite_user(db=db, email="c@example.com", name="Cy", role=Role.CONSULTANT)
    assert store.account_for_welcome(db=db, token=token).id == account.id
    with pytest.raises(accounts.AccountError, match="at least 10"):
        accounts.set_own_password(db=db, token=token, password="short")
    assert store.account_for_welcome(db=db, token=token) is not None  # a too-short password keeps the link
    accounts.set_own_password(db=db, token=token, password="correct horse 1")
    assert store.account_for_welcome(db=db, token=token) is None
    expired = store.start_welcome(db=db, account_id=account.id, days=-1)
    assert store.account_for_welcome(db=db, token=expired) is None


def test_the_inbox_holds_what_waits_for_each_person(db):
    accounts.create_owner(db=db, email="o@example.com", name="Olu", password="correct horse 1")
    ana = accounts.actor_for(accounts.create_user(db=db, email="a@example.com", name="Ana",
                                                  password="correct horse 1", role=Role.CONSULTANT))
    rita = accounts.actor_for(accounts.create_user(db=db, email="r@example.com", name="Rita",
                                                   password="correct horse 1", role=Role.REVIEWER))
    guide = get_guide("crisis_management")
    submitted, sent_back, draft = (teams.create_for_expert(db, ana, guide=guide, expert=n, topic="t")[0]
                                   for n in ("A", "B", "C"))
    for record in (submitted, sent_back):
        teams.set_status(db, ana, record.id, ReviewStatus.IN_REVIEW)
    teams.set_status(db, rita, sent_back.id, ReviewStatus.CHANGES_REQUESTED)
    teams.comment(db, rita, submitted.id, section="persona", body="Which region?")
    assert [r.id for r in teams.inbox(db, rita)] == [submitted.id]
    assert [r.id for r in teams.inbox(db, ana)] == [sent_back.id]
    assert teams.open_threads(db, submitted.id) == 1 and teams.open_threads(db, draft.id) == 0
