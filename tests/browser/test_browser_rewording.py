"""In Chromium: a rewording made on Review survives Edit answer and an unchanged Next, and is in the Markdown."""

from __future__ import annotations

import pytest

from elicit.adapters import store
from tests.support.browser import chromium, require_browser, settle, shot, start_interview, streamlit_server

pytestmark = pytest.mark.browser
ROLE = ("I'm a site-reliability engineer with 14 years in operations, the last six as an incident commander at a "
        "payments company. I lead our response to major outages.")
REWORDED = "You command incidents at a payments company and lead the response to major outages."


def click(page, name: str, n: int = 0) -> None:
    page.get_by_role("button", name=name, exact=True).nth(n).click()
    settle(page)


def skip_follow_ups(page) -> None:
    while page.get_by_role("button", name="Skip this").count():
        click(page, "Skip this")


def test_a_rewording_survives_edit_answer_and_an_unchanged_next(tmp_path):
    require_browser()
    url = f"sqlite:///{tmp_path / 'reword.db'}"
    with streamlit_server(url) as base, chromium() as page:
        start_interview(page, base, "Any expertise: how you work", "Kim", "outages")
        page.get_by_label("Your answer", exact=True).fill(ROLE)
        click(page, "Next")
        skip_follow_ups(page)
        click(page, "Review the prompt so far")
        click(page, "Finish")
        click(page, "Change something")  # the done screen leads back to Review
        click(page, "Reword")  # the first statement: the role
        page.get_by_label("Reword this statement").fill(REWORDED)
        click(page, "Save wording")
        click(page, "Edit answer")
        click(page, "Next")  # nothing changed
        skip_follow_ups(page)
        click(page, "Review the prompt so far")
        assert page.get_by_text(REWORDED, exact=True).first.is_visible()
        page.get_by_text("Download or copy the prompt").click()
        with page.expect_download() as download:
            page.get_by_role("button", name="Download Markdown").click()
        markdown = download.value.path().read_text(encoding="utf-8")
        shot(page, "rewording-kept")
    assert REWORDED in markdown and "| edited |" in markdown
    with store.session(store.open_database(url)) as db:
        interview = store.list_interviews(db=db)[0]
        assert len(store.answer_history(db=db, interview_id=interview.id, question_id="role")) == 1
