"""Every role walks the app in Chromium (the expert by invitation on a phone and a desktop, the consultant,
the reviewer, the owner): every page it may see opens without an error, with a screenshot of each in
artifacts/walk-*.png; on the phone the next action is in view without scrolling; the expert sees only
their interview. One server and one browser for the whole module, seeded straight into the database."""

from __future__ import annotations

import re

import pytest
import yaml

from elicit.adapters import store
from elicit.services import accounts, interviews, teams
from elicit.core.access import ReviewStatus, Role
from elicit.core.guides import get_guide
from elicit.core.interview import Origin
from elicit.ui.common import COOKIE
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, require_browser, settle, shot, streamlit_server
from tests.conftest import DATA

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CRITERIA = "response_criteria"
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
MENUS = {"consultant": ["Home", "Library", "Review", "Compare experts", "Interview guides", "Lint a prompt",
                        "Settings"],
         "reviewer": ["Home", "Library", "Review", "Compare experts", "Interview guides", "Lint a prompt"],
         "owner": ["Home", "Library", "Review", "Compare experts", "Interview guides", "Lint a prompt", "People",
                   "Settings"]}


def finished(db, actor, expert: str, topic: str) -> store.InterviewRecord:
    """A consultant's interview of the crisis guide, answered whole and finished (version 1)."""
    guide = get_guide("crisis_management")
    record, _token = teams.create_for_expert(db, actor, guide=guide, expert=expert, topic=topic)
    interview = interviews.load_interview(db=db, interview_id=record.id)
    answers = yaml.safe_load((DATA / "answers_crisis_management.yaml").read_text())
    for question in guide.questions:
        if question.id in answers:
            interviews.save_answer(db=db, interview=interview, question_id=question.id, raw=answers[question.id],
                                 origin=Origin.VOLUNTEERED)
    interviews.finish(db=db, interview=interview)
    return store.get_interview(db=db, interview_id=record.id)


def seed(url: str) -> dict:
    """An owner, a consultant and a reviewer; two finished playbooks of one expert, one in review; an invitation."""
    guide = get_guide("crisis_management")
    with store.session(store.open_database(url)) as db:
        owner = accounts.create_owner(db=db, email="olu@example.com", name="Olu", password="correct horse 1")
        team = store.create_team(db=db, name="Food")
        ana = accounts.create_user(db=db, email="ana@example.com", name="Ana", password="correct horse 1",
                                   role=Role.CONSULTANT, team_id=team.id)
        rita = accounts.create_user(db=db, email="rita@example.com", name="Rita", password="correct horse 1",
                                    role=Role.REVIEWER)
        consultant = accounts.actor_for(ana)
        first = finished(db, consultant, "Dana Okafor", "Product recalls")
        finished(db, consultant, "Dana Okafor", "Product recalls")  # the same expert and topic twice
        teams.set_status(db, consultant, first.id, ReviewStatus.IN_REVIEW)
        teams.comment(db, accounts.actor_for(rita), first.id, section="persona", body="Say which region.")
        invitations = {device: teams.create_for_expert(db, consultant, guide=get_guide("crisis_management"),
                                                          expert="Sam Reyes", topic=f"Factory fires ({device})")[1]
                       for device in ("phone", "desktop")}
        record, token = teams.create_for_expert(db, consultant, guide=guide, expert="Lee", topic="Criteria")
        interview = interviews.load_interview(db=db, interview_id=record.id)
        answers = yaml.safe_load((DATA / "answers_crisis_management.yaml").read_text())
        for question in guide.questions[:guide.questions.index(guide.question(CRITERIA))]:
            interviews.save_answer(db=db, interview=interview, question_id=question.id, raw=answers[question.id],
                                 origin=Origin.VOLUNTEERED)
        answered, review = teams.create_for_expert(db, consultant, guide=guide, expert="Kai", topic="Reviewing")
        interview = interviews.load_interview(db=db, interview_id=answered.id)
        for question in guide.questions:  # every answer in, not yet finished: the link opens the review
            if question.id in answers:
                interviews.save_answer(db=db, interview=interview, question_id=question.id, raw=answers[question.id],
                                     origin=Origin.VOLUNTEERED)
        return {"first": first.id, "invitations": invitations, "criteria": (record.id, token), "review": review,
                **{role: store.start_login_session(db=db, account_id=a.id)
                   for role, a in (("owner", owner), ("consultant", ana), ("reviewer", rita))}}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    require_browser()
    url = f"sqlite:///{tmp_path_factory.mktemp('walk') / 'walk.db'}"
    seeded = seed(url)
    from playwright.sync_api import sync_playwright

    with streamlit_server(url) as base, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)

        def open_as(role: str | None, viewport: dict = DESKTOP):
            context = chromium.new_context(viewport=viewport)
            if role is not None:
                context.add_cookies([{"name": COOKIE, "value": seeded[role], "url": base}])
            return context.new_page()

        yield base, seeded, open_as, url
        chromium.close()


def go(page, url: str) -> None:
    page.goto(url)
    settle(page)


def tall_shot(page, name: str) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main area, so the viewport grows for it."""
    size = page.viewport_size
    height = page.evaluate("document.querySelector(\"[data-testid='stMain']\")?.scrollHeight || 0")
    page.set_viewport_size({"width": size["width"], "height": min(max(size["height"], height), 6000)})
    page.wait_for_timeout(150)
    shot(page, f"walk-{name}")
    page.set_viewport_size(size)


def assert_fine(page, name: str) -> None:
    tall_shot(page, name)
    errors = page.locator(ERRORS)
    assert errors.count() == 0, f"{name}: {errors.first.inner_text()}"


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def menu(page) -> list[str]:
    return [link.inner_text().strip().split("\n")[-1] for link in page.locator("[data-testid='stSidebarNav'] a").all()]


def walk_menu(page, base: str, role: str) -> None:
    go(page, base)
    assert menu(page) == MENUS[role]
    for title in MENUS[role]:
        page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
        settle(page)
        assert_fine(page, f"{role}-{title.lower().replace(' ', '-')}")


def compare_all(page, base: str, role: str) -> None:
    """Select all the playbooks of the crisis guide (one expert and topic twice): a table, not a crash."""
    go(page, f"{base}/compare")
    page.get_by_role("button", name="Select all").click()
    settle(page)
    page.get_by_text("Decision criteria and their weights").wait_for()
    assert_fine(page, f"{role}-compare-all")


def delete_and_undo(page, base: str) -> None:
    """Delete the first playbook in the Library: it leaves the list; Undo brings it back."""
    go(page, f"{base}/library")
    before = page.get_by_text(re.compile(r"^\d+ playbooks")).first.inner_text()
    page.get_by_role("button", name="Delete").first.click()
    settle(page)
    assert page.get_by_text(re.compile(r"^Deleted ")).count()
    assert page.get_by_text(re.compile(r"^\d+ playbooks")).first.inner_text() != before
    assert_fine(page, "consultant-library-deleted")
    page.get_by_role("button", name="Undo").click()
    settle(page)
    assert page.get_by_text(re.compile(r"^\d+ playbooks")).first.inner_text() == before


def walk_playbook(page, base: str, role: str, interview_id: str) -> None:
    """A playbook's own pages, reached by its links: the playbook, Try it from there, the interview, review."""
    go(page, f"{base}/library")
    page.get_by_role("link", name="Playbook").first.click()
    settle(page)
    assert "id=" in page.url
    assert_fine(page, f"{role}-playbook")
    page.get_by_role("link", name="Try it").first.click()
    settle(page)
    assert "id=" in page.url and page.get_by_role("heading", name=re.compile("^Try it:")).count()
    assert_fine(page, f"{role}-try")
    for path in ("interview", "review"):
        go(page, f"{base}/{path}?id={interview_id}")
        assert_fine(page, f"{role}-{path}")


@pytest.mark.parametrize("role", ["consultant", "reviewer", "owner"])
def test_each_role_opens_every_page_it_may_see(app, role):
    base, seeded, open_as, _url = app
    page = open_as(role)
    walk_menu(page, base, role)
    if role != "reviewer":  # a reviewer sees the one playbook in review: nothing to select all of
        compare_all(page, base, role)
    if role == "consultant":
        delete_and_undo(page, base)
    walk_playbook(page, base, role, seeded["first"])


@pytest.mark.parametrize(("device", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_the_expert_sees_only_their_interview_with_the_next_step_in_view(app, device, viewport):
    base, seeded, open_as, _url = app
    page = open_as(None, viewport)
    go(page, f"{base}/interview?i={seeded['invitations'][device]}")
    assert_fine(page, f"expert-{device}-question")
    assert page.get_by_text(f"Factory fires ({device})").count() and not menu(page)
    answer, next_button = page.get_by_role("textbox", name="Your answer", exact=True), page.get_by_role(
        "button", name="Next", exact=True)
    assert in_view(page, answer) and in_view(page, next_button)
    answer.fill("I run the plant.")
    next_button.click()
    settle(page)
    assert_fine(page, f"expert-{device}-follow-up")
    follow_up = page.get_by_role("button", name="Answer", exact=True)
    assert follow_up.count() and in_view(page, follow_up)
    for path in ("", "library", "people", "playbook"):  # any other address still shows this interview only
        go(page, f"{base}/{path}?i={seeded['invitations'][device]}")
        assert_fine(page, f"expert-{device}-at-{path or 'home'}")
        assert not menu(page) and page.get_by_text(f"Factory fires ({device})").count(), path


COLUMN_X = {"Criterion": 33 + 110, "Weight": 33 + 220 + 60}
"""Where a column's cells are, from the grid's left edge: the row markers, then the criterion (220 px wide)."""


def type_in_cell(page, column: str, row: int, text: str) -> None:
    """Type into one cell of the data editor: select it, Enter opens its editor, type, Enter saves."""
    box = page.locator("[data-testid='stDataFrame'] canvas").first.bounding_box()
    page.mouse.click(box["x"] + COLUMN_X[column], box["y"] + 35 * (row + 1) + 17)  # 35 px rows under the header
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    page.keyboard.type(text, delay=20)
    page.keyboard.press("Enter")
    settle(page)


def test_the_criteria_table_takes_names_and_weights_on_its_scale(app):
    base, seeded, open_as, url = app
    interview_id, token = seeded["criteria"]
    page = open_as(None)
    go(page, f"{base}/interview?i={token}")
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for()
    assert page.get_by_text("points out of 100").count()
    for row, (name, weight) in enumerate((("Harm to people", "60"), ("Cost", "40"))):
        type_in_cell(page, "Criterion", row, name)
        type_in_cell(page, "Weight", row, weight)
    settle(page)
    page.get_by_text("add up to 100").wait_for()
    assert_fine(page, "expert-criteria-table")
    page.get_by_role("button", name="Next", exact=True).click()
    settle(page)
    with store.session(store.open_database(url)) as db:
        saved = store.latest_answers(db=db, interview_id=interview_id)[CRITERIA]
    criteria = store.answer_value(saved)
    assert [(c["name"], c["weight"]) for c in criteria] == [("Harm to people", "60 points"), ("Cost", "40 points")]


def test_the_expert_reviews_one_part_at_a_time_on_a_phone_and_finishes(app):
    base, seeded, open_as, _url = app
    page = open_as(None, PHONE)
    go(page, f"{base}/interview?i={seeded['review']}")
    page.get_by_role("heading", name="Review your prompt").wait_for()
    assert_fine(page, "expert-phone-review")
    finish = page.get_by_role("button", name="Finish", exact=True)
    assert in_view(page, finish) and in_view(page, page.get_by_role("button", name="Next part"))
    page.get_by_role("button", name="Next part").click()
    settle(page)
    assert page.get_by_text("2 of 10: Goals and priorities").count() and in_view(page, finish)
    finish.click()
    settle(page)
    page.get_by_role("heading", name="You're done").wait_for()
    assert_fine(page, "expert-phone-done")
    assert not page.get_by_role("link", name="Open the playbook").count()  # not theirs: their link is all they need
