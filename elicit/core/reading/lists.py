"""The structure of an answer: its sentences, lines, items and steps, and whether it gives an order."""

from __future__ import annotations

import re
from functools import lru_cache

from sentencex import segment
from text_to_num import alpha2digit

from elicit.core.reading.patterns import (
    BULLET, INLINE_NUMBER, LOWER_STEP_MARKER, LOWER_TIME_STAMP, SEPARATOR, SEQUENCE_WORD, STEP_MARKER, TIME_STAMP,
    WORD,
)


@lru_cache(maxsize=16384)
def digits(text: str) -> str:
    """The text with its number words as digits ("twenty-five percent" -> "25 percent"), for reading quantities."""
    try:
        return alpha2digit(text, "en", threshold=2)
    except Exception:  # noqa: BLE001 - a number-words parser must never cost the expert their answer
        return text


def sentences(text: str) -> list[str]:
    """The sentences of the text, line by line (a line break always ends a sentence)."""
    found: list[str] = []
    for line in text.splitlines():
        if line.strip():
            found += [s.strip() for s in segment("en", line) if s.strip()]
    return found


def lines(text: str) -> list[str]:
    """Non-empty lines without their bullets or numbers."""
    return [stripped for line in text.splitlines() if (stripped := BULLET.sub("", line).strip())]


def _short(parts: list[str], most: int = 6) -> bool:
    return len(parts) >= 2 and all(0 < len(WORD.findall(p)) <= most for p in parts)


def _enumeration(line: str) -> list[str]:
    """A comma, semicolon, slash or "and" list on one line, when its parts are short; else []."""
    line = line.strip().rstrip(".")
    for pattern in (SEPARATOR, re.compile(r"\s*;\s*")):
        parts = [p.strip() for p in pattern.split(line) if p.strip()]
        if len(parts) >= 2 and (pattern is not SEPARATOR or _short(parts, 5)):
            return parts
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+|or\s+)?", line) if p.strip()]
    if len(parts) == 1:
        parts = [p.strip() for p in re.split(r"\s+(?:and|or|&)\s+", line) if p.strip()]
        return parts if len(parts) >= 2 and _short(parts, 4) and len(WORD.findall(line)) <= 9 else []
    parts = parts[:-1] + [p.strip() for p in re.split(r"\s+(?:and|or|&)\s+", parts[-1], maxsplit=1) if p.strip()]
    # the last part may run on ("... and communicate it to the client in plain words")
    if len(parts) >= 3 and _short(parts[:-1]) and 0 < len(WORD.findall(parts[-1])) <= 12:
        return parts
    return []


def items(text: str) -> list[str]:
    """What a list answer names: its lines, else the parts of a one-line enumeration, else its sentences."""
    found = lines(text)
    if len(found) >= 2:
        return found
    single = found[0] if found else text.strip()
    return _numbered(text.strip()) or _enumeration(single) or sentences(single) or ([single] if single else [])


def _numbered(line: str) -> list[str]:
    """"1. Check 2. Decide 3. Act" on one line, when the numbers count up from 1."""
    marks = list(INLINE_NUMBER.finditer(line))
    numbers = [int(m.group(1)) for m in marks]
    if len(marks) < 2 or numbers != list(range(numbers[0], numbers[0] + len(numbers))) or numbers[0] > 1:
        return []
    bounds = [m.start() for m in marks[1:]] + [len(line)]
    return [line[m.end():end].strip(" ;,") for m, end in zip(marks, bounds, strict=True) if line[m.end():end].strip()]


def _capital(text: str) -> str:
    text = text.strip(" ,;")
    return text[:1].upper() + text[1:] if text else text


def _by_markers(text: str) -> list[str]:
    """Split at ordinals that open a clause ("First, ... Second, ... then ..."); [] with fewer than two."""
    marks = list(STEP_MARKER.finditer(text))
    if len(marks) < 2:
        return []
    head = text[:marks[0].start()].strip(" ,;:")
    bounds = [m.start() for m in marks[1:]] + [len(text)]
    parts = [_capital(text[m.end():end]) for m, end in zip(marks, bounds, strict=True)]
    parts = [p for p in parts if WORD.search(p)]
    if head and WORD.search(head):
        parts.insert(0, _capital(head))
    return parts if len(parts) >= 2 else []


def _by_stamps(text: str) -> list[str]:
    """A timeline: each sentence that opens with a time stamp starts a step; the sentences after it join it."""
    steps: list[str] = []
    stamped = 0
    said = sentences(text)
    for sentence in said:
        stamp = TIME_STAMP.search(sentence[:40])
        if stamp or not steps:
            steps.append(sentence)
            stamped += bool(stamp)
        else:
            steps[-1] += " " + sentence
    return steps if stamped >= 2 and stamped * 2 >= len(said) else []


def steps(answer: str | list[str]) -> list[str]:
    """The steps the expert gave, in their order and words: numbered or bulleted lines, "1. ... 2. ..." on one
    line, ordinals ("First, ... Then ..."), a time-stamped timeline, a slash or comma list, else the sentences.

    Takes the text of an answer or the rows of a steps editor (a single row is read like text).
    """
    if isinstance(answer, list):
        rows = [row.strip() for row in answer if row and row.strip()]
        return rows if len(rows) != 1 else steps(rows[0])
    found = lines(answer)
    if len(found) >= 2:
        return found
    text = found[0] if found else answer.strip()
    if not text:
        return []
    return (_numbered(answer.strip()) or _by_stamps(text) or _by_markers(text) or _enumeration(text)
            or sentences(text) or [text])


def _ordered(text: str) -> bool:
    """Whether the (lower-cased) answer gives an order: numbers, ordinals, time stamps, arrows or sequence words."""
    if re.search(r"^\s*(?:\d{1,2}[.)]|step \d+)", text, re.MULTILINE) or _numbered(text):
        return True
    if re.search(r"->|→|=>|\s>\s|\bin (?:this|that|the following) order\b|\bin sequence\b", text) or len(
            LOWER_TIME_STAMP.findall(text)) >= 2:
        return True
    return len(set(SEQUENCE_WORD.findall(text))) >= 2 or len(LOWER_STEP_MARKER.findall(text)) >= 2
