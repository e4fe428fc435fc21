"""The interview as a pure state machine: answers, follow-ups, the next question, coverage, completion.

`records` holds what an interview is made of, `answers` the shape of an answer, `machine` the `Interview` itself
and `walks` the interview driven from a set of answers; every name is importable from `elicit.core.interview`.
"""

from __future__ import annotations

# what the module imported before it became a package, still importable from here (`from elicit.core.interview import
# Question` in older callers)
from elicit.core.anatomy import ELEMENT_IDS
from elicit.core.errors import AnswerError, StaleError
from elicit.core.guides import Guide, InterviewPath, Kind, Question
from elicit.core.interview.records import (
    Answer, AnswerValue, Criterion, DEFAULT_MAX_CHARS, FollowUp, FollowUpStatus, Gap, Limits, OpenQuestion, Origin,
    ProbeRequest, ProbeResult, READING_WPM, SET_ASIDE, TYPING_WPM,
)
from elicit.core.interview.answers import answer_text, normalize_answer, value_for_storage, value_from_storage, visible
from elicit.core.interview.machine import Interview
from elicit.core.interview.walks import answer_all, measured_minutes, walk

__all__ = [
    "ELEMENT_IDS", "AnswerError", "StaleError", "Guide", "InterviewPath", "Kind", "Question",
    "Answer", "answer_all", "walk", "answer_text", "AnswerValue", "Criterion", "DEFAULT_MAX_CHARS", "FollowUp",
    "FollowUpStatus", "Gap", "Interview", "Limits", "measured_minutes", "normalize_answer", "OpenQuestion",
    "Origin", "ProbeRequest", "ProbeResult", "READING_WPM", "SET_ASIDE", "TYPING_WPM", "value_for_storage",
    "value_from_storage", "visible",
]
