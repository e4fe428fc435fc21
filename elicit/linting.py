"""Linting any prompt for the ten elements, and planning the interview that upgrades it with what is missing."""

from __future__ import annotations

from typing import Any

from elicit.anatomy import ELEMENT_IDS, coverage_score, detect
from elicit.errors import AnswerError
from elicit.guides import Guide, Question
from elicit.interview import visible

MAX_PROMPT_BYTES = 2 * 1024 * 1024

NOT_NEEDED = "Not needed: the existing prompt already has what this question asks for."
"""The text of a question set aside when an upgrade interview starts; it is not an open question."""


def lint_report(text: str) -> dict[str, Any]:
    """Which of the ten elements any prompt has, with evidence; the shape of `elicit lint --json`."""
    findings = detect(text)
    return {"words": len(text.split()), "score": coverage_score(findings),
            "elements": {e: {"present": findings[e].present, "evidence": findings[e].evidence} for e in ELEMENT_IDS},
            "missing": [e for e in ELEMENT_IDS if not findings[e].present]}


def lintable(text: str, name: str) -> str:
    """The prompt text of a file, refused when it holds nothing to lint or more than an upload may."""
    if not visible(text):
        raise AnswerError(f"{name} holds no text; give a file with the prompt in it")
    if len(text.encode("utf-8")) > MAX_PROMPT_BYTES:
        raise AnswerError(f"{name} is over {MAX_PROMPT_BYTES // 1024 // 1024} MB; give a smaller file")
    return text


def uploaded_text(data: bytes, name: str) -> str:
    """An uploaded prompt file as text; AnswerError says what to do when it is too big or not UTF-8."""
    if len(data) > MAX_PROMPT_BYTES:
        raise AnswerError(f"{name} is over {MAX_PROMPT_BYTES // 1024 // 1024} MB; upload a smaller file")
    try:
        return data.decode("utf-8-sig").replace("\x00", "")
    except UnicodeDecodeError:
        raise AnswerError(f"{name} is not UTF-8 text; save it as UTF-8 and upload it again") from None


def upgrade_questions(guide: Guide, missing: list[str]) -> list[Question]:
    """The guide's questions that feed a missing element, with the choice questions that decide whether they show."""
    wanted = set(missing)
    needed = {q.id for q in guide.questions if wanted & set(q.feeds)}
    needed |= {q.show_if.question for q in guide.questions if q.id in needed and q.show_if is not None}
    return [q for q in guide.questions if q.id in needed]


def set_aside(guide: Guide, missing: list[str]) -> list[str]:
    """The ids of the questions an upgrade interview does not ask: they feed only elements already present."""
    asked = {q.id for q in upgrade_questions(guide, missing)}
    return [q.id for q in guide.questions if q.id not in asked]
