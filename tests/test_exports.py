"""Every export format, parsed back; the JSON imported back without losing anything; the upgrade plan."""

from __future__ import annotations

import io
import json
import zipfile
from html.parser import HTMLParser

import pytest
import yaml
from typer.testing import CliRunner

from elicit import exports, playbooks, store, workflow
from elicit.anatomy import ELEMENT_IDS
from elicit.assembly import MegaPrompt, assemble, to_json
from elicit.cli import app
from elicit.errors import AnswerError
from elicit.guides import get_guide
from elicit.interview import Interview, answer_all
from elicit.linting import NOT_NEEDED, lint_report, set_aside, upgrade_questions, uploaded_text
from elicit.probing.heuristic import HeuristicProber
from tests.conftest import DATA

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)> {{ var }} {% if %}'


def answers(guide_id: str = "crisis_management") -> dict:
    return yaml.safe_load((DATA / f"answers_{guide_id}.yaml").read_text(encoding="utf-8"))


def interviewed(guide_id: str = "crisis_management", extra: dict | None = None) -> Interview:
    interview = Interview(guide=get_guide(guide_id), expert="Dana <b>Okafor</b>", topic="recalls", id="abc123")
    return answer_all(interview, {**answers(guide_id), **(extra or {})}, HeuristicProber().probe,
                      follow_up_answer="When I see two reports on one batch within a day.")


@pytest.fixture(scope="module")
def prompt() -> MegaPrompt:
    return assemble(interviewed(), version=2)


@pytest.fixture(scope="module")
def hostile() -> tuple[MegaPrompt, Interview]:
    interview = interviewed(extra={"never_do": [HOSTILE, "Never guess a death toll."], "role": f"I am {HOSTILE}"})
    return assemble(interview), interview


def text(fmt: str, prompt: MegaPrompt) -> str:
    return exports.render(fmt, prompt).decode("utf-8")


# --- each format, parsed back -----------------------------------------------------------------------------


def test_markdown_and_text_are_the_assembly_renderings(prompt):
    assert text("md", prompt).startswith(f"# {prompt.metadata.title}") and "## Appendix" in text("md", prompt)
    assert "Appendix" not in text("txt", prompt)


def test_openai_messages_are_a_system_prompt_then_the_clarifying_questions(prompt):
    messages = json.loads(text("openai", prompt))["messages"]
    assert [m["role"] for m in messages] == ["system", "assistant"]
    assert messages[0]["content"].startswith(prompt.metadata.title.upper())
    questions = [s.text for s in prompt.section("clarifying_questions").statements]
    assert questions and all(q in messages[1]["content"] for q in questions)


def test_openai_messages_without_clarifying_questions_are_the_system_prompt_alone(prompt):
    bare = prompt.model_copy(deep=True)
    bare.section("clarifying_questions").statements.clear()
    assert [m["role"] for m in json.loads(text("openai", bare))["messages"]] == ["system"]


@pytest.mark.parametrize("fmt", ["chain", "chain-yaml"])
def test_chain_has_one_prompt_per_step_each_taking_the_previous_output(prompt, fmt):
    data = yaml.safe_load(text(fmt, prompt)) if fmt == "chain-yaml" else json.loads(text(fmt, prompt))
    steps = sorted((s for s in prompt.section("process").statements if s.step), key=lambda s: s.step)
    assert data["schema"] == exports.CHAIN_SCHEMA and [row["name"] for row in data["steps"]] == [s.text for s in steps]
    assert "{{input}}" in data["steps"][0]["prompt"]
    assert all("{{previous_output}}" in row["prompt"] for row in data["steps"][1:])
    assert data["steps"][-1]["output"] == "output"


def test_chain_json_and_yaml_say_the_same(prompt):
    assert json.loads(text("chain", prompt)) == yaml.safe_load(text("chain-yaml", prompt))


def test_promptfoo_config_has_the_prompt_the_cases_and_the_guardrails(prompt):
    config = yaml.safe_load(text("promptfoo", prompt))
    assert set(config) >= {"description", "prompts", "providers", "tests", "defaultTest"}
    messages = json.loads(config["prompts"][0]["raw"])
    assert messages[0]["role"] == "system" and messages[1]["content"] == "{{scenario}}"
    cases = {s.source.question_id for s in prompt.section("examples").statements}
    assert len(config["tests"]) == len(cases) and all(t["vars"]["scenario"] for t in config["tests"])
    assert all(t["assert"][0]["type"] == "llm-rubric" for t in config["tests"])
    guardrails = [s.text for s in prompt.section("guardrails").statements]
    assert [a["value"].split(": ", 1)[1] for a in config["defaultTest"]["assert"]] == guardrails


def test_promptfoo_keeps_the_experts_braces_as_text(hostile):
    raw = yaml.safe_load(text("promptfoo", hostile[0]))["prompts"][0]["raw"]
    system = json.loads(raw)[0]["content"]
    assert system.startswith("{% raw %}") and system.endswith("{% endraw %}")


def test_jsonl_holds_the_worked_cases_as_chat_examples(prompt):
    lines = text("jsonl", prompt).splitlines()
    examples = [json.loads(line) for line in lines]
    assert examples and len(examples) == len({s.source.question_id for s in prompt.section("examples").statements})
    for example in examples:
        assert [m["role"] for m in example["messages"]] == ["system", "user", "assistant"]
        assert all(m["content"].strip() for m in example["messages"])


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.data = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.data.append(data)


def test_html_is_a_readable_playbook_with_print_styles_and_provenance(prompt):
    page = text("html", prompt)
    parser = _Collect()
    parser.feed(page)
    assert {"html", "h1", "section", "table", "ol"} <= set(parser.tags)
    assert "@media print" in page and "Prompt version" in page
    said = "".join(parser.data)
    assert all((s.criterion.name if s.criterion else s.text) in said for s in prompt.statements())
    assert all(s.source.label() in said for s in prompt.statements())


def test_html_escapes_everything_people_typed(hostile):
    page = text("html", hostile[0])
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags and "b" not in parser.tags
    assert "&lt;script&gt;" in page and HOSTILE in "".join(parser.data)


def test_bundle_holds_every_format_and_the_transcript(hostile):
    prompt, interview = hostile
    archive = zipfile.ZipFile(io.BytesIO(exports.render("bundle", prompt, exports.transcript(interview))))
    names = set(archive.namelist())
    assert names == {"prompt.md", "prompt.txt", "prompt.json", "openai.json", "chain.json", "chain.yaml",
                     "promptfooconfig.yaml", "finetune.jsonl", "playbook.html", "transcript.json", "transcript.md"}
    assert MegaPrompt.model_validate_json(archive.read("prompt.json")) == prompt
    data = json.loads(archive.read("transcript.json"))
    asked = {q["id"]: q for q in data["questions"]}
    assert set(asked) == {q.id for q in interview.guide.questions}
    assert sum(len(q["follow_ups"]) for q in data["questions"]) == len(interview.follow_ups) > 0
    assert asked["never_do"]["revisions"][0]["value"][0] == HOSTILE


def test_transcript_keeps_every_revision():
    interview = interviewed()
    interview.answer("role", "I ran crisis response for a retailer for ten years.")
    revisions = {q["id"]: q["revisions"] for q in exports.transcript(interview)["questions"]}["role"]
    assert [r["revision"] for r in revisions] == [1, 2] and revisions[0]["text"] != revisions[1]["text"]


def test_an_unknown_format_names_the_known_ones(prompt):
    with pytest.raises(exports.UnknownFormatError, match="use one of md, txt, json"):
        exports.render("pdf", prompt)


# --- import, lossless ----------------------------------------------------------------------------------------


def test_json_round_trip_loses_nothing(hostile):
    prompt = hostile[0]
    back = playbooks.parse_playbook(to_json(prompt))
    assert back == prompt and back.model_dump() == prompt.model_dump()
    assert [s.source for s in back.statements()] == [s.source for s in prompt.statements()]
    assert to_json(back) == to_json(prompt)


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: "not json", "not JSON"),
    (lambda d: {**d, "metadata": {**d["metadata"], "schema_version": "9"}}, "schema version '9'"),
    (lambda d: {**d, "sections": "none"}, "sections"),
    (lambda d: {**d, "colour": "blue"}, "fields this version does not know: colour"),
], ids=["not-json", "newer-schema", "invalid", "unknown-field"])
def test_a_playbook_that_cannot_be_read_whole_is_refused(prompt, mutate, message):
    data = mutate(json.loads(to_json(prompt)))
    with pytest.raises(AnswerError, match=message):
        playbooks.parse_playbook(data if isinstance(data, str) else json.dumps(data))


def elicit(*args: str):
    return CliRunner().invoke(app, list(args))


def test_cli_export_import_export_is_lossless(tmp_path, hostile):
    engine = store.open_database()
    with store.session(engine) as db:
        interview, _token = workflow.start_interview(db=db, guide=get_guide("crisis_management"), expert="Dana",
                                                     topic="recalls")
        for question_id, value in list(answers().items())[:6]:
            workflow.submit_answer(db=db, interview=interview, question_id=question_id, raw=value,
                                   prober=HeuristicProber())
        workflow.finish(db=db, interview=interview)
    engine.dispose()
    first = tmp_path / "first.json"
    assert elicit("export", interview.id, "--format", "json", "--out", str(first)).exit_code == 0
    imported = elicit("import", str(first), "--json")
    assert imported.exit_code == 0, imported.output
    new_id = json.loads(imported.stdout)["interview_id"]
    again = elicit("export", new_id, "--format", "json")
    assert new_id != interview.id and again.stdout == first.read_text(encoding="utf-8")
    assert json.loads(again.stdout) == json.loads(first.read_text(encoding="utf-8"))


def _jsonl_titles(data: bytes) -> str:
    """Every line parses; a draft without worked cases has none, so there is no title to read."""
    examples = [json.loads(line) for line in data.decode().splitlines()]
    return examples[0]["messages"][0]["content"].split("\n")[0] if examples else ""


PARSE_BACK = {
    "md": lambda data: data.decode().split("\n")[0],
    "txt": lambda data: data.decode().split("\n")[0],
    "json": lambda data: MegaPrompt.model_validate_json(data).metadata.title,
    "openai": lambda data: json.loads(data)["messages"][0]["content"].split("\n")[0],
    "chain": lambda data: json.loads(data)["title"],
    "promptfoo": lambda data: yaml.safe_load(data)["prompts"][0]["label"],
    "jsonl": lambda data: _jsonl_titles(data),
    "html": lambda data: data.decode().split("<h1>")[1].split("</h1>")[0],
    "bundle": lambda data: zipfile.ZipFile(io.BytesIO(data)).read("prompt.json") and "",
}


@pytest.mark.parametrize("fmt", list(exports.FORMATS))
def test_cli_exports_every_format_of_a_draft(tmp_path, fmt):
    engine = store.open_database()
    with store.session(engine) as db:
        interview, _ = workflow.start_interview(db=db, guide=get_guide("general"), expert="Sam", topic="triage")
        workflow.submit_answer(db=db, interview=interview, question_id="role", raw=answers("general")["role"],
                               prober=HeuristicProber())
    engine.dispose()
    out = tmp_path / f"x.{exports.FORMATS[fmt].extension}"
    result = elicit("export", interview.id, "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert PARSE_BACK[fmt](out.read_bytes()).lower().lstrip("# ") in "any expertise: triage"


def test_cli_export_writes_to_stdout_and_a_bundle_to_a_file_named_after_the_title(tmp_path, monkeypatch, prompt):
    engine = store.open_database()
    with store.session(engine) as db:
        interview, _ = workflow.start_interview(db=db, guide=get_guide("general"), expert="Sam", topic="triage")
    engine.dispose()
    assert elicit("export", interview.id, "--format", "txt").stdout.startswith("ANY EXPERTISE: TRIAGE")
    monkeypatch.chdir(tmp_path)
    assert elicit("export", interview.id, "--format", "bundle").exit_code == 0
    assert [p.name for p in tmp_path.glob("*.zip")] == ["any-expertise-triage-draft.zip"]


@pytest.mark.parametrize(("args", "message"), [
    (("export", "nope"), "no interview has the id 'nope'"),
    (("export", "nope", "--format", "pdf"), "--format 'pdf' is not known"),
    (("import", "missing.json"), "no such file"),
], ids=["unknown-id", "unknown-format", "missing-file"])
def test_cli_errors_are_one_clear_line(args, message):
    result = elicit(*args)
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.output


def test_cli_import_check_stores_nothing(tmp_path, prompt):
    path = tmp_path / "p.json"
    path.write_text(to_json(prompt), encoding="utf-8")
    result = elicit("import", str(path), "--check", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["interview_id"] is None
    assert json.loads(elicit("interview", "list", "--json").stdout) == []


# --- lint and upgrade -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("missing", "asked", "not_asked"), [
    (["examples"], {"case_timeline", "case_decision_point", "holding_statement"}, {"role", "never_do"}),
    (["persona"], {"role"}, {"priorities", "case_timeline"}),
    (["decision_criteria"], {"recall_line", "situations"}, {"role", "never_do"}),
], ids=["examples", "persona", "a-conditional-question-keeps-its-choice"])
def test_upgrade_asks_only_the_questions_feeding_what_is_missing(missing, asked, not_asked):
    guide = get_guide("crisis_management")
    ids = {q.id for q in upgrade_questions(guide, missing)}
    assert asked <= ids and not (not_asked & ids)
    assert set(set_aside(guide, missing)) == {q.id for q in guide.questions} - ids


def test_an_upgrade_interview_starts_at_the_first_missing_question_with_nothing_open():
    engine = store.open_database()
    guide = get_guide("crisis_management")
    with store.session(engine) as db:
        interview, token = playbooks.start_upgrade(db=db, guide=guide, expert="Dana", topic="recalls",
                                                   missing=["clarifying_questions", "examples"])
        again = workflow.load_by_token(db=db, token=token)
    engine.dispose()
    assert again.next_item().id == "case_timeline"
    assert again.answers["role"].skipped and again.answers["role"].text == NOT_NEEDED
    assert again.open_questions() == []


def test_upgrade_with_nothing_missing_is_refused():
    engine = store.open_database()
    with store.session(engine) as db, pytest.raises(AnswerError, match="nothing to upgrade"):
        playbooks.start_upgrade(db=db, guide=get_guide("general"), expert="a", topic="b", missing=[])
    engine.dispose()


def test_lint_report_has_every_element(prompt):
    report = lint_report(text("txt", prompt))
    assert list(report["elements"]) == list(ELEMENT_IDS) and report["score"] >= 80


@pytest.mark.parametrize(("data", "result"), [
    (b"\xef\xbb\xbfYou are a lawyer.", "You are a lawyer."),
    (b"\xff\xfe\x00bad", AnswerError),
    (b"x" * (3 * 1024 * 1024), AnswerError),
], ids=["utf8-bom", "not-utf8", "too-big"])
def test_uploaded_prompt_text(data, result):
    if result is AnswerError:
        with pytest.raises(AnswerError):
            uploaded_text(data, "p.txt")
    else:
        assert uploaded_text(data, "p.txt") == result
