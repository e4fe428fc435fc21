"""Crash recovery: the server is killed (SIGKILL) at random points 20 times while an expert answers in a browser.

After every restart the interview resumes from its URL, and every answer the page acknowledged (the next
question appeared) is in the database.
"""

from __future__ import annotations

import random
import signal

import pytest

from elicit import store
from elicit.guides import Kind, get_guide
from tests.browser import (chromium, free_port, require_browser, settle, shot, start_interview, start_server,
                           stop_server)

pytestmark = pytest.mark.browser
KILLS = 20
GUIDE = get_guide("general")
BY_ASK = {q.ask: q for q in GUIDE.questions}


def heading(page) -> str:
    return page.locator("[data-testid='stHeading'] h3").first.inner_text()


def test_every_acknowledged_answer_survives_sigkill(tmp_path):
    require_browser()
    url, port, rng = f"sqlite:///{tmp_path / 'crash.db'}", free_port(), random.Random(7)
    process, base = start_server(url, port=port)
    acknowledged: dict[str, str] = {}
    try:
        with chromium() as page:
            resume = start_interview(page, base, GUIDE.title, "Kim", "crash drills")
            for kill in range(KILLS):
                if heading(page) == "Review your prompt":  # the end: go back and revise the last answer
                    page.get_by_role("button", name="Back", exact=True).click()
                    settle(page)
                question = BY_ASK[heading(page)]
                if question.kind is Kind.TEXT:
                    text = f"Answer {kill} to {question.id}: when I see the pager fire twice in 10 minutes, I " \
                           f"declare an incident; in May 2024 that caught a database failover."
                    page.get_by_label("Your answer", exact=True).fill(text)
                    button = "Next"
                else:
                    text, button = "", "Skip"
                page.get_by_role("button", name=button, exact=True).click()
                if rng.random() < 0.6:  # wait for the acknowledgement, then kill
                    page.wait_for_function(  # the next question, the saved answer under its follow-up, or review
                        f"!document.body.innerText.includes({question.ask!r}) || "
                        "document.body.innerText.includes('Your answer (saved)') || "
                        "document.body.innerText.includes('Review your prompt')", timeout=60_000)
                    acknowledged[question.id] = text
                else:  # kill at once, maybe before the answer was saved
                    page.wait_for_timeout(rng.randint(0, 300))
                process.send_signal(signal.SIGKILL)
                process.wait()
                process, base = start_server(url, port=port)
                page.goto(resume)
                settle(page)
                for _ in range(5):  # follow-ups may be waiting: skip them to reach the next question
                    if not page.get_by_role("button", name="Skip this").count():
                        break
                    page.get_by_role("button", name="Skip this").click()
                    settle(page)
            shot(page, "crash-recovery-last")
    finally:
        stop_server(process)

    assert acknowledged, "at least some answers were acknowledged before a kill"
    engine = store.open_database(url)
    lost = []
    with store.session(engine) as db:
        interview = store.list_interviews(db=db)[0]
        for question_id, text in acknowledged.items():
            history = store.answer_history(db=db, interview_id=interview.id, question_id=question_id)
            saved = [r.text for r in history] if text else [r.skipped for r in history]
            if not ((text in saved) if text else any(saved)):
                lost.append(question_id)
    engine.dispose()
    print(f"crash recovery: {KILLS} SIGKILLs, {len(acknowledged)} acknowledged answers, {len(lost)} lost")
    assert lost == [], f"acknowledged but not in the database after the kills: {lost}"
