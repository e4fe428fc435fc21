"""What an interview is made of: answers, follow-ups, gaps, probe requests and results, open questions and
the caps on probing."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Union

from pydantic import BaseModel, ConfigDict, Field

from elicit.core.guides import Question


DEFAULT_MAX_CHARS = 20_000
TYPING_WPM = 40
"""Words a minute an expert types an answer at: the speed the guides' stated minutes assume."""
READING_WPM = 200
"""Words a minute an expert reads a question and its why at."""
THINKING_MINUTES = 0.5
"""Minutes an expert spends recalling a case or a number before typing, per question: without it the measure gave
25 minutes for a short path a practitioner typing real answers took 30-40 for."""


class Origin(StrEnum):
    """Where a piece of text came from: said unprompted, said when probed, drafted by the LLM, edited by a person."""

    VOLUNTEERED = "volunteered"
    PROBED = "probed"
    DRAFTED = "drafted"
    EDITED = "edited"


class Criterion(BaseModel):
    """One decision criterion as the expert weighs it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    weight: str = ""
    threshold: str = ""
    tie_breaker: str = ""
    direction: str = ""

    def describe(self) -> str:
        parts = [f"weight {self.weight}" if self.weight else "", f"threshold {self.threshold}" if self.threshold else "",
                 f"direction {self.direction}" if self.direction else "",
                 f"tie-breaker {self.tie_breaker}" if self.tie_breaker else ""]
        details = "; ".join(p for p in parts if p)
        return f"{self.name} ({details})" if details else self.name


AnswerValue = Union[str, list[str], list[Criterion]]


class Gap(BaseModel):
    """Something a complete answer to the question still lacks."""

    element: str
    check: str
    reason: str


class ProbeRequest(BaseModel):
    """What a prober sees: the question, the answer so far, and what the interview already holds."""

    question: Question
    answer: str
    asked: tuple[str, ...] = ()
    """Checks already followed up on this question: they are not asked again."""
    thin_elements: tuple[str, ...] = ()
    earlier: tuple[str, ...] = ()
    """A bounded summary of earlier answers, so a follow-up never asks for what was already said."""
    replies: tuple[str, ...] = ()
    """What the expert said in this question's follow-ups: read with the answer, never as more items of it."""
    domain: str = ""
    situation: str = ""
    """The guide's domain and the kind of case the expert picked (a `choice` answer), for the LLM prober."""


class ProbeResult(BaseModel):
    """The prober's verdict on one answer: its gaps and at most one follow-up."""

    satisfied: bool
    gaps: list[Gap] = Field(default_factory=list)
    follow_up: str | None = None
    focus: Gap | None = None
    """The gap the follow-up is about; not part of the published contract."""

    def contract(self) -> dict[str, Any]:
        """The JSON shape other tools rely on (DESIGN.md)."""
        return self.model_dump(include={"satisfied", "gaps", "follow_up"})


class FollowUpStatus(StrEnum):
    PENDING = "pending"
    ANSWERED = "answered"
    SKIPPED = "skipped"
    DISMISSED = "dismissed"
    """Still pending when the answer it probed was changed: no longer asked."""
    REMOVED = "removed"
    """Its answer was taken back by a person; the text stays in the history."""
    SUPERSEDED = "superseded"
    """Answered about an earlier revision of the answer: out of the prompt until someone keeps it."""


SET_ASIDE = (FollowUpStatus.DISMISSED, FollowUpStatus.SUPERSEDED)
"""Follow-ups that no longer count against the caps or block asking their check again."""


@dataclass
class FollowUp:
    question_id: str
    check: str
    element: str
    reason: str
    ask: str
    source: str = "heuristic"
    status: FollowUpStatus = FollowUpStatus.PENDING
    answer: str | None = None
    id: int | None = None
    revision: int = 0
    """How many times what became of it changed (the revision a stale tab is caught by)."""
    confirmed: bool = False
    """The expert kept this reply as their answer though it does not answer its follow-up: it is placed like any
    reply. For this text only: a new one is checked again."""


@dataclass
class Answer:
    question_id: str
    value: Any
    text: str
    revision: int = 1
    origin: Origin = Origin.VOLUNTEERED
    skipped: bool = False
    confirmed: bool = False
    """The expert kept this revision as their answer though it looks off its question (a simulation about another
    case): it is placed like any answer. A new revision is checked again."""


@dataclass
class OpenQuestion:
    """Something the interview left unsaid, listed in the prompt's appendix."""

    question_id: str
    text: str
    reason: str


@dataclass
class Limits:
    per_question: int = 3
    per_interview: int | None = None
    """A fixed cap; None: one follow-up for each question on the path that can be probed (elicit.core.pacing)."""
