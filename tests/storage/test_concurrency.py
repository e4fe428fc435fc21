"""Many at once: 25 interviews answered in parallel threads on one engine, on SQLite and on PostgreSQL.

The threads run the same workflow functions the wizard's callbacks run (commit, probe, record the
follow-up). AppTest itself cannot run in parallel threads (its mock runtime is a process-wide singleton);
test_concurrency_ui.py drives it in 25 processes. Also: app instances that open a fresh database at the
same moment (each with its own engine, as separate instances have) all get a migrated database.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ThreadPoolExecutor

import yaml

from elicit.adapters import store
from elicit.services import interviews
from elicit.core.errors import StaleError
from elicit.core.guides import get_guide
from elicit.core.interview import FollowUp
from elicit.core.probing.heuristic import HeuristicProber
from tests.conftest import DATA

EXPERTS = 25
ANSWERS = yaml.safe_load((DATA / "answers_general.yaml").read_text())


def interview_as(engine, number: int) -> str:
    """One expert answers the whole guide, marking every text answer as theirs; returns the interview id."""
    with store.session(engine) as db:
        interview, _token = interviews.start_interview(db=db, guide=get_guide("general"), expert=f"expert-{number}",
                                                     topic=f"topic-{number}")
    while True:
        with store.session(engine) as db:  # one short session per action, as the UI does
            item = interview.next_item()
            if item is None:
                return interview.id
            if isinstance(item, FollowUp):
                interviews.skip_follow_up(db=db, interview=interview, follow_up_id=item.id)
                continue
            raw = ANSWERS[item.id]
            if isinstance(raw, str) and item.kind == "text":
                raw = f"[expert-{number}] {raw}"
            interviews.submit_answer(db=db, interview=interview, question_id=item.id, raw=raw, prober=HeuristicProber())


def test_25_interviews_at_once_lose_and_cross_nothing(database_url):
    engine = store.open_database(database_url)
    with ThreadPoolExecutor(max_workers=EXPERTS) as pool:
        ids = list(pool.map(lambda n: interview_as(engine, n), range(EXPERTS)))
    with store.session(engine) as db:
        assert len(store.list_interviews(db=db, limit=100)) == EXPERTS
        for interview_id in ids:
            record = store.get_interview(db=db, interview_id=interview_id)
            mark = f"[{record.expert}] "
            answers = store.latest_answers(db=db, interview_id=interview_id)
            texts = [a.text for a in answers.values() if a.text.startswith("[expert-")]
            rebuilt = interviews.load_interview(db=db, interview_id=interview_id)
            # the answers file also answers branches this expert's choices hide: every shown question is answered
            assert set(answers) == {q.id for q in rebuilt.visible_questions()} and texts, record.expert
            assert all(text.startswith(mark) for text in texts), record.expert
            assert rebuilt.is_complete() and rebuilt.next_item() is None
    engine.dispose()


CLIENTS = 20


def client_of_one_interview(engine, interview_id: str, number: int, acknowledged: list) -> None:
    """One of many browsers on one interview: each action reads the interview afresh, as a callback does; a
    follow-up is answered (or, now and then, skipped); an answer the page would acknowledge is noted."""
    for step in range(80):
        with store.session(engine) as db:
            interview = interviews.load_interview(db=db, interview_id=interview_id)
            item = interview.next_item()
            if item is None:
                return
            try:
                if isinstance(item, FollowUp) and (number + step) % 4 == 0:
                    interviews.skip_follow_up(db=db, interview=interview, follow_up_id=item.id)
                elif isinstance(item, FollowUp):
                    text = f"Client {number}, step {step}: above 800 ms for 5 minutes."
                    interviews.answer_follow_up(db=db, interview=interview, follow_up_id=item.id, text=text,
                                              prober=HeuristicProber())
                    acknowledged.append((item.id, text))
                else:
                    raw = f"It depends, says client {number}." if item.kind == "text" else ANSWERS[item.id]
                    interviews.submit_answer(db=db, interview=interview, question_id=item.id, raw=raw,
                                           prober=HeuristicProber())
            except StaleError:  # another client got there first; the page says so and shows the interview
                continue


def test_20_clients_on_one_interview_lose_no_follow_up_answer(database_url):
    engine = store.open_database(database_url)
    with store.session(engine) as db:
        interview, _token = interviews.start_interview(db=db, guide=get_guide("general"), expert="shared", topic="t")
    acknowledged: list[tuple[int, str]] = []
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(lambda n: client_of_one_interview(engine, interview.id, n, acknowledged), range(CLIENTS)))
    with store.session(engine) as db:
        history = store.follow_up_history(db=db, interview_id=interview.id)
        final = {f.id: f for f in store.list_follow_ups(db=db, interview_id=interview.id)}
    engine.dispose()
    lost = [(fid, text) for fid, text in acknowledged if text not in [r.text for r in history.get(fid, [])]]
    assert acknowledged and lost == []
    overwritten = [fid for fid, _text in acknowledged if final[fid].status in ("pending", "skipped")]
    assert overwritten == [], "an answered follow-up went back to waiting or skipped"


def open_as_an_instance(database_url: str, together, results) -> None:
    """One instance's start in its own process (Alembic's context is process-global, so not threads)."""
    together.wait()
    try:
        store.open_database(database_url).dispose()
        results.put("opened")
    except Exception as exc:
        results.put(f"{type(exc).__name__}: {exc}")


def test_instances_opening_a_fresh_database_at_once_all_get_it_migrated(database_url):
    """Several instances started together each run the migrations on their first page; none may fail."""
    # Each a fresh process forked from a server that has imported the store and never opened a database (so
    # Alembic's process-global context is still each one's own): spawning six interpreters that each import it
    # took most of this test's 30-40 s on two busy cores.
    instances, context = 6, multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["elicit.adapters.store"])
    together, results = context.Barrier(instances), context.Queue()
    starts = [context.Process(target=open_as_an_instance, args=(database_url, together, results))
              for _ in range(instances)]
    for process in starts:
        process.start()
    outcomes = [results.get(timeout=300) for _ in starts]
    for process in starts:
        process.join(timeout=60)
    assert outcomes == ["opened"] * instances
    engine = store.open_database(database_url)
    with store.session(engine) as db:
        assert store.list_interviews(db=db) == []
    engine.dispose()
