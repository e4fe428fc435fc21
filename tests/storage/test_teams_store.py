"""Team storage and accounts on real SQLite files: owner setup, throttled logins, invitations, comments, search."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import text

from elicit.adapters import store
from elicit.services import accounts
from elicit.core.access import Role
from elicit.core.errors import InterviewNotFoundError

PASSWORD = "correct horse battery"


def interview(db, topic: str = "recalls") -> store.InterviewRecord:
    record, _token = store.create_interview(db=db, guide_id="general", guide_version=1, expert="Ana", topic=topic)
    return record


def test_the_first_start_asks_for_the_owner(db):
    assert accounts.needs_owner(db=db)
    owner = accounts.create_owner(db=db, email="Owner@Example.com", name="Olu", password=PASSWORD)
    assert owner.role == "owner" and owner.email == "owner@example.com"
    assert owner.password_hash.startswith("$argon2") and PASSWORD not in owner.password_hash
    assert not accounts.needs_owner(db=db)
    with pytest.raises(accounts.AccountError, match="an owner already exists"):
        accounts.create_owner(db=db, email="two@example.com", name="Two", password=PASSWORD)


@pytest.mark.parametrize(("email", "name", "password", "message"), [
    ("not-an-email", "Ana", PASSWORD, "not an email address"),
    ("ana@example.com", " ", PASSWORD, "the name is empty"),
    ("ana@example.com", "Ana", "short", "at least 10"),
], ids=["email", "name", "password"])
def test_bad_account_details_say_what_to_fix(db, email, name, password, message):
    with pytest.raises(accounts.AccountError, match=message):
        accounts.create_user(db=db, email=email, name=name, password=password, role=Role.CONSULTANT)


def test_sign_in_and_session_cookie(db):
    accounts.create_owner(db=db, email="o@example.com", name="Olu", password=PASSWORD)
    account, token = accounts.sign_in(db=db, email="O@example.com", password=PASSWORD)
    assert store.account_for_session(db=db, token=token).id == account.id
    store.end_login_session(db=db, token=token)
    assert store.account_for_session(db=db, token=token) is None
    assert store.account_for_session(db=db, token="forged") is None


def test_failed_logins_are_slowed_down(db):
    accounts.create_owner(db=db, email="o@example.com", name="Olu", password=PASSWORD)
    now = store.utc_now()
    for _ in range(accounts.FREE_FAILURES + 1):
        with pytest.raises(accounts.AccountError, match="wrong"):
            accounts.sign_in(db=db, email="o@example.com", password="guess guess guess", now=now)
    with pytest.raises(accounts.AccountError, match="too many attempts"):
        accounts.sign_in(db=db, email="o@example.com", password=PASSWORD, now=now)  # even the right password
    account, _ = accounts.sign_in(db=db, email="o@example.com", password=PASSWORD, now=now + timedelta(minutes=16))
    assert account.email == "o@example.com"


@pytest.mark.parametrize(("failures", "locked"), [(1, 0), (3, 0), (4, 10), (5, 20), (12, 900), (40, 900)])
def test_lock_grows_and_has_a_ceiling(failures, locked):
    assert accounts.lock_for(failures) == timedelta(seconds=locked)


def test_unknown_email_gets_the_same_message(db):
    with pytest.raises(accounts.AccountError, match="the email or the password is wrong"):
        accounts.sign_in(db=db, email="nobody@example.com", password=PASSWORD)


def test_invitation_link_opens_one_interview_until_revoked_or_expired(db):
    record = interview(db)
    invitation, token = store.create_invitation(db=db, interview_id=record.id, created_by=None)
    assert len(token) >= 32 and invitation.token_hash != token
    assert store.invitation_for_token(db=db, token=token).interview_id == record.id
    store.revoke_invitation(db=db, invitation_id=invitation.id)
    with pytest.raises(InterviewNotFoundError):
        store.invitation_for_token(db=db, token=token)
    _, expired = store.create_invitation(db=db, interview_id=record.id, created_by=None, days=-1)
    with pytest.raises(InterviewNotFoundError):
        store.invitation_for_token(db=db, token=expired)


def test_comments_are_threaded_and_resolvable(db):
    record = interview(db)
    first = store.add_comment(db=db, interview_id=record.id, section="decision_criteria", body="Weights?",
                              author_label="Rita (reviewer)")
    reply = store.add_comment(db=db, interview_id=record.id, section="decision_criteria", body="Added.",
                              author_label="Ana (consultant)", parent_id=first.id)
    store.resolve_comment(db=db, comment_id=first.id)
    comments = store.list_comments(db=db, interview_id=record.id)
    assert [(c.id, c.parent_id, c.resolved) for c in comments] == [(first.id, None, True), (reply.id, first.id, False)]


def test_tags_and_audit(db):
    record = interview(db)
    assert store.set_tags(db=db, interview_id=record.id, tags=["Recall", " food ", "recall"]) == ["food", "recall"]
    assert store.tags_of(db=db, interview_id=record.id) == ["food", "recall"]
    store.audit(db=db, actor_label="Olu", action="approve", object_type="interview", object_id=record.id)
    assert store.audit_log(db=db)[0].action == "approve"


def test_full_text_search(db):
    first, second = interview(db, "listeria recall"), interview(db, "ransomware")
    store.index_playbook(db=db, interview_id=first.id, content="Recall above two confirmed listeria cases.")
    store.index_playbook(db=db, interview_id=second.id, content="Isolate the plant network first.")
    assert store.search_ids(db=db, query="listeria") == [first.id]
    assert store.search_ids(db=db, query="plant network") == [second.id]
    assert store.search_ids(db=db, query='"; DROP TABLE interview; --') == []
    store.index_playbook(db=db, interview_id=first.id, content="Now about suppliers.")
    assert store.search_ids(db=db, query="listeria") == []


def test_a_first_schema_database_upgrades_with_its_data(database_url):
    engine = store.make_engine(database_url)
    with engine.connect() as connection:
        command.upgrade(store.alembic_config(connection), "0001")
        connection.execute(text("INSERT INTO interview (id, guide_id, guide_version, expert, topic, status, "
                                "token_hash, created_at, updated_at) VALUES ('old', 'general', 1, 'Ana', 't', "
                                "'complete', 'h', '2026-01-01', '2026-01-01')"))
        connection.execute(text("INSERT INTO answer (interview_id, question_id, revision, value_json, text, origin, "
                                "skipped, created_at) VALUES ('old', 'role', 1, '\"I lead\"', 'I lead', "
                                "'volunteered', false, '2026-01-01')"))
        connection.commit()
    engine.dispose()
    engine = store.open_database(database_url)
    with store.session(engine) as db:
        record = store.get_interview(db=db, interview_id="old")
        assert (record.expert, record.status, record.review_status) == ("Ana", "complete", "draft")
        assert store.latest_answers(db=db, interview_id="old")["role"].text == "I lead"
    engine.dispose()


def test_library_filters_scopes_sorts_and_pages(db):
    owner = accounts.create_owner(db=db, email="o@example.com", name="Olu", password=PASSWORD)
    team = store.create_team(db=db, name="Food")
    records = [interview(db, topic) for topic in ("alpha", "beta", "gamma", "delta")]
    for record, (owner_id, team_id, review) in zip(records, [(owner.id, None, "draft"), (owner.id, team.id, "in_review"),
                                                             (None, team.id, "approved"), (None, None, "draft")]):
        row = store.get_interview(db=db, interview_id=record.id)
        row.owner_id, row.team_id, row.review_status = owner_id, team_id, review
        db.add(row)
    db.commit()
    store.index_playbook(db=db, interview_id=records[2].id, content="listeria recall thresholds")
    store.set_tags(db=db, interview_id=records[1].id, tags=["food"])

    def topics(**filters):
        rows, total = store.library(db=db, sort="topic", **filters)
        return [r.topic for r in rows], total

    assert topics() == (["alpha", "beta", "delta", "gamma"], 4)
    assert topics(scope_owner=owner.id) == (["alpha", "beta"], 2)
    assert topics(scope_owner="someone", scope_team=team.id) == (["beta", "gamma"], 2)
    assert topics(scope_statuses=("in_review", "approved")) == (["beta", "gamma"], 2)
    assert topics(words="listeria") == (["gamma"], 1)
    assert topics(tag="food") == (["beta"], 1)
    assert topics(review_status="draft") == (["alpha", "delta"], 2)
    rows, total = store.library(db=db, sort="topic", page=2, per_page=3)
    assert ([r.topic for r in rows], total) == (["gamma"], 4)


def test_search_count_stops_above_the_cap(db, monkeypatch):
    from elicit.adapters.store import search

    monkeypatch.setattr(search, "SEARCH_CAP", 2)
    for n in range(4):
        store.index_playbook(db=db, interview_id=interview(db, f"t{n}").id, content="common words here")
    rows, total = store.library(db=db, words="common", per_page=10)
    assert total == 3 and len(rows) == 3  # "more than 2"


def test_a_search_goes_through_the_index_and_leaves_the_planner_as_it_was(db):
    """PostgreSQL: a stored tsvector with its GIN index (migration 0006), read through the index whatever the
    planner guesses (docs/BENCHMARKS.md); the setting that makes it so is gone after the search."""
    from sqlalchemy import text

    hit = interview(db, "listeria")
    store.index_playbook(db=db, interview_id=hit.id, content="Recall above two confirmed listeria cases.")
    for n in range(30):
        store.index_playbook(db=db, interview_id=interview(db, f"other {n}").id, content=f"Nothing here {n}.")
    rows, total = store.library(db=db, words="listeria")
    assert [r.id for r in rows] == [hit.id] and total == 1
    if db.get_bind().dialect.name == "postgresql":
        assert db.exec(text("SHOW enable_seqscan")).one()[0] == "on"
        names = [r[0] for r in db.exec(text("SELECT indexname FROM pg_indexes WHERE tablename = 'search_document'"))]
        assert "ix_search_document_tsv" in names and "ix_search_document_fts" not in names
        db.exec(text("SET LOCAL enable_seqscan = off"))  # one set by someone else stays as they set it
        store.library(db=db, words="listeria")
        assert db.exec(text("SHOW enable_seqscan")).one()[0] == "off"
