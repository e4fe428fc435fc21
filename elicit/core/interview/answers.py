"""An answer in the shape its question's kind takes: normalised from what the expert typed or stored, and as
plain text."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic import ValidationError

from elicit.core import reading
from elicit.core.errors import AnswerError
from elicit.core.guides import Kind, Question
from elicit.core.interview.records import AnswerValue, Criterion, DEFAULT_MAX_CHARS


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
