"""A team's first hour in a real browser, the whole way, one screenshot per step (artifacts/journey-*.png).

Working alone first, then the team: the owner sets it up with the code from the file on the server's machine,
hands the playbook made alone to a consultant, and invites a consultant and a reviewer; the consultant invites an
expert, who finishes a short-path interview on a phone; the reviewer goes from Review's list to a comment on one
section; the consultant answers it; the reviewer approves; an edit after approval takes the playbook out of
Approved until it is submitted again; the consultant exports it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from elicit.adapters import store
from elicit.core.guides import get_guide
from tests.support.browser import (CHROMIUM, CHROMIUM_ARGS, PASSWORD, add_person, click, complete, go, invite,
                                   require_browser, settle, shot, sign_in, start_interview, start_server,
                                   stop_server)

pytestmark = pytest.mark.browser
ANSWER = ("When two complaints name the same batch within 7 days I stop the sale at once and call the plant "
          "manager; in March 2024 that caught a mislabelled allergen before anyone was hurt.")
PHONE = {"width": 390, "height": 844}


def select(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def status_is(page, label: str) -> None:
    page.get_by_text(re.compile(rf"Status:.*{label}")).first.wait_for()


@pytest.mark.long
def test_a_team_goes_from_setup_to_an_approved_exported_playbook(tmp_path):
    require_browser()
    from playwright.sync_api import sync_playwright

    url, code_file = f"sqlite:///{tmp_path / 'first-hour.db'}", tmp_path / "setup-code.txt"
    process, base = start_server(url, env={"ELICIT_SETUP_CODE_FILE": str(code_file)}, setup_code=None)
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)

            def person(viewport: dict | None = None):
                return chromium.new_context(viewport=viewport or {"width": 1280, "height": 900},
                                            accept_downloads=True).new_page()

            # working alone: a playbook made before there is a team
            owner = person()
            start_interview(owner, base, get_guide("general").title, "Kim", "night shifts")
            shot(owner, "journey-01-working-alone")

            # setup: the form says where the code is; a person on this machine reads it from the file
            owner.goto(f"{base}/auth/setup")
            owner.get_by_text("data/setup-code.txt").wait_for()
            shot(owner, "journey-02-setup")
            owner.get_by_label(re.compile("^Setup code")).fill(Path(code_file).read_text(encoding="utf-8").strip())
            owner.get_by_label("Your name").fill("Olu")
            owner.get_by_label("Email").fill("olu@example.com")
            owner.get_by_label(re.compile("^Password")).fill(PASSWORD)
            owner.get_by_role("button", name="Create the owner account").click()
            owner.wait_for_url(re.compile(r"/$"))
            settle(owner)
            assert not os.path.exists(code_file)  # used once: nothing is left to open the setup with

            # the owner invites a consultant and a reviewer, then hands the earlier playbook to the consultant
            owner.get_by_text("1 playbook made before the team has no owner yet.").wait_for()
            owner.get_by_role("link", name="Decide who owns them").click()
            settle(owner)
            add_person(owner, "Ana", "ana@example.com", "consultant")
            add_person(owner, "Rita", "rita@example.com", "reviewer", team="")
            select(owner, "Who owns it", "Ana (consultant, team Food)")
            owner.get_by_text("Playbooks made before the team (1)").scroll_into_view_if_needed()
            shot(owner, "journey-03-people")
            click(owner, "Hand over")
            owner.get_by_text("1 playbook handed over").wait_for()

            # the consultant sees the handed-over playbook and invites an expert on the short path
            consultant = person()
            sign_in(consultant, base, "ana@example.com")
            go(consultant, f"{base}/library")
            consultant.get_by_text("night shifts").first.wait_for()
            link = invite(consultant, base, "Dee", short=True)
            shot(consultant, "journey-04-invite")

            # the expert, on a phone, finishes the short path
            expert = person(PHONE)
            go(expert, link)
            shot(expert, "journey-05-expert-phone")
            complete(expert, ANSWER)
            shot(expert, "journey-06-expert-done")
            with store.session(store.open_database(url)) as db:
                dee = next(r for r in store.list_interviews(db=db) if r.expert == "Dee")
                assert dee.path == "short" and dee.status == "complete"

            go(consultant, f"{base}/review?id={dee.id}")
            click(consultant, "Submit for review")
            status_is(consultant, "In review")

            # the reviewer goes from Review's list to a comment on one section
            reviewer = person()
            sign_in(reviewer, base, "rita@example.com")
            go(reviewer, f"{base}/review")
            reviewer.get_by_text("Waiting for you").wait_for()
            click(reviewer, "Review")
            select(reviewer, "Section", "Decision criteria")
            assert reviewer.url.endswith(f"/review?id={dee.id}")  # the id stays in the address after a click
            reviewer.get_by_role("textbox", name="Comment", exact=True).fill("Which criterion wins when two conflict?")
            click(reviewer, "Post the comment")
            reviewer.get_by_text("Which criterion wins when two conflict?").first.wait_for()
            reviewer.get_by_text("Decision criteria · 1 comment").scroll_into_view_if_needed()
            shot(reviewer, "journey-07-comment")

            # the consultant answers the comment in its thread
            go(consultant, f"{base}/review?id={dee.id}")
            consultant.get_by_role("textbox", name="Your reply to this comment").fill("Safety, always: added as a rule.")
            click(consultant, "Reply")
            consultant.get_by_text("Safety, always: added as a rule.").first.wait_for()

            # the reviewer approves
            go(reviewer, f"{base}/review?id={dee.id}")
            click(reviewer, "Approve")
            status_is(reviewer, "Approved")
            shot(reviewer, "journey-08-approved")

            # an edit after approval takes it out of Approved: it goes back through review
            go(consultant, f"{base}/interview?id={dee.id}")
            click(consultant, "Reword")
            consultant.get_by_label("Reword this statement").fill("Safety wins over cost whenever the two conflict.")
            click(consultant, "Save wording")
            click(consultant, "Finish")
            go(consultant, f"{base}/review?id={dee.id}")
            status_is(consultant, "Draft")
            click(consultant, "Submit for review")
            status_is(consultant, "In review")
            go(reviewer, f"{base}/review?id={dee.id}")
            click(reviewer, "Approve")
            status_is(reviewer, "Approved")

            # the consultant exports the approved playbook
            go(consultant, f"{base}/playbook?id={dee.id}")
            with consultant.expect_download() as download:
                consultant.get_by_role("button", name="Download Markdown").first.click()
            saved = Path(download.value.path()).read_text(encoding="utf-8")
            assert "Safety wins over cost whenever the two conflict." in saved
            shot(consultant, "journey-09-export")
            chromium.close()
    finally:
        stop_server(process)

    with store.session(store.open_database(url)) as db:
        record = store.get_interview(db=db, interview_id=dee.id)
        assert record.review_status == "approved"
        comments = store.list_comments(db=db, interview_id=dee.id)
        assert [c.section for c in comments if c.kind == "comment"] == ["decision_criteria"] * 2
        assert any(c.parent_id for c in comments)  # the consultant's answer is in the reviewer's thread
        kim = next(r for r in store.list_interviews(db=db) if r.expert == "Kim")
        assert kim.owner_id is not None and kim.team_id is not None  # nothing made alone is left without an owner
        actions = [e.action for e in reversed(store.audit_log(db=db)) if e.object_id == dee.id]
        assert actions.count("status: approved") == 2 and "status: draft" in actions
