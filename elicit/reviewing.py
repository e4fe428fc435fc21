"""Reviewing playbooks: the diff between two versions, and several experts' playbooks aligned by element."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from elicit.anatomy import ELEMENTS
from elicit.assembly import MegaPrompt, render_prompt_markdown

SAME_ENOUGH = 0.6
"""Statements of two experts this similar (difflib's ratio, on normalised words) count as shared."""


def version_diff(old: MegaPrompt, new: MegaPrompt, old_label: str = "older", new_label: str = "newer") -> str:
    """A unified diff of two versions' prompts (the appendix, whose times always differ, left out)."""
    return "\n".join(difflib.unified_diff(render_prompt_markdown(old), render_prompt_markdown(new),
                                          fromfile=old_label, tofile=new_label, lineterm=""))


def section_changes(old: MegaPrompt, new: MegaPrompt) -> dict[str, tuple[list[str], list[str]]]:
    """Per element: the statements only the old version has, and those only the new one has."""
    changes = {}
    for element in ELEMENTS:
        before = [s.text for s in old.section(element.id).statements]
        after = [s.text for s in new.section(element.id).statements]
        removed, added = [t for t in before if t not in after], [t for t in after if t not in before]
        if removed or added:
            changes[element.id] = (removed, added)
    return changes


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9%]+", text.lower()))


def _shared(text: str, others: list[str]) -> bool:
    words = _words(text)
    return any(difflib.SequenceMatcher(None, words, _words(o)).ratio() >= SAME_ENOUGH for o in others)


@dataclass
class Comparison:
    """Several playbooks of one guide side by side."""

    labels: list[str]
    criteria: dict[str, list[str]] = field(default_factory=dict)
    """Criterion name -> its weight in each playbook ("" where that expert did not name it)."""
    unique: dict[str, list[list[str]]] = field(default_factory=dict)
    """Element id -> per playbook, the statements no other playbook has."""


def _criterion_key(name: str) -> str:
    return _words(name)


def compare(prompts: list[MegaPrompt], labels: list[str]) -> Comparison:
    """Align playbooks by element: one criteria table with each expert's weights, and what only each one says."""
    if len({p.metadata.guide_id for p in prompts}) > 1:
        raise ValueError("compare playbooks of the same guide; these come from different guides")
    result = Comparison(labels=labels)
    names: dict[str, str] = {}
    for index, prompt in enumerate(prompts):
        for statement in prompt.section("decision_criteria").statements:
            if statement.criterion is None:
                continue
            key = _criterion_key(statement.criterion.name)
            name = names.setdefault(key, statement.criterion.name)
            row = result.criteria.setdefault(name, [""] * len(prompts))
            row[index] = statement.criterion.weight or "named, no weight"
    for element in ELEMENTS:
        texts = [[s.text for s in p.section(element.id).statements] for p in prompts]
        unique = [[t for t in own if not _shared(t, [o for j, other in enumerate(texts) if j != i for o in other])]
                  for i, own in enumerate(texts)]
        if any(unique):
            result.unique[element.id] = unique
    return result


def weight_number(weight: str) -> float | None:
    """The number in a weight such as "40%" or "30 points", for a chart; None when there is none."""
    found = re.search(r"\d+(?:\.\d+)?", weight or "")
    return float(found.group(0)) if found else None
