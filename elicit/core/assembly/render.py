"""The renderings of a MegaPrompt: Markdown (the prompt, then its appendix), plain text and JSON."""

from __future__ import annotations

import re
from itertools import groupby

from elicit.core.anatomy import BY_ID, PART_TITLES, Part
from elicit.core.assembly import MegaPrompt, Section, Statement
from elicit.core.errors import UnknownGuideError
from elicit.core.guides import Question, get_guide
from elicit.core.interview import Criterion

INTROS = {
    "goals": "What the user wants, and what to give up first when goals compete:",
    "context": "What you are working with:",
    "process": "Work through these steps in order:",
    "decision_criteria": "Weigh these as the expert does:",
    "checkpoints": "Stop and confirm with the user before going on:",
    "clarifying_questions": "Before you start, ask the user:",
    "output_format": "Shape your answer like this:",
    "guardrails": "Hold to these limits:",
    "examples": "Real cases and templates in the expert's own words. Learn the reasoning from them; do not reuse "
                "their facts:",
}
"""The default lead-in of a section's statements when their question declares none."""

ORDER = {Part.CONTEXT: ["persona", "goals", "context"],
         Part.PROCESS: ["clarifying_questions", "process", "decision_criteria", "checkpoints"],
         Part.FORMAT: ["output_format", "guardrails", "examples"]}
"""Sections in the order the model needs them: the questions to ask come before the steps."""

REASON_FIRST = ("Reason through the steps inside <thinking> tags before you conclude; then give your answer "
                "outside the tags, with the reasons that decided it.")
CRITERIA_ORDER = ("Apply the criteria in this order: first any veto (it decides on its own, whatever the weights), "
                  "then the weights, then the tie-breakers when two criteria point different ways.")
UNKNOWNS_LEAD = ("The interview did not settle these. When one matters to the case in hand, ask the user; if they "
                 "cannot say, set out both options and what each would lead to.")
NOTHING_UNKNOWN = ("The interview left nothing open that this prompt covers. When the case in hand needs something it "
                   "does not cover, ask the user before you guess.")
CASE_PARTS = (("situation", "What was known at the time"), ("decision", "The call and its reasons"),
              ("what_if", "What would have changed the call"))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or "-"


def _weight_cell(criterion: Criterion, vetoes: set[str], ranked: bool) -> str:
    weight = criterion.weight.strip()
    if criterion.name in vetoes:
        return "veto" if not weight or weight.lower() == "veto" else f"veto ({_cell(weight)})"
    return f"rank {_cell(weight)}" if ranked and weight.isdigit() else _cell(weight)


def _criteria_table(rows: list[Criterion], vetoes: set[str], ranked: bool = False) -> list[str]:
    """Vetoes first, then the weighed criteria in the expert's order."""
    lines = ["| Criterion | Weight | Threshold | Tie-breaker |", "| --- | --- | --- | --- |"]
    ordered = sorted(rows, key=lambda c: c.name not in vetoes)
    return lines + [f"| {_cell(c.name)} | {_weight_cell(c, vetoes, ranked)} | {_cell(c.threshold)} | "
                    f"{_cell(c.tie_breaker)} |" for c in ordered]


def _blocks(statements: list[Statement]) -> list[list[Statement]]:
    """Consecutive statements of one question and lead-in render as one block."""
    return [list(group) for _, group in groupby(statements, key=lambda s: (s.source.question_id, s.lead_in,
                                                                            s.form == "steps"))]


def _block_lines(block: list[Statement], prompt: MegaPrompt, default_lead: str) -> list[str]:
    first = block[0]
    lead = first.lead_in or default_lead
    lines = [lead, ""] if lead else []
    if first.form == "persona":
        return [" ".join(s.text for s in block)]
    if first.form == "steps":
        return lines + [f"{n}. {s.text}" for n, s in enumerate(block, 1)]
    if first.criterion is not None:
        table = next((t for t in prompt.tables if t.question_id == first.source.question_id), None)
        rows = [s for s in block if s.criterion is not None]
        body = _criteria_table([s.criterion for s in rows], set(table.vetoes) if table else set(),
                               ranked=table is not None and table.weighting == "rank")
        extra = [f"- {s.text}" for s in block if s.criterion is None]
        return lines + body + ([""] + extra if extra else [])
    if first.form == "template":
        quoted = []
        for s in block:
            quoted += [f"> {line}" if line.strip() else ">" for line in s.text.splitlines()] + [""]
        return lines + quoted[:-1]
    return lines + [f"- {s.text}" for s in block]


CASE_LEADS = {
    "main": "A real case from the expert, in their own words. Learn how they reasoned; do not reuse its facts.",
    "contrast": "A second case from the expert, to set beside the first: one that went wrong, was a false alarm "
                "or was overdone. Learn what set it apart; do not reuse its facts.",
    "loss": "A deal the expert lost money on, looked back on: what was visible at the time and what was missed.",
    "passed": "A deal the expert passed on, and why.",
    "simulation": "A scenario the expert was given during the interview, and how they said they would handle it. "
                  "Reason the same way about new cases.",
}
OTHER_CASE_LEAD = "Another case from the expert, in their own words. Learn how they reasoned; do not reuse its facts."


def _questions_of(prompt: MegaPrompt) -> dict[str, Question]:
    """The questions of the guide the playbook was made with; none when that guide is not installed here."""
    try:
        return {q.id: q for q in get_guide(prompt.metadata.guide_id).questions}
    except UnknownGuideError:
        return {}


def _cases(section: Section, prompt: MegaPrompt) -> list[tuple[str, str, list[Statement]]]:
    """(case name, the simulation's scenario or "", statements) for each worked case, in the order asked."""
    questions = _questions_of(prompt)
    found: dict[str, tuple[str, list[Statement]]] = {}
    for statement in section.statements:
        if statement.form != "case":
            continue
        question = questions.get(statement.source.question_id)
        name = question.rendering.case_name if question is not None else "main"
        scenario, kept = found.setdefault(name, ("", []))
        if question is not None and question.scenario and not scenario:
            scenario = " ".join(question.scenario.split())
        found[name] = (scenario, kept + [statement])
    return [(name, scenario, kept) for name, (scenario, kept) in found.items()]


def _quoted(texts: list[str]) -> list[str]:
    return "\n>\n".join(f"> {text}".replace("\n", "\n> ") for text in texts).splitlines()


def _examples_lines(section: Section, prompt: MegaPrompt) -> list[str]:
    lines: list[str] = []
    for name, scenario, statements in _cases(section, prompt):
        lines += [CASE_LEADS.get(name, OTHER_CASE_LEAD), ""]
        if not scenario and len({s.part for s in statements}) == 1:  # told whole, in one answer
            lines += ["**The case:**", "", *_quoted([s.text for s in statements]), ""]
            continue
        for part, title in CASE_PARTS:
            said = [s.text for s in statements if s.part == part]
            if part == "situation" and scenario:
                lines += ["**The scenario:**", "", *_quoted([scenario]), ""]
            if said:
                lines += [f"**{title}:**", "", *_quoted(said), ""]
    rest = [s for s in section.statements if s.form != "case"]
    for block in _blocks(rest):
        lines += _block_lines(block, prompt, "") + [""]
    return lines[:-1] if lines and lines[-1] == "" else lines


def _section_body(section: Section, prompt: MegaPrompt) -> list[str]:
    if section.element == "examples":
        return _examples_lines(section, prompt)
    lines: list[str] = []
    if section.element == "decision_criteria" and any(s.criterion for s in section.statements):
        lines += [CRITERIA_ORDER, ""]
    for block in _blocks(section.statements):
        lines += _block_lines(block, prompt, INTROS.get(section.element, "") if not lines else "") + [""]
    if section.element == "process":
        lines += [REASON_FIRST, ""]
    return lines[:-1]


def _inputs_lines(prompt: MegaPrompt, slots: bool) -> list[str]:
    if not prompt.inputs:
        return []
    lead = "What the user hands you, each in its own tags:" if slots else \
        "What the user hands you in their message, each in its own tags:"
    lines = [lead, ""]
    lines += [f"- <{i.name}>: {i.description}" for i in prompt.inputs] + [""]
    if not slots:
        return lines[:-1]
    for item in prompt.inputs:
        lines += [f"<{item.name}>", item.placeholder, f"</{item.name}>", ""]
    return lines[:-1]


def render_prompt_markdown(prompt: MegaPrompt, slots: bool = True) -> list[str]:
    """The prompt itself: the task and the inputs, then Context, Process, Format and Unknowns; no empty heading.

    With `slots`, each input's tags hold its placeholder here; without, only the inputs are described, for the
    chat shapes, whose user turn holds the placeholders."""
    lines = [f"# {prompt.metadata.title}", ""]
    if prompt.task:
        lines += [prompt.task, ""]
    lines += _inputs_lines(prompt, slots)
    for part in Part:
        sections = [prompt.section(e) for e in ORDER[part] if prompt.section(e).statements]
        if not sections:
            continue
        lines += ["", f"## {PART_TITLES[part]}"]
        for section in sections:
            lines += ["", f"### {section.title}", "", *_section_body(section, prompt)]
    lines += ["", "## Unknowns", ""]
    if prompt.unknowns:
        return lines + [UNKNOWNS_LEAD, ""] + [f"- {u.text}" for u in prompt.unknowns]
    return lines + [NOTHING_UNKNOWN]


def _appendix(prompt: MegaPrompt) -> list[str]:
    meta = prompt.metadata
    lines = ["", "---", "", "## Appendix", "", "### Provenance", "",
             "Every statement above, with the answer it came from.", "",
             "| # | Section | Statement | From | Origin |", "| --- | --- | --- | --- | --- |"]
    for n, statement in enumerate(prompt.statements(), 1):
        text = statement.text if len(statement.text) <= 90 else statement.text[:87] + "..."
        lines.append(f"| {n} | {BY_ID[statement.element].title} | {_cell(text)} | "
                     f"{_cell(statement.source.label())} | {statement.origin.value} |")
    lines += ["", "### Interview", "",
              f"- Expert: {meta.expert or 'not named'}", f"- Topic: {meta.topic or 'not given'}",
              f"- Guide: {meta.guide_id}, version {meta.guide_version}",
              f"- Interview: {meta.interview_id or 'not stored'}",
              f"- Prompt version: {meta.version or 'draft'}",
              f"- Assembled: {meta.created:%Y-%m-%d %H:%M} UTC"]
    if prompt.open_questions:
        lines += ["", "### Open questions", "", "The expert has not answered these yet:", ""]
        lines += [f"- {q.text} ({q.question_id}: {q.reason})" for q in prompt.open_questions]
    return lines


def to_markdown(prompt: MegaPrompt) -> str:
    """The documented mega-prompt: the prompt, then its appendix of provenance, metadata and open questions."""
    return "\n".join(render_prompt_markdown(prompt) + _appendix(prompt)) + "\n"


def to_text(prompt: MegaPrompt, slots: bool = True) -> str:
    """The prompt alone as plain text, ready to paste into any chat box (`slots`: see render_prompt_markdown)."""
    out = []
    for line in render_prompt_markdown(prompt, slots):
        heading = re.match(r"^(#+)\s+(.*)", line)
        if heading:
            line = heading.group(2).upper() if len(heading.group(1)) < 3 else f"{heading.group(2)}:"
        out.append(re.sub(r"^\*\*(.+):\*\*$", r"\1:", line))
    return "\n".join(out) + "\n"


def to_json(prompt: MegaPrompt) -> str:
    return prompt.model_dump_json(indent=2)


RENDERERS = {"md": to_markdown, "text": to_text, "txt": to_text, "json": to_json}
