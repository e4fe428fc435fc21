"""Walking an interview from a set of answers: how long it takes an expert, and the whole interview in memory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from elicit.core.guides import Guide, InterviewPath
from elicit.core.interview.records import FollowUp, READING_WPM, THINKING_MINUTES, TYPING_WPM
from elicit.core.interview.machine import Interview


def walk(interview: Interview, answers: dict[str, Any], *, answer: Callable[[str, Any], object],
         skip: Callable[[str], object], follow_up: Callable[[FollowUp], object]) -> Interview:
    """The one loop every walk shares: take the next item in order until none is left.

    A follow-up goes to `follow_up(item)`, a question with an answer in `answers` to `answer(question_id, value)`,
    one without to `skip(question_id)`; each must settle its item, or the walk would ask for it again.
    """
    while (item := interview.next_item()) is not None:
        if isinstance(item, FollowUp):
            follow_up(item)
        elif item.id in answers:
            answer(item.id, answers[item.id])
        else:
            skip(item.id)
    return interview


def _words(text: str) -> int:
    return len(text.split())


REPLY_WORDS = 25
"""Words of a typical reply to a follow-up: one or two sentences that give the missing line."""


def measured_minutes(guide: Guide, answers: dict[str, Any], path: InterviewPath | str = InterviewPath.FULL,
                     typing_wpm: int = TYPING_WPM, reading_wpm: int = READING_WPM,
                     thinking: float = THINKING_MINUTES, probe=None) -> float:
    """Minutes an expert takes to give these answers on this path: typing every visible answer at `typing_wpm`,
    reading every visible question and its why at `reading_wpm`, and `thinking` minutes per question answered.
    With `probe` (a ProbeRequest -> ProbeResult), every follow-up it raises is read, thought about for half as
    long, and answered in REPLY_WORDS; without it, follow-ups are not counted (rich answers raise few)."""
    interview = Interview(guide=guide, path=InterviewPath(path))
    asked: list[str] = []

    def answered(question_id: str, value: Any) -> None:
        interview.answer(question_id, value)
        if probe is not None:
            follow_up = interview.follow_up_from(question_id, probe(interview.probe_request(question_id)))
            if follow_up:
                interview.add_follow_up(follow_up)
                asked.append(follow_up.ask)

    walk(interview, answers, answer=answered, skip=interview.skip,
         follow_up=lambda item: interview.skip_follow_up(item.id))
    typed = sum(_words(a.text) for a in interview.answers.values()) + REPLY_WORDS * len(asked)
    read = sum(_words(f"{q.ask} {q.why}") for q in interview.visible_questions()) + sum(map(_words, asked))
    answered_count = sum(1 for a in interview.answers.values() if not a.skipped)
    return typed / typing_wpm + read / reading_wpm + thinking * (answered_count + len(asked) / 2)


def answer_all(interview: Interview, answers: dict[str, Any], probe, follow_up_answer: str | None = None
               ) -> Interview:
    """Walk an interview in memory from answers keyed by question id; `probe` maps a ProbeRequest to a ProbeResult.

    Questions without an answer are skipped; follow-ups are answered with `follow_up_answer`, else skipped.
    """
    def answered(question_id: str, value: Any) -> None:
        interview.answer(question_id, value)
        follow_up = interview.follow_up_from(question_id, probe(interview.probe_request(question_id)))
        if follow_up:
            interview.add_follow_up(follow_up)

    def followed(item: FollowUp) -> None:
        if follow_up_answer:
            interview.answer_follow_up(item.id, follow_up_answer)
        else:
            interview.skip_follow_up(item.id)

    return walk(interview, answers, answer=answered, skip=interview.skip, follow_up=followed)
