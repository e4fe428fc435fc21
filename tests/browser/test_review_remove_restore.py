"""Issue 25 in Chromium: on the expert's Review of a finished interview, pick a part with the picker, Remove a
statement, Put it back, pick another part, go Previous and Next. Review must keep working: Finish in view, no
error box, and nothing in the server's log (the report was a TypeError in render_section_nav, Finish gone)."""

from __future__ import annotations

import re

import pytest
import yaml

from elicit.adapters import store
from elicit.services import accounts, interviews, teams
from elicit.core.access import Role
from elicit.core.guides import get_guide
from elicit.core.interview import Origin
from tests.support.browser import chromium, click, go, log_of, require_browser, settle, shot, streamlit_server
from tests.conftest import DATA

pytestmark = pytest.mark.browser
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"


def seed(url: str) -> str:
    """A consultant's interview of the crisis guide, answered whole and finished; returns the expert's token."""
    guide = get_guide("crisis_management")
    answers = yaml.safe_load((DATA / "answers_crisis_management.yaml").read_text())
    with store.session(store.open_database(url)) as db:
        accounts.create_owner(db=db, email="olu@example.com", name="Olu", password="correct horse 1")
        team = store.create_team(db=db, name="Food")
        ana = accounts.create_user(db=db, email="ana@example.com", name="Ana", password="correct horse 1",
                                   role=Role.CONSULTANT, team_id=team.id)
        record, token = teams.create_for_expert(db, accounts.actor_for(ana), guide=guide, expert="Dana Okafor",
                                                topic="Product recalls")
        interview = interviews.load_interview(db=db, interview_id=record.id)
        for question in guide.questions:
            if question.id in answers:
                interviews.save_answer(db=db, interview=interview, question_id=question.id,
                                       raw=answers[question.id], origin=Origin.VOLUNTEERED)
        interviews.finish(db=db, interview=interview)
    return token


def picker(page):
    """The section picker: a combobox whose text is the chosen label, "3. Title (n)", n counting statements."""
    return page.get_by_role("combobox", name="Part of the prompt")


def pick(page, number: int) -> str:
    """Choose part `number` in the picker, as a person does (open it, click the option); returns its label.

    After a rerun that swapped the picker's options the first press can go to focusing it: press again then."""
    from playwright.sync_api import TimeoutError as ListClosed

    option = page.get_by_role("option", name=re.compile(rf"^{number}\. "))
    for _ in range(3):
        picker(page).click()
        try:
            option.wait_for(timeout=3_000)
            break
        except ListClosed:
            page.keyboard.press("Escape")
    label = option.inner_text().strip()
    option.click()
    settle(page)
    return label


def assert_review_works(page, log, since: int, step: str) -> None:
    errors = page.locator(ERRORS)
    assert errors.count() == 0, f"after {step}: {errors.first.inner_text()}"
    assert not page.get_by_text("Something went wrong").count(), f"after {step}: the page shows an error"
    assert page.get_by_role("button", name="Finish", exact=True).first.is_visible(), \
        f"after {step}: Finish vanished"
    logged = log.read_text(errors="replace")[since:]
    assert "Traceback" not in logged and "TypeError" not in logged, f"after {step}, the server logged:\n{logged}"


def test_review_survives_remove_put_back_and_the_picker(tmp_path):
    require_browser()
    url = f"sqlite:///{tmp_path / 'remove.db'}"
    token = seed(url)
    with streamlit_server(url) as base, chromium() as page:
        log = log_of(int(base.rsplit(":", 1)[1]))
        since = len(log.read_text(errors="replace"))  # the log is per port and appended to: this server's part
        go(page, f"{base}/interview?i={token}")
        page.get_by_role("heading", name="Review your prompt").wait_for()
        assert_review_works(page, log, since, "opening the review")

        picked = pick(page, 3)
        page.get_by_text(re.compile(r"^3 of \d+: ")).wait_for()
        count = int(re.search(r"\((\d+)\)$", picked).group(1))
        assert count >= 1, f"part 3 should hold a statement to remove: {picked}"
        click(page, "Remove")
        page.get_by_text("Kept out of the prompt").wait_for()
        assert_review_works(page, log, since, "Remove")
        removed = picker(page).input_value()

        # before the fix the picker kept its key, so the browser kept the label "3. ... (n)" the options no
        # longer held; Put it back then sent that label as the picked value and render_section_nav raised
        click(page, "Put it back")
        assert_review_works(page, log, since, "Put it back")
        assert not page.get_by_text("Kept out of the prompt").count()
        assert removed.endswith(f"({count - 1})"), f"after Remove the picker still read {removed!r}"
        assert picker(page).input_value() == picked

        pick(page, 5)
        page.get_by_text(re.compile(r"^5 of \d+: ")).wait_for()
        assert_review_works(page, log, since, "picking part 5")
        click(page, "Previous")
        page.get_by_text(re.compile(r"^4 of \d+: ")).wait_for()
        assert_review_works(page, log, since, "Previous")
        click(page, "Next part")
        page.get_by_text(re.compile(r"^5 of \d+: ")).wait_for()
        assert_review_works(page, log, since, "Next part")
        shot(page, "review-remove-restore")
