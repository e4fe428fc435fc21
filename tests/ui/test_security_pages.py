"""Holes a tester found in the pages once a team is set up, each closed: in AppTest, as the browser would see them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from elicit.adapters import store
from elicit.services import accounts, teams
from elicit.core.access import NOBODY, ReviewStatus, Role
from elicit.adapters.config import get_settings
from elicit.core.errors import AccessDeniedError, ElicitError, GuideError, InterviewNotFoundError
from elicit.core.guides import get_guide, load_guide
from tests.conftest import ROOT
from tests.support.apptest import PASSWORD, page_as

APP = str(ROOT / "app.py")
PROMPT = "You are a senior claims adjuster. Review the claim."
LINKED = "Ana [click](http://evil.example/x) *bold*"
pytestmark = pytest.mark.usefixtures("cheap_passwords")


@pytest.fixture
def team():
    """An owner, a consultant of team Food whose name is a Markdown link, one of team Wine, and a reviewer."""
    engine = store.open_database()
    with store.session(engine) as db:
        food, wine = store.create_team(db=db, name="Food"), store.create_team(db=db, name="Wine")
        people = {"owner": accounts.create_owner(db=db, email="olu@example.com", name="Olu", password=PASSWORD)}
        for key, name, role, team_id in (("ana", LINKED, Role.CONSULTANT, food.id),
                                         ("wes", "Wes Secret", Role.CONSULTANT, wine.id),
                                         ("rita", "Rita", Role.REVIEWER, None)):
            people[key] = accounts.create_user(db=db, email=f"{key}@example.com", name=name, password=PASSWORD,
                                               role=role, team_id=team_id)
        tokens = {key: store.start_login_session(db=db, account_id=a.id) for key, a in people.items()}
    yield {"tokens": tokens, "people": people}
    engine.dispose()


def interviews() -> list[store.InterviewRecord]:
    engine = store.open_database()
    with store.session(engine) as db:
        found = store.list_interviews(db=db)
    engine.dispose()
    return found


def test_a_stranger_cannot_create_interviews_through_lint_upgrade(team):
    at = page_as(None, "lint")  # in a team, a visitor who is not signed in is sent to sign in
    assert not [t for t in at.text_area if t.key == "lint_text"]
    assert not [b for b in at.button if b.key == "lint_upgrade"]
    assert any("Sign in to see this page" in i.value for i in at.info)
    engine = store.open_database()
    with store.session(engine) as db, pytest.raises(AccessDeniedError):
        teams.start_upgrade(db, NOBODY, guide=get_guide("general"), expert="Eve", topic="x", missing=["goals"])
    engine.dispose()
    assert interviews() == []


def test_a_consultants_upgrade_is_theirs_and_opens_by_id(team):
    at = page_as(team["tokens"]["ana"], "lint")
    at.text_area(key="lint_text").input(PROMPT).run()
    at.text_input(key="lint_expert").input("Dana")
    at.text_input(key="lint_topic").input("claims")
    at.button(key="lint_upgrade").click().run()
    assert not at.exception and "i" not in at.query_params
    [record] = interviews()
    assert at.query_params["id"] == record.id and record.owner_id == team["people"]["ana"].id


def test_a_stranger_cannot_spend_the_model_on_try_it(team, monkeypatch):
    monkeypatch.setenv("ELICIT_LLM_BASE_URL", "http://127.0.0.1:9/v1")  # configured; never called here
    monkeypatch.setenv("ELICIT_LLM_MODEL", "m")
    get_settings.cache_clear()
    engine = store.open_database()
    with store.session(engine) as db:
        ana = accounts.actor_for(team["people"]["ana"])
        record, _link = teams.create_for_expert(db, ana, guide=get_guide("general"), expert="Dee", topic="x")
        teams.set_status(db, ana, record.id, ReviewStatus.IN_REVIEW)
    engine.dispose()
    stranger = page_as(None, "tryout", id=record.id)
    assert not stranger.button and not stranger.text_area and "Dee" not in str(stranger)
    assert page_as(team["tokens"]["rita"], "tryout", id=record.id).button  # a reviewer tries what they review


def test_settings_are_closed_to_anonymous_visitors(team):
    assert any("Sign in to see this page" in i.value for i in page_as(None, "settings").info)
    assert "Settings" not in [t.value for t in page_as(team["tokens"]["rita"], "settings").title]  # reviewers
    assert page_as(team["tokens"]["owner"], "settings").title[0].value == "Settings"


def test_names_in_the_sidebar_are_text_not_markdown(team):
    at = page_as(team["tokens"]["ana"], "home")
    shown = [c.value for c in at.sidebar.caption if "Signed in as" in c.value]
    assert shown and "](http" not in shown[0] and "\\[click\\]" in shown[0]


def test_the_owner_filter_lists_only_people_one_may_know_of(team):
    expected = {"owner": {"Olu", LINKED, "Wes Secret"}, "ana": {LINKED}, "wes": {"Wes Secret"}, "rita": set()}
    engine = store.open_database()
    with store.session(engine) as db:
        seen = {who: set(teams.owners_visible_to(db, accounts.actor_for(team["people"][who])).values())
                for who in expected}
    engine.dispose()
    assert seen == expected


def test_links_made_before_the_team_expire_and_can_be_revoked(db):
    record, token = store.create_interview(db=db, guide_id="general", guide_version=1, expert="Ana", topic="alone")
    assert teams.expert_for_link(db, token)[0].id == record.id
    accounts.create_owner(db=db, email="olu@example.com", name="Olu", password=PASSWORD)
    assert teams.expert_for_link(db, token)[0].id == record.id  # still opens, now as an invitation
    [invitation] = store.list_invitations(db=db, interview_id=record.id)
    assert invitation.expires_at <= store.utc_now() + timedelta(days=store.INVITATION_DAYS)
    store.revoke_invitation(db=db, invitation_id=invitation.id)
    with pytest.raises(InterviewNotFoundError):
        teams.expert_for_link(db, token)


def test_a_comment_names_a_real_section(db):
    owner = accounts.actor_for(accounts.create_owner(db=db, email="o@example.com", name="O", password=PASSWORD))
    record = store.create_interview(db=db, guide_id="general", guide_version=1, expert="Ana", topic="x")[0]
    with pytest.raises(ElicitError, match="not one of the ten"):
        teams.comment(db, owner, record.id, section="<script>", body="hi")


def test_deeply_nested_guide_yaml_is_refused_at_once(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("id: " + "[" * 3000 + "]" * 3000)
    with pytest.raises(GuideError, match="nested more than"):
        load_guide(path)
