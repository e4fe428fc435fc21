"""A team in a real browser: owner setup, people, an invited expert, review and approval, refused links."""

from __future__ import annotations

import re

import pytest

from elicit.adapters import store
from tests.support.browser import (CHROMIUM, CHROMIUM_ARGS, PASSWORD, add_person, click, complete, go, invite,
                                   links_to, require_browser, set_up_owner, shot, sign_in, streamlit_server)

pytestmark = pytest.mark.browser
ANSWER = ("When I see two complaints about the same batch within 7 days I stop the sale at once; in March 2024 "
          "that rule caught a mislabelled allergen before anyone was hurt (log: https://evil.example/log).")


@pytest.fixture
def server(tmp_path):
    require_browser()
    url = f"sqlite:///{tmp_path / 'team.db'}"
    with streamlit_server(url) as base:
        yield base, url


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield lambda: chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
        chromium.close()


@pytest.mark.long
def test_a_team_captures_reviews_and_approves_a_playbook(server, browser):
    base, url = server
    owner = browser()
    owner.goto(f"{base}/auth/login")  # the first start asks for the owner (a plain HTML form)
    owner.wait_for_url("**/auth/setup")
    set_up_owner(owner, base, "Olu", "olu@example.com", PASSWORD)
    go(owner, f"{base}/people")
    add_person(owner, "Ana", "ana@example.com", "consultant")
    add_person(owner, "Rita", "rita@example.com", "reviewer")
    shot(owner, "team-1-people")

    consultant = browser()
    sign_in(consultant, base, "ana@example.com")
    link = invite(consultant, base, "Dee", short=True)  # the path most experts take (the full one: test_crash_recovery)
    other_link = invite(consultant, base, "Eve")
    shot(consultant, "team-2-invited")

    expert = browser()
    go(expert, link)
    complete(expert, ANSWER)
    shot(expert, "team-3-expert-finished")
    with store.session(store.open_database(url)) as db:
        dee = next(r for r in store.list_interviews(db=db) if r.expert == "Dee")

    go(consultant, f"{base}/review?id={dee.id}")
    click(consultant, "Submit for review")
    reviewer = browser()
    sign_in(reviewer, base, "rita@example.com")
    go(reviewer, f"{base}/review?id={dee.id}")
    reviewer.get_by_role("textbox", name="Comment", exact=True).fill("Say which criterion wins when two conflict.")
    click(reviewer, "Post the comment")
    reviewer.get_by_text("Say which criterion wins").first.wait_for()
    assert links_to(reviewer, "evil.example") == []  # the expert's URL is text on the Review page too

    go(consultant, f"{base}/interview?id={dee.id}")  # the consultant edits a statement
    click(consultant, "Reword")
    consultant.get_by_label("Reword this statement").fill("Safety wins over cost whenever the two conflict.")
    click(consultant, "Save wording")
    click(consultant, "Finish")

    go(reviewer, f"{base}/review?id={dee.id}")
    click(reviewer, "Approve")
    reviewer.get_by_text(re.compile("Status:.*Approved")).wait_for()
    shot(reviewer, "team-4-approved")

    go(consultant, f"{base}/interview?id={dee.id}")  # revoke the expert's link
    consultant.get_by_text("Invite the expert").click()
    click(consultant, "Revoke")
    go(expert, link)
    expert.get_by_text("This link is not valid").wait_for()  # the page may still be drawing: wait, do not count

    stranger = browser()
    go(stranger, other_link)  # Eve's link opens Eve's interview and nothing else
    assert stranger.get_by_text("recalls by Eve").count()
    go(stranger, f"{base}/interview?id={dee.id}")
    assert not stranger.get_by_text("recalls by Dee").count()
    assert stranger.get_by_text(re.compile("Sign in|may not")).count()

    with store.session(store.open_database(url)) as db:
        record = store.get_interview(db=db, interview_id=dee.id)
        assert record.review_status == "approved" and record.approved_by is not None
        assert len(store.list_prompt_versions(db=db, interview_id=dee.id)) == 2
        assert store.list_comments(db=db, interview_id=dee.id)[0].author_label.startswith("Rita")
