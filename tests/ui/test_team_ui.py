"""The team pages in AppTest, per role: People, Library, Review (status, comments, versions) and Compare."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from elicit.adapters import store
from elicit.presenting import plain
from elicit.services import accounts
from tests.conftest import ROOT
from tests.support.apptest import PASSWORD, page_as

APP = str(ROOT / "app.py")


def texts(at: AppTest) -> str:
    return " ".join([m.value for m in at.markdown] + [t.value for t in at.text] + [c.value for c in at.caption] +
                    [i.value for i in at.info] + [e.value for e in at.error])


def test_people_page_is_the_owners(team):
    consultant = page_as(team["tokens"]["ana"], "people")  # not in a consultant's pages: back to Home
    assert [t.value for t in consultant.title] == ["elicit"] and "tm_add" not in [b.key for b in consultant.button]
    assert "Sign in to see this page" in texts(page_as(None, "people"))
    at = page_as(team["tokens"]["owner"], "people")
    at.text_input(key="tm_name").input("Cy")
    at.text_input(key="tm_email").input("cy@example.com")
    at.text_input(key="tm_team").input("food")
    at.button(key="tm_add").click().run()
    assert any(f"Added Cy ({plain('cy@example.com')})" in s.value for s in at.success)
    link = next(c.value for c in at.code if "/auth/welcome?t=" in c.value)
    with store.session(team["engine"]) as db:
        cy = store.find_account(db=db, email="cy@example.com")
        assert cy.role == "consultant" and cy.team_id is not None
        with pytest.raises(accounts.AccountError):  # no password opens the account until they choose one
            accounts.verify(db=db, email="cy@example.com", password=PASSWORD)
        accounts.set_own_password(db=db, token=link.split("t=", 1)[1], password=PASSWORD)
        assert accounts.verify(db=db, email="cy@example.com", password=PASSWORD).id == cy.id
        assert [e.action for e in store.audit_log(db=db) if e.object_id == cy.id] == ["add person"]
    with pytest.raises(accounts.AccountError, match="not valid any more"):  # the link works once
        with store.session(team["engine"]) as db:
            accounts.set_own_password(db=db, token=link.split("t=", 1)[1], password=PASSWORD)


def test_a_mistake_in_adding_a_person_keeps_what_was_typed(team):
    at = page_as(team["tokens"]["owner"], "people")
    at.text_input(key="tm_name").input("Cy")
    at.text_input(key="tm_email").input("cy at example")
    at.button(key="tm_add").click().run()
    assert any("not an email address" in e.value for e in at.error)
    assert at.text_input(key="tm_name").value == "Cy" and at.text_input(key="tm_email").value == "cy at example"


@pytest.mark.parametrize(("who", "visible"), [("owner", 2), ("ana", 2), ("ben", 0), ("rita", 1)])
def test_library_shows_each_role_its_playbooks(team, who, visible):
    at = page_as(team["tokens"][who], "library")
    assert sum(1 for m in at.markdown if "recalls" in m.value) == visible


def test_library_needs_a_sign_in_in_team_mode(team):
    assert "Sign in to see this page" in texts(page_as(None, "library"))


def test_reviewer_comments_and_approves(team):
    at = page_as(team["tokens"]["rita"], "review", id=team["ids"][0])
    at.selectbox(key="rp_section").set_value("decision_criteria")
    at.text_area(key="rp_body").input("Which criterion wins when harm and cost conflict?")
    at.button(key="rp_post").click().run()
    assert "Which criterion wins" in texts(at)
    at.button(key="rp_move_approved").click().run()
    assert not at.exception
    with store.session(team["engine"]) as db:
        record = store.get_interview(db=db, interview_id=team["ids"][0])
        assert record.review_status == "approved" and record.approved_by is not None
        assert store.list_comments(db=db, interview_id=record.id)[0].section == "decision_criteria"


def test_a_consultant_cannot_approve_and_a_stranger_cannot_look(team):
    at = page_as(team["tokens"]["ana"], "review", id=team["ids"][0])
    assert not [b for b in at.button if b.key == "rp_move_approved"]
    at = page_as(team["tokens"]["ben"], "review", id=team["ids"][0])
    assert any("may not view" in e.value for e in at.error)


def test_compare_aligns_the_weights(team):
    at = page_as(team["tokens"]["owner"], "compare")
    at.selectbox(key="cmp_guide").set_value("crisis_management").run()
    at.multiselect(key="cmp_ids").set_value(team["ids"]).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.loc["Harm"]) == ["50%", "20%"]



@pytest.mark.parametrize("sent", ["no-such-playbook", "00000000-0000-0000-0000-000000000000"])
def test_compare_refuses_an_id_it_did_not_offer_with_a_plain_message(team, sent):
    """A value sent to the multiselect that it never offered is named and left out, never a crash."""
    at = page_as(team["tokens"]["owner"], "compare")
    at.selectbox(key="cmp_guide").set_value("crisis_management").run()
    at.multiselect(key="cmp_ids").set_value([*team["ids"], sent]).run()
    assert not at.exception and not at.error
    assert any("not in this guide's list" in w.value for w in at.warning)
    assert list(at.dataframe[0].value.loc["Harm"]) == ["50%", "20%"]


def test_choosing_another_guide_clears_the_picks_without_a_warning(team):
    at = page_as(team["tokens"]["owner"], "compare")
    at.selectbox(key="cmp_guide").set_value("crisis_management").run()
    at.multiselect(key="cmp_ids").set_value(team["ids"]).run()
    at.selectbox(key="cmp_guide").set_value("general").run()
    assert not at.exception and not at.warning and at.multiselect(key="cmp_ids").value == []

@pytest.mark.parametrize(("who", "downloads"), [("ana", True), ("rita", False)])
def test_reviewers_read_the_playbook_but_only_consultants_export(team, who, downloads):
    at = page_as(team["tokens"][who], "playbook", id=team["ids"][0])
    assert bool(at.get("download_button")) is downloads
    assert "Harm" in " ".join(c.value for c in at.code)


@pytest.mark.parametrize(("email", "visible"), [("ana@example.com", 2), ("rita@example.com", 1), ("x@example.com", 0)])
def test_single_sign_on_maps_to_the_account_with_that_email(team, email, visible):
    at = AppTest.from_file(APP, default_timeout=30)
    at.user["is_logged_in"] = True
    at.user["email"] = email
    at.run()
    at.switch_page("elicit/ui/pages/library.py").run()
    assert not at.exception
    assert sum(1 for m in at.markdown if "recalls" in m.value) == visible
    if not visible:
        assert any("has no account here yet" in c.value for c in at.caption)


def test_library_filters_by_owner_and_search(team):
    with store.session(team["engine"]) as db:
        ana, olu = (store.find_account(db=db, email=e).id for e in ("ana@example.com", "olu@example.com"))
    at = page_as(team["tokens"]["owner"], "library")
    at.selectbox(key="lib_owner").set_value(olu).run()
    assert any("No playbook matches" in i.value for i in at.info)
    at.selectbox(key="lib_owner").set_value(ana).run()
    at.text_input(key="lib_words").input("Harm").run()
    assert sum(1 for m in at.markdown if "recalls" in m.value) == 2
    at.text_input(key="lib_words").input("nothing-like-this").run()
    assert any("No playbook matches" in i.value for i in at.info)


def test_the_approver_is_named(team):
    at = page_as(team["tokens"]["rita"], "review", id=team["ids"][0])
    at.button(key="rp_move_approved").click().run()
    assert any("Approved by Rita" in m.value for m in at.markdown)


def test_the_owner_hands_over_playbooks_made_while_working_alone(team):
    with store.session(team["engine"]) as db:  # made before the team, by nobody
        for topic in ("night shifts", "site closures"):
            store.create_interview(db=db, guide_id="general", guide_version=1, expert="Kim", topic=topic)
        ana, olu = (store.find_account(db=db, email=f"{n}@example.com") for n in ("ana", "olu"))
    home = page_as(team["tokens"]["owner"], "home")
    assert "2 playbooks made before the team have no owner yet." in texts(home)
    assert "night shifts" not in texts(page_as(team["tokens"]["ana"], "library"))

    at = page_as(team["tokens"]["owner"], "people")
    assert [s.value for s in at.subheader][0] == "Playbooks made before the team (2)"
    keepers = [s for s in at.selectbox if s.key.startswith("tm_keeper_")]
    assert len(keepers) == 2 and all(s.value == olu.id for s in keepers)  # yours unless changed
    assert keepers[0].options == ["Olu (owner)", "Ana (consultant, team Food)", "Ben (consultant)"]
    keepers[0].set_value(ana.id)
    at.button(key="tm_hand_over").click().run()
    assert any("2 playbooks handed over" in s.value for s in at.success)
    assert "Playbooks made before the team" not in [s.value for s in at.subheader]
    assert "no owner yet" not in texts(page_as(team["tokens"]["owner"], "home"))
    library = texts(page_as(team["tokens"]["ana"], "library"))
    assert "night shifts" in library and "site closures" not in library  # the owner kept the other
