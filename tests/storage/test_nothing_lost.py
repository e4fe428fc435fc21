"""Nothing typed is lost and no edit slips past review: rewordings, follow-up answers, drafts, the approval gate,
the archive. On SQLite and PostgreSQL (the `db` fixture); the browser walk is in test_browser_rewording.py."""

from __future__ import annotations

import pytest

from elicit.adapters import store
from elicit.services import drafting, interviews, playbooks, statements, teams
from elicit.core.access import Actor, ReviewStatus, Role
from elicit.core.assembly import to_json
from elicit.core.errors import AccessDeniedError, ClosedError, StaleError
from elicit.core.guides import get_guide
from elicit.core.interview import FollowUpStatus
from elicit.core.probing.heuristic import HeuristicProber

ROLE = "I lead incident response at a payments company. I train the on-call rota of 40 engineers."
THIN = "It depends."  # the offline prober always follows this up


@pytest.fixture
def interview(db):
    interview, _ = interviews.start_interview(db=db, guide=get_guide("general"), expert="Kim", topic="outages")
    interviews.submit_answer(db=db, interview=interview, question_id="role", raw=ROLE, prober=HeuristicProber())
    return interviews.load_interview(db=db, interview_id=interview.id)


def role_statements(db, interview):
    return [s for s in interviews.draft(db=db, interview=interview).statements() if s.source.question_id == "role"
            and s.source.follow_up_id is None]


def submit(db, interview, question_id, raw):
    return interviews.submit_answer(db=db, interview=interview, question_id=question_id, raw=raw,
                                  prober=HeuristicProber())


def follow_up_on(db, interview, question_id="priorities"):
    step = submit(db, interview, question_id, THIN)
    assert step.follow_up is not None
    return step.follow_up.id


# --- 1. rewordings, and saving what did not change ------------------------------------------------------


def test_an_unchanged_next_writes_nothing_and_the_rewording_survives(db, interview):
    _prompt, first = interviews.finish(db=db, interview=interview)
    key = role_statements(db, interview)[0].key
    statements.change(db, interview=interview, key=key, text="You lead incident response for payments.")
    again = interviews.load_interview(db=db, interview_id=interview.id)
    submit(db, again, "role", ROLE)  # Edit answer, then Next with nothing changed
    assert len(store.answer_history(db=db, interview_id=interview.id, question_id="role")) == 1
    assert role_statements(db, again)[0].text == "You lead incident response for payments."
    _prompt, second = interviews.finish(db=db, interview=again)
    _prompt, third = interviews.finish(db=db, interview=again)  # nothing changed since: no new version
    assert (first, second, third) == (1, 2, 2)


def test_skipping_a_skipped_question_again_writes_nothing(db, interview):
    for _ in range(2):
        interviews.skip_question(db=db, interview=interview, question_id="priorities")
    assert len(store.answer_history(db=db, interview_id=interview.id, question_id="priorities")) == 1


def test_a_rewording_holds_while_its_text_does_even_when_the_rest_of_the_answer_changes(db, interview):
    submit(db, interview, "case_steps", ["Read the alert", "Check the dashboards", "Roll back"])
    steps = lambda: [s.text for s in interviews.draft(db=db, interview=interview).statements()  # noqa: E731
                     if s.source.question_id == "case_steps"]
    key = next(s.key for s in interviews.draft(db=db, interview=interview).statements() if s.step == 1)
    statements.change(db, interview=interview, key=key, text="Read the alert and its runbook")
    submit(db, interview, "case_steps", ["Read the alert", "Check the dashboards", "Fail over"])
    assert steps() == ["Read the alert and its runbook", "Check the dashboards", "Fail over"]


def test_a_rewording_whose_text_changed_waits_beside_the_new_text_until_the_expert_chooses(db, interview):
    key = role_statements(db, interview)[0].key
    statements.change(db, interview=interview, key=key, text="You lead incident response.")
    submit(db, interview, "role", ROLE.replace("payments company", "bank"))
    found = statements.assembled(db, interview)
    assert "at a bank." in role_statements(db, interview)[0].text  # the new text, for now
    [conflict] = found.conflicts
    assert conflict.edit.text == "You lead incident response." and "bank" in conflict.now.text
    statements.keep_rewording(db, interview=interview, conflict=conflict)
    after = statements.assembled(db, interview)
    assert after.conflicts == [] and role_statements(db, interview)[0].text == "You lead incident response."


def test_a_rewording_moved_to_a_new_revision_can_be_reworded_again_without_a_false_conflict(db, interview):
    submit(db, interview, "case_steps", ["Read the alert", "Check the dashboards"])
    first = lambda: next(s for s in interviews.draft(db=db, interview=interview).statements()  # noqa: E731
                         if s.step == 1)
    statements.change(db, interview=interview, key=first().key, text="Read the alert first")
    submit(db, interview, "case_steps", ["Read the alert", "Check the dashboards", "Roll back"])
    statements.change(db, interview=interview, key=first().key, text="Read the alert and the runbook")
    found = statements.assembled(db, interview)
    assert found.conflicts == [] and first().text == "Read the alert and the runbook"


def test_a_removed_statement_leaves_the_prompt_with_who_and_when_and_can_come_back(db, interview):
    owner = Actor(user_id=None, interview_id=interview.id)  # the expert, by link
    first = role_statements(db, interview)[0]
    statements.change(db, interview=interview, key=first.key, text=None, actor=owner)
    found = statements.assembled(db, interview)
    assert first.key not in {s.key for s in found.prompt.statements()}
    [removal] = found.removed
    assert removal.author == "the expert (by link)" and removal.created_at is not None
    statements.restore(db, interview=interview, key=first.key)
    assert role_statements(db, interview)[0].text == first.text


# --- 2. follow-up answers are revisions ----------------------------------------------------------------


def test_a_stale_tab_skipping_an_answered_follow_up_is_told_and_overwrites_nothing(db, interview):
    follow_up_id = follow_up_on(db, interview)
    tab_a = interviews.load_interview(db=db, interview_id=interview.id)
    tab_b = interviews.load_interview(db=db, interview_id=interview.id)
    interviews.answer_follow_up(db=db, interview=tab_a, follow_up_id=follow_up_id, text="On whether data is at risk.",
                              prober=HeuristicProber())
    with pytest.raises(StaleError, match="another tab"):
        interviews.skip_follow_up(db=db, interview=tab_b, follow_up_id=follow_up_id)
    with pytest.raises(StaleError, match="another tab"):
        interviews.answer_follow_up(db=db, interview=tab_b, follow_up_id=follow_up_id, text="Other words.",
                                  prober=HeuristicProber())
    saved = store.get_follow_up(db=db, follow_up_id=follow_up_id)
    assert (saved.status, saved.answer) == ("answered", "On whether data is at risk.")


def test_a_follow_up_answer_can_be_revised_and_removed_and_every_revision_is_kept(db, interview):
    follow_up_id = follow_up_on(db, interview)
    interviews.answer_follow_up(db=db, interview=interview, follow_up_id=follow_up_id, text="On the data.",
                              prober=HeuristicProber())
    assert interviews.revise_follow_up(db=db, interview=interview, follow_up_id=follow_up_id, text="On the data.") \
        is None  # unchanged: nothing written
    interviews.revise_follow_up(db=db, interview=interview, follow_up_id=follow_up_id, text="On payment data.")
    interviews.remove_follow_up(db=db, interview=interview, follow_up_id=follow_up_id)
    history = store.follow_up_history(db=db, interview_id=interview.id)[follow_up_id]
    assert [(r.revision, r.status, r.text) for r in history] == [
        (1, "answered", "On the data."), (2, "answered", "On payment data."), (3, "removed", None)]
    said = [s for s in interviews.draft(db=db, interview=interview).statements() if s.source.follow_up_id]
    assert said == []


def test_after_an_answer_changes_its_old_follow_up_answers_leave_the_prompt_until_kept(db, interview):
    follow_up_id = follow_up_on(db, interview)
    interviews.answer_follow_up(db=db, interview=interview, follow_up_id=follow_up_id, prober=HeuristicProber(),
                                text="On payment data first: card numbers outrank uptime.")
    submit(db, interview, "priorities", "Restore service first; data integrity outranks speed.")
    rebuilt = interviews.load_interview(db=db, interview_id=interview.id)
    assert rebuilt.follow_up(follow_up_id).status is FollowUpStatus.SUPERSEDED
    assert not [s for s in interviews.draft(db=db, interview=rebuilt).statements() if s.source.follow_up_id]
    interviews.revise_follow_up(db=db, interview=rebuilt, follow_up_id=follow_up_id,
                                text="On payment data first: card numbers outrank uptime.")
    assert [s.text for s in interviews.draft(db=db, interview=rebuilt).statements()
            if s.source.follow_up_id == follow_up_id] == ["On payment data first: card numbers outrank uptime."]


# --- 3. drafts ----------------------------------------------------------------------------------------------


def test_a_draft_is_kept_on_the_server_until_its_answer_is_sent(db, interview):
    store.save_draft(db=db, interview_id=interview.id, item="case_steps", value=["Page", "Triage"])
    store.save_draft(db=db, interview_id=interview.id, item="case_steps", value=["Triage", "Page"])  # reordered
    assert store.drafts(db=db, interview_id=interview.id) == {"case_steps": ["Triage", "Page"]}
    submit(db, interview, "case_steps", ["Triage", "Page", "Fix"])
    assert store.drafts(db=db, interview_id=interview.id) == {}


# --- 4. every change to an approved playbook returns it to draft ---------------------------------------------


@pytest.fixture
def approved(db, interview):
    team = store.create_team(db=db, name="ops")
    consultant = store.create_account(db=db, email="c@x.io", name="Cy", role="consultant", password_hash="x",
                                      team_id=team.id)
    reviewer = store.create_account(db=db, email="r@x.io", name="Ru", role="reviewer", password_hash="x")
    store.assign_interview(db=db, interview_id=interview.id, owner_id=consultant.id, team_id=team.id)
    cy = Actor(user_id=consultant.id, role=Role.CONSULTANT, team_id=team.id)
    interviews.finish(db=db, interview=interview)
    teams.set_status(db, cy, interview.id, ReviewStatus.IN_REVIEW)
    teams.set_status(db, Actor(user_id=reviewer.id, role=Role.REVIEWER), interview.id, ReviewStatus.APPROVED)
    return cy


@pytest.mark.parametrize(("source", "text", "done"), [("review", "Reworded.", "reworded"),
                                                     ("review", None, "removed"),
                                                     ("polish", "Polished.", "reworded"),
                                                     ("teach_back", "Corrected.", "reworded")])
def test_any_statement_change_after_approval_returns_the_playbook_to_draft(db, interview, approved, source, text,
                                                                           done):
    statement = role_statements(db, interview)[0]
    if source == "polish":
        proposal = drafting.Proposal(key=statement.key, element=statement.element, text=text,
                                     original=statement.text)
        drafting.accept(db=db, interview_id=interview.id, proposals=[proposal])
    else:
        statements.change(db, interview=interview, key=statement.key, text=text, source=source, actor=approved)
    assert store.get_interview(db=db, interview_id=interview.id).review_status == "draft"
    assert store.audit_log(db=db)[0].detail == f"edited after approval: a statement was {done} " \
                                               f"({source.replace('_', '-')})"


# --- 5. the archive ------------------------------------------------------------------------------------------


def test_an_archived_playbook_closes_the_experts_link_and_a_consultant_restores_it(db, interview, approved):
    teams.set_status(db, approved, interview.id, ReviewStatus.ARCHIVED)
    with pytest.raises(ClosedError, match="archived"):
        submit(db, interview, "priorities", "Customers first.")
    with pytest.raises(ClosedError):
        statements.change(db, interview=interview, key=role_statements(db, interview)[0].key, text="x")
    with pytest.raises(AccessDeniedError):
        teams.set_status(db, Actor(interview_id=interview.id), interview.id, ReviewStatus.DRAFT)
    teams.set_status(db, approved, interview.id, ReviewStatus.DRAFT)
    submit(db, interview, "priorities", "Customers first.")


def test_an_import_gets_an_owner_and_is_found_by_search(db, interview):
    owner = store.create_account(db=db, email="o@x.io", name="Oz", role="owner", password_hash="x")
    prompt, _version = interviews.finish(db=db, interview=interview)
    interview_id, _ = playbooks.import_playbook(db=db, prompt=playbooks.parse_playbook(to_json(prompt)))
    assert store.get_interview(db=db, interview_id=interview_id).owner_id == owner.id
    assert interview_id in store.search_ids(db=db, query="payments")


def test_the_migration_keeps_what_became_of_each_follow_up_as_its_first_revision(database_url):
    from alembic import command
    from sqlalchemy import text

    engine = store.make_engine(database_url)
    now = "2026-01-01 00:00:00+00:00"
    with engine.begin() as connection:
        command.upgrade(store.alembic_config(connection), "0003")
        connection.execute(text(
            "INSERT INTO interview (id, guide_id, guide_version, expert, topic, status, token_hash, review_status, "
            "created_at, updated_at) VALUES ('i1', 'general', 1, 'Kim', 't', 'in_progress', 'h', 'draft', :now, :now)"
        ), {"now": now})
        connection.execute(text(
            "INSERT INTO follow_up (interview_id, question_id, \"check\", element, reason, ask, status, answer, "
            "source, created_at, updated_at) VALUES ('i1', 'role', 'c', 'persona', 'r', 'a', 'answered', "
            "'Over 800 ms', 'heuristic', :now, :now)"), {"now": now})
    engine.dispose()
    engine = store.open_database(database_url)
    with store.session(engine) as db:
        [follow_up] = store.list_follow_ups(db=db, interview_id="i1")
        history = store.follow_up_history(db=db, interview_id="i1")[follow_up.id]
    engine.dispose()
    assert follow_up.revision == 1 and [(r.revision, r.text) for r in history] == [(1, "Over 800 ms")]
