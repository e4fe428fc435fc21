"""Crash recovery: the server is killed (SIGKILL) at random points 12 times while an expert answers in a browser.

After every restart the interview resumes from its URL, and every answer and follow-up answer the page
acknowledged (the next item appeared) is in the database, and every draft (typed, then a click elsewhere) is
kept on the server and shown again, marked unsent.
"""

from __future__ import annotations

import random
import signal

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from elicit.adapters import store
from elicit.core.guides import Kind, get_guide
from tests.support.browser import (chromium, free_port, require_browser, settle, shot, start_interview, start_server,
                           stop_server)

pytestmark = pytest.mark.browser
KILLS = 12
GUIDE = get_guide("general")
BY_ASK = {q.ask: q for q in GUIDE.questions}


def heading(page) -> str:
    return page.locator("[data-testid='stHeading'] h3").first.inner_text()


def press(page, name: str) -> None:
    """Click a button as a person would; on a machine so loaded that the browser's input pipeline stalls (the click
    waited out its 30 s after "done scrolling" in CI), send the click event to the button itself."""
    button = page.get_by_role("button", name=name, exact=True)
    try:
        button.click(timeout=20_000)
    except PlaywrightTimeout:
        button.dispatch_event("click")


def reopen(page, address: str) -> None:
    """Open the interview's address again after a restart, as the expert's browser would. On a machine so loaded
    that the restarted server's page took more than Playwright's 30 s to load (CI, with 25 app processes racing on
    the other worker), the wait is for the first bytes, then for the app to settle, and the address is opened once
    more if that still runs out."""
    for attempt in range(2):
        try:
            page.goto(address, wait_until="commit", timeout=90_000)
            settle(page, timeout=90_000)
            return
        except PlaywrightTimeout:
            if attempt:
                raise


def act(page, kill: int, question) -> tuple[str, str, str | None]:
    """One step as an expert takes it: answer a follow-up, leave a draft, answer or skip a question.

    Returns what was done, its text, and a browser condition that is true once the page acknowledged it
    (None: acknowledged when the run it started has finished).
    """
    if page.get_by_text("One more thing").count():
        ask = page.locator("p").filter(has_text="One more thing").first.inner_text().split(": ", 1)[-1]
        text = f"Follow-up {kill}: when the error rate passes 2% for 5 minutes I roll back."
        page.get_by_label("Your answer to this follow-up").fill(text)
        press(page, "Answer")
        return "follow-up", text, f"!document.body.innerText.includes({ask!r})"
    if question.kind is not Kind.TEXT:
        press(page, "Skip")
        return question.id, "", f"!document.body.innerText.includes({question.ask!r})"
    text = f"Answer {kill} to {question.id}: when I see the pager fire twice in 10 minutes, I declare an " \
           "incident; in May 2024 that caught a database failover."
    if kill % 4 in (0, 1):  # a thin answer: a follow-up comes next
        text = f"Answer {kill}: it depends."
    page.get_by_label("Your answer", exact=True).fill(text)
    if kill % 4 == 3:  # typed, not sent: a click elsewhere keeps it as a draft
        page.locator("[data-testid='stHeading']").first.click()
        return "draft", text, None
    press(page, "Next")
    return question.id, text, (f"!document.body.innerText.includes({question.ask!r}) || "
                               "document.body.innerText.includes('Your answer (saved)') || "
                               "document.body.innerText.includes('Review your prompt')")


def acknowledge(page, done: str, step: str, button_name: str) -> None:
    """Wait for the page to acknowledge a step. A click the page never took (on a loaded machine it can land while
    a restarted server's first run is still drawing the page) is made again once, as a person would; if the page
    still does not acknowledge it, the failure says what the page showed instead."""
    for attempt in range(2):
        try:
            page.wait_for_function(done, timeout=60_000)
            return
        except PlaywrightTimeout:
            button = page.get_by_role("button", name=button_name, exact=True)
            if attempt == 0 and button.count():
                press(page, button_name)
    shot(page, "crash-recovery-stuck")
    shown = page.evaluate("document.body.innerText")[:2000]
    raise AssertionError(f"{step} was never acknowledged ({done}); the page showed:\n{shown}")


def drafts_now(url: str, interview_id: str) -> dict:
    engine = store.open_database(url)
    with store.session(engine) as db:
        found = store.drafts(db=db, interview_id=interview_id)
    engine.dispose()
    return found


@pytest.mark.long
def test_every_acknowledged_answer_survives_sigkill(tmp_path):
    require_browser()
    url, port, rng = f"sqlite:///{tmp_path / 'crash.db'}", free_port(), random.Random(7)
    process, base = start_server(url, port=port)
    acknowledged: dict[str, str] = {}
    follow_ups: list[str] = []
    lost_drafts: list[str] = []
    drafts = 0
    try:
        with chromium() as page:
            resume = start_interview(page, base, GUIDE.title, "Kim", "crash drills")
            engine = store.open_database(url)
            with store.session(engine) as db:
                interview_id = store.list_interviews(db=db)[0].id
            engine.dispose()
            for kill in range(KILLS):
                if heading(page) == "Review your prompt":  # the end: go back and revise the last answer
                    press(page, "Back")
                    settle(page)
                question = BY_ASK[heading(page)]
                what, text, done = act(page, kill, question)
                if done is None:  # a draft: acknowledged once the run its click started has finished
                    settle(page)
                    drafts += 1
                elif rng.random() < 0.6:  # wait for the acknowledgement, then kill
                    acknowledge(page, done, f"kill {kill}: {what}",
                                "Answer" if what == "follow-up" else "Next" if text else "Skip")
                    if what == "follow-up":
                        follow_ups.append(text)
                    else:
                        acknowledged[what] = text
                else:  # kill at once, maybe before the answer was saved
                    page.wait_for_timeout(rng.randint(0, 300))
                process.send_signal(signal.SIGKILL)
                process.wait()
                process, base = start_server(url, port=port)
                reopen(page, resume)
                if done is None and drafts_now(url, interview_id).get(question.id) != text:
                    lost_drafts.append(question.id)
                elif done is None and heading(page) == question.ask:  # a reload brings it back, marked unsent
                    assert page.get_by_label("Your answer", exact=True).input_value() == text
                    assert page.get_by_text("Unsent:").count() == 1
            shot(page, "crash-recovery-last")
    finally:
        stop_server(process)

    assert acknowledged and follow_ups and drafts, "answers, follow-up answers and drafts were acknowledged"
    engine = store.open_database(url)
    lost = []
    with store.session(engine) as db:
        for question_id, text in acknowledged.items():
            history = store.answer_history(db=db, interview_id=interview_id, question_id=question_id)
            saved = [r.text for r in history] if text else [r.skipped for r in history]
            if not ((text in saved) if text else any(saved)):
                lost.append(question_id)
        said = [r.text for rows in store.follow_up_history(db=db, interview_id=interview_id).values() for r in rows]
        lost += [f"follow-up: {text}" for text in follow_ups if text not in said]
    engine.dispose()
    print(f"crash recovery: {KILLS} SIGKILLs, {len(acknowledged)} acknowledged answers, {len(follow_ups)} "
          f"follow-up answers, {drafts} drafts; {len(lost)} answers and {len(lost_drafts)} drafts lost")
    assert lost == [] and lost_drafts == [], f"acknowledged but lost after the kills: {lost} {lost_drafts}"
