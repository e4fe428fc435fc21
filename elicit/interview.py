"""The interview as a pure state machine: answers, follow-ups, the next question, coverage, completion."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from elicit import pacing, reading
from elicit.anatomy import ELEMENT_IDS
from elicit.errors import AnswerError, StaleError
from elicit.guides import Guide, InterviewPath, Kind, Question

DEFAULT_MAX_CHARS = 20_000
TYPING_WPM = 40
"""Words a minute an expert types an answer at: the speed the guides' stated minutes assume."""
READING_WPM = 200
"""Words a minute an expert reads a question and its why at."""


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


@dataclass
class Answer:
    question_id: str
    value: Any
    text: str
    revision: int = 1
    origin: Origin = Origin.VOLUNTEERED
    skipped: bool = False


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
    """A fixed cap; None: one follow-up for each question on the path that can be probed (elicit.pacing)."""


_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)]|step\s+\d+[:.)]?)\s*", re.IGNORECASE)


def _lines(text: str) -> list[str]:
    return [stripped for line in text.splitlines() if (stripped := _BULLET.sub("", line).strip())]


def _criteria(raw: Any) -> list[Criterion]:
    try:
        return [Criterion.model_validate(item) if isinstance(item, dict) else Criterion(name=str(item)) for item in raw]
    except ValidationError as exc:
        first = exc.errors()[0]
        raise AnswerError(f"each criterion needs a name, and may have weight, threshold, tie_breaker, direction: "
                          f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None


def visible(text: str) -> str:
    """The text without white space and invisible format characters (zero-width spaces, direction marks)."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def normalize_answer(question: Question, raw: Any, max_chars: int = DEFAULT_MAX_CHARS) -> AnswerValue:
    """The answer in the shape its question's kind takes; AnswerError says what was wrong and what to do."""
    if isinstance(raw, (int, float)):
        raw = str(raw)
    if isinstance(raw, str):
        raw = raw.replace("\x00", "")
    if raw is None or (isinstance(raw, str) and not visible(raw)) or raw == []:
        raise AnswerError("the answer is empty; write something, or use Skip to come back to it later")
    size = len(raw) if isinstance(raw, str) else len(str(raw))
    if size > max_chars:
        raise AnswerError(f"the answer is {size:,} characters; the limit is {max_chars:,}. "
                          "Shorten it, or split it over the follow-up questions")
    if question.kind is Kind.CHOICE:
        return _choice(question, raw)
    if question.kind in (Kind.LIST, Kind.STEPS):
        items = _lines(raw) if isinstance(raw, str) else [str(item).strip() for item in raw if str(item).strip()]
        items = reading.steps(items) if question.kind is Kind.STEPS else items
        if not items:
            raise AnswerError("the list is empty; add at least one item")
        return items
    if question.kind is Kind.CRITERIA and isinstance(raw, list):
        return _criteria(raw)
    if not isinstance(raw, str):
        raise AnswerError(f"question {question.id!r} takes text; got a {type(raw).__name__}")
    return raw.strip()


def _choice(question: Question, raw: Any) -> str:
    wanted = str(raw).strip().casefold()
    for option in question.options:
        if option.casefold() == wanted:
            return option
    raise AnswerError(f"{str(raw)!r} is not one of the options for {question.id!r}: {', '.join(question.options)}")


def answer_text(question: Question, value: AnswerValue) -> str:
    """The answer as plain text, the form probing, detection and the transcript read."""
    if isinstance(value, str):
        return value
    if question.kind is Kind.STEPS:
        return "\n".join(f"{n}. {item}" for n, item in enumerate(value, 1))
    return "\n".join(f"- {item.describe() if isinstance(item, Criterion) else item}" for item in value)


def value_from_storage(question: Question, data: Any) -> AnswerValue:
    """The stored JSON back in the shape its question's kind takes (criteria as Criterion, not mappings)."""
    if question.kind is Kind.CRITERIA and isinstance(data, list):
        return _criteria(data)
    return data


def value_for_storage(value: AnswerValue) -> Any:
    """The answer as plain JSON-able data."""
    if isinstance(value, list):
        return [item.model_dump(exclude_defaults=True) if isinstance(item, Criterion) else item for item in value]
    return value


@dataclass
class Interview:
    """One expert's interview against one guide; a checklist, not a flowchart."""

    guide: Guide
    expert: str = ""
    topic: str = ""
    id: str | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    limits: Limits = field(default_factory=Limits)
    history: dict[str, list[Answer]] = field(default_factory=dict)
    follow_ups: list[FollowUp] = field(default_factory=list)
    max_chars: int = DEFAULT_MAX_CHARS
    path: InterviewPath = InterviewPath.FULL
    """The short path asks only the guide's `short` questions; the full path asks them all."""

    def __post_init__(self) -> None:
        self.path = InterviewPath(self.path) if self.path in self.guide.paths else InterviewPath.FULL

    # --- answers ---------------------------------------------------------------------------

    @property
    def answers(self) -> dict[str, Answer]:
        """The latest revision of every question touched, skipped ones included."""
        return {qid: revisions[-1] for qid, revisions in self.history.items() if revisions}

    def answered(self, question_id: str) -> Answer | None:
        answer = self.answers.get(question_id)
        return answer if answer and not answer.skipped else None

    def prepare_answer(self, question_id: str, raw: Any, origin: Origin = Origin.VOLUNTEERED) -> Answer:
        """Validate an answer and give it its revision number, without recording it yet."""
        question = self.guide.question(question_id)
        value = normalize_answer(question, raw, self.max_chars)
        revision = len(self.history.get(question_id, [])) + 1
        return Answer(question_id, value, answer_text(question, value), revision, origin)

    def unchanged(self, answer: Answer) -> bool:
        """Whether this answer says what the latest revision says (a drafted answer confirmed is a change)."""
        current = self.answered(answer.question_id)
        if current is None or current.value != answer.value:
            return False
        return not (current.origin is Origin.DRAFTED and answer.origin is not Origin.DRAFTED)

    def outdated_by(self, answer: Answer) -> list[FollowUp]:
        """The follow-ups a new revision of this answer sets aside: pending ones (dismissed) and answered ones
        (superseded: said about the old text, kept out of the prompt until someone keeps them)."""
        moving = (FollowUpStatus.PENDING, FollowUpStatus.ANSWERED)
        if answer.skipped and not self.answered(answer.question_id):
            moving = (FollowUpStatus.PENDING,)
        return [f for f in self.follow_ups if f.question_id == answer.question_id and f.status in moving]

    def record(self, answer: Answer) -> Answer:
        """Add a revision; earlier ones are kept, and follow-ups on the old text are set aside."""
        outdated = self.outdated_by(answer)
        self.history.setdefault(answer.question_id, []).append(answer)
        for follow_up in outdated:
            follow_up.revision += 1
            follow_up.status = (FollowUpStatus.DISMISSED if follow_up.status is FollowUpStatus.PENDING
                                else FollowUpStatus.SUPERSEDED)
        return answer

    def answer(self, question_id: str, raw: Any, origin: Origin = Origin.VOLUNTEERED) -> Answer:
        return self.record(self.prepare_answer(question_id, raw, origin))

    def skip(self, question_id: str) -> Answer:
        self.guide.question(question_id)
        revision = len(self.history.get(question_id, [])) + 1
        return self.record(Answer(question_id, "", "", revision, skipped=True))

    # --- follow-ups --------------------------------------------------------------------------

    def asked_checks(self, question_id: str) -> tuple[str, ...]:
        return tuple(f.check for f in self.follow_ups
                     if f.question_id == question_id and f.status is not FollowUpStatus.SUPERSEDED)

    def probe_text(self, question_id: str) -> str:
        """The answer together with what the expert said in its follow-ups."""
        answer = self.answered(question_id)
        said = [f.answer for f in self.follow_ups if f.question_id == question_id and f.answer]
        return "\n".join(([answer.text] if answer else []) + said)

    def probe_request(self, question_id: str) -> ProbeRequest:
        answer = self.answered(question_id)
        replies = tuple(f.answer for f in self.follow_ups if f.question_id == question_id and f.answer)
        situation = "; ".join(str(a.value) for q in self.guide.questions if q.kind is Kind.CHOICE
                              and (a := self.answered(q.id)))
        return ProbeRequest(question=self.guide.question(question_id), answer=answer.text if answer else "",
                            replies=replies, asked=self.asked_checks(question_id), thin_elements=self.thin_elements(),
                            earlier=self.earlier_summary(exclude=question_id), domain=self.guide.domain,
                            situation=situation)

    def earlier_summary(self, exclude: str = "", limit: int = 1_500) -> tuple[str, ...]:
        """Short excerpts of the other answers, bounded so a prompt built from them stays small."""
        excerpts, budget = [], limit
        for qid, answer in self.answers.items():
            if qid == exclude or answer.skipped or budget <= 0:
                continue
            excerpt = f"{qid}: {answer.text[:200]}"
            excerpts.append(excerpt)
            budget -= len(excerpt)
        return tuple(excerpts)

    def can_follow_up(self, question_id: str) -> bool:
        """The stop rules: a cap per question, and a cap per interview paced by value (elicit.pacing)."""
        asked = [f for f in self.follow_ups if f.status not in SET_ASIDE]
        on_question = [f for f in asked if f.question_id == question_id]
        shown = self.visible_questions()
        reserved = pacing.reserved_ahead(shown, question_id, set(self.answers))
        return pacing.allows(question=self.guide.question(question_id), used=len(asked), used_here=len(on_question),
                             reserved=reserved, per_question=self.limits.per_question,
                             per_interview=pacing.budget(shown, self.limits.per_interview))

    def follow_up_from(self, question_id: str, result: ProbeResult, source: str = "heuristic") -> FollowUp | None:
        """The follow-up this probe result asks for, if the stop rules allow one; not yet recorded."""
        if result.satisfied or not result.follow_up or result.focus is None:
            return None
        if result.focus.check in self.asked_checks(question_id) or not self.can_follow_up(question_id):
            return None
        focus = result.focus
        return FollowUp(question_id, focus.check, focus.element, focus.reason, result.follow_up, source)

    def add_follow_up(self, follow_up: FollowUp) -> FollowUp:
        if follow_up.id is None:
            follow_up.id = max((f.id or 0 for f in self.follow_ups), default=0) + 1
        self.follow_ups.append(follow_up)
        return follow_up

    def follow_up(self, follow_up_id: int) -> FollowUp:
        for follow_up in self.follow_ups:
            if follow_up.id == follow_up_id:
                return follow_up
        raise KeyError(f"no follow-up {follow_up_id} in this interview")

    def _clean_follow_up_text(self, text: str) -> str:
        if not text or not visible(text):
            raise AnswerError("the answer is empty; write something, or skip this follow-up")
        if len(text) > self.max_chars:
            raise AnswerError(f"the answer is {len(text):,} characters; the limit is {self.max_chars:,}")
        return text.replace("\x00", "").strip()

    def _still(self, follow_up_id: int, *statuses: FollowUpStatus) -> FollowUp:
        """The follow-up, if it still is in one of these states; else StaleError (another tab got there first)."""
        follow_up = self.follow_up(follow_up_id)
        if follow_up.status not in statuses:
            raise StaleError(f"this follow-up was already {follow_up.status.value} in another tab or window, so "
                             "nothing was changed; the page now shows where the interview stands")
        return follow_up

    def _change(self, follow_up: FollowUp, status: FollowUpStatus, answer: str | None) -> FollowUp:
        follow_up.status, follow_up.answer, follow_up.revision = status, answer, follow_up.revision + 1
        return follow_up

    def answer_follow_up(self, follow_up_id: int, text: str) -> FollowUp:
        """Answer a follow-up still waiting for one."""
        text = self._clean_follow_up_text(text)
        return self._change(self._still(follow_up_id, FollowUpStatus.PENDING), FollowUpStatus.ANSWERED, text)

    def skip_follow_up(self, follow_up_id: int) -> FollowUp:
        """Skip a follow-up still waiting for an answer."""
        return self._change(self._still(follow_up_id, FollowUpStatus.PENDING), FollowUpStatus.SKIPPED, None)

    def revise_follow_up(self, follow_up_id: int, text: str) -> FollowUp | None:
        """A new revision of a follow-up's answer (None when it says the same); a kept superseded one rejoins."""
        text = self._clean_follow_up_text(text)
        follow_up = self._still(follow_up_id, FollowUpStatus.ANSWERED, FollowUpStatus.SUPERSEDED,
                                FollowUpStatus.SKIPPED, FollowUpStatus.REMOVED)
        if follow_up.status is FollowUpStatus.ANSWERED and follow_up.answer == text:
            return None
        return self._change(follow_up, FollowUpStatus.ANSWERED, text)

    def remove_follow_up(self, follow_up_id: int) -> FollowUp:
        """Take a follow-up's answer out of the interview (the history keeps it)."""
        follow_up = self._still(follow_up_id, FollowUpStatus.ANSWERED, FollowUpStatus.SUPERSEDED)
        return self._change(follow_up, FollowUpStatus.REMOVED, None)

    def pending_follow_ups(self) -> list[FollowUp]:
        return [f for f in self.follow_ups if f.status is FollowUpStatus.PENDING]

    # --- navigation ------------------------------------------------------------------------------

    def visible_questions(self) -> list[Question]:
        """The guide's questions in order, less those whose show_if is not met."""
        return [q for q in self.guide.on_path(self.path) if self._shown(q)]

    def _shown(self, question: Question) -> bool:
        if question.show_if is None:
            return True
        chosen = self.answered(question.show_if.question)
        return chosen is not None and chosen.value in question.show_if.any_of

    def next_item(self) -> Question | FollowUp | None:
        """The first pending follow-up, else the first visible question not yet answered or skipped."""
        pending = self.pending_follow_ups()
        if pending:
            return pending[0]
        return next((q for q in self.visible_questions() if q.id not in self.answers), None)

    def previous_question(self, question_id: str | None) -> Question | None:
        """The visible question before this one (before the end when None)."""
        visible = self.visible_questions()
        ids = [q.id for q in visible]
        index = ids.index(question_id) if question_id in ids else len(ids)
        return visible[index - 1] if index > 0 else None

    def following_question(self, question_id: str) -> Question | None:
        """The visible question after this one, for stepping forward through already answered questions."""
        visible = self.visible_questions()
        ids = [q.id for q in visible]
        index = ids.index(question_id) if question_id in ids else len(ids)
        return visible[index + 1] if index + 1 < len(visible) else None

    # --- progress ---------------------------------------------------------------------------------

    def _credit(self, question: Question) -> float:
        """1 for an answer that passes the question's checks, 0.5 for one with open gaps, 0 for none or a hollow one.

        "It depends, I just use my judgment" is an answer with nothing in it: it counts for nothing, and a follow-up
        answered that way leaves its gap open.
        """
        from elicit.assembly.wording import is_hollow  # assembly imports this module; read hedges where they live

        answer = self.answered(question.id)
        if answer is None or is_hollow(self.probe_text(question.id)):
            return 0.0
        open_gaps = [f for f in self.follow_ups if f.question_id == question.id
                     and (f.status in (FollowUpStatus.PENDING, FollowUpStatus.SKIPPED)
                          or (f.status is FollowUpStatus.ANSWERED and is_hollow(f.answer or "")))]
        return 0.5 if open_gaps else 1.0

    def coverage(self) -> dict[str, float]:
        """Per element, 0 to 1: how fully the questions that feed it are answered."""
        visible = self.visible_questions()
        result = {}
        for element_id in ELEMENT_IDS:
            feeding = [q for q in visible if element_id in q.feeds]
            result[element_id] = round(sum(map(self._credit, feeding)) / len(feeding), 3) if feeding else 0.0
        return result

    def thin_elements(self, below: float = 0.5) -> tuple[str, ...]:
        return tuple(e for e, value in self.coverage().items() if value < below)

    def stage_progress(self) -> list[tuple[str, int, int]]:
        """Per stage: its id, questions done (answered or skipped) and visible questions."""
        visible = {q.id for q in self.visible_questions()}
        rows = []
        for stage in self.guide.stages:
            ids = [q.id for q in stage.questions if q.id in visible]
            rows.append((stage.id, sum(qid in self.answers for qid in ids), len(ids)))
        return rows

    def percent_complete(self) -> int:
        visible = self.visible_questions()
        if not visible:
            return 100
        done = sum(q.id in self.answers for q in visible)
        return math.floor(100 * done / len(visible))

    def minutes_left(self) -> int:
        return math.ceil(self.guide.minutes_for(self.path) * (100 - self.percent_complete()) / 100)

    def is_complete(self) -> bool:
        """Every visible required question answered and no follow-up waiting."""
        required = [q for q in self.visible_questions() if q.required]
        return all(self.answered(q.id) for q in required) and not self.pending_follow_ups()

    def open_questions(self) -> list[OpenQuestion]:
        """Skipped follow-ups and skipped required questions: what the prompt could not be told."""
        skipped = [OpenQuestion(f.question_id, f.ask, f.reason) for f in self.follow_ups
                   if f.status is FollowUpStatus.SKIPPED]
        answers = self.answers
        # a skip that carries a note was set aside on purpose (an upgrade asks only for what is missing)
        unanswered = [OpenQuestion(q.id, q.ask, "skipped by the expert") for q in self.visible_questions()
                      if q.required and q.id in answers and answers[q.id].skipped and not answers[q.id].text]
        return skipped + unanswered


def _words(text: str) -> int:
    return len(text.split())


def measured_minutes(guide: Guide, answers: dict[str, Any], path: InterviewPath | str = InterviewPath.FULL,
                     typing_wpm: int = TYPING_WPM, reading_wpm: int = READING_WPM) -> float:
    """Minutes an expert takes to give these answers on this path: typing every visible answer at `typing_wpm`,
    reading every visible question and its why at `reading_wpm` (follow-ups and thinking time not counted)."""
    interview = Interview(guide=guide, path=InterviewPath(path))
    while (question := interview.next_item()) is not None:
        if question.id in answers:
            interview.answer(question.id, answers[question.id])
        else:
            interview.skip(question.id)
    typed = sum(_words(a.text) for a in interview.answers.values())
    read = sum(_words(f"{q.ask} {q.why}") for q in interview.visible_questions())
    return typed / typing_wpm + read / reading_wpm


def answer_all(interview: Interview, answers: dict[str, Any], probe, follow_up_answer: str | None = None
               ) -> Interview:
    """Walk an interview in memory from answers keyed by question id; `probe` maps a ProbeRequest to a ProbeResult.

    Questions without an answer are skipped; follow-ups are answered with `follow_up_answer`, else skipped.
    """
    while (item := interview.next_item()) is not None:
        if isinstance(item, FollowUp):
            if follow_up_answer:
                interview.answer_follow_up(item.id, follow_up_answer)
            else:
                interview.skip_follow_up(item.id)
        elif item.id in answers:
            interview.answer(item.id, answers[item.id])
            follow_up = interview.follow_up_from(item.id, probe(interview.probe_request(item.id)))
            if follow_up:
                interview.add_follow_up(follow_up)
        else:
            interview.skip(item.id)
    return interview
