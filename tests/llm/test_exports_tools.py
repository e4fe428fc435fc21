"""Each export run in the tool it targets, offline: promptfoo (validate and a real eval against the local server),
LangChain's ChatPromptTemplate, n8n's expression engine, the openai and Anthropic SDKs, Langfuse's own request models,
`agentskills validate`, jsonschema, and the Dotprompt runtime.

A test whose tool is missing skips with the reason (or fails when ELICIT_REQUIRE_ALL_TESTS=1).
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from elicit.adapters import exports
from elicit.services import playbooks
from elicit.core.assembly import MegaPrompt, PromptInput, assemble
from elicit.adapters.exports.cases import cases, evaluation_cases
from elicit.adapters.exports.promptfoo import template_free
from elicit.core.guides import get_guide
from elicit.core.interview import Interview, answer_all
from elicit.core.probing.heuristic import HeuristicProber
from tests.conftest import DATA, ROOT, require
from tests.support.llm_server import API_KEY, MODEL

BRACES = "{{ customer_name }}"
NODE_TOOLS = ROOT / "tests" / "tools" / "node"
PROMPTFOO = NODE_TOOLS / "node_modules" / ".bin" / "promptfoo"
AGENTSKILLS = Path(sys.executable).parent / "agentskills"


def importable(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


@pytest.fixture(scope="module")
def interview() -> Interview:
    """The crisis lead's interview, with the expert's own braces in a case and in a limit."""
    given = yaml.safe_load((DATA / "answers_crisis_management.yaml").read_text(encoding="utf-8"))
    given["never_do"] = given["never_do"] + [f"Never write {BRACES} into a statement; use the customer's name."]
    given["case_decision_point"] = given["case_decision_point"].replace("The cues were", f"The cues were {BRACES},")
    interview = Interview(guide=get_guide("crisis_management"), expert="Dana", topic="recalls", id="abc123")
    return answer_all(interview, given, HeuristicProber().probe,
                      follow_up_answer="When I see two reports on one batch within a day.")


@pytest.fixture(scope="module")
def prompt(interview) -> MegaPrompt:
    """The prompt with the guide's named inputs taken off, so each tool fills the one `input` every export falls
    back to (tests/storage/test_exports.py covers named inputs)."""
    built = assemble(interview, version=1)
    built.inputs = []
    return built


def as_json(fmt: str, prompt: MegaPrompt, **options) -> dict:
    return json.loads(exports.render(fmt, prompt, **options))


# --- promptfoo -------------------------------------------------------------------------------------------


def promptfoo(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    require(PROMPTFOO.exists() and shutil.which("node") is not None,
            "promptfoo is not installed: cd tests/tools/node && npm ci (node and npm needed)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI", "ANTHROPIC"))}
    env.update(HOME=str(cwd), PROMPTFOO_CONFIG_DIR=str(cwd / ".promptfoo"), PROMPTFOO_DISABLE_TELEMETRY="1",
               PROMPTFOO_DISABLE_UPDATE="1", PROMPTFOO_DISABLE_SHARING="1", NO_COLOR="1")
    return subprocess.run([str(PROMPTFOO), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def grader_or_model(body: dict) -> str:
    """The grader gets a JSON verdict (as a model that suits the rubric answers); the prompt gets an answer."""
    if "grading output according to a user-specified rubric" in json.dumps(body["messages"]):
        return json.dumps({"reason": "The answer makes the expert's call.", "pass": True, "score": 1})
    return "Level 1: recall all three batches now, and tell the regulator first."


CORRECTION = {"id": 3, "scenario": f"A tabloid asks at 23:00 whether {BRACES} was one of the children.",
              "answer": "Confirm it.", "wrong": "It named a child.", "better": "Never confirm a name; say the "
                                                                             "families are being supported."}


def test_promptfoo_validates_and_evaluates_against_another_provider(prompt, llm_server, tmp_path):
    llm_server.reset()
    llm_server.responder = grader_or_model
    provider = {"id": f"openai:chat:{MODEL}", "config": {"apiBaseUrl": llm_server.url, "apiKey": API_KEY}}
    config = exports.render("promptfoo", prompt, {"questions": [], "teach_back": [CORRECTION]}, provider=provider)
    (tmp_path / "promptfooconfig.yaml").write_bytes(config)
    checked = promptfoo("validate", "-c", "promptfooconfig.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    run = promptfoo("eval", "-c", "promptfooconfig.yaml", "--no-cache", "--no-progress-bar", "--no-table",
                    "--no-write", "-j", "1", "-o", "out.json", cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    stats = json.loads((tmp_path / "out.json").read_text())["results"]["stats"]
    tested = evaluation_cases(prompt)
    situations = [case.situation for case in tested] + [CORRECTION["scenario"]]
    assert (stats["successes"], stats["failures"], stats["errors"]) == (len(tested) + 1, 0, 0)
    sent = [r["body"] for r in llm_server.requests if r["path"].endswith("/chat/completions")]
    assert sent and all(body["model"] == MODEL for body in sent), "a request went to a default provider"
    answered = [body["messages"] for body in sent if "rubric" not in json.dumps(body["messages"])]
    graded = [body["messages"][-1]["content"] for body in sent if "rubric" in json.dumps(body["messages"])]
    # a scenario is a test variable, which promptfoo may render: its template openers are broken with a space
    assert [m[-1]["content"] for m in answered] == [f"<input>{template_free(situation)}</input>"
                                                    for situation in situations]
    for messages, case in zip(answered, tested):
        assert case.decision not in messages[0]["content"] and case.situation not in messages[0]["content"]
    assert any(f"Never write {BRACES}" in text for text in graded), "Nunjucks ate the expert's braces"
    system = answered[0][0]["content"]
    assert f"The cues were {BRACES}," in system and "{% raw %}" not in system, "the worked case lost its braces"
    assert template_free(BRACES) in answered[1][-1]["content"] and "{% raw %}" not in answered[1][-1]["content"]


# --- LangChain ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["langchain", "jinja2", "mustache"])
def test_langchain_fills_every_chain_step_and_keeps_the_experts_braces(prompt, style):
    require(importable("langchain_core"), "langchain-core is not installed (pip install -e '.[dev]')")
    from langchain_core.prompts import ChatPromptTemplate

    named = prompt.model_copy(deep=True)
    named.inputs = [PromptInput(name="incident_report", description="the first report, as received")]
    chain = as_json("chain", named, style=style)
    values = {"incident_report": "Glass in a jar, batch L42.", "previous_output": "Level 2; two reports."}
    for step in chain["steps"]:
        template = ChatPromptTemplate.from_messages([("system", step["system"]), ("human", step["prompt"])],
                                                    template_format=chain["template_format"])
        assert set(template.input_variables) == set(step["input_variables"])
        system, human = template.format_messages(**{k: values[k] for k in step["input_variables"]})
        assert BRACES in system.content and "{% raw %}" not in system.content
        assert values[step["input_variables"][0]] in human.content
    assert chain["steps"][0]["input_variables"] == ["incident_report"]
    assert all(step["input_variables"] == ["previous_output"] for step in chain["steps"][1:])


def test_langchain_mustache_does_not_html_escape_the_input(prompt):
    require(importable("langchain_core"), "langchain-core is not installed (pip install -e '.[dev]')")
    from langchain_core.prompts import ChatPromptTemplate

    step = as_json("chain", prompt, style="mustache")["steps"][0]
    template = ChatPromptTemplate.from_messages([("human", step["prompt"])], template_format="mustache")
    assert "<b>R&D</b> said \"no\"" in template.format_messages(input="<b>R&D</b> said \"no\"")[0].content


N8N_EVAL = """
const { Tournament } = require('@n8n/tournament');
const chain = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const engine = new Tournament((error) => { throw error; });
const data = { $json: { input: 'Glass in a jar, batch L42.', previous_output: 'Level 2; two reports.' } };
console.log(JSON.stringify(chain.steps.map((s) => [engine.execute(s.system, data), engine.execute(s.prompt, data)])));
"""


def test_n8ns_expression_engine_fills_every_step_and_keeps_the_experts_braces(prompt):
    require((NODE_TOOLS / "node_modules" / "@n8n" / "tournament").is_dir() and shutil.which("node") is not None,
            "n8n's expression engine is not installed: cd tests/tools/node && npm ci (node and npm needed)")
    chain = exports.render("chain", prompt, style="n8n").decode()
    run = subprocess.run(["node", "-e", N8N_EVAL], input=chain, cwd=NODE_TOOLS, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    steps = json.loads(run.stdout)
    assert len(steps) == len(json.loads(chain)["steps"]) > 1
    assert all(BRACES in system and "$json" not in system for system, _ in steps)
    assert "<input>Glass in a jar, batch L42.</input>" in steps[0][1]
    assert all(human.endswith("Level 2; two reports.") for _, human in steps[1:])


# --- the openai SDK ------------------------------------------------------------------------------------------


def fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    return text


def test_the_openai_sdk_sends_the_messages_and_the_responses_shape(prompt, llm_server):
    require(importable("openai"), "the openai SDK is not installed")
    from openai import OpenAI

    llm_server.reset()
    llm_server.script.extend(["Level 1.", "Level 1, from Responses."])
    client = OpenAI(base_url=llm_server.url, api_key=API_KEY, max_retries=0)
    report = {"input": "A journalist asks about batch L42 by 18:00."}
    chat = as_json("openai", prompt)
    messages = [{**m, "content": fill(m["content"], report)} for m in chat["messages"]]
    reply = client.chat.completions.create(model=MODEL, messages=messages)
    assert reply.choices[0].message.content == "Level 1."
    shape = as_json("responses", prompt)
    response = client.responses.create(model=MODEL, instructions=shape["instructions"],
                                       input=fill(shape["input"], report))
    assert response.output_text == "Level 1, from Responses."
    chat_body, responses_body = (r["body"] for r in llm_server.requests)
    assert chat_body["messages"][-1] == {"role": "user", "content": f"<input>{report['input']}</input>"}
    assert responses_body["instructions"] == chat_body["messages"][0]["content"]
    assert responses_body["input"] == f"<input>{report['input']}</input>"


def test_anthropics_sdk_sends_the_anthropic_shape(prompt, llm_server):
    require(importable("anthropic"), "anthropic is not installed (pip install -e '.[dev]')")
    from anthropic import Anthropic

    llm_server.reset()
    llm_server.script.append("Level 1, from Claude.")
    client = Anthropic(base_url=llm_server.url.removesuffix("/v1"), api_key=API_KEY, max_retries=0)
    shape = as_json("anthropic", prompt)
    report = {"input": "A journalist asks about batch L42 by 18:00."}
    messages = [{**m, "content": fill(m["content"], report)} for m in shape["messages"]]
    reply = client.messages.create(model=MODEL, max_tokens=1024, system=shape["system"], messages=messages)
    assert reply.content[0].text == "Level 1, from Claude."
    [sent] = [r["body"] for r in llm_server.requests]
    assert sent["system"] == shape["system"] and sent["messages"] == [
        {"role": "user", "content": f"<input>{report['input']}</input>"}]


# --- Langfuse --------------------------------------------------------------------------------------------------


def test_langfuses_own_request_model_takes_the_export(prompt):
    require(importable("langfuse"), "langfuse is not installed (pip install -e '.[dev]')")
    from langfuse.api.core.pydantic_utilities import parse_obj_as
    from langfuse.api.core.serialization import convert_and_respect_annotation_metadata
    from langfuse.api.prompts.types.chat_message import ChatMessage
    from langfuse.api.prompts.types.create_chat_prompt_request import CreateChatPromptRequest
    from langfuse.api.prompts.types.create_prompt_request import CreatePromptRequest

    body = as_json("langfuse", prompt)
    request = parse_obj_as(CreateChatPromptRequest, body)  # as the SDK reads the API's JSON
    assert not request.model_extra, f"fields Langfuse does not define: {sorted(request.model_extra)}"
    assert all(isinstance(m, ChatMessage) and not m.model_extra for m in request.prompt)
    assert request.type == "chat" and len(request.name) <= 255 and request.commit_message
    sent = convert_and_respect_annotation_metadata(object_=request.dict(exclude_unset=True),
                                                   annotation=CreatePromptRequest, direction="write")
    assert sent == body, "the SDK's create-prompt call would send something else"
    assert sent["prompt"][-1]["content"] == "<input>{{input}}</input>"


# --- the Agent Skill --------------------------------------------------------------------------------------------


def test_agentskills_validates_the_skill_folder_and_the_bundles_copy(prompt, interview, tmp_path):
    require(AGENTSKILLS.exists(), "skills-ref is not installed (pip install -e '.[dev]'): no agentskills command")
    zipfile.ZipFile(io.BytesIO(exports.render("skill", prompt))).extractall(tmp_path / "skill")
    zipfile.ZipFile(io.BytesIO(exports.render("bundle", prompt, exports.transcript(interview)))).extractall(
        tmp_path / "bundle")
    [folder] = (tmp_path / "skill").iterdir()
    for path in (folder, tmp_path / "bundle" / "skill" / folder.name):
        result = subprocess.run([str(AGENTSKILLS), "validate", str(path)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
    skill = (folder / "SKILL.md").read_text(encoding="utf-8")
    front = yaml.safe_load(skill.split("---\n")[1])
    assert front["name"] == folder.name and "Use it when the user brings" in front["description"]
    assert {p.name for p in (folder / "references").iterdir()} == {"criteria.md", "cases.md", "open-questions.md"}
    assert "| Criterion | Weight |" in (folder / "references" / "criteria.md").read_text(encoding="utf-8")
    assert cases(prompt)[1].situation.split(",")[0] in (folder / "references" / "cases.md").read_text(encoding="utf-8")


# --- the JSON against its strict schema ---------------------------------------------------------------------------


def test_jsonschema_validates_the_json_with_its_transcript_and_refuses_what_import_refuses(prompt, interview):
    require(importable("jsonschema"), "jsonschema is not installed (pip install -e '.[dev]')")
    import jsonschema

    schema = json.loads((ROOT / "elicit" / "core" / "schema" / "megaprompt.schema.json").read_text(encoding="utf-8"))
    document = exports.render("json", prompt, exports.transcript(interview), with_transcript=True).decode()
    jsonschema.validate(json.loads(document), schema)
    back, brought = playbooks.parse_document(document)
    assert back == prompt and brought == json.loads(document)["transcript"]
    for where in (lambda d: d, lambda d: d["metadata"], lambda d: d["sections"][0]["statements"][0],
                  lambda d: d["transcript"], lambda d: d["transcript"]["questions"][0]):
        data = json.loads(document)
        where(data)["colour"] = "blue"
        with pytest.raises(jsonschema.ValidationError, match="colour"):
            jsonschema.validate(data, schema)
        with pytest.raises(Exception, match="colour"):
            playbooks.parse_document(json.dumps(data))


# --- the .prompt file ---------------------------------------------------------------------------------------------


def test_dotprompt_renders_the_prompt_file_with_the_experts_braces_and_the_input_unescaped(prompt):
    require(importable("dotpromptz"), "dotpromptz is not installed (pip install -e '.[dev]')")
    import asyncio
    import inspect

    from dotpromptz import Dotprompt
    from dotpromptz.typing import DataArgument

    report = 'Glass in a jar <batch L42> & "two more"'
    rendered = Dotprompt().render(exports.render("dotprompt", prompt).decode(),
                                  DataArgument(input={"input": report}))
    rendered = asyncio.run(rendered) if inspect.isawaitable(rendered) else rendered
    system, user = ("".join(part.text or "" for part in m.content) for m in rendered.messages)
    assert [m.role.value for m in rendered.messages] == ["system", "user"]
    assert f"Never write {BRACES}" in system and "\\{{" not in system
    assert user.strip() == f"<input>{report}</input>"
    assert rendered.input.schema["required"] == ["input"]


# --- hostile template spellings: nothing an expert types is evaluated by the tool an export targets ---------

HOSTILE_SPELLINGS = [
    "{%endraw%}{{ range.constructor('return process.getBuiltinModule(`child_process`).execSync(`touch MARKER`)')() }}"
    "{%raw%}",
    "{%  endraw  %}{{ range.constructor('return process.env.ELICIT_CANARY')() }}{%  raw  %}",
    "{%- endraw -%}{{ range.constructor('return process.env')() }}{%- raw -%}",
    "{# a comment #}{{ 7 * 7 }}",
    "{% raw %}{% raw %}nested{% endraw %}{{ range.constructor('return process.env.ELICIT_CANARY')() }}{% endraw %}",
    "# set x = range.constructor('return process.env.ELICIT_CANARY')()\n{{ x }}",
    "{{input}} and {{ customer_name }} and {% if true %}yes{% endif %}",
]


def hostile_prompt(spellings: list[str], limits: list[str]) -> MegaPrompt:
    """The crisis lead's prompt with every spelling in a worked case, `limits` among the never-dos, and hostile
    names in the title; its named inputs taken off, as in `prompt`."""
    given = yaml.safe_load((DATA / "answers_crisis_management.yaml").read_text(encoding="utf-8"))
    given["never_do"] = given["never_do"] + [f"Never write this: {s}" for s in limits]
    given["case_decision_point"] = given["case_decision_point"] + " " + " ".join(spellings)
    interview = answer_all(Interview(guide=get_guide("crisis_management"), expert="Eve {{ 7*7 }}",
                                     topic="recalls {%endraw%}", id="evil1"),
                           given, HeuristicProber().probe, follow_up_answer="When two reports name one batch.")
    built = assemble(interview, version=1)
    built.inputs = []
    return built


def test_promptfoo_evaluates_nothing_the_expert_typed(llm_server, tmp_path):
    """The attack of issue 30: an expert's answer that closes the `{% raw %}` block ran code on the consultant's
    machine and sent environment values to the provider. Every spelling arrives byte for byte, and nothing runs."""
    marker = tmp_path / "pwned"
    hostile = [s.replace("MARKER", str(marker)) for s in HOSTILE_SPELLINGS]
    built = hostile_prompt(hostile, limits=hostile[:3])
    llm_server.reset()
    llm_server.responder = grader_or_model
    provider = {"id": f"openai:chat:{MODEL}", "config": {"apiBaseUrl": llm_server.url, "apiKey": API_KEY}}
    (tmp_path / "promptfooconfig.yaml").write_bytes(exports.render("promptfoo", built, provider=provider))
    env_before = os.environ.get("ELICIT_CANARY")
    os.environ["ELICIT_CANARY"] = "canary-5f3a9c"
    try:
        run = promptfoo("eval", "-c", "promptfooconfig.yaml", "--no-cache", "--no-progress-bar", "--no-table",
                        "--no-write", "-j", "1", "-o", "out.json", cwd=tmp_path)
    finally:
        if env_before is None:
            del os.environ["ELICIT_CANARY"]
        else:
            os.environ["ELICIT_CANARY"] = env_before
    assert run.returncode in (0, 100), run.stdout + run.stderr
    assert not marker.exists(), "the expert's answer ran a command on the consultant's machine"
    sent = json.dumps([r["body"] for r in llm_server.requests])
    assert sent and "canary-5f3a9c" not in sent, "an environment value reached the provider"
    answered = [r["body"]["messages"] for r in llm_server.requests if r["path"].endswith("/chat/completions")
                and "rubric" not in json.dumps(r["body"]["messages"])]
    system = answered[0][0]["content"]
    for spelling in hostile:  # every spelling arrives as typed, where the prompt's other text is made safe to show
        assert " ".join(spelling.split()) in " ".join(system.split()), spelling
    assert "49" not in system.replace("{{ 7 * 7 }}", "")
    graded = json.dumps([r["body"]["messages"] for r in llm_server.requests if "rubric" in json.dumps(r["body"])])
    assert "Never write this: {%endraw%}" in graded


# --- the other template languages: one hostile corpus, each target's own engine --------------------------------

ENGINE_SPELLINGS = HOSTILE_SPELLINGS + [
    "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",  # Jinja2 outside a sandbox
    "{{=<% %>=}}<% input %> and {{{input}}} and {{& input}} and {{#input}}shown{{/input}}",  # mustache
    "\\{{input}} and \\\\{{input}} and {{> partial}} and {{!-- note --}}",  # Handlebars' own escapes
    "{{ $env.ELICIT_CANARY }} and {{ $json.input }} and {{ this.constructor.constructor('return process')() }}",
    "{input} and {0.__class__} and a lone { and a lone } and <% and %> and <%% and a last {",
]
VALUES = {"previous_output": "Level 2; two reports."}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[MegaPrompt, list[str], Path]:
    """A prompt whose answers hold every spelling, the spellings as typed, and where the marker file would go."""
    marker = tmp_path_factory.mktemp("hostile") / "pwned"
    spellings = [s.replace("MARKER", str(marker)) for s in ENGINE_SPELLINGS]
    return hostile_prompt(spellings, limits=spellings), spellings, marker


def assert_arrived(rendered: str, spellings: list[str], marker: Path) -> None:
    assert not marker.exists(), "the expert's answer ran a command"
    assert "canary-5f3a9c" not in rendered, "an environment value reached the prompt"
    for spelling in spellings:  # as typed; the prompt's lines join a typed line break into a space
        assert " ".join(spelling.split()) in " ".join(rendered.split()), spelling


def chain_context(built: MegaPrompt) -> str:
    """The text every chain step's system prompt is meant to render to."""
    from elicit.adapters.exports.chain import _shared_context
    from elicit.adapters.exports.common import unclashed
    from elicit.adapters.exports.safety import neutralised

    return _shared_context(neutralised(unclashed(built)))


@pytest.fixture
def canary(monkeypatch):
    monkeypatch.setenv("ELICIT_CANARY", "canary-5f3a9c")


@pytest.mark.parametrize("style", ["langchain", "jinja2", "mustache"])
def test_langchain_renders_every_hostile_spelling_as_typed(hostile, style, canary):
    require(importable("langchain_core"), "langchain-core is not installed (pip install -e '.[dev]')")
    from langchain_core.prompts import ChatPromptTemplate

    built, spellings, marker = hostile
    chain = as_json("chain", built, style=style)
    plain = chain_context(built)
    for step in chain["steps"]:
        template = ChatPromptTemplate.from_messages([("system", step["system"]), ("human", step["prompt"])],
                                                    template_format=chain["template_format"])
        assert set(template.input_variables) == set(step["input_variables"]), "the expert's text made a variable"
        values = {name: VALUES.get(name, "Glass in a jar, batch L42.") for name in step["input_variables"]}
        system, human = template.format_messages(**values)
        assert system.content == plain, "the rendered system prompt is not the text, byte for byte"
        assert_arrived(system.content, spellings, marker)
        assert next(iter(values.values())) in human.content


def test_jinja2_outside_a_sandbox_renders_every_hostile_spelling_as_typed(hostile, canary):
    import jinja2

    built, spellings, marker = hostile
    chain = as_json("chain", built, style="jinja2")
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)  # not sandboxed: it would run what it reads
    rendered = environment.from_string(chain["steps"][0]["system"]).render()
    assert rendered == chain_context(built)
    assert_arrived(rendered, spellings, marker)


def test_n8ns_expression_engine_renders_every_hostile_spelling_as_typed(hostile, canary):
    require((NODE_TOOLS / "node_modules" / "@n8n" / "tournament").is_dir() and shutil.which("node") is not None,
            "n8n's expression engine is not installed: cd tests/tools/node && npm ci (node and npm needed)")
    built, spellings, marker = hostile
    chain = exports.render("chain", built, style="n8n").decode()
    run = subprocess.run(["node", "-e", N8N_EVAL.replace("input:", json.loads(chain)["steps"][0]["input_variables"][0]
                                                          + ":")],
                         input=chain, cwd=NODE_TOOLS, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    steps = json.loads(run.stdout)
    assert all(system == chain_context(built) for system, _ in steps)
    assert_arrived(steps[0][0], spellings, marker)
    assert "Glass in a jar, batch L42." in steps[0][1]


def test_langfuse_compile_fills_only_the_slots_and_keeps_every_typed_brace(hostile):
    require(importable("langfuse"), "langfuse is not installed (pip install -e '.[dev]')")
    from langfuse.api.core.pydantic_utilities import parse_obj_as
    from langfuse.api.prompts.types.prompt import Prompt_Chat
    from langfuse.model import ChatPromptClient

    built, spellings, marker = hostile
    body = as_json("langfuse", built)
    client = ChatPromptClient(parse_obj_as(Prompt_Chat, {**body, "version": 1}))  # as the SDK reads it back
    slots = body["config"]["variables"]
    assert list(slots) == ["input_2"], "the slot kept a name the expert typed between braces"
    system, user = client.compile(**{name: "Glass in a jar, batch L42." for name in slots})
    assert system["content"] == body["prompt"][0]["content"], "compile changed the expert's text"
    assert_arrived(system["content"].replace("\\<", "<"), spellings, marker)
    assert user["content"] == "<input_2>Glass in a jar, batch L42.</input_2>"
    assert "get_langchain_prompt" in body["config"]["fill"]


@pytest.mark.parametrize("fmt", ["openai", "responses", "anthropic"])
def test_a_fill_step_replaces_only_the_named_slots(hostile, fmt):
    """The user's own fill step (a `{{name}}` replace, as the OpenAI and Anthropic consoles do) finds no slot name
    in the expert's text, so every typed brace survives it."""
    built, spellings, _ = hostile
    body = as_json(fmt, built)
    values = {name: "Glass in a jar, batch L42." for name in body["variables"]}
    system = body.get("system") or body.get("instructions") or body["messages"][0]["content"]
    assert fill(system, values) == system
    assert all(spelling in system.replace("\\<", "<") for spelling in spellings)
    turn = body.get("input") or body["messages"][-1]["content"]
    assert fill(turn, values) == "<input_2>Glass in a jar, batch L42.</input_2>"


def test_dotprompt_renders_every_hostile_spelling_as_typed(hostile, canary):
    require(importable("dotpromptz"), "dotpromptz is not installed (pip install -e '.[dev]')")
    import asyncio
    import inspect

    from dotpromptz import Dotprompt
    from dotpromptz.typing import DataArgument

    from elicit.adapters.exports.chat import WORD_JOINER
    from elicit.adapters.exports.common import system_text, unclashed

    built, spellings, marker = hostile
    source = exports.render("dotprompt", built).decode()
    rendered = Dotprompt().render(source, DataArgument(input={"input_2": "Glass in a jar, batch L42."}))
    rendered = asyncio.run(rendered) if inspect.isawaitable(rendered) else rendered
    system, user = ("".join(part.text or "" for part in m.content) for m in rendered.messages)
    assert system.replace(WORD_JOINER, "").strip() == system_text(unclashed(built))
    assert_arrived(system.replace(WORD_JOINER, "").replace("\\<", "<"), spellings, marker)
    assert user.strip() == "<input_2>Glass in a jar, batch L42.</input_2>"


def test_promptfoo_renders_nothing_typed_into_a_teach_back_scenario(prompt, llm_server, tmp_path, monkeypatch):
    """A scenario travels as a test variable, and promptfoo renders variables on some paths: typed in a teach-back,
    the hostile spellings read the environment before the fix."""
    marker = tmp_path / "pwned"
    monkeypatch.setenv("ELICIT_CANARY", "canary-5f3a9c")
    scenario = "A tabloid asks. " + " ".join(s.replace("MARKER", str(marker)) for s in HOSTILE_SPELLINGS)
    correction = {"id": 3, "scenario": scenario, "answer": "Confirm it.", "wrong": "It named a child.",
                  "better": "Never confirm a name."}
    llm_server.reset()
    llm_server.responder = grader_or_model
    provider = {"id": f"openai:chat:{MODEL}", "config": {"apiBaseUrl": llm_server.url, "apiKey": API_KEY}}
    config = exports.render("promptfoo", prompt, {"questions": [], "teach_back": [correction]}, provider=provider)
    (tmp_path / "promptfooconfig.yaml").write_bytes(config)
    run = promptfoo("eval", "-c", "promptfooconfig.yaml", "--no-cache", "--no-progress-bar", "--no-table",
                    "--no-write", "-j", "1", "-o", "out.json", cwd=tmp_path)
    assert run.returncode in (0, 100), run.stdout + run.stderr
    assert not marker.exists(), "the scenario ran a command"
    assert "canary-5f3a9c" not in json.dumps([r["body"] for r in llm_server.requests])
    turns = [" ".join(r["body"]["messages"][-1]["content"].split()) for r in llm_server.requests]
    assert f"<input>{' '.join(template_free(scenario).split())}</input>" in turns
