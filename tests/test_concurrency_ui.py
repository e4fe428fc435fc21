"""25 experts at once through the real UI code: AppTest of app.py in 25 processes on one database.

What this proves, on one SQLite file and on one PostgreSQL database: 25 processes (each with its own
Streamlit runtime and engine, as 25 app instances would have) start an interview from the Home page
widgets and answer all 22 questions of the "general" guide through the wizard's widgets at the same
moment (a start file releases them together once their imports are done; the test checks that their
intervals really overlapped). Afterwards the database holds exactly 25 interviews, each with every
answer, each answer exactly as that expert typed it and carrying only that expert's mark (nothing lost,
nothing crossed), and every follow-up resolved. No process saw an exception or an error message (so no
"database is locked" or "busy" was shown to anyone). tests/interview_driver.py is the expert.

The database is migrated before the processes start, as the README asks (one instance first after an
upgrade). The wall time is printed (`pytest -s`), not asserted.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from elicit import store, workflow
from elicit.guides import get_guide
from tests.conftest import ROOT
from tests.interview_driver import marked_answers

EXPERTS = 25
QUESTIONS = [q.id for q in get_guide("general").questions]
MARK = re.compile(r"\[expert-(\d+)\]")


def launch(number: int, database_url: str, folder: Path) -> subprocess.Popen:
    env = {**os.environ, "ELICIT_DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    with open(folder / f"driver-{number}.log", "w") as log:  # Streamlit's warnings, kept out of the pipe
        return subprocess.Popen(
            [sys.executable, "-m", "tests.interview_driver", str(number), str(folder / "go"),
             str(folder / f"result-{number}.json")],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True)


def wait_until_ready(processes: list[subprocess.Popen], folder: Path) -> None:
    """Each driver prints "ready" once imported and on the Home page; one that died says why in its log."""
    for number, process in enumerate(processes):
        line = process.stdout.readline().strip()
        assert line == "ready", (number, line, (folder / f"driver-{number}.log").read_text()[-2000:])


def run_all(database_url: str, folder: Path) -> tuple[list[dict], float, float]:
    """Start every driver, release them together, wait; returns their reports and two wall times."""
    began = time.monotonic()
    processes = [launch(n, database_url, folder) for n in range(EXPERTS)]
    try:
        wait_until_ready(processes, folder)
        released = time.monotonic()
        (folder / "go").touch()
        for process in processes:
            process.wait(timeout=900)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    finished = time.monotonic()
    for number, process in enumerate(processes):
        assert process.returncode == 0, (number, (folder / f"driver-{number}.log").read_text()[-2000:])
    reports = [json.loads((folder / f"result-{n}.json").read_text()) for n in range(EXPERTS)]
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
    interview = workflow.load_by_token(db=db, token=report["token"])
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


def test_25_experts_at_once_through_the_app(database_url, tmp_path):
    engine = store.open_database(database_url)  # migrated first, as the README asks
    reports, total, answering = run_all(database_url, tmp_path)
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
