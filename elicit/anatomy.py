"""The ten elements of a mega-prompt: their ids, parts and titles, and detecting them in any text."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel


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
