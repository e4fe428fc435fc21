"""Walking an interview from a set of answers: how long it takes an expert, and the whole interview in memory."""

from __future__ import annotations

from typing import Any


from elicit.guides import Guide, InterviewPath
from elicit.interview.records import FollowUp, READING_WPM, TYPING_WPM
from elicit.interview.machine import Interview


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
