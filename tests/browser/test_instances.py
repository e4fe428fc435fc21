"""Several app instances on one PostgreSQL database, as the README's team set-up runs them, in a real browser.

What this proves: two `make run` servers (A and B) share one PostgreSQL database and keep nothing of
an interview in their memory that the database doesn't also hold. An expert answers two questions on
A; the same resume URL opened on B shows those answers in place and the interview at the third
question; an answer given on B shows on A; then A is killed with SIGKILL while the expert is on it,
just after a skip it acknowledged, and B carries on from the URL at the right question with every
answer (checked in the page and in the database) intact.

Through a real nginx configured as the README says (`ip_hash`, HTTP/1.1 with the Upgrade and
Connection headers passed on), the page, its scripts and its websocket work; every request of the
browser goes to one instance (with one browser on 127.0.0.1, ip_hash has one address to hash, so this
shows the configuration works, not how it spreads many clients); when that instance is killed, the same
address reaches the other instance, and the interview continues there at the right question with
nothing lost. nginx comes from Debian's package, which .ci/run installs.
"""

from __future__ import annotations

import signal
import uuid

import pytest
import yaml

from elicit.adapters import store
from elicit.services import interviews
from elicit.core.guides import get_guide
from tests.support.balancer import nginx, nginx_binary, upstreams_used
from tests.support import browser
from tests.support.browser import chromium, require_browser, settle, shot, start_server, stop_server
from tests.conftest import DATA, require
from tests.support.pg import create_database

pytestmark = pytest.mark.browser
GUIDE = get_guide("general")
ASK = {q.id: q.ask for q in GUIDE.questions}
ANSWERS = yaml.safe_load((DATA / "answers_general.yaml").read_text())
STEPS = ANSWERS["case_steps"][:3]


@pytest.fixture
def shared_database(postgres_template) -> str:
    """A fresh PostgreSQL database, migrated once before any instance starts, as the README asks."""
    require_browser()
    url = create_database(postgres_template, f"t_{uuid.uuid4().hex[:16]}")
    store.open_database(url).dispose()
    return url


def click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    settle(page)


def heading(page) -> str:
    return page.locator("[data-testid='stHeading'] h3").first.inner_text()


def skip_follow_ups(page) -> None:
    """A follow-up may come up under an answer; this test is about where answers live, so pass it by."""
    for _ in range(5):
        if not page.get_by_role("button", name="Skip this").count():
            return
        click(page, "Skip this")


def answer_text(page, question_id: str) -> None:
    assert heading(page) == ASK[question_id]
    page.get_by_label("Your answer", exact=True).fill(ANSWERS[question_id])
    click(page, "Next")
    skip_follow_ups(page)


def start_interview(page, base: str) -> str:
    """Start from the Home page as an expert would; returns the resume path (`/interview?i=...`)."""
    return browser.start_interview(page, base, GUIDE.title, "Noor", "two servers, one database").removeprefix(base)


def open_on(page, base: str, resume: str) -> None:
    page.goto(base + resume)
    settle(page)


def shows_previous_answer(page, question_id: str) -> bool:
    """Back from the current question shows `question_id` with its saved answer; Next returns."""
    click(page, "Back")
    shown = heading(page) == ASK[question_id] and \
        page.get_by_label("Your answer", exact=True).input_value() == ANSWERS[question_id]
    click(page, "Next")
    skip_follow_ups(page)
    return shown


def saved_answers(url: str) -> dict:
    engine = store.open_database(url)
    with store.session(engine) as db:
        interview = store.list_interviews(db=db)[0]
        answers = {qid: (store.answer_value(r), r.skipped)
                   for qid, r in store.latest_answers(db=db, interview_id=interview.id).items()}
        at = interviews.load_interview(db=db, interview_id=interview.id).next_item()
    engine.dispose()
    return {"answers": answers, "next": getattr(at, "id", None)}


def test_an_interview_moves_between_instances_and_survives_losing_one(shared_database):
    a, base_a = start_server(shared_database)
    b, base_b = start_server(shared_database)
    try:
        with chromium() as page:
            resume = start_interview(page, base_a)
            answer_text(page, "role")
            answer_text(page, "priorities")

            open_on(page, base_b, resume)  # another instance, which never saw this browser
            assert heading(page) == ASK["users_and_input"]
            assert shows_previous_answer(page, "priorities")
            answer_text(page, "users_and_input")

            open_on(page, base_a, resume)
            assert heading(page) == ASK["stakes"]
            assert shows_previous_answer(page, "users_and_input")
            click(page, "Skip")  # the choice question, passed over on A
            assert heading(page) == ASK["case_steps"]  # the skip is acknowledged: the next question shows
            a.send_signal(signal.SIGKILL)  # A dies while the expert looks at it
            a.wait()

            open_on(page, base_b, resume)
            assert heading(page) == ASK["case_steps"]
            for n, step in enumerate(STEPS, 1):  # a step's box commits on Ctrl+Enter, and the app reruns
                page.get_by_label(f"Step {n}", exact=True).fill(step)
                page.get_by_label(f"Step {n}", exact=True).press("Control+Enter")
                settle(page)
            click(page, "Next")
            skip_follow_ups(page)
            assert heading(page) == ASK["hardest_steps"]
            shot(page, "instances-after-losing-a")
    finally:
        stop_server(a)
        stop_server(b)

    saved = saved_answers(shared_database)
    assert saved["next"] == "hardest_steps"
    assert {qid: value for qid, (value, skipped) in saved["answers"].items() if not skipped} == {
        "role": ANSWERS["role"], "priorities": ANSWERS["priorities"],
        "users_and_input": ANSWERS["users_and_input"], "case_steps": STEPS}
    assert saved["answers"]["stakes"][1], "the skip given on A just before it died is kept"


def test_through_nginx_a_browser_sticks_to_one_instance_and_moves_when_it_dies(shared_database):
    require(nginx_binary() is not None, "nginx is not installed (apt-get install nginx)")
    a, base_a = start_server(shared_database)
    b, base_b = start_server(shared_database)
    instances = {base_a.removeprefix("http://"): a, base_b.removeprefix("http://"): b}
    try:
        with nginx(list(instances)) as (base, access_log), chromium() as page:
            resume = start_interview(page, base)  # the page, its scripts and its websocket, all through nginx
            answer_text(page, "role")
            sticky = set(upstreams_used(access_log))
            assert len(sticky) == 1, f"ip_hash should keep one browser on one instance, not {sticky}"
            chosen = sticky.pop()
            seen = len(access_log.read_text().splitlines())
            instances[chosen].send_signal(signal.SIGKILL)  # the instance this browser sticks to dies
            instances[chosen].wait()

            open_on(page, base, resume)  # the same address: nginx sends it to the survivor
            assert heading(page) == ASK["priorities"]
            answer_text(page, "priorities")
            assert heading(page) == ASK["users_and_input"]
            survivor = set(instances) - {chosen}
            assert set(upstreams_used(access_log, since=seen)) == survivor
            shot(page, "instances-through-nginx")
    finally:
        stop_server(a)
        stop_server(b)

    saved = saved_answers(shared_database)
    assert saved["next"] == "users_and_input"
    assert {qid: value for qid, (value, _skipped) in saved["answers"].items()} == {
        "role": ANSWERS["role"], "priorities": ANSWERS["priorities"]}
