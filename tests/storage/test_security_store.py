"""Attacks on sign-in and storage, each one refused: parallel guesses, lockouts, enumeration, setup races, NULs.

Every test here reproduces what a security tester did to the app, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from elicit.adapters import store
from elicit.services import accounts
from elicit.core.errors import InterviewNotFoundError

PASSWORD = "correct horse battery"
OWNER = "olu@example.com"
pytestmark = pytest.mark.usefixtures("cheap_passwords")


def _open(database_url):
    return store.open_database(database_url)


def _attempt(engine, email: str, password: str, client: str, now=None) -> str:
    with store.session(engine) as db:
        try:
            accounts.sign_in(db=db, email=email, password=password, client=client, now=now)
            return "in"
        except accounts.AccountError as exc:
            return str(exc)


@pytest.fixture
def engine(database_url):
    engine = _open(database_url)
    with store.session(engine) as db:
        accounts.create_owner(db=db, email=OWNER, name="Olu", password=PASSWORD)
    yield engine
    engine.dispose()


def test_parallel_guesses_are_each_counted_and_none_slips_past_the_lock(database_url, monkeypatch):
    """The owner's password hashed at argon2's real cost, as the tester had it: that slow check is the window
    parallel guesses used. (Refusals check a cheap dummy here, which changes nothing but the test's time.)"""
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher())
    engine = _open(database_url)
    with store.session(engine) as db:
        accounts.create_owner(db=db, email=OWNER, name="Olu", password=PASSWORD)
    checked, lock = [], threading.Lock()
    real = accounts._password_matches

    def counting(account, password):
        if account is not None:  # a check against the account's real hash, not the dummy
            with lock:
                checked.append(password)
        return real(account, password)

    monkeypatch.setattr(accounts, "_password_matches", counting)
    now = store.utc_now()  # one moment for all: however slow the machine, no lock runs out during the test
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda n: _attempt(engine, OWNER, f"guess number {n}", "10.0.0.9", now), range(40)))
    assert "in" not in results
    assert len(checked) <= accounts.FREE_FAILURES + 1, f"{len(checked)} of 40 parallel guesses were checked"
    assert _attempt(engine, OWNER, PASSWORD, "10.0.0.9", now) != "in"  # the right password, from the same address
    engine.dispose()


def test_a_strangers_guesses_never_lock_the_owner_out(engine):
    for n in range(accounts.FREE_FAILURES + 3):
        _attempt(engine, OWNER, f"guess number {n}", "203.0.113.7")
    assert _attempt(engine, OWNER, PASSWORD, "203.0.113.7") != "in"
    assert _attempt(engine, OWNER, PASSWORD, "127.0.0.1") == "in"  # the owner, from their own machine


def test_one_address_guessing_at_many_emails_is_locked_too(engine):
    for n in range(accounts.FREE_ADDRESS_FAILURES + 1):
        _attempt(engine, f"user{n}@example.com", "guess guess guess", "198.51.100.3")
    assert _attempt(engine, OWNER, PASSWORD, "198.51.100.3") != "in"
    assert _attempt(engine, OWNER, PASSWORD, "198.51.100.4") == "in"


def test_refusals_do_not_say_which_emails_exist(engine):
    """A locked real account and a locked unknown email answer alike, and unknown emails lock too."""
    said = {}
    for email in (OWNER, "nobody@example.com"):
        answers = [_attempt(engine, email, "guess guess guess", "192.0.2.1") for _ in range(accounts.FREE_FAILURES + 2)]
        said[email] = answers
    assert said[OWNER] == said["nobody@example.com"]
    assert len(set(said[OWNER])) == 1 and said[OWNER][0] == accounts.REFUSED


def test_ten_parallel_setups_make_exactly_one_owner(database_url):
    engine = _open(database_url)
    barrier = threading.Barrier(10)

    def set_up(n: int) -> str:
        with store.session(engine) as db:
            barrier.wait()
            try:
                accounts.create_owner(db=db, email=f"owner{n}@example.com", name=f"Owner {n}", password=PASSWORD)
                return "owner"
            except accounts.AccountError as exc:
                return str(exc)

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(set_up, range(10)))
    with store.session(engine) as db:
        assert [a.role for a in store.list_accounts(db=db)] == ["owner"]
    assert results.count("owner") == 1 and all("already exists" in r for r in results if r != "owner")
    engine.dispose()


def test_an_idle_sign_in_ends(db):
    owner = accounts.create_owner(db=db, email=OWNER, name="Olu", password=PASSWORD)
    token = store.start_login_session(db=db, account_id=owner.id)
    now, idle = store.utc_now(), timedelta(minutes=30)
    assert store.account_for_session(db=db, token=token, idle=idle, now=now + timedelta(minutes=20)).id == owner.id
    assert store.account_for_session(db=db, token=token, idle=idle, now=now + timedelta(minutes=45)).id == owner.id
    assert store.account_for_session(db=db, token=token, idle=idle, now=now + timedelta(minutes=80)) is None
    assert store.account_for_session(db=db, token=token) is None  # it is gone, not just refused once


def _interview(db, topic: str) -> store.InterviewRecord:
    return store.create_interview(db=db, guide_id="general", guide_version=1, expert="Ana", topic=topic)[0]


def test_a_reply_cannot_be_threaded_onto_another_playbooks_comment(db):
    mine, theirs = _interview(db, "mine"), _interview(db, "theirs")
    foreign = store.add_comment(db=db, interview_id=theirs.id, section="goals", body="theirs", author_label="B")
    with pytest.raises(InterviewNotFoundError, match="no comment"):
        store.add_comment(db=db, interview_id=mine.id, section="goals", body="hi", author_label="A",
                          parent_id=foreign.id)
    assert [c.body for c in store.list_comments(db=db, interview_id=theirs.id)] == ["theirs"]


def test_nul_characters_in_names_and_searches_are_dropped(db):
    record = store.create_interview(db=db, guide_id="general", guide_version=1, expert="A\x00na", topic="re\x00calls")[0]
    assert (record.expert, record.topic) == ("Ana", "recalls")
    accounts.create_owner(db=db, email=OWNER, name="O\x00lu", password=PASSWORD)
    assert store.find_account(db=db, email=OWNER).name == "Olu"
    assert store.library(db=db, words="rec\x00alls", expert="A\x00na")[1] == 0  # nothing indexed: no error
    assert store.search_ids(db=db, query="\x00") == []
    with pytest.raises(InterviewNotFoundError):
        store.get_interview(db=db, interview_id="x\x00y")
