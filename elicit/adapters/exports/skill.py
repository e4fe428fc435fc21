"""The playbook as an Agent Skill: a folder with SKILL.md (front matter `name`, `description`, then instructions),
`references/` (criteria, worked cases, open questions) and `assets/` (the expert's templates), loaded on demand."""

from __future__ import annotations

import re

import yaml

from elicit.core.assembly import MegaPrompt, render_prompt_markdown
from elicit.core.assembly.render import CASE_PARTS
from elicit.adapters.exports.cases import Template, cases, other_examples, templates
from elicit.adapters.exports.common import unclashed
from elicit.adapters.exports.safety import neutralised
from elicit.core.interview import Criterion

MAX_NAME = 64
MAX_DESCRIPTION = 1024


def skill_name(prompt: MegaPrompt) -> str:
    """Lower-case letters, digits and single hyphens, at most 64 characters (the folder has the same name)."""
    slug = re.sub(r"[^a-z0-9]+", "-", prompt.metadata.title.lower()).strip("-")[:MAX_NAME].strip("-")
    return slug or "playbook"


def _one_line(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def description(prompt: MegaPrompt) -> str:
    """What the skill does and when an agent should pick it: the domain, the topic and what the user brings."""
    meta = prompt.metadata
    about = f"{meta.domain.lower()}" + (f" ({meta.topic})" if meta.topic else "")
    brings = "; ".join(slot.description for slot in prompt.inputs) or f"a case or request about {meta.topic or about}"
    goals = " ".join(s.text for s in prompt.section("goals").statements)
    text = (f"An experienced practitioner's judgment in {about}, captured by interview: their steps, decision "
            f"criteria with thresholds and tie-breakers, and limits. Use it when the user brings {brings}, or asks "
            f"for a decision, plan or draft in {meta.domain.lower()}.")
    if goals:
        text += f" Priorities: {_one_line(goals, 300)}"
    return _one_line(text, MAX_DESCRIPTION)


def _instructions(prompt: MegaPrompt, references: list[str]) -> str:
    """The prompt's instructions without the criteria rows and the worked examples, which are references."""
    core = prompt.model_copy(deep=True)
    core.section("decision_criteria").statements = [
        s for s in core.section("decision_criteria").statements if s.criterion is None]
    core.section("examples").statements = []
    lines = render_prompt_markdown(core)
    lines += ["", "## Reference files", "", "Read these when the work needs them:", ""]
    return "\n".join(lines + [f"- {ref}" for ref in references]) + "\n"


def _cell(text: str) -> str:
    return " ".join((text or "-").split()).replace("|", "\\|")


def _weight(criterion: Criterion, vetoes: list[str]) -> str:
    weight = criterion.weight.strip()
    if criterion.name not in vetoes:
        return _cell(weight)
    return "veto" if not weight or weight.lower() == "veto" else f"veto ({_cell(weight)})"


def _criteria(prompt: MegaPrompt) -> str:
    """One table per criteria question, under its lead-in; vetoes first and marked."""
    lines = ["# Decision criteria", "", "How the expert weighs a case (GitHub-flavoured Markdown tables). Apply any "
             "veto first (it decides on its own), then the weights, then the tie-breakers.", ""]
    for table in prompt.tables:
        rows = [s for s in prompt.statements() if s.criterion is not None and s.source.question_id == table.question_id]
        ordered = sorted((s.criterion for s in rows), key=lambda c: c.name not in table.vetoes)
        lines += ([table.lead_in, ""] if table.lead_in else []) + [
            "| Criterion | Weight | Threshold | Tie-breaker |", "| --- | --- | --- | --- |"]
        lines += [f"| {_cell(c.name)} | {_weight(c, table.vetoes)} | {_cell(c.threshold)} | {_cell(c.tie_breaker)} |"
                  for c in ordered] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def asset_paths(found: list[Template]) -> list[str]:
    """A file under assets/ per template, named after its question (-2, -3 for a second and third)."""
    paths, seen = [], {}
    for template in found:
        seen[template.question_id] = seen.get(template.question_id, 0) + 1
        n = seen[template.question_id]
        paths.append(f"assets/{template.question_id.replace('_', '-')}{'' if n == 1 else f'-{n}'}.md")
    return paths


def _cases(prompt: MegaPrompt) -> str:
    lines = ["# Worked cases", "", "Real cases in the expert's words. Learn the reasoning; do not reuse the facts.", ""]
    for case in cases(prompt):
        lines += [f"## {case.name.replace('_', ' ').capitalize()} ({', '.join(case.question_ids)})", ""]
        said = {"situation": case.situation, "decision": case.decision, "what_if": case.what_if}
        lines += [line for part, title in CASE_PARTS if said[part] for line in (f"**{title}.** {said[part]}", "")]
    if others := other_examples(prompt):
        lines += ["## Other examples", ""] + [f"- {s.text}" for s in others] + [""]
    found = templates(prompt)
    if found:
        lines += ["## The expert's templates", ""]
        for template, path in zip(found, asset_paths(found)):
            lines += [f"- [{path}]({path})" + (f": {template.lead_in}" if template.lead_in else "")]
            lines += [f"  - {note}" for note in template.notes]
    return "\n".join(lines).rstrip("\n") + "\n"


def _open_questions(prompt: MegaPrompt) -> str:
    lines = ["# Open questions", "", "The interview did not settle these: ask the user, or set out both options.", ""]
    lines += [f"- {q.text} ({q.question_id}: {q.reason})" for q in prompt.open_questions]
    lines += [f"- {u.text}" + (f" ({u.question_id})" if u.question_id else "") for u in prompt.unknowns]
    if len(lines) == 4:
        lines.append("- None: every question was answered.")
    return "\n".join(lines) + "\n"


def skill_files(prompt: MegaPrompt) -> dict[str, str]:
    """The skill's files by path inside its folder (the folder is `skill_name(prompt)`)."""
    prompt = neutralised(unclashed(prompt))
    files = {"references/criteria.md": _criteria(prompt), "references/cases.md": _cases(prompt),
             "references/open-questions.md": _open_questions(prompt)}
    found = templates(prompt)
    files.update({path: template.text + "\n" for template, path in zip(found, asset_paths(found))})
    references = [f"[{path}]({path})" for path in files]
    meta = prompt.metadata
    front = {"name": skill_name(prompt), "description": description(prompt),
             "metadata": {"source": "elicit", "guide": f"{meta.guide_id} v{meta.guide_version}",
                          "interview": meta.interview_id or "not stored", "version": str(meta.version or "draft")}}
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return {"SKILL.md": f"---\n{header}---\n\n{_instructions(prompt, references)}", **files}
