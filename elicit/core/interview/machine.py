"""The interview as a pure state machine: answers, follow-ups, the next question, coverage, completion.

It runs over 300 lines because every change an answer or a follow-up can go through (answered, skipped, revised,
kept by the expert, removed, set aside) is one method of the one `Interview` that checks it against what a stale
tab saw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


from elicit.core import pacing
from elicit.core.anatomy import ELEMENT_IDS
from elicit.core.errors import AnswerError, StaleError
from elicit.core.guides import Guide, InterviewPath, Kind, Question
from elicit.core.interview.records import (
    Answer, DEFAULT_MAX_CHARS, FollowUp, FollowUpStatus, Limits, OpenQuestion, Origin, ProbeRequest, ProbeResult,
    SET_ASIDE,
)
from elicit.core.interview.answers import answer_text, normalize_answer, visible
from elicit.core.reading.hollow import is_hollow


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
        revisions = self.history.get(question_id)  # not `answers`, which rebuilds the whole dict on every call
        answer = revisions[-1] if revisions else None
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
        """The stop rules: a cap per question, and a cap per interview paced by value (elicit.core.pacing)."""
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
        follow_up.confirmed = follow_up.confirmed and answer == follow_up.answer  # a kept text, not a new one
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

    def confirm_follow_up(self, follow_up_id: int) -> FollowUp:
        """The expert keeps a reply as it stands though it does not answer its follow-up: the prompt places it."""
        follow_up = self._still(follow_up_id, FollowUpStatus.ANSWERED)
        self._change(follow_up, FollowUpStatus.ANSWERED, follow_up.answer).confirmed = True
        return follow_up

    def confirm_answer(self, question_id: str) -> Answer:
        """The expert keeps the latest revision as it stands though it looks off its question (KeyError: none)."""
        self.answers[question_id].confirmed = True
        return self.answers[question_id]

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
