"""Linting any prompt for the ten elements, and planning the interview that upgrades it with what is missing."""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from typing import Any


from elicit.core.anatomy import ELEMENT_IDS, Finding, coverage_score, detect, empty_headings, heading_line, named_sections
from elicit.core.anatomy_substance import lacking, plain
from elicit.core.anatomy_units import statements
from elicit.core.assembly.wording import sentences
from elicit.core.errors import InputFileError
from elicit.core.guides import Guide, Kind, Question
from elicit.core.interview import visible
from elicit.core.reading.substance import judge

MAX_PROMPT_BYTES = 2 * 1024 * 1024

NOT_NEEDED = "Not needed: the existing prompt already has what this question asks for."
"""The text of a question set aside when an upgrade interview starts; it is not an open question."""


def lint_report(text: str) -> dict[str, Any]:
    """See _lint_report; a fresh copy each time, remembered by text (Review and the Playbook score their prompt on
    every rerun, and it changes only when an answer does)."""
    return copy.deepcopy(_lint_report(text))


@lru_cache(maxsize=64)
def _lint_report(text: str) -> dict[str, Any]:
    """Which of the ten elements any prompt has, with evidence, and its quality; the shape of `elicit lint --json`.

    The score is the share of elements present, less points for what makes a prompt weaker than it looks:
    empty headings, hedges ("it depends", "use your judgment") and one-word fragments.
    """
    text = without_unknowns(text)
    findings, hollow = _read_substance(text)
    quality = prompt_quality(text)
    penalty = min(MAX_PENALTY, EMPTY_HEADING_POINTS * quality["empty_headings"] + HEDGE_POINTS * len(quality["hedges"])
                  + FRAGMENT_POINTS * quality["fragments"])
    return {"words": len(text.split()), "score": max(0, coverage_score(findings) - penalty),
            "elements": {e: {"present": findings[e].present, "evidence": findings[e].evidence,
                             "hollow": hollow.get(e)} for e in ELEMENT_IDS},
            "missing": [e for e in ELEMENT_IDS if not findings[e].present], "quality": quality}


_UNKNOWNS_HEADING = re.compile(r"^(#{1,6})\s+(?:unknowns?|open questions?|not (?:yet )?settled|what (?:we|you|the "
                               r"interview) (?:do(?:es)?n't|do(?:es)? not|did not) (?:know|settle))\b.*$",
                               re.IGNORECASE)


def without_unknowns(text: str) -> str:
    """The prompt less its Unknowns: what a prompt says it does not know (the questions it could not settle,
    quoted) is no evidence that it holds those elements."""
    out, skipping = [], 0
    for line in text.splitlines():
        heading = re.match(r"^(#{1,6})\s", line)
        if skipping and heading and len(heading.group(1)) <= skipping:
            skipping = 0
        if not skipping and (found := _UNKNOWNS_HEADING.match(line)):
            skipping = len(found.group(1))
            continue
        if not skipping:
            out.append(line)
    return "\n".join(out)


def _read_substance(text: str) -> tuple[dict[str, Finding], dict[str, dict[str, str]]]:
    """Each element with the first statement that carries what the element needs (elicit.core.anatomy_substance, over
    the reading of substance the prober and the assembler share); an element whose every statement is a hedge, a
    pointer or filler ("Use judgment.", "Standard deck.", "Expert.") counts as absent, named with its kind and words."""
    findings, hollow = {}, {}
    for element_id, said in statements(text).items():
        kept = next((one for one in said if lacking(element_id, one.unit) is None), None)
        findings[element_id] = Finding(element=element_id, present=kept is not None,
                                       evidence=kept.evidence if kept else None)
        if said and kept is None:
            kind, marker = lacking(element_id, said[0].unit) or ("filler", said[0].evidence)
            words = " ".join(_body(plain(said[0].unit)).split())[:200]
            hollow[element_id] = {"kind": kind, "evidence": words, "marker": marker}
    return findings, hollow


def _body(evidence: str) -> str:
    """The evidence without the heading or label that names its element ("Format: Standard deck." -> the rest)."""
    return re.sub(r"^\s*(?:#+\s*|\*\*)?[A-Za-z][\w /&-]{0,40}(?:\*\*)?\s*:\s*", "", evidence) or evidence


EMPTY_HEADING_POINTS, HEDGE_POINTS, FRAGMENT_POINTS, MAX_PENALTY = 5, 5, 2, 40
_MARKUP_LINE = re.compile(r"^(?:[-*_=|#>`~\s]+|</?[\w -]+>|\{\{[^}]*\}\}|\d+[.)]?)$")


def prompt_quality(text: str) -> dict[str, Any]:
    """What weakens a prompt however many elements it names: headings with nothing under them, hedges, fragments."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    hedges = [s for s in sentences(text) if _empty_sentence(s)]
    fragments = [line for line in lines if not _MARKUP_LINE.match(line) and not heading_line(line)
                 and len(re.sub(r"^[-*•]\s*", "", line).split()) == 1 and not line.endswith(":")]
    return {"empty_headings": empty_headings(text), "hedges": hedges[:10], "fragments": len(fragments)}


def _empty_sentence(sentence: str) -> bool:
    """A sentence of the prompt's own text (not a heading, label or markup) that a hedge, a pointer or filler
    leaves with nothing to act on, by the one reading of substance (elicit.core.reading.substance)."""
    text = _body(sentence.strip())
    if heading_line(sentence) or _MARKUP_LINE.match(text) or not text.strip() or sentence.strip().endswith(":"):
        return False  # a heading, a label or a lead-in ("How to think it through:") introduces; it says nothing
    return judge(text).marked


def lintable(text: str, name: str) -> str:
    """The prompt text of a file, refused when it holds nothing to lint or more than an upload may."""
    if not visible(text):
        raise InputFileError(f"{name} holds no text; give a file with the prompt in it")
    if len(text.encode("utf-8")) > MAX_PROMPT_BYTES:
        raise InputFileError(f"{name} is over {MAX_PROMPT_BYTES // 1024 // 1024} MB; give a smaller file")
    return text


def uploaded_text(data: bytes, name: str) -> str:
    """An uploaded prompt file as text; InputFileError says what to do when it is too big or not UTF-8."""
    if len(data) > MAX_PROMPT_BYTES:
        raise InputFileError(f"{name} is over {MAX_PROMPT_BYTES // 1024 // 1024} MB; upload a smaller file")
    try:
        return data.decode("utf-8-sig").replace("\x00", "")
    except UnicodeDecodeError:
        raise InputFileError(f"{name} is not UTF-8 text; save it as UTF-8 and upload it again") from None


def upgrade_questions(guide: Guide, missing: list[str]) -> list[Question]:
    """The guide's questions that feed a missing element, with the choice questions that decide whether they show."""
    wanted = set(missing)
    needed = {q.id for q in guide.questions if wanted & set(q.feeds)}
    needed |= {q.show_if.question for q in guide.questions if q.id in needed and q.show_if is not None}
    return [q for q in guide.questions if q.id in needed]


def set_aside(guide: Guide, missing: list[str]) -> list[str]:
    """The ids of the questions an upgrade interview does not ask: they feed only elements already present."""
    asked = {q.id for q in upgrade_questions(guide, missing)}
    return [q.id for q in guide.questions if q.id not in asked]


def prompt_parts(text: str) -> dict[str, str]:
    """The parts of any prompt by element: what its headings and tags hold, else the sentences that show it."""
    parts: dict[str, list[str]] = {}
    for element_id, body in named_sections(text):
        parts.setdefault(element_id, []).append(body)
    unnamed = [s for s in sentences(text) if not heading_line(s)]
    for element_id in ELEMENT_IDS:
        if element_id not in parts:
            shown = [s for s in unnamed if detect(s)[element_id].present]
            if shown:
                parts[element_id] = shown
    return {element_id: "\n".join(bodies) for element_id, bodies in parts.items()}


def drafted_answers(guide: Guide, missing: list[str], text: str) -> dict[str, str]:
    """For the questions an upgrade does not ask, the original prompt's part each carries over (one per element)."""
    parts = prompt_parts(text)
    drafted: dict[str, str] = {}
    taken: set[str] = set()
    for question in guide.questions:
        element_id = question.rendering.section
        if question.id in set_aside(guide, missing) and question.kind is not Kind.CHOICE \
                and element_id in parts and element_id not in taken:
            drafted[question.id] = parts[element_id]
            taken.add(element_id)
    return drafted
