"""Pacing by value: whether one more follow-up may be asked on a question, given what the interview has spent.

The per-interview budget is not first come, first served: one follow-up stays reserved for every question still
ahead that feeds an element carrying the judgment (criteria, process, examples, checkpoints), so an "It depends"
on a late criteria or case question is still probed after a talkative start. A question may spend beyond its own
reserved follow-up only from what is left over.

Unless a fixed cap is set, the budget grows with the path: one follow-up for each question on it that can be
probed (every question but a picked option), as shown. A fixed number cannot fit a guide's short path and its
full path alike (11 and 41 questions), and a budget smaller than the valuable questions on the path would leave
the last of them unprobed however it is reserved; one per question never is.
"""

from __future__ import annotations

from collections.abc import Sequence

from elicit.core.guides import Kind, Question

VALUABLE = frozenset({"decision_criteria", "process", "examples", "checkpoints"})


def valuable(question: Question) -> bool:
    """Whether the question feeds an element the budget is kept for, first or not ("what would a less experienced
    person have done?" feeds the guardrails and the criteria); a picked option is never probed."""
    return question.kind is not Kind.CHOICE and not VALUABLE.isdisjoint(question.feeds)


def budget(questions: Sequence[Question], cap: int | None = None) -> int:
    """The follow-ups an interview may ask: the fixed cap when one is set, else one for each probed question."""
    return cap if cap is not None else sum(q.kind is not Kind.CHOICE for q in questions)


def reserved_ahead(questions: Sequence[Question], question_id: str, done: set[str]) -> int:
    """Follow-ups kept for the valuable questions after this one that are not yet answered."""
    ids = [q.id for q in questions]
    start = ids.index(question_id) + 1 if question_id in ids else len(ids)
    return sum(valuable(q) and q.id not in done for q in questions[start:])


def allows(*, question: Question, used: int, used_here: int, reserved: int, per_question: int,
           per_interview: int) -> bool:
    """One more follow-up on `question`, with `used` spent in the interview and `used_here` on it?"""
    if used_here >= per_question or used >= per_interview:
        return False
    if valuable(question) and used_here == 0:
        return True  # its own reserved follow-up
    return used + reserved < per_interview
