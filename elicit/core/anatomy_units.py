"""The text each piece of an element's evidence speaks for, so its substance is judged on all of it.

A heading speaks for the section under it, a tag for what it holds, a `Label:` for its value, a lead-in ending in a
colon ("Here's the kind of timeline we like:") for the lines after it, and item 1 of a numbered list for the list;
any other evidence speaks for its own sentence.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from elicit.core.anatomy import (_HEADING, _LABEL, _TAG, ELEMENT_IDS, _level, _names_another, _section_element,
                                 evidence_at, shown_at)
from elicit.core.cues import NUMBERED_ITEM


class Statement(NamedTuple):
    evidence: str
    """The words detect would give for it: its sentence or line, at most about 200 characters of the text."""
    unit: str
    """All the text it speaks for: the section, tag, label value, lead-in's lines, list, or the sentence itself."""


def statements(text: str) -> dict[str, list[Statement]]:
    """For each of the ten elements, every statement that shows it, in order, each unit once."""
    headings = list(_HEADING.finditer(text))
    found: dict[str, list[Statement]] = {element_id: [] for element_id in ELEMENT_IDS}
    for element_id, positions in shown_at(text).items():
        for position in positions:
            evidence, unit = evidence_at(text, position), unit_at(text, position, headings)
            if evidence and unit and unit not in {kept.unit for kept in found[element_id]}:
                found[element_id].append(Statement(evidence, unit))
    return found


def unit_at(text: str, position: int, headings: list[re.Match[str]] | None = None) -> str | None:
    """The text the evidence at position speaks for (see the module's docstring), stripped."""
    headings = list(_HEADING.finditer(text)) if headings is None else headings
    for find in (_under_heading, _inside_tag, _label_value, _after_lead_in, _numbered_list):
        if (unit := find(text, position, headings)) is not None and unit.strip():
            return unit.strip()
    return evidence_at(text, position)


def _under_heading(text: str, position: int, headings: list[re.Match[str]]) -> str | None:
    """The section under a heading, when position is in the heading's line or opens its text."""
    for n, heading in enumerate(headings):
        if heading.start() <= position and (position <= heading.end() or not text[heading.end():position].strip()):
            # it runs to the next heading no deeper, or to a deeper one that names another element (named_sections)
            named = _section_element(_name(heading))
            end = next((h.start() for h in headings[n + 1:] if _level(h) <= _level(heading)
                        or (named and _names_another(h, named))), len(text))
            return text[heading.end():end]
    return None


def _name(heading: re.Match[str]) -> str:
    return heading.group("hash") or heading.group("bold") or heading.group("caps")


def _inside_tag(text: str, position: int, _headings: list[re.Match[str]]) -> str | None:
    """What a tag holds, when position is at the tag or opens its text: "<goal>Be helpful.</goal>" -> "Be helpful."."""
    tag = _TAG.match(text, position)
    if tag is None:
        opening = text.rfind(">", 0, position + 1)
        tag = _TAG.search(text, max(0, text.rfind("<", 0, opening + 1)))
        if tag is None or tag.end() != opening + 1 or text[tag.end():position].strip():
            return None
    close = text.find(f"</{tag.group('name').split()[0]}>", tag.end())
    return text[tag.end():close] if close != -1 else None


def _label_value(text: str, position: int, _headings: list[re.Match[str]]) -> str | None:
    """The value of a `Label: value` line that position falls in."""
    start = text.rfind("\n", 0, position) + 1
    label = _LABEL.match(text, start)
    return label.group("value") if label and position <= label.end() else None


def _after_lead_in(text: str, position: int, _headings: list[re.Match[str]]) -> str | None:
    """A lead-in that ends in a colon with the lines after it, up to a blank line or the next lead-in, label or
    heading."""
    start, end = text.rfind("\n", 0, position) + 1, text.find("\n", position)
    if end == -1 or not text[start:end].rstrip(" *").endswith(":"):
        return None
    lines = []
    for line in text[end + 1:].lstrip("\n").split("\n"):
        if not line.strip() or (lines and not line[:1].isspace() and _starts_another(line)):
            break
        lines.append(line)
    return "\n".join([text[start:end], *lines])


def _starts_another(line: str) -> bool:
    return bool(_HEADING.fullmatch(line) or _LABEL.fullmatch(line) or line.rstrip(" *").endswith(":"))


def _numbered_list(text: str, position: int, _headings: list[re.Match[str]]) -> str | None:
    """A numbered list from its item 1 to its last item, when position opens item 1."""
    items = list(NUMBERED_ITEM.finditer(text, text.rfind("\n", 0, position) + 1))
    if not items or items[0].group(1) != "1" or items[0].start(2) != position:
        return None
    last = items[0]
    for item in items[1:]:
        if int(item.group(1)) != int(last.group(1)) + 1:
            break
        last = item
    return text[items[0].start():last.end()]
