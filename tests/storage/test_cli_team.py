"""The CLI in a team: it acts as ELICIT_USER and checks every command that touches stored interviews."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from elicit.adapters import store
from elicit.services import accounts
from elicit.core.access import Role
from elicit.cli import app
from elicit.adapters.config import get_settings
from tests.conftest import DATA

PASSWORD = "correct horse battery"
ANSWERS = str(DATA / "answers_general.yaml")


@pytest.fixture
def team(monkeypatch):
    engine = store.open_database()
    with store.session(engine) as db:
        accounts.create_owner(db=db, email="olu@example.com", name="Olu", password=PASSWORD)
        accounts.create_user(db=db, email="ana@example.com", name="Ana", password=PASSWORD, role=Role.CONSULTANT)
        accounts.create_user(db=db, email="rita@example.com", name="Rita", password=PASSWORD, role=Role.REVIEWER)
    engine.dispose()

    def act_as(email: str | None, password: str = PASSWORD) -> None:
        for name, value in (("ELICIT_USER", email), ("ELICIT_PASSWORD", password if email else None)):
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    return act_as


def elicit(*args: str):
    return CliRunner().invoke(app, list(args))


def test_without_an_account_the_cli_says_what_to_set(team):
    team(None)
    result = elicit("interview", "list")
    assert result.exit_code == 1 and "set ELICIT_USER and ELICIT_PASSWORD" in result.stderr


def test_a_wrong_password_is_refused(team):
    team("ana@example.com", "not the password")
    result = elicit("interview", "list")
    assert result.exit_code == 1 and "wrong" in result.stderr


def test_consultant_runs_and_lists_reviewer_may_not_export_or_run(team, tmp_path):
    team("ana@example.com")
    run = elicit("interview", "run", "--guide", "general", "--answers", ANSWERS, "--out", str(tmp_path / "p.md"),
                 "--json")
    assert run.exit_code == 0, run.output
    interview_id = json.loads(run.stdout)["interview_id"]
    assert [row["id"] for row in json.loads(elicit("interview", "list", "--json").stdout)] == [interview_id]
    assert elicit("export", interview_id, "--format", "md").exit_code == 0
    team("rita@example.com")
    assert json.loads(elicit("interview", "list", "--json").stdout) == []  # nothing submitted for review
    refused = elicit("export", interview_id, "--format", "md")
    assert refused.exit_code == 1 and "may not export" in refused.stderr
    refused = elicit("interview", "run", "--guide", "general", "--answers", ANSWERS)
    assert refused.exit_code == 1 and "may not create interview" in refused.stderr


def test_an_import_belongs_to_the_importing_consultant_who_then_lists_it(team, tmp_path):
    team("ana@example.com")
    run = json.loads(elicit("interview", "run", "--guide", "general", "--answers", ANSWERS, "--json").stdout)
    exported = tmp_path / "p.json"
    assert elicit("export", run["interview_id"], "--format", "json", "--out", str(exported)).exit_code == 0
    imported = json.loads(elicit("import", str(exported), "--json").stdout)["interview_id"]
    listed = [row["id"] for row in json.loads(elicit("interview", "list", "--json").stdout)]
    assert imported in listed
