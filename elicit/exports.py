"""Exports: a MegaPrompt (and its interview's transcript) in every format the people who use it work with."""

from __future__ import annotations

import html
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

import yaml

from elicit.anatomy import BY_ID
from elicit.errors import ElicitError
from elicit.assembly import INTROS, MegaPrompt, Section, Statement, to_json, to_markdown, to_text
from elicit.interview import Interview, value_for_storage

CHAIN_SCHEMA = "elicit-chain/1"
TRANSCRIPT_SCHEMA = "elicit-transcript/1"
PROMPTFOO_PROVIDER = "openai:gpt-4o-mini"


@dataclass(frozen=True)
class Format:
    """One export: its file extension, media type and the label of its download."""

    extension: str
    mime: str
    label: str
    use: str
    """Where it is used, in one line (the README lists the same)."""


FORMATS: dict[str, Format] = {
    "md": Format("md", "text/markdown", "Markdown", "the documented prompt with its appendix, for a wiki or a review"),
    "txt": Format("txt", "text/plain", "Plain text", "the prompt alone, pasted into ChatGPT or a custom GPT"),
    "json": Format("json", "application/json", "JSON", "the playbook as data; `elicit import` reads it back"),
    "openai": Format("openai.json", "application/json", "OpenAI messages",
                     "the `messages` of a Chat Completions call"),
    "chain": Format("chain.json", "application/json", "Chained prompts",
                    "one prompt per step of the process, for an agent or workflow tool"),
    "promptfoo": Format("promptfooconfig.yaml", "application/yaml", "promptfoo config",
                        "`promptfoo eval` with the expert's cases as tests"),
    "jsonl": Format("jsonl", "application/jsonl", "Fine-tuning JSONL",
                    "the worked cases as chat examples for a fine-tuning job"),
    "html": Format("html", "text/html", "Readable playbook (HTML)",
                   "a playbook people read, print or save as PDF"),
    "bundle": Format("zip", "application/zip", "Everything (zip)",
                     "all of the above and the interview transcript, for the client's files"),
}


class UnknownFormatError(ElicitError):
    """No export has this name."""


# --- OpenAI chat messages --------------------------------------------------------------------------


def _texts(prompt: MegaPrompt, element: str) -> list[str]:
    return [s.text for s in prompt.section(element).statements]


def openai_messages(prompt: MegaPrompt) -> list[dict[str, str]]:
    """The system prompt, then a first assistant turn asking the clarifying questions when there are some."""
    messages = [{"role": "system", "content": to_text(prompt).strip()}]
    questions = _texts(prompt, "clarifying_questions")
    if questions:
        asks = "\n".join(f"{n}. {q}" for n, q in enumerate(questions, 1))
        messages.append({"role": "assistant", "content": f"Before I start, a few questions:\n\n{asks}"})
    return messages


def to_openai(prompt: MegaPrompt) -> str:
    return json.dumps({"messages": openai_messages(prompt)}, indent=2, ensure_ascii=False) + "\n"


# --- chained prompts -------------------------------------------------------------------------------


def _section_text(section: Section) -> str:
    intro = INTROS.get(section.element, "")
    lines = [f"{section.title}:"] + ([intro] if intro else []) + [f"- {s.text}" for s in section.statements]
    return "\n".join(lines)


def _shared_context(prompt: MegaPrompt) -> str:
    """What every step needs: role, goals, situation, criteria and limits."""
    wanted = ("persona", "goals", "context", "decision_criteria", "guardrails")
    parts = [_section_text(prompt.section(e)) for e in wanted if prompt.section(e).statements]
    return "\n\n".join([f"# {prompt.metadata.title}"] + parts)


def _steps(prompt: MegaPrompt) -> list[str]:
    """The expert's ordered steps; the process statements, or one step for the whole task, without them."""
    process = prompt.section("process").statements
    ordered = sorted((s for s in process if s.step is not None), key=lambda s: s.step)
    return [s.text for s in ordered] or [s.text for s in process] or [f"Do the whole task: {prompt.metadata.title}."]


def chain(prompt: MegaPrompt) -> dict[str, Any]:
    """One prompt per step of the expert's process, each taking the previous step's output."""
    steps = _steps(prompt)
    context = _shared_context(prompt)
    rows = []
    for n, step in enumerate(steps, 1):
        given = "{{input}}" if n == 1 else "{{previous_output}}"
        what = "The user's request" if n == 1 else f"The output of step {n - 1}"
        last = n == len(steps)
        finish = (_section_text(prompt.section("output_format")) if last and prompt.section("output_format").statements
                  else "Give only what the next step needs." if not last else "Give the final answer.")
        rows.append({"step": n, "name": step, "input": "input" if n == 1 else "previous_output",
                     "output": "output" if last else f"step_{n}_output", "system": context,
                     "prompt": f"Step {n} of {len(steps)}: {step}\n\nWork on this step only. {finish}\n\n"
                               f"{what}:\n{given}"})
    return {"schema": CHAIN_SCHEMA, "title": prompt.metadata.title, "interview_id": prompt.metadata.interview_id,
            "version": prompt.metadata.version, "steps": rows}


def to_chain_json(prompt: MegaPrompt) -> str:
    return json.dumps(chain(prompt), indent=2, ensure_ascii=False) + "\n"


def to_chain_yaml(prompt: MegaPrompt) -> str:
    return yaml.safe_dump(chain(prompt), allow_unicode=True, sort_keys=False, width=100)


# --- promptfoo ---------------------------------------------------------------------------------------


def _cases(prompt: MegaPrompt) -> list[tuple[str, list[Statement]]]:
    """The expert's real cases: the examples statements grouped by the answer they came from."""
    cases: dict[str, list[Statement]] = {}
    for statement in prompt.section("examples").statements:
        cases.setdefault(statement.source.question_id, []).append(statement)
    return list(cases.items())


def _reasoning(prompt: MegaPrompt, question_id: str) -> list[str]:
    """What the same answer said about how to decide: its statements filed outside the examples."""
    return [s.text for s in prompt.statements()
            if s.source.question_id == question_id and s.element not in ("examples", "persona")]


def _case_test(prompt: MegaPrompt, question_id: str, statements: list[Statement]) -> dict[str, Any]:
    """One real case as a promptfoo test: the case as the scenario, the expert's call as a rubric."""
    case = " ".join(s.text for s in statements)
    reasons = " ".join(_reasoning(prompt, question_id)) or case
    rubric = f"The answer reaches the call the expert made in this real case, for the same reasons: {reasons}"
    return {"description": f"The expert's case from {question_id}", "vars": {"scenario": case},
            "assert": [{"type": "llm-rubric", "value": rubric}]}


def promptfoo_config(prompt: MegaPrompt) -> dict[str, Any]:
    """A promptfoo configuration: the prompt, the expert's cases as tests, the guardrails as assertions."""
    system = to_text(prompt).strip()
    if "{{" in system or "{%" in system:  # promptfoo renders prompts with Nunjucks: the expert's braces stay text
        system = "{% raw %}" + system.replace("{% endraw %}", "{ % endraw % }") + "{% endraw %}"
    raw = json.dumps([{"role": "system", "content": system}, {"role": "user", "content": "{{scenario}}"}],
                     ensure_ascii=False)
    tests = [_case_test(prompt, question_id, statements) for question_id, statements in _cases(prompt)]
    if not tests:
        subject = prompt.metadata.topic or prompt.metadata.domain
        tests = [{"description": "A typical request", "vars": {"scenario": f"A new case about {subject}."}}]
    guardrails = [{"type": "llm-rubric", "value": f"The answer respects this limit: {text}"}
                  for text in _texts(prompt, "guardrails")]
    config: dict[str, Any] = {
        "description": f"{prompt.metadata.title} (captured from {prompt.metadata.expert or 'an expert'} by elicit)",
        "prompts": [{"id": "mega-prompt", "label": prompt.metadata.title, "raw": raw}],
        "providers": [PROMPTFOO_PROVIDER],
        "tests": tests,
    }
    if guardrails:
        config["defaultTest"] = {"assert": guardrails}
    return config


def to_promptfoo(prompt: MegaPrompt) -> str:
    header = ("# yaml-language-server: $schema=https://promptfoo.dev/config-schema.json\n"
              "# Run with `npx promptfoo@latest eval`; change `providers` to the model you use.\n")
    return header + yaml.safe_dump(promptfoo_config(prompt), allow_unicode=True, sort_keys=False, width=100)


# --- fine-tuning JSONL -------------------------------------------------------------------------------


def finetune_examples(prompt: MegaPrompt) -> list[dict[str, Any]]:
    """Each worked case as a chat example: the case from the user, the expert's reasoning from the assistant."""
    system = to_text(prompt).strip()
    examples = []
    for question_id, statements in _cases(prompt):
        reasoning = _reasoning(prompt, question_id)
        case = " ".join(s.text for s in statements)
        answer = " ".join(reasoning) if reasoning else case
        examples.append({"messages": [
            {"role": "system", "content": system},
            {"role": "user", "content": f"Here is a case. How would you handle it, and why?\n\n{case}"},
            {"role": "assistant", "content": answer}]})
    return examples


def to_jsonl(prompt: MegaPrompt) -> str:
    return "".join(json.dumps(example, ensure_ascii=False) + "\n" for example in finetune_examples(prompt))


# --- transcript ------------------------------------------------------------------------------------------


def transcript(interview: Interview | None) -> dict[str, Any]:
    """Every question, every answer revision and every follow-up of an interview, as plain data."""
    if interview is None:
        return {"schema": TRANSCRIPT_SCHEMA, "questions": []}
    questions = []
    for stage in interview.guide.stages:
        for question in stage.questions:
            revisions = [{"revision": a.revision, "text": a.text, "value": value_for_storage(a.value),
                          "origin": a.origin.value, "skipped": a.skipped}
                         for a in interview.history.get(question.id, [])]
            follow_ups = [{"id": f.id, "check": f.check, "element": f.element, "reason": f.reason, "ask": f.ask,
                           "status": f.status.value, "answer": f.answer, "source": f.source}
                          for f in interview.follow_ups if f.question_id == question.id]
            questions.append({"id": question.id, "stage": stage.title, "ask": question.ask, "kind": question.kind.value,
                              "feeds": question.feeds, "revisions": revisions, "follow_ups": follow_ups})
    return {"schema": TRANSCRIPT_SCHEMA, "interview_id": interview.id, "guide_id": interview.guide.id,
            "guide_version": interview.guide.version, "expert": interview.expert, "topic": interview.topic,
            "created": interview.created_at.isoformat(), "questions": questions}


def transcript_markdown(data: dict[str, Any]) -> str:
    lines = [f"# Interview transcript: {data.get('topic') or 'untitled'}", "",
             f"Expert: {data.get('expert') or 'not named'} · guide {data.get('guide_id', '-')}", ""]
    for question in data["questions"]:
        lines += [f"## {question['ask']}", "", f"`{question['id']}` · {question['stage']}", ""]
        for revision in question["revisions"]:
            said = "(skipped)" if revision["skipped"] else revision["text"]
            lines += [f"Revision {revision['revision']} ({revision['origin']}):", "", said, ""]
        for follow_up in question["follow_ups"]:
            lines += [f"Follow-up {follow_up['id']} ({follow_up['status']}): {follow_up['ask']}", "",
                      follow_up["answer"] or "(no answer)", ""]
        if not question["revisions"] and not question["follow_ups"]:
            lines += ["(not asked)", ""]
    return "\n".join(lines)


# --- readable HTML playbook ------------------------------------------------------------------------------

_CSS = """
body { font: 16px/1.5 Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1, h2, h3 { font-family: system-ui, sans-serif; line-height: 1.2; }
.from { color: #666; font: 12px system-ui, sans-serif; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: 4px 6px; text-align: left; vertical-align: top; }
blockquote { border-left: 3px solid #999; margin: 0 0 1rem; padding-left: 1rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { page-break-before: always; } h2:first-of-type { page-break-before: avoid; }
  section, tr, blockquote { page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _origin(statement: Statement) -> str:
    return f"{statement.origin.value}, from {statement.source.label()}"


def _html_statement(statement: Statement, tag: str = "li") -> str:
    return f'<{tag}>{_e(statement.text)} <span class="from">({_e(_origin(statement))})</span></{tag}>'


def _html_section(section: Section) -> list[str]:
    out = [f"<section><h3>{_e(section.title)}</h3>"]
    if section.element in INTROS:
        out.append(f"<p>{_e(INTROS[section.element])}</p>")
    steps = [s for s in section.statements if s.step is not None]
    criteria = [s for s in section.statements if s.criterion is not None]
    rest = [s for s in section.statements if s.step is None and s.criterion is None]
    if steps:
        out += ["<ol>"] + [_html_statement(s) for s in steps] + ["</ol>"]
    if criteria:
        out.append("<table><tr><th>Criterion</th><th>Weight</th><th>Threshold</th><th>Tie-breaker</th>"
                   "<th>From</th></tr>")
        out += [f"<tr><td>{_e(c.name)}</td><td>{_e(c.weight)}</td><td>{_e(c.threshold)}</td>"
                f"<td>{_e(c.tie_breaker)}</td><td class=\"from\">{_e(_origin(s))}</td></tr>"
                for s, c in ((s, s.criterion) for s in criteria)]
        out.append("</table>")
    if section.element == "examples":
        out += [_html_statement(s, "blockquote") for s in rest]
    elif rest:
        out += ["<ul>"] + [_html_statement(s) for s in rest] + ["</ul>"]
    return out + ["</section>"]


def to_html(prompt: MegaPrompt) -> str:
    """A readable playbook: the sections with provenance, metadata and open questions; print styles included."""
    meta = prompt.metadata
    rows = [("Expert", meta.expert or "not named"), ("Topic", meta.topic or "not given"), ("Domain", meta.domain),
            ("Guide", f"{meta.guide_id}, version {meta.guide_version}"), ("Interview", meta.interview_id or "-"),
            ("Prompt version", meta.version or "draft"), ("Assembled", f"{meta.created:%Y-%m-%d %H:%M} UTC"),
            ("Schema version", meta.schema_version)]
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{_e(meta.title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{_e(meta.title)}</h1>", "<table>"]
    out += [f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows] + ["</table>"]
    for part in ("context", "process", "format"):
        sections = [s for s in prompt.sections if BY_ID[s.element].part == part and s.statements]
        if sections:
            out.append(f"<h2>{_e(part.capitalize())}</h2>")
            for section in sections:
                out += _html_section(section)
    if prompt.open_questions:
        out += ["<h2>Open questions</h2>", "<ul>"]
        out += [f"<li>{_e(q.text)} <span class=\"from\">({_e(q.question_id)}: {_e(q.reason)})</span></li>"
                for q in prompt.open_questions]
        out.append("</ul>")
    return "\n".join(out + ["</body></html>"]) + "\n"


# --- bundle and dispatch -----------------------------------------------------------------------------------


def to_bundle(prompt: MegaPrompt, interview_transcript: dict[str, Any] | None = None) -> bytes:
    """One zip: every format, the chain in JSON and YAML, and the interview transcript (JSON and Markdown)."""
    data = interview_transcript or transcript(None)
    files = {"prompt.md": to_markdown(prompt), "prompt.txt": to_text(prompt), "prompt.json": to_json(prompt),
             "openai.json": to_openai(prompt), "chain.json": to_chain_json(prompt), "chain.yaml": to_chain_yaml(prompt),
             "promptfooconfig.yaml": to_promptfoo(prompt), "finetune.jsonl": to_jsonl(prompt),
             "playbook.html": to_html(prompt),
             "transcript.json": json.dumps(data, indent=2, ensure_ascii=False) + "\n",
             "transcript.md": transcript_markdown(data)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


_TEXT_RENDERERS = {"md": to_markdown, "txt": to_text, "json": to_json, "openai": to_openai, "chain": to_chain_json,
                   "chain-yaml": to_chain_yaml, "promptfoo": to_promptfoo, "jsonl": to_jsonl, "html": to_html}


def render(fmt: str, prompt: MegaPrompt, interview_transcript: dict[str, Any] | None = None) -> bytes:
    """The export as bytes (UTF-8 for the text formats); UnknownFormatError names the formats there are."""
    if fmt == "bundle":
        return to_bundle(prompt, interview_transcript)
    if fmt not in _TEXT_RENDERERS:
        raise UnknownFormatError(f"no export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return _TEXT_RENDERERS[fmt](prompt).encode("utf-8")


CHAIN_YAML = Format("chain.yaml", "application/yaml", "Chained prompts (YAML)",
                   "the same chain as YAML, for tools configured in YAML")


def describe(fmt: str) -> Format:
    """The format of an export, the chain's YAML variant included."""
    return CHAIN_YAML if fmt == "chain-yaml" else FORMATS[fmt]


def file_name(stem: str, fmt: str) -> str:
    return f"{stem}.{describe(fmt).extension}"
