"""Secrets stay secret: resume and invitation tokens and the LLM key never reach logs, exports or the database.

A whole interview runs with an LLM actually called (tests/support/llm_server.py) and every logger captured at
DEBUG; then every export format is written and read back, and the database file is read as raw bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import zipfile
from pathlib import Path

import pytest
import streamlit as st
import yaml
from typer.testing import CliRunner

from elicit.adapters import exports, store
from elicit.services import interviews, teams
from elicit.cli import app
from elicit.adapters.config import get_settings
from elicit.core.guides import get_guide
from tests.conftest import DATA
from tests.support.llm_server import API_KEY

URLSAFE = re.compile(r"^[A-Za-z0-9_-]+$")


def elicit(*args: str):
    return CliRunner().invoke(app, list(args))


def sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- entropy and hashing --------------------------------------------------------------------------------


def bits(token: str) -> int:
    """The entropy of a URL-safe base64 token: six bits a character (token_urlsafe's alphabet)."""
    assert URLSAFE.match(token), token
    return len(token) * 6


def test_tokens_have_at_least_128_bits_and_only_their_hash_is_stored(db):
    guide = get_guide("general")
    resume, invitations = [], []
    for n in range(8):
        record, token = store.create_interview(db=db, guide_id=guide.id, guide_version=guide.version,
                                               expert=f"expert {n}", topic="t")
        invitation, link = store.create_invitation(db=db, interview_id=record.id, created_by=None)
        resume.append((record, token))
        invitations.append((invitation, link))
    tokens = [token for _, token in resume + invitations]
    assert len(set(tokens)) == len(tokens)  # all distinct
    assert min(bits(token) for token in tokens) >= 128
    for record, token in resume + invitations:
        assert record.token_hash == sha256(token) and token not in record.model_dump_json()
    # a rotated link is just as strong, and the old one stops working
    old = resume[0][1]
    new = store.rotate_token(db=db, interview_id=resume[0][0].id)
    assert bits(new) >= 128 and new != old
    assert store.find_interview_by_token(db=db, token=new).id == resume[0][0].id


def test_the_lookup_compares_digests_in_constant_time():
    """Reading the code is the check here: the comparison must go through hmac.compare_digest."""
    source = "".join(path.read_text() for path in sorted(Path(store.__file__).parent.glob("*.py")))
    lookups = re.findall(r"def (?:find_interview_by_token|account_for_session|invitation_for_token)\(.*?\n\n\n",
                         source, re.S)
    assert len(lookups) == 3 and all("hmac.compare_digest" in body for body in lookups)
    assert "secrets.token_urlsafe(24)" in source and "sha256" in source


# --- a whole interview, every export, nothing leaks ----------------------------------------------------------


@pytest.fixture
def every_log(caplog):
    """DEBUG from every logger, including those that do not propagate to the root (the SDK's among them)."""
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)] + [logging.root]
    saved = [(lg, lg.level, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
        lg.propagate = True
    caplog.set_level(logging.DEBUG)
    yield caplog
    for lg, level, propagate in saved:
        lg.setLevel(level)
        lg.propagate = propagate


def exported_texts(interview_id: str, out: Path) -> dict[str, str]:
    """Every export format of an interview through the CLI, as text; a bundle is unzipped member by member."""
    texts = {}
    for fmt in exports.FORMATS:
        path = out / f"{interview_id}-{fmt}.{'zip' if fmt in ('bundle', 'skill') else 'out'}"
        result = elicit("export", interview_id, "--format", fmt, "--out", str(path))
        texts[f"{fmt} output"] = result.output
        if fmt == "jsonl" and result.exit_code == 1:  # too few decided cases: refused, its message checked too
            continue
        assert result.exit_code == 0, result.output
        if fmt == "skill":
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as skill:
                texts.update({f"skill/{m}": skill.read(m).decode("utf-8") for m in skill.namelist()})
        elif fmt == "bundle":
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as bundle:
                members = bundle.namelist()
                assert "transcript.json" in members and len(members) >= len(exports.FORMATS)
                texts.update({f"bundle/{m}": bundle.read(m).decode("utf-8") for m in members})
        else:
            texts[fmt] = path.read_text(encoding="utf-8")
    yaml_chain = out / f"{interview_id}-chain.yaml"
    assert elicit("export", interview_id, "--format", "chain", "--out", str(yaml_chain)).exit_code == 0
    texts["chain yaml"] = yaml_chain.read_text(encoding="utf-8")
    return texts


def database_bytes(url: str) -> bytes:
    """The SQLite file as stored, with its write-ahead log (recent writes may live only there)."""
    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


def test_no_token_or_key_reaches_logs_exports_or_the_database(llm_env, every_log, tmp_path):  # noqa: F811
    url = get_settings().database_url
    assert get_settings().llm_api_key.get_secret_value() == API_KEY  # the key really is configured

    # the CLI way: a whole interview, headless, probed by the LLM
    run = elicit("interview", "run", "--guide", "general", "--answers", str(DATA / "answers_general.yaml"),
                 "--expert", "Dana", "--topic", "outages", "--json")
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["source"] == "llm"
    cli_id = json.loads(run.stdout)["interview_id"]

    # the workflow way, as the wizard runs it: start (a resume token), answer, reopen by link, invite, finish
    engine = store.open_database(url)
    answers = yaml.safe_load((DATA / "answers_general.yaml").read_text(encoding="utf-8"))
    with store.session(engine) as db:
        interview, resume = interviews.start_interview(db=db, guide=get_guide("general"), expert="Eve", topic="risk")
        for question_id, value in list(answers.items())[:5]:
            interviews.submit_answer(db=db, interview=interview, question_id=question_id, raw=value,
                                   prober=interviews.default_prober())
        _invitation, invited = store.create_invitation(db=db, interview_id=interview.id, created_by=None)
        assert teams.expert_for_link(db, resume)[0].id == interview.id
        assert teams.expert_for_link(db, invited)[0].id == interview.id
        interviews.finish(db=db, interview=interview)
        usage = [row.model_dump_json() for row in store.list_llm_calls(db=db)]
    engine.dispose()
    st.cache_resource.clear()

    # the LLM was really called, with the key: so its absence below means something
    assert len(llm_env.chat_requests()) >= 5 and usage
    assert all(r["headers"].get("authorization") == f"Bearer {API_KEY}" for r in llm_env.requests)

    texts = {"logs": every_log.text, "interview run output": run.output, "llm usage log": "\n".join(usage)}
    texts.update(exported_texts(cli_id, tmp_path))
    texts.update({f"{name} (workflow)": text for name, text in exported_texts(interview.id, tmp_path).items()})
    for secret, what in ((resume, "resume token"), (invited, "invitation token"), (API_KEY, "API key")):
        leaks = [name for name, text in texts.items() if secret in text]
        assert not leaks, f"the {what} appears in {leaks}"
    raw = database_bytes(url)
    assert sha256(resume).encode() in raw and sha256(invited).encode() in raw  # the hashes, as a check of the read
    for secret in (resume, invited, API_KEY):
        assert secret.encode() not in raw
    assert every_log.records, "nothing was logged at all: the capture would prove nothing"


# --- the running app's log -------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_app_servers_log_never_holds_the_link(tmp_path):
    from tests.support.browser import ARTIFACTS, chromium, require_browser, settle, start_server, stop_server

    require_browser()
    url = f"sqlite:///{tmp_path / 'app.db'}"
    engine = store.open_database(url)
    with store.session(engine) as db:
        interview, token = interviews.start_interview(db=db, guide=get_guide("general"), expert="Eve", topic="risk")
        _invitation, invited = store.create_invitation(db=db, interview_id=interview.id, created_by=None)
    engine.dispose()
    first_question = get_guide("general").questions[0].ask
    # Streamlit at its most talkative: whatever it would ever write about a request is in the log
    process, base = start_server(url, env={"STREAMLIT_LOGGER_LEVEL": "debug"})
    try:
        with chromium() as page:
            for link in (token, invited):
                page.goto(f"{base}/interview?i={link}")  # the expert's personal link
                settle(page)
                assert first_question in page.inner_text("body"), link  # the link opened the interview
    finally:
        stop_server(process)
    log = (ARTIFACTS / f"streamlit-{base.rsplit(':', 1)[1]}.log").read_text(encoding="utf-8", errors="replace")
    assert "Runtime state" in log  # the debug log was written and read
    assert token not in log and invited not in log
