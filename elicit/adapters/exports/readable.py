"""The readable playbook: HTML for people to read, print on A4, sections flowing across pages, or save as PDF; everything
escaped. It has the prompt's shape: the task line and inputs, the sections under their lead-ins, each worked case
whole, the Unknowns."""

from __future__ import annotations

import html
from itertools import groupby
from typing import Any

from elicit.core.anatomy import PART_TITLES, Part
from elicit.core.assembly import INTROS, MegaPrompt, Section, Statement
from elicit.core.assembly.render import CASE_PARTS, NOTHING_UNKNOWN, ORDER, UNKNOWNS_LEAD
from elicit.adapters.exports.cases import cases
from elicit.adapters.exports.common import inputs_of

_CSS = """
body { font: 16px/1.5 Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1, h2, h3 { font-family: system-ui, sans-serif; line-height: 1.2; }
.from { color: #666; font: 12px system-ui, sans-serif; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: 4px 6px; text-align: left; vertical-align: top; }
blockquote { border-left: 3px solid #999; margin: 0 0 1rem; padding-left: 1rem; }
@page { size: A4; margin: 16mm 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  section { break-inside: auto; page-break-inside: auto; }
  tr, li, blockquote { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _origin(statement: Statement) -> str:
    return f"{statement.origin.value}, from {statement.source.label()}"


def _html_statement(statement: Statement, tag: str = "li") -> str:
    return f'<{tag}>{_e(statement.text)} <span class="from">({_e(_origin(statement))})</span></{tag}>'


def _criteria_table(block: list[Statement], prompt: MegaPrompt) -> list[str]:
    table = next((t for t in prompt.tables if t.question_id == block[0].source.question_id), None)
    vetoes = set(table.vetoes) if table else set()
    out = ["<table><tr><th>Criterion</th><th>Weight</th><th>Threshold</th><th>Tie-breaker</th><th>From</th></tr>"]
    for s in sorted(block, key=lambda s: s.criterion.name not in vetoes):
        c = s.criterion
        weight = f"veto{f' ({c.weight})' if c.weight and c.weight.lower() != 'veto' else ''}" \
            if c.name in vetoes else c.weight
        out.append(f"<tr><td>{_e(c.name)}</td><td>{_e(weight)}</td><td>{_e(c.threshold)}</td>"
                   f"<td>{_e(c.tie_breaker)}</td><td class=\"from\">{_e(_origin(s))}</td></tr>")
    return out + ["</table>"]


def _block(block: list[Statement], prompt: MegaPrompt, default_lead: str) -> list[str]:
    """One question's statements under their lead-in, in the shape they render in."""
    first = block[0]
    lead = first.lead_in or default_lead
    out = [f"<p>{_e(lead)}</p>"] if lead and first.form != "persona" else []
    if first.criterion is not None:
        return out + _criteria_table([s for s in block if s.criterion is not None], prompt) + (
            ["<ul>"] + [_html_statement(s) for s in block if s.criterion is None] + ["</ul>"]
            if any(s.criterion is None for s in block) else [])
    if first.form == "steps":
        return out + ["<ol>"] + [_html_statement(s) for s in block] + ["</ol>"]
    if first.form in ("template", "persona"):
        return out + [_html_statement(s, "blockquote" if first.form == "template" else "p") for s in block]
    return out + ["<ul>"] + [_html_statement(s) for s in block] + ["</ul>"]


def _blocks(statements: list[Statement]) -> list[list[Statement]]:
    return [list(group) for _, group in groupby(statements, key=lambda s: (s.source.question_id, s.lead_in,
                                                                            s.criterion is not None))]


def _cases(prompt: MegaPrompt) -> list[str]:
    """Each worked case as one example: what was known, the call and its reasons, what would have changed it."""
    out = []
    for case in cases(prompt):
        title = "Simulation" if case.evaluation else f"Case: {case.name.replace('_', ' ')}"
        out.append(f"<h4>{_e(title)}</h4>")
        for part, heading in CASE_PARTS:
            said = [s for s in case.statements if s.part == part]
            if part == "situation" and case.evaluation:
                out += [f"<p><strong>{_e(heading)}:</strong></p>", f"<blockquote>{_e(case.situation)} "
                        '<span class="from">(the scenario the expert was given)</span></blockquote>']
            elif said:
                out.append(f"<p><strong>{_e(heading)}:</strong></p>")
            out += [_html_statement(s, "blockquote") for s in said]
    return out


def _html_section(section: Section, prompt: MegaPrompt) -> list[str]:
    out = [f"<section><h3>{_e(section.title)}</h3>"]
    taken = set()
    if section.element == "examples":
        out += _cases(prompt)
        taken = {s.key for case in cases(prompt) for s in case.statements}
    rest = [s for s in section.statements if s.key not in taken]
    for n, block in enumerate(_blocks(rest)):
        out += _block(block, prompt, INTROS.get(section.element, "") if n == 0 and not taken else "")
    return out + ["</section>"]


def _task(prompt: MegaPrompt) -> list[str]:
    out = [f'<p class="task">{_e(prompt.task)}</p>'] if prompt.task else []
    out += ["<p>What the user hands you, each in its own tags:</p>", "<ul>"]
    out += [f"<li><code>&lt;{_e(i.name)}&gt;</code>: {_e(i.description)}</li>" for i in inputs_of(prompt)]
    return out + ["</ul>"]


def _unknowns(prompt: MegaPrompt) -> list[str]:
    if not prompt.unknowns:
        return ["<h2>Unknowns</h2>", f"<p>{_e(NOTHING_UNKNOWN)}</p>"]
    return ["<h2>Unknowns</h2>", f"<p>{_e(UNKNOWNS_LEAD)}</p>", "<ul>"] + [
        f"<li>{_e(u.text)}" + (f' <span class="from">({_e(u.question_id)})</span>' if u.question_id else "")
        + "</li>" for u in prompt.unknowns] + ["</ul>"]


def to_html(prompt: MegaPrompt) -> str:
    """A readable playbook: the task and inputs, the sections with provenance, the Unknowns, metadata and open
    questions; print styles included."""
    meta = prompt.metadata
    rows = [("Expert", meta.expert or "not named"), ("Topic", meta.topic or "not given"), ("Domain", meta.domain),
            ("Guide", f"{meta.guide_id}, version {meta.guide_version}"), ("Interview", meta.interview_id or "-"),
            ("Prompt version", meta.version or "draft"), ("Assembled", f"{meta.created:%Y-%m-%d %H:%M} UTC"),
            ("Schema version", meta.schema_version)]
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{_e(meta.title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{_e(meta.title)}</h1>", "<table>"]
    out += [f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows] + ["</table>"] + _task(prompt)
    for part in Part:
        sections = [prompt.section(e) for e in ORDER[part] if prompt.section(e).statements]
        if sections:
            out.append(f"<h2>{_e(PART_TITLES[part])}</h2>")
            for section in sections:
                out += _html_section(section, prompt)
    out += _unknowns(prompt)
    if prompt.open_questions:
        out += ["<h2>Open questions</h2>", "<ul>"]
        out += [f"<li>{_e(q.text)} <span class=\"from\">({_e(q.question_id)}: {_e(q.reason)})</span></li>"
                for q in prompt.open_questions]
        out.append("</ul>")
    return "\n".join(out + ["</body></html>"]) + "\n"
