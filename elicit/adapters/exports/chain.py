"""Chained prompts: one prompt per step of the expert's process, in the placeholder style of the tool that runs them.

Every text is a template in one style, stated in the file (`template_format`, `variables`): LangChain's
f-string (its default), jinja2 or mustache, or an n8n expression. The expert's own braces are escaped for
that style, so only the chain's variables are ever filled.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import count
from dataclasses import dataclass
from typing import Any

import yaml

from elicit.core.assembly import MegaPrompt
from elicit.adapters.exports.common import inputs_of, inputs_text, printed, section_text, unknowns_text
from elicit.adapters.exports.formats import UnknownFormatError
from elicit.adapters.exports.safety import neutralised

CHAIN_SCHEMA = "elicit-chain/2"
PREVIOUS = "previous_output"


@dataclass(frozen=True)
class Var:
    """A variable in a template."""

    name: str


def _fstring(piece: str | Var) -> str:
    return "{" + piece.name + "}" if isinstance(piece, Var) else piece.replace("{", "{{").replace("}", "}}")


def _jinja2(piece: str | Var) -> str:
    if isinstance(piece, Var):
        return "{{ " + piece.name + " }}"
    return printed(piece)


def _delimiter(text: str) -> str:
    """The shortest `<%`, `<%%`, ... that starts nowhere in `text`, nor where `text`'s end would run into it."""
    return next(mark for k in count(1) if (text + (mark := "<" + "%" * k)).find(mark) == len(text))


def _mustache(piece: str | Var) -> str:
    if isinstance(piece, Var):
        return "{{{" + piece.name + "}}}"  # three braces: mustache would HTML-escape the value with two
    if "{" not in piece and "}" not in piece:
        return piece
    # mustache has no escape: switch to delimiters the text cannot hold or complete, then back
    left = _delimiter(piece)
    right = left[1:] + ">"
    return f"{{{{={left} {right}=}}}}{piece}{left}={{{{ }}}}={right}"


def _n8n(piece: str | Var) -> str:
    if isinstance(piece, Var):
        return "{{ $json." + piece.name + " }}"
    return printed(piece, "{}\\")  # n8n reads a typed `\{{` as an escape and halves a typed `\\`: backslashes too


@dataclass(frozen=True)
class Style:
    """A placeholder style: the `template_format` a tool expects, and how it writes text and variables."""

    name: str
    template_format: str
    tool: str
    write: Callable[[str | Var], str]

    def render(self, *pieces: str | Var) -> str:
        return "".join(self.write(piece) for piece in pieces)


STYLES = {
    "langchain": Style("langchain", "f-string", "LangChain's ChatPromptTemplate (its default format)", _fstring),
    "jinja2": Style("jinja2", "jinja2", "LangChain with template_format='jinja2', or any Jinja2 tool", _jinja2),
    "mustache": Style("mustache", "mustache", "LangChain with template_format='mustache', or any mustache tool",
                      _mustache),
    "n8n": Style("n8n", "n8n-expression", "an n8n node's prompt field, set to Expression", _n8n),
}
DEFAULT_STYLE = "langchain"


def style_named(name: str) -> Style:
    if name not in STYLES:
        raise UnknownFormatError(f"no placeholder style {name!r}; use one of {', '.join(STYLES)}")
    return STYLES[name]


def _shared_context(prompt: MegaPrompt) -> str:
    """What every step needs: the task line and the inputs, role, goals, situation, criteria, limits, Unknowns."""
    wanted = ("persona", "goals", "context", "decision_criteria", "guardrails")
    parts = [section_text(prompt.section(e)) for e in wanted if prompt.section(e).statements]
    head = [f"# {prompt.metadata.title}"] + ([prompt.task] if prompt.task else []) + [inputs_text(prompt)]
    return "\n\n".join(head + parts + [unknowns_text(prompt)])


def _steps(prompt: MegaPrompt) -> list[str]:
    """The expert's ordered steps; the process statements, or one step for the whole task, without them."""
    process = prompt.section("process").statements
    ordered = sorted((s for s in process if s.step is not None), key=lambda s: s.step)
    return [s.text for s in ordered] or [s.text for s in process] or [f"Do the whole task: {prompt.metadata.title}."]


def _finish(prompt: MegaPrompt, last: bool) -> str:
    if not last:
        return "Give only what the next step needs."
    shape = prompt.section("output_format")
    return section_text(shape) if shape.statements else "Give the final answer."


def _step_pieces(prompt: MegaPrompt, n: int, steps: list[str]) -> tuple[list[str | Var], list[str]]:
    """The step's prompt as text and variables, and the names of its variables."""
    head = f"Step {n} of {len(steps)}: {steps[n - 1]}\n\nWork on this step only. {_finish(prompt, n == len(steps))}\n\n"
    if n > 1:
        return [head, f"The output of step {n - 1}:\n", Var(PREVIOUS)], [PREVIOUS]
    pieces: list[str | Var] = [head, "The user's request:\n"]
    for slot in inputs_of(prompt):
        pieces += [f"<{slot.name}>", Var(slot.name), f"</{slot.name}>\n"]
    return pieces, [slot.name for slot in inputs_of(prompt)]


def chain(prompt: MegaPrompt, style: str = DEFAULT_STYLE) -> dict[str, Any]:
    """One prompt per step of the expert's process, each taking the previous step's output."""
    shape = style_named(style)
    prompt = neutralised(prompt)
    steps, system = _steps(prompt), shape.render(_shared_context(prompt))
    rows = []
    for n in range(1, len(steps) + 1):
        pieces, names = _step_pieces(prompt, n, steps)
        rows.append({"step": n, "name": steps[n - 1], "input_variables": names,
                     "output": "output" if n == len(steps) else f"step_{n}_output", "system": system,
                     "prompt": shape.render(*pieces).rstrip("\n")})
    described = {slot.name: slot.description for slot in inputs_of(prompt)}
    return {"schema": CHAIN_SCHEMA, "title": prompt.metadata.title, "interview_id": prompt.metadata.interview_id,
            "version": prompt.metadata.version, "placeholder_style": shape.name,
            "template_format": shape.template_format, "for": shape.tool,
            "variables": {**described, PREVIOUS: "the output of the step before (steps 2 on)"}, "steps": rows}


def to_chain_json(prompt: MegaPrompt, style: str = DEFAULT_STYLE) -> str:
    return json.dumps(chain(prompt, style), indent=2, ensure_ascii=False) + "\n"


def to_chain_yaml(prompt: MegaPrompt, style: str = DEFAULT_STYLE) -> str:
    return yaml.safe_dump(chain(prompt, style), allow_unicode=True, sort_keys=False, width=100)
