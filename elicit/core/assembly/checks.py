"""Checks on what the expert said: criteria weights per table, and rules that contradict each other."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from elicit.core.interview import Criterion

VETO = re.compile(r"\b(?:veto|must[- ]have|knock[- ]?out|deal[- ]?breaker|non[- ]negotiable|red line|"
                  r"rules? (?:it |a \w+ )?out|kills? (?:it|the \w+)|no[- ]go|pass/fail|gate)\b", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*~?(\d+(?:\.\d+)?)\s*(?:%|percent|pct|points?|pts)?\s*$", re.IGNORECASE)
_RANK = re.compile(r"^\s*(?:#|rank\s*|no\.?\s*)?(\d+)(?:st|nd|rd|th)?\s*$", re.IGNORECASE)
_WORD_RANKS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "highest": 1, "top": 1,
               "high": 1, "medium": 2, "low": 3, "lowest": 9}


def is_veto(criterion: Criterion) -> bool:
    """A criterion that decides on its own, whatever the weights: named so in its weight or threshold."""
    if criterion.weight.strip():  # a weighted criterion stays weighed; its threshold is its knock-out line
        return bool(VETO.search(criterion.weight)) and not re.search(r"\d", criterion.weight)
    return bool(VETO.search(criterion.threshold))


@dataclass
class Weighting:
    """How a table's weights read: percent (must add up to 100), ranks, or not usable; problem says why."""

    kind: str
    total: float | None
    problem: str = ""


def weighting(criteria: list[Criterion]) -> Weighting:
    """Check the weights of one criteria table: percentages or points add up to 100, or they are ranks."""
    weighed = [c for c in criteria if not is_veto(c)]
    weights = [c.weight.strip() for c in weighed]
    if not weighed:
        return Weighting("veto", None)
    missing = [c.name for c in weighed if not c.weight.strip()]
    if missing:
        return Weighting("none", None, f"no weight for {', '.join(missing)}")
    if all("%" in w or "percent" in w.lower() for w in weights) or all(_PERCENT.match(w) for w in weights):
        numbers = [float(_PERCENT.match(w).group(1)) if _PERCENT.match(w) else None for w in weights]
        if None not in numbers:
            total = sum(numbers)
            if abs(total - 100) <= 1:
                return Weighting("percent", total)
            if _are_ranks(weights):
                return Weighting("rank", None)
            return Weighting("percent", total, f"the weights add up to {total:g}, not 100")
    if _are_ranks(weights):
        return Weighting("rank", None)
    return Weighting("mixed", None, "the weights mix percentages, ranks and words")


def _rank(weight: str) -> int | None:
    if match := _RANK.match(weight):
        return int(match.group(1))
    return _WORD_RANKS.get(weight.strip().lower())


def _are_ranks(weights: list[str]) -> bool:
    ranks = [_rank(w) for w in weights]
    return None not in ranks and ("%" not in "".join(weights)) and (
        sorted(ranks) == list(range(1, len(ranks) + 1)) or all(r in (1, 2, 3, 9) for r in ranks))


# --- contradictions between rules ------------------------------------------------------------------------

LEVEL = re.compile(r"\b(?:level|tier|sev(?:erity)?|priority|category|grade|p|l)\s*-?\s*([0-9])\b", re.IGNORECASE)
# who a case is about: a rule keyed on a group of people cuts across rules keyed on how bad the harm is
PEOPLE = re.compile(r"\b(?:child(?:ren)?|kids?|bab(?:y|ies)|infants?|toddlers?|elderly|pregnan\w*|patients?|"
                    r"vulnerable \w+|students?|pupils?|employees?|staff|workers?)\b", re.IGNORECASE)
# how bad the harm is: the rules a rule on who is affected can cross
HARM = re.compile(r"\b(?:injur\w*|hurt|ill(?:ness)?|sick\w*|harm\w*)\b", re.IGNORECASE)
# "the higher level wins": the expert already said what happens when two levels meet
PRECEDENCE = re.compile(r"\b(?:the (?:highest|higher|most serious) (?:level|one) (?:wins|applies|counts)|"
                        r"whichever (?:level )?is (?:higher|highest|more serious|worse))\b", re.IGNORECASE)


@dataclass(frozen=True)
class Trigger:
    text: str
    level: str
    question_id: str


@dataclass
class Clash:
    id: str
    text: str
    question_ids: list[str]


def level_triggers(text: str, question_id: str) -> list[Trigger]:
    """(trigger, level) pairs a text states: "Level 2: a minor injury, ...", "children -> L1", "if X, it is Level 1"."""
    return list(_level_triggers(text, question_id))


@lru_cache(maxsize=4096)
def _level_triggers(text: str, question_id: str) -> tuple[Trigger, ...]:
    # every assembly of an interview reads its unchanged answers again: remembered by text (issue 27)
    found: list[Trigger] = []
    for piece in re.split(r"(?<=[.;\n])\s+|\n", text):
        found += _level_first(piece, question_id) or _level_last(piece, question_id)
    return tuple(found)


def _parts(text: str) -> list[str]:
    parts = re.split(r",|;|\bor\b(?! (?:more|fewer|less|above|below)\b)|\band\b(?! (?:above|below)\b)", text)
    return [p.strip(" .:") for p in parts if len(p.strip(" .:")) > 2]


def _level_first(piece: str, question_id: str) -> list[Trigger]:
    match = re.match(r"\s*[-*•]?\s*((?:level|tier|sev(?:erity)?|priority|category|p|l)\s*-?\s*[0-9])\s*[:=–-]+\s*(.+)",
                     piece, re.IGNORECASE)
    if not match:
        return []
    level = LEVEL.search(match.group(1)).group(1)
    condition = re.split(r";|\bthe \w+ (?:handles|meets|is told)\b", match.group(2))[0]
    return [Trigger(p, level, question_id) for p in _parts(condition)]


def _level_last(piece: str, question_id: str) -> list[Trigger]:
    """ "children -> L1", "if the story involves children, it is Level 1": the condition before the level."""
    level = LEVEL.search(piece)
    if level is None or level.start() == 0:
        return []
    before = piece[:level.start()]
    if not re.search(r"->|→|=>|=|\b(?:if|when|involves?|any)\b", before, re.IGNORECASE):
        return []
    condition = re.sub(r"^.*?\b(?:if|when)\b|\b(?:it(?:'s| is)|goes to|means|the (?:story|case) involves|involves?)\b",
                       " ", before, flags=re.IGNORECASE)
    return [Trigger(p, level.group(1), question_id) for p in _parts(re.sub(r"->|→|=>|=", " ", condition))]


_WORD_NUMBERS = {"a single": 1, "single": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_COUNT = re.compile(r"(?P<low>more than|over|above|fewer than|less than|under|below|at least|up to)?\s*"
                    r"(?P<n>\d[\d,]*|a single|single|one|two|three|four|five|six|seven|eight|nine|ten)"
                    r"(?:\s*(?:-|–|to)\s*(?P<m>\d[\d,]*))?\s*(?P<more>\+|or more|and above|or fewer|or less)?\s+"
                    r"(?:[a-z-]+ ){0,2}?(?!(?:or|and|more|of|the|a|an|to|in|on|at|per)\b)(?P<unit>[a-z]+?)s?\b", re.IGNORECASE)


@lru_cache(maxsize=8192)
def count_range(text: str) -> tuple[str, float, float] | None:
    """("complaint", 2, inf) for "two or more complaints": the unit counted and the range a trigger covers."""
    match = _COUNT.search(text)
    if not match:
        return None
    raw = match.group("n").lower()
    n = float(_WORD_NUMBERS.get(raw, None) or raw.replace(",", ""))
    low, high = n, n
    if match.group("m"):
        high = float(match.group("m").replace(",", ""))
    bound, more = (match.group("low") or "").lower(), (match.group("more") or "").lower()
    if bound in ("more than", "over", "above"):
        low, high = n + 1, float("inf")
    elif bound in ("fewer than", "less than", "under", "below"):
        low, high = 0, n - 1
    elif bound == "at least" or more in ("+", "or more", "and above"):
        high = float("inf")
    elif bound == "up to" or more in ("or fewer", "or less"):
        low = 0
    return match.group("unit").lower(), low, high


def _overlaps(first: Trigger, second: Trigger) -> bool:
    a, b = count_range(first.text), count_range(second.text)
    return bool(a and b and a[0] == b[0] and a[1] <= b[2] and b[1] <= a[2])


MAX_TRIGGERS = 80
"""Rules compared pairwise; an expert states far fewer, and a pasted wall of text must not stall the page."""


def clashes(triggers: list[Trigger], settled_texts: str = "") -> list[Clash]:
    """Rules that can both apply to one case yet set different levels: a rule on who is affected beside a rule on
    how bad the harm is ("children -> Level 1" beside "a minor injury -> Level 2"), unless the answers say which
    wins ("however few", "the higher level wins")."""
    if PRECEDENCE.search(settled_texts):
        return []
    unique = {(t.text.lower(), t.level): t for t in triggers}
    triggers = list(unique.values())[:MAX_TRIGGERS]
    found: dict[str, Clash] = {}
    for n, first in enumerate(triggers):
        for second in triggers[n + 1:]:
            if first.level != second.level and _overlaps(first, second):
                key = hashlib.sha1(f"{first.text}|{first.level}|{second.text}|{second.level}".lower().encode()
                                   ).hexdigest()[:10]
                found[key] = Clash(key, f"\u201c{first.text}\u201d (Level {first.level}) and \u201c{second.text}"
                                        f"\u201d (Level {second.level}) overlap: one case can fall in both. Until "
                                        "the expert rules, give both levels and say what each would mean.",
                                   sorted({first.question_id, second.question_id}))
    people = [t for t in triggers if PEOPLE.search(t.text)]
    harms = [t for t in triggers if HARM.search(t.text) and not PEOPLE.search(t.text)]
    for who in people:
        for harm in harms:
            if harm.level == who.level:
                continue
            key = hashlib.sha1(f"{who.text}|{who.level}|{harm.text}|{harm.level}".lower().encode()).hexdigest()[:10]
            found[key] = Clash(key, f"\u201c{who.text}\u201d sets Level {who.level} but \u201c{harm.text}\u201d sets "
                                    f"Level {harm.level}, and one case can be both. Until the expert rules, give "
                                    "both levels and say what each would mean.",
                               sorted({who.question_id, harm.question_id}))
    return list(found.values())
