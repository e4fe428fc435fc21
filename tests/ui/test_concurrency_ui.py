"""25 experts at once through the real UI code: AppTest of app.py in 25 processes on one database.

What this proves, on one SQLite file and on one PostgreSQL database: 25 processes (each with its own
Streamlit runtime and engine, as 25 app instances would have) start an interview from the Home page
widgets and answer every question the "general" guide shows them (its full path, 30 questions with their
choice of stakes) through the wizard's widgets (text areas;
three rows of the list, steps and criteria editors; the choice's radio) at the same moment (an event
releases them together once all are on the Home page; the test checks that their intervals really
overlapped). Afterwards the database holds exactly 25 interviews, each with every answer, each answer
exactly as that expert typed it and carrying only that expert's mark (nothing lost, nothing crossed),
and every follow-up resolved. No process saw an exception or an error message (so no "database is
locked" or "busy" was shown to anyone). tests/support/interview_driver.py is the expert.

The database is migrated before the processes start, so that they race on answers rather than on the
schema (test_concurrency.py starts instances on a fresh database together). The wall time is printed
(`pytest -s`), not asserted: about 80 s per backend on two busy cores.
"""

from __future__ import annotations

import multiprocessing
import re
import time

import pytest

from elicit.adapters import store
from elicit.services import interviews
from elicit.core.guides import get_guide
from elicit.core.interview import Interview
from tests.support.interview_driver import ANSWERS, interview, marked_answers

EXPERTS = 25


def shown_questions() -> list[str]:
    """The questions the guide shows an expert who picks the answers file's stakes (its branches for others hide)."""
    shown = Interview(guide=get_guide("general"))
    shown.answer("stakes", ANSWERS["stakes"])
    return [q.id for q in shown.visible_questions()]


QUESTIONS = shown_questions()
MARK = re.compile(r"\[expert-(\d+)\]")


def processes():
    """A forkserver that has imported the driver: each expert is a fresh process forked from it.

    Spawning 25 interpreters that each import Streamlit and the app took most of this test's time on
    two busy cores; forking from a server that imported them once (and never ran the app) keeps every
    process's runtime, engine and connections its own.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.support.interview_driver"])
    return context


def run_all(database_url: str) -> tuple[list[dict], float, float]:
    """Start every expert, release them together once all are on the Home page, collect their reports."""
    context, began = processes(), time.monotonic()
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    experts = [context.Process(target=interview, args=(n, database_url, ready, go, results)) for n in range(EXPERTS)]
    try:
        for expert in experts:
            expert.start()
        for _ in experts:
            ready.get(timeout=900)
        released = time.monotonic()
        go.set()
        reports = sorted((results.get(timeout=900) for _ in experts), key=lambda r: r["number"])
        for expert in experts:
            expert.join(timeout=60)
    finally:
        for expert in experts:
            if expert.is_alive():
                expert.kill()
    finished = time.monotonic()
    for report in reports:
        assert "crashed" not in report, report["crashed"]
    assert [expert.exitcode for expert in experts] == [0] * EXPERTS
    return reports, finished - began, finished - released


def peak_overlap(reports: list[dict]) -> int:
    """The most interviews that were in progress at one moment."""
    events = sorted([(r["began"], 1) for r in reports] + [(r["ended"], -1) for r in reports])
    running = peak = 0
    for _moment, change in events:
        running += change
        peak = max(peak, running)
    return peak


def check_nothing_shown(reports: list[dict]) -> None:
    for report in reports:
        assert report["token"], report
        assert report["exceptions"] == [], report
        assert report["errors"] == [], report  # "database is locked", "busy", or any other message
        assert set(QUESTIONS) <= set(report["screens"]), report


def check_answers(db, report: dict) -> int:
    """Every answer of this expert's interview is there, as typed, with only this expert's mark."""
    number = report["number"]
    interview = interviews.load_by_token(db=db, token=report["token"])
    assert store.get_interview(db=db, interview_id=interview.id).expert == f"expert-{number}"
    typed = marked_answers(number)
    answers = store.latest_answers(db=db, interview_id=interview.id)
    assert sorted(answers) == sorted(QUESTIONS), number
    for qid, record in answers.items():
        assert not record.skipped, (number, qid)
        value = store.answer_value(record)
        if isinstance(typed[qid], list) and typed[qid] and isinstance(typed[qid][0], dict):
            assert [item["name"] for item in value] == [item["name"] for item in typed[qid]], (number, qid)
        else:
            assert value == typed[qid], (number, qid)
        if qid != "stakes":  # the one choice: no room for a mark
            assert set(MARK.findall(record.text)) == {str(number)}, (number, qid, record.text[:80])
    assert interview.next_item() is None and interview.is_complete(), number
    return len(answers)


@pytest.mark.long
def test_25_experts_at_once_through_the_app(database_url):
    engine = store.open_database(database_url)  # migrated first, as the README asks
    reports, total, answering = run_all(database_url)
    backend = engine.url.get_backend_name()
    peak = peak_overlap(reports)
    print(f"\n{backend}: {EXPERTS} processes, {total:.0f} s in all, {answering:.0f} s from the start signal; "
          f"{sum(r['runs'] for r in reports)} app runs; at most {peak} interviews in progress at once")
    check_nothing_shown(reports)
    assert peak > EXPERTS // 2, "the interviews hardly overlapped, so this proved little"
    with store.session(engine) as db:
        assert len(store.list_interviews(db=db, limit=100)) == EXPERTS
        checked = sum(check_answers(db, report) for report in reports)
    print(f"{backend}: {checked} answers checked, 0 errors shown")
    assert checked == EXPERTS * len(QUESTIONS)
    engine.dispose()
