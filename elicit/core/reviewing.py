"""Reviewing playbooks: the diff between two versions, and several experts' playbooks aligned by element."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from elicit.core.anatomy import ELEMENTS
from elicit.core.assembly import MegaPrompt, render_prompt_markdown

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


STOP_WORDS = frozenset("a an and are as at by for from how in is it of on or the to with what whether".split())


def _criterion_key(name: str) -> frozenset[str]:
    """The words that carry a criterion's meaning, singular ("Injuries" and "injury" are one word here)."""
    words = (w.removesuffix("ies") + "y" if w.endswith("ies") else w.removesuffix("s")
             for w in _words(name).split() if w not in STOP_WORDS)
    return frozenset(w for w in words if w)


def _same_criterion(one: frozenset[str], other: frozenset[str]) -> bool:
    """Two experts' criteria name the same thing when most of their meaningful words agree, or one spelling
    is nearly the other ("customer safety" and "safety of customers"; "reputational risk" and "reputation risk")."""
    if not one or not other:
        return one == other
    if len(one & other) / min(len(one), len(other)) >= SAME_ENOUGH:
        return True
    return difflib.SequenceMatcher(None, " ".join(sorted(one)), " ".join(sorted(other))).ratio() >= 0.8


def _matching_name(key: frozenset[str], names: dict[frozenset[str], str]) -> str | None:
    return next((name for known, name in names.items() if _same_criterion(key, known)), None)


def compare(prompts: list[MegaPrompt], labels: list[str]) -> Comparison:
    """Align playbooks by element: one criteria table with each expert's weights, and what only each one says."""
    if len({p.metadata.guide_id for p in prompts}) > 1:
        raise ValueError("compare playbooks of the same guide; these come from different guides")
    result = Comparison(labels=labels)
    names: dict[frozenset[str], str] = {}
    for index, prompt in enumerate(prompts):
        for statement in prompt.section("decision_criteria").statements:
            if statement.criterion is None:
                continue
            key = _criterion_key(statement.criterion.name)
            name = _matching_name(key, names) or names.setdefault(key, statement.criterion.name)
            row = result.criteria.setdefault(name, [""] * len(prompts))
            weight = statement.criterion.weight or "named, no weight"
            row[index] = f"{row[index]}; {weight}" if row[index] else weight
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
