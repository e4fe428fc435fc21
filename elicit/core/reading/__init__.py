"""The reading of an answer, done once before any check: its items, steps, quantities, conditions and thresholds,
cues, hedges and dodges, habits and real instances.

A trained interviewer reads structure, not single words: "First, verify ... Second, classify ..." is three steps
on one line, "Safety, cost, reputation" is three items, "over a million" and "about half" are quantities, and a
cue is any named signal (a number, a quote, something a person does or says), not only the verbs see and hear.
Sentences come from `sentencex` and number words from `text2num` (both small, fast, and need no downloads).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from elicit.core.reading.patterns import (
    ACTION, AMOUNT, APPROX, BEHAVIOUR, BOILERPLATE, BULLET, BULLETS, CLAUSE_BREAK, CLOCK, COMPARISON, CONDITION,
    CONSEQUENCE, CRITERION_THRESHOLD, CUE, DIGIT, DODGE, DURATION, EXAMPLE, FUNCTION_WORD, HEDGE, INLINE_NUMBER,
    INSTANCE, LOOK_WHERE, LOOSE_THRESHOLD, LOWER_STEP_MARKER, LOWER_TIME_STAMP, MONTHS, NAMED, NAMED_THING, NEGATED,
    NORMATIVE, NOT_A_LINE, NUMBER, ORDINAL, OWN_CLAUSE, PAST, PERCEIVED, PERCEPTION, QUANTITY, QUOTED, RANGE,
    RELATIVE_STAMP, REPORTED, SCHEDULED, SCHEME_WORD, SEEN_BY, SEPARATOR, SEQUENCE_WORD, SIGN_CONDITION, SIGN_QUOTE,
    SOURCE, STAMPED, STEP_MARKER, STRICT_THRESHOLD, THRESHOLD, TIME_STAMP, UNIT, VAGUE_SUBJECT, WEEKDAYS, WORD,
    WORD_THRESHOLD, YEAR,
)
from elicit.core.reading.lists import digits, items, lines, sentences, steps, _ordered
from elicit.core.reading.criteria import (
    ADDITIVE, APPROX_WEIGHT, BARE_WEIGHT, criteria, CRITERION_HEAD, GLOBAL_RANKING, JOIN,
    NAME_NOISE, NUMBERED_LINE, ORDER, PIECE, RANK_CHAIN, RULE_MARK, RULE_OPENING, SHARE, SHARED_MOST, TIE_BREAKER,
    TIE_LINE, VETO, WEIGHT, _head, _ranked, _weighted,
)


@dataclass(frozen=True)
class Reading:
    """What an answer says, read once; the checks ask it questions. `extra` holds the replies to follow-ups."""

    answer: str
    extra: str = ""

    @cached_property
    def text(self) -> str:
        return f"{self.answer}\n{self.extra}" if self.extra else self.answer

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def numeric(self) -> str:
        """Lower-cased, numbers as digits, without the numbers of a numbered list (they are no quantities)."""
        return digits(BULLETS.sub(" ", self.lower))

    @cached_property
    def words(self) -> int:
        """Words the expert wrote: the numbers and bullets of a list are not words."""
        return len(WORD.findall(BULLETS.sub("", self.text)))

    @cached_property
    def items(self) -> list[str]:
        """Items of the answer alone: a reply to a follow-up is not another criterion."""
        return items(self.answer)

    @cached_property
    def steps(self) -> list[str]:
        return steps(self.answer)

    @cached_property
    def sentences(self) -> list[str]:
        return sentences(self.text)

    @cached_property
    def ordered(self) -> bool:
        return _ordered(self.lower)

    @cached_property
    def unquoted(self) -> str:
        """The lower-cased text with quoted words blanked: "the usual" in a customer's mouth is not a dodge."""
        return QUOTED.sub(lambda m: " " * len(m.group(0)), self.lower)

    def _quote(self, pattern: re.Pattern[str]) -> str | None:
        """The first match outside quotes, in the expert's own casing."""
        found = pattern.search(self.unquoted)
        if not found:
            return None
        same = len(self.lower) == len(self.text)
        return self.text[found.start():found.end()] if same else found.group(0)

    def quantities(self) -> list[str]:
        return [m.group(0) for m in QUANTITY.finditer(self.numeric)]

    def thresholds(self) -> list[str]:
        return [m.group(0) for m in THRESHOLD.finditer(self.numeric)]

    def threshold(self, strict: bool = False) -> bool:
        """A number or range at which a call changes; `strict` leaves out bare percentages (a criterion's weight)."""
        return self._strict if strict else self._loose

    @cached_property
    def _loose(self) -> bool:
        return _threshold(self.numeric)

    @cached_property
    def _strict(self) -> bool:
        return _threshold(self.numeric, strict=True)

    def amount(self) -> bool:
        """Whether the answer talks of an amount at all, named or not (see `AMOUNT`)."""
        return bool(AMOUNT.search(self.lower))

    def lines(self) -> int:
        """How many lines (comparisons, ranges, counts) the answer draws, up to two: two lines for two cases are
        themselves conditions ("5.5x for recurring revenue, 3.5x for cyclicals"). A bare span of time ("after 20
        years", "two days later") says how long, not where a call changes, so it draws none."""
        if not DIGIT.search(self.numeric):
            return 0
        drawn = (m for m in CRITERION_THRESHOLD.finditer(self.numeric) if not DURATION.fullmatch(m.group(0).strip()))
        return sum(1 for _, __ in zip(range(2), drawn))

    def conditions(self, enough: int = 2) -> int:
        """How many conditions the answer states, counted up to `enough`."""
        return min(self._two_conditions, enough) if enough <= 2 else self._count_conditions(enough)

    @cached_property
    def _two_conditions(self) -> int:
        return self._count_conditions(2)

    def _count_conditions(self, enough: int) -> int:
        count = 0
        for _ in CONDITION.finditer(self.lower):
            count += 1
            if count >= enough:
                break
        return count

    def hedge(self) -> str | None:
        return self._quote(HEDGE)

    def dodge(self) -> str | None:
        return self._quote(DODGE)

    def boilerplate(self) -> str | None:
        return self._quote(BOILERPLATE)

    def habit(self) -> str | None:
        return self._quote(NORMATIVE)

    def instance(self) -> bool:
        """A real case: a date, a month, a weekday, a clock time, "two years ago", a named event; or a story told
        in the past tense with its own time stamps ("Month 4 we cut the bid"), a named place or party, or numbers."""
        return self._instance

    @cached_property
    def _instance(self) -> bool:
        if INSTANCE.search(self.lower):
            return True
        if not PAST.search(self.lower):
            return False
        return bool(LOWER_TIME_STAMP.search(self.lower) or NAMED.search(self.text) or self.threshold())

    def cue(self) -> bool:
        """A sign the expert reads: a quote, a count or a level (a date or a time stamp is none), something someone
        else does or says, or what the expert sees or hears. Where the expert looks is not yet what they see: "I
        watch how they treat their people", "site visits and reference calls" or "a routine review" name no sign,
        and in a clause the expert opens with "I" or "we" only a verb of seeing or a condition ("if the CFO
        hesitates") does."""
        return self._sign

    @cached_property
    def _sign(self) -> bool:
        if SIGN_QUOTE.search(self.lower) or _threshold(digits(STAMPED.sub(" ", self.lower))):
            return True
        return any(_sign(clause) for sentence in self.sentences for clause in CLAUSE_BREAK.split(sentence.lower()))

    def cue_items(self) -> tuple[int, int]:
        """How many items the answer names, and how many of them are observable signals."""
        named = self.items
        return len(named), sum(_cue(item.lower()) for item in named)

    def acted_items(self) -> tuple[int, int]:
        """How many items the answer names, and how many say what they make the expert do, or at what count."""
        named = [item.lower() for item in self.items]
        return len(named), sum(bool(ACTION.search(i) or CONSEQUENCE.search(i) or _threshold(digits(i)))
                               for i in named)

    def weights(self) -> tuple[int, int]:
        """Criteria named in the answer, and how many carry no weight or rank (the replies may give them)."""
        named = criteria(self.answer)
        if GLOBAL_RANKING.search(self.lower) or RANK_CHAIN.search(self.lower) or _ranked(self.answer):
            return len(named), 0
        if len(named) > 1:  # "Team, market and price matter most": said of all of them alike, so no rank
            named = named[:-1] + [SHARED_MOST.sub("", named[-1])]
        missing = [item for item in named if not _weighted(item)]
        if self.extra:
            weighted = [s.lower() for s in sentences(self.extra) if _weighted(s)]
            missing = [m for m in missing if not any(_head(m) in s for s in weighted)]
        return len(named), len(missing)

    def tie_breaker(self) -> bool:
        """What wins in a tie, said in words ("safety wins", "I will not delay a safety action to protect revenue")."""
        return bool(TIE_BREAKER.search(self.lower))

    def order(self) -> bool:
        """An order of priorities ("first ..., then ..., cost last")."""
        return bool(ORDER.search(self.lower))

    def example(self) -> bool:
        return bool(EXAMPLE.search(self.text))

    def summary(self) -> str:
        """One line for a language model: what the reading found."""
        parts = [f"{len(self.items)} item(s)", f"{len(self.steps)} step(s){' in order' if self.ordered else ''}",
                 f"quantities: {', '.join(self.quantities()[:6]) or 'none'}",
                 f"thresholds: {', '.join(self.thresholds()[:6]) or 'none'}",
                 f"conditions: {self.conditions(enough=9)}", f"hedge: {self.hedge() or 'none'}",
                 f"dodge: {self.dodge() or 'none'}", f"real instance: {'yes' if self.instance() else 'no'}"]
        return "; ".join(parts)


def _cue(lowered: str) -> bool:
    return bool(CUE.search(lowered) or _threshold(digits(lowered)))


def _sign(clause: str) -> bool:
    """Whether one lower-cased clause names a sign (see `Reading.cue`)."""
    clause = NAMED_THING.sub(" ", SEEN_BY.sub(" ", LOOK_WHERE.sub(" ", clause)))
    opening = SIGN_CONDITION.match(clause.lstrip(" ,.:-"))
    if opening:  # "if it grows, I pull in the team": the condition, then the clause it opens
        rest = clause.lstrip(" ,.:-")[opening.end():]
        return _told(opening.group(1)) or bool(rest.strip(" ,.")) and _sign(rest)
    if OWN_CLAUSE.match(TIME_STAMP.sub(" ", clause)):  # what the expert does, unless they see, hear or are told
        return bool(PERCEIVED.search(clause) or REPORTED.search(clause)
                    or any(_told(m.group(1)) for m in SIGN_CONDITION.finditer(clause)))
    # a timeline's entry ("Day 10: new survey") is what the expert did then: a source in it is no sign
    return _told(clause, sources=not STAMPED.match(clause.lstrip(" ,.:-")))


def _told(text: str, sources: bool = True) -> bool:
    """Whether a clause not the expert's own tells of a sign: what is seen or heard, and unless the clause is about
    no one in particular ("it isn't working", "everyone wants to call it low"), what someone does or says."""
    if PERCEIVED.search(text):
        return True
    if VAGUE_SUBJECT.match(TIME_STAMP.sub(" ", text)):
        return any(_told(m.group(1)) for m in SIGN_CONDITION.finditer(text))
    return _acted_sign(text, sources)


def _acted_sign(text: str, sources: bool = True) -> bool:
    """Something someone does or says, or fails to do, or a source met out of course; a source on a schedule ("a
    routine review") is where to look."""
    return bool(NEGATED.search(text)) or any(
        not (SOURCE.fullmatch(m.group(0)) and (not sources or SCHEDULED.search(text, 0, m.start())))
        for m in CUE.finditer(text))


def _threshold(numeric: str, strict: bool = False) -> bool:
    """Whether lower-cased text with its numbers as digits holds a threshold; without digits, only the word forms
    can match, which is far cheaper to look for."""
    if not DIGIT.search(numeric):
        return bool(WORD_THRESHOLD.search(numeric))
    return bool((CRITERION_THRESHOLD if strict else THRESHOLD).search(numeric))


def read(answer: str, replies: tuple[str, ...] | list[str] = ()) -> Reading:
    """The reading of an answer together with the replies that extend it."""
    return Reading(answer, "\n".join(r for r in replies if r))


__all__ = [
    "ACTION", "ADDITIVE", "AMOUNT", "APPROX", "APPROX_WEIGHT", "BARE_WEIGHT", "BEHAVIOUR", "BOILERPLATE", "BULLET", "BULLETS",
    "CLOCK", "COMPARISON", "CONDITION", "CONSEQUENCE", "criteria", "CRITERION_HEAD",
    "CRITERION_THRESHOLD", "CUE", "DIGIT", "digits", "DODGE", "EXAMPLE", "FUNCTION_WORD", "GLOBAL_RANKING", "HEDGE",
    "INLINE_NUMBER", "INSTANCE", "items", "JOIN", "lines", "LOOSE_THRESHOLD", "LOWER_STEP_MARKER",
    "LOWER_TIME_STAMP", "MONTHS", "NAME_NOISE", "NAMED", "NORMATIVE", "NOT_A_LINE", "NUMBER", "NUMBERED_LINE",
    "ORDER", "ORDINAL", "PAST", "PERCEPTION", "PIECE", "QUANTITY", "QUOTED", "RANGE", "RANK_CHAIN", "read",
    "Reading", "RELATIVE_STAMP", "RULE_MARK", "RULE_OPENING", "SCHEME_WORD", "sentences", "SEPARATOR",
    "SEQUENCE_WORD", "SHARE", "STEP_MARKER", "steps", "STRICT_THRESHOLD", "THRESHOLD", "TIE_BREAKER", "TIE_LINE",
    "TIME_STAMP", "UNIT", "VETO", "WEEKDAYS", "WEIGHT", "WORD", "WORD_THRESHOLD", "YEAR",
]
