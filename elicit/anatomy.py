"""The ten elements of a mega-prompt: their ids, parts and titles, and detecting them in any text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum

from pydantic import BaseModel

from elicit.cues import BY_KEY, NON_STEP_HEADING, NUMBERED_ITEM, PLACEHOLDER, TOKEN, Cue, fold, key


class Part(StrEnum):
    CONTEXT = "context"
    PROCESS = "process"
    FORMAT = "format"


class Element(BaseModel, frozen=True):
    id: str
    part: Part
    title: str
    holds: str
    """One line on what the element holds, in plain words for people who never read ANATOMY.md."""


ELEMENTS: tuple[Element, ...] = (
    Element(id="persona", part=Part.CONTEXT, title="Role",
            holds="the role and depth of expertise to take on"),
    Element(id="goals", part=Part.CONTEXT, title="Goals and priorities",
            holds="what the user wants, their priorities and trade-offs"),
    Element(id="context", part=Part.CONTEXT, title="Situation and inputs",
            holds="the situation, audience, domain facts and the input to expect"),
    Element(id="process", part=Part.PROCESS, title="How to think it through",
            holds="the ordered reasoning steps, hard ones marked"),
    Element(id="decision_criteria", part=Part.PROCESS, title="Decision criteria",
            holds="what to weigh, with weights, thresholds and tie-breakers"),
    Element(id="checkpoints", part=Part.PROCESS, title="Checkpoints",
            holds="what to confirm with the user before going on"),
    Element(id="clarifying_questions", part=Part.PROCESS, title="Questions to ask first",
            holds="what to ask the user before starting"),
    Element(id="output_format", part=Part.FORMAT, title="Format of the answer",
            holds="structure, length, vocabulary, tone and audience of the answer"),
    Element(id="guardrails", part=Part.FORMAT, title="Guardrails",
            holds="what to avoid or refuse, limits and novice mistakes"),
    Element(id="examples", part=Part.FORMAT, title="Worked examples",
            holds="real cases, templates, sample inputs and outputs"),
)

ELEMENT_IDS: tuple[str, ...] = tuple(element.id for element in ELEMENTS)
BY_ID: dict[str, Element] = {element.id: element for element in ELEMENTS}
PART_TITLES: dict[Part, str] = {Part.CONTEXT: "Context", Part.PROCESS: "Process", Part.FORMAT: "Format"}


def element(element_id: str) -> Element:
    """The element with this id; KeyError names the valid ids."""
    try:
        return BY_ID[element_id]
    except KeyError:
        raise KeyError(f"unknown element {element_id!r}; use one of {', '.join(ELEMENT_IDS)}") from None


# --- Detecting the elements in any text -------------------------------------------------------

EVIDENCE_CHARS = 200
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")


class Finding(BaseModel, frozen=True):
    """Whether a text contains one element, and the words that show it."""

    element: str
    present: bool
    evidence: str | None = None
    """The sentence or line (stripped, at most about 200 characters) that shows the element; None when absent."""


def detect(text: str) -> dict[str, Finding]:
    """For any text, which of the ten elements it contains, each with its evidence.

    Keys are all ten ELEMENT_IDS in order. Offline and deterministic; about a millisecond for 2,000 characters.
    """
    positions = _phrase_cues(text)
    for element_id, layout in _LAYOUT_CUES.items():
        if (position := layout(text)) is not None:
            positions[element_id] = min(position, positions.get(element_id, position))
    findings = {}
    for element_id in ELEMENT_IDS:
        evidence = _evidence(text, positions[element_id]) if element_id in positions else None
        findings[element_id] = Finding(element=element_id, present=evidence is not None, evidence=evidence)
    return findings


def coverage_score(findings: Mapping[str, Finding] | Iterable[Finding]) -> int:
    """Share of the ten elements present, 0 to 100, rounded."""
    items = findings.values() if isinstance(findings, Mapping) else findings
    present = {finding.element for finding in items if finding.present} & set(ELEMENT_IDS)
    return round(100 * len(present) / len(ELEMENT_IDS))


def _phrase_cues(text: str) -> dict[str, int]:
    """Offset of the earliest phrase cue of each element, trying cues only where their first words stand."""
    folded = fold(text)
    found: dict[str, int] = {}
    masked_until: dict[str, int] = {}
    for token in TOKEN.finditer(folded):
        entry = BY_KEY.get(key(token.group()))
        if entry is None:
            continue
        _try_cues(folded, token.start(), entry, found, masked_until)
        if len(found) == len(ELEMENT_IDS):
            break
    return found


def _try_cues(folded: str, start: int, entry: tuple[tuple[Cue, ...], tuple[Cue, ...]],
              found: dict[str, int], masked_until: dict[str, int]) -> None:
    """Try the masks, then the cues, that start at one token, and record what they show."""
    masks, cues = entry
    for element_id, pattern, _ in masks:
        if match := pattern.match(folded, start):
            masked_until[element_id] = max(match.end(), masked_until.get(element_id, 0))
    for element_id, pattern, _ in cues:
        if element_id not in found and start >= masked_until.get(element_id, 0) and pattern.match(folded, start):
            found[element_id] = start


def _numbered_steps(text: str) -> int | None:
    """Offset of item 1 of a numbered list of steps; lists of rules and ALL-CAPS section titles are not steps."""
    items = list(NUMBERED_ITEM.finditer(text))
    for first, second in zip(items, items[1:]):
        if (first.group(1), second.group(1)) == ("1", "2") and _is_step_list(text, first):
            return first.start(2)
    return None


def _is_step_list(text: str, first_item: re.Match[str]) -> bool:
    """Whether a numbered list holds steps: judged by its first item and the line just above the list."""
    title = first_item.group(2)
    shouted = any(char.isalpha() for char in title) and title.upper() == title
    heading = text[:first_item.start()].rstrip().rpartition("\n")[2]
    return not shouted and not NON_STEP_HEADING.search(heading)


def _template_line(text: str) -> int | None:
    """Offset of the first line holding two "[placeholder]" slots: a fill-in template."""
    previous_end = None
    for placeholder in PLACEHOLDER.finditer(text):
        if previous_end is not None and "\n" not in text[previous_end:placeholder.start()]:
            return text.rfind("\n", 0, placeholder.start()) + 1
        previous_end = placeholder.end()
    return None


# Cues that lie in the layout of the text rather than in one phrase.
_LAYOUT_CUES = {"process": _numbered_steps, "examples": _template_line}


def _evidence(text: str, position: int) -> str | None:
    """The stripped sentence (within its line) around position, narrowed to a window when too long."""
    while position < len(text) and text[position].isspace():
        position += 1
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    start, end = _sentence_bounds(text, start, len(text) if end == -1 else end, position)
    if len(text[start:end].strip()) > EVIDENCE_CHARS:
        start, end = max(start, position - 60), min(end, position + EVIDENCE_CHARS - 60)
    return text[start:end].strip() or None


def _sentence_bounds(text: str, start: int, end: int, position: int) -> tuple[int, int]:
    """The sentence of text[start:end] that holds position."""
    for match in _SENTENCE_BREAK.finditer(text, start, end):
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            return start, match.start()
    return start, end
