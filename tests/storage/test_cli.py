"""The `elicit` command line: the commands and JSON shapes of DESIGN.md, on a real SQLite file."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from elicit.adapters import store
from elicit.core.anatomy import ELEMENT_IDS
from elicit.cli import app
from elicit.core.guides import get_guide as get_guide
from tests.conftest import DATA

GUIDE_IDS = ["crisis_management", "private_equity", "brand_strategy", "general"]


def elicit(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def test_guides_list_json():
    result = elicit("guides", "list", "--json")
    assert result.exit_code == 0
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert set(rows) >= set(GUIDE_IDS)
    assert all(rows[g]["short_minutes"] < rows[g]["minutes"] and rows[g]["short_questions"] < rows[g]["questions"]
               for g in GUIDE_IDS), "each built-in guide states both paths"


def test_guides_validate_builtin():
    result = elicit("guides", "validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("ok ") >= 4


def test_guides_validate_broken_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: bad\ntitle: Bad\nminutes: soon\n")
    result = elicit("guides", "validate", str(path))
    assert result.exit_code == 1
    assert f"{path}: minutes: Input should be a valid integer" in result.stderr
    assert f"{path}: stages: required field is missing" in result.stderr


def test_guides_show_json():
    result = elicit("guides", "show", "general", "--json")
    guide = json.loads(result.stdout)
    assert guide["id"] == "general" and len(guide["stages"]) == 7


@pytest.mark.parametrize("args", [("guides", "show", "nope"), ("probe", "--guide", "nope", "--question", "x",
                                                                "--answer", "y")], ids=["show", "probe"])
def test_unknown_guide_is_one_clear_line(args):
    result = elicit(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no guide 'nope'; available guides:")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("answer", "satisfied"), [
    ("Safety, cost.", False),
    ("- IRR (weight 40%; threshold pass below 20-25%; tie-breaker IRR outranks multiple)\n"
     "- MOIC (weight 30%; threshold at least 2.5x)\n- Leverage (weight 30%; threshold under 5x EBITDA)", True),
], ids=["thin", "complete"])
def test_probe_json(answer, satisfied):
    result = elicit("probe", "--guide", "private_equity", "--question", "deal_criteria", "--answer", answer, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"satisfied", "gaps", "follow_up", "source"} and data["source"] == "offline"
    assert data["satisfied"] is satisfied
    assert (data["follow_up"] is None) is satisfied
    assert all(set(gap) == {"element", "check", "reason"} for gap in data["gaps"])


def test_probe_needs_exactly_one_answer_source():
    result = elicit("probe", "--guide", "general", "--question", "role")
    assert result.exit_code == 1 and "exactly one of --answer" in result.stderr


def test_probe_unknown_question():
    result = elicit("probe", "--guide", "general", "--question", "nope", "--answer", "x")
    assert result.exit_code == 1 and "has no question 'nope'" in result.stderr


def test_lint_json_shape(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("You are a tax adviser. Never guess a number. Answer in a table.")
    data = json.loads(elicit("lint", str(path), "--json").stdout)
    assert set(data) == {"words", "score", "elements", "missing", "quality"}
    assert list(data["elements"]) == list(ELEMENT_IDS)
    assert data["words"] == 13 and 0 <= data["score"] <= 100
    assert data["elements"]["persona"]["present"] and "tax adviser" in data["elements"]["persona"]["evidence"]
    assert "examples" in data["missing"]


def test_lint_missing_file():
    result = elicit("lint", "/nonexistent/p.md")
    assert result.exit_code == 1 and "no such file" in result.stderr


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_interview_run_stores_and_lints_clean(tmp_path, guide_id):
    out = tmp_path / "p.md"
    result = elicit("interview", "run", "--guide", guide_id, "--answers", str(DATA / f"answers_{guide_id}.yaml"),
                    "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    lint = json.loads(elicit("lint", str(out), "--json").stdout)
    assert lint["missing"] == [] and lint["score"] == 100
    with store.session(store.open_database()) as db:
        record = store.get_interview(db=db, interview_id=summary["interview_id"])
        assert record.guide_id == guide_id and record.status == "complete"
        assert len(store.latest_answers(db=db, interview_id=record.id)) >= 14
        assert store.list_prompt_versions(db=db, interview_id=record.id)[0].markdown == out.read_text()


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_interview_run_on_the_short_path_asks_only_it_and_still_lints_clean(tmp_path, guide_id):
    out = tmp_path / "p.md"
    result = elicit("interview", "run", "--guide", guide_id, "--answers", str(DATA / f"answers_{guide_id}.yaml"),
                    "--out", str(out), "--path", "short", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["complete"] and summary["percent_complete"] == 100
    lint = json.loads(elicit("lint", str(out), "--json").stdout)
    assert lint["missing"] == [], "the short path still fills every part of the prompt"
    with store.session(store.open_database()) as db:
        record = store.get_interview(db=db, interview_id=summary["interview_id"])
        answered = set(store.latest_answers(db=db, interview_id=record.id))
    assert record.path == "short"
    assert answered == {q.id for q in get_guide(guide_id).on_path("short") if q.show_if is None}
    given = yaml.safe_load((DATA / f"answers_{guide_id}.yaml").read_text(encoding="utf-8"))
    assert set(summary["not_asked"]) == set(given) - answered != set(), "the answers the short path left out are named"


def test_interview_run_refuses_an_unknown_path(tmp_path):
    result = elicit("interview", "run", "--guide", "general", "--answers", str(DATA / "answers_general.yaml"),
                    "--path", "medium")
    assert result.exit_code == 1 and "--path 'medium' is not known; use short or full" in result.stderr


def test_interview_run_json_format_and_open_questions(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("role: Comms.\nresponse_criteria: [Safety, Cost]\n")
    out = tmp_path / "p.json"
    result = elicit("interview", "run", "--guide", "crisis_management", "--answers", str(answers),
                    "--out", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    prompt = json.loads(out.read_text())
    open_ids = {q["question_id"] for q in prompt["open_questions"]}
    assert {"role", "response_criteria", "first_questions"} <= open_ids  # follow-ups and unanswered questions


@pytest.mark.parametrize(("content", "message"), [
    ("nope: text\n", "nope not in guide"),
    ("- a list\n", "expected a mapping"),
    ("role: [unclosed\n", "not valid YAML"),
    ("situations: Alien invasion\n", "not one of the options"),
], ids=["unknown question", "not a mapping", "bad yaml", "bad choice"])
def test_interview_run_bad_answers_file(tmp_path, content, message):
    answers = tmp_path / "a.yaml"
    answers.write_text(content)
    result = elicit("interview", "run", "--guide", "crisis_management", "--answers", str(answers))
    assert result.exit_code == 1
    assert message in result.stderr


def test_interview_list(tmp_path):
    assert "No interviews yet" in elicit("interview", "list").stdout
    elicit("interview", "run", "--guide", "general", "--answers", str(DATA / "answers_general.yaml"),
           "--out", str(tmp_path / "p.md"), "--expert", "Dana", "--topic", "on-call")
    rows = json.loads(elicit("interview", "list", "--json").stdout)
    assert [(r["guide_id"], r["expert"], r["status"], r["percent_complete"]) for r in rows] == [
        ("general", "Dana", "complete", 100)]


def test_setup_code_prints_a_fresh_code_the_server_then_takes_and_refuses_once_an_owner_exists(tmp_path, monkeypatch):
    """Issue 29: a person on the server's machine finishes setup without reading the server's log."""
    from typer.testing import CliRunner

    from elicit.cli import app
    from elicit.adapters.config import get_settings
    from elicit.ui.routes import signin

    code_file = tmp_path / "setup-code.txt"
    monkeypatch.setenv("ELICIT_DATABASE_URL", f"sqlite:///{tmp_path / 'setup.db'}")
    monkeypatch.setenv("ELICIT_SETUP_CODE_FILE", str(code_file))
    monkeypatch.delenv("ELICIT_SETUP_CODE", raising=False)
    get_settings.cache_clear()
    try:
        first = signin.setup_code()
        result = CliRunner().invoke(app, ["setup-code"])
        assert result.exit_code == 0, result.output
        fresh = result.output.split("Setup code: ")[1].split()[0]
        assert fresh != first and signin.setup_code() == fresh == code_file.read_text().strip()
        assert oct(code_file.stat().st_mode & 0o777) == "0o600"
        engine = store.open_database()
        with store.session(engine) as db:
            store.create_account(db=db, email="o@x.io", name="O", role="owner", password_hash="x")
        engine.dispose()
        refused = CliRunner().invoke(app, ["setup-code"])
        assert refused.exit_code == 1 and "owner account exists already" in refused.output
    finally:
        get_settings.cache_clear()
