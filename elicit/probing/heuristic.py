"""The offline prober: deterministic checks that find what a complete answer must not lack."""

from __future__ import annotations

import re
from collections.abc import Callable

from elicit.guides import Check, Kind, Question
from elicit.interview import Gap, ProbeRequest, ProbeResult


def _rx(*patterns: str) -> re.Pattern[str]:
    """One pattern for lower-cased text; word-bounded alternatives share one `\\b(?:...)\\b`.

    Both choices are for speed: factoring the `\\b` and matching lower-cased text without IGNORECASE
    make a 2,000-character answer about ten times cheaper to check.
    """
    bounded = [p[2:-2] for p in patterns if p.startswith(r"\b") and p.endswith(r"\b")]
    opening = [p[2:] for p in patterns if p.startswith(r"\b") and not p.endswith(r"\b")]
    parts = ([r"\b(?:" + "|".join(bounded) + r")\b"] if bounded else []) + (
        [r"\b(?:" + "|".join(opening) + ")"] if opening else []) + [p for p in patterns if not p.startswith(r"\b")]
    return re.compile("|".join(parts))


WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
HEDGE = _rx(r"\bit (?:all )?depends\b", r"\bdepends on\b", r"\bit varies\b", r"\bvaries\b",
            r"\bcase[- ]by[- ]case\b", r"\bsituational\b", r"\bno (?:hard and fast|one-size)")
CONDITION = _rx(r"\bif\b", r"\bwhen(?:ever)?\b", r"\bunless\b", r"\botherwise\b", r"\bonly once\b",
                r"\bas soon as\b", r"\bin which case\b", r"\bprovided\b", r"\b(?:above|below|under|over) \d")
NORMATIVE = _rx(r"\b(?:we|i) (?:always|usually|normally|generally|typically|never)\b", r"\bas a rule\b",
                r"\btypically\b", r"\bin general\b", r"\busually\b")
INSTANCE = _rx(r"\b(?:19|20)\d\d\b", r"\blast (?:year|month|week|quarter|spring|summer|autumn|fall|winter|time)\b",
               r"\b(?:one|that) (?:time|day|night|morning|client|case|deal)\b", r"\bonce\b", r"\bago\b",
               r"\bi remember\b", r"\bthere was\b", r"\bwe had (?:a|an|one)\b",
               r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b",
               r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", r"\bat (?:\d|one|two|three)\w* ?(?:am|pm|o'clock)\b",
               r"\b(?:day|hour|week) (?:one|two|three|\d+)\b", r"\bin (?:q[1-4]|the first|the second)\b")
BOILERPLATE = _rx(r"\bbest practices?\b", r"\bas (?:appropriate|needed|necessary|required)\b", r"\bcase[- ]by[- ]case\b",
                  r"\bindustry[- ]standards?\b", r"\bcommon sense\b", r"\buse (?:your|my|good) judg(?:e)?ment\b",
                  r"\bholistic(?:ally)?\b", r"\bin a timely manner\b", r"\bwhere (?:necessary|relevant|appropriate)\b",
                  r"\brelevant stakeholders\b", r"\bappropriate (?:measures|steps|action)\b", r"\bsynerg(?:y|ies)\b",
                  r"\bmove the needle\b", r"\bthink outside the box\b", r"\bstandard procedures?\b")
NUMBERED = re.compile(r"^\s*(?:\d+[.)]|step \d+)", re.MULTILINE)
SEQUENCE = _rx(r"\bfirst(?:ly)?\b", r"\bthen\b", r"\bnext\b", r"\bfinally\b", r"\bsecond(?:ly)?\b", r"\bthird\b",
               r"\blastly\b", r"\bafter that\b", r"\bafterwards\b", r"\bbefore\b", r"\bafter\b",
               r"\b(?:day|week|month|hour|phase|stage|step) (?:\d+|one|two|three)\b")
WEIGHT = _rx(r"\d\s*%", r"\bpercent\b", r"\bweigh(?:t|ts|ted|s)?\b", r"\bpoints?\b", r"\b(?:rank|ranked|ranking)\b",
             r"\bmost important\b", r"\bmatters? most\b", r"\bfirst priority\b", r"\btop priority\b", r"\bprimary\b",
             r"\bsecondary\b", r"\b(?:least|less|more) important\b", r"\bmatters? (?:less|least|more)\b",
             r"\bout of (?:\d+|ten|five)\b", r"#\s?\d\b", r"\b\d(?:st|nd|rd|th)\b", r"\b(?:high|medium|low)\b",
             r"\bcritical\b", r"\bdeal[- ]?breaker\b", r"\bveto\b", r"\bmust[- ]have\b", r"\bnice[- ]to[- ]have\b",
             r"\bx\s?\d\b", r"\b\d(?:\.\d)?\s?x\b")
_NUM = r"(?:[$£€]\s?)?(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a hundred|half)"
THRESHOLD = _rx(r"\d\s*(?:%|percent|x\b|k\b|m\b|bn\b|million|billion)", r"[$£€]\s?\d", r"\d\s*(?:-|–|to)\s*\d",
                r"(?:above|below|under|over|more than|less than|at least|at most|fewer than|greater than|exceeds?|"
                r"beyond|within|up to|[<>≥≤])\s*" + _NUM,
                r"\d+\s*(?:hours?|days?|weeks?|months?|years?|minutes?|mins?|people|cases?|complaints?|times|points?)\b")
TIE_BREAKER = _rx(r"\bwins?\b", r"\bbeats?\b", r"\btrumps?\b", r"\boutranks?\b", r"\btakes? precedence\b",
                  r"\btie[- ]?break", r"\bconflict", r"\bcomes? (?:first|before)\b", r"\bover (?![$£€]?\d)(?!a |an |the )",
                  r"\brather than\b", r"\bprefer\b", r"\bovertakes?\b", r"\boverrides?\b",
                  r"\bwhen (?:they|two|both) (?:clash|disagree|pull)")
CUE = _rx(r"\b(?:see|saw|seen|seeing|hear|heard|hearing|notice|noticed|spot|spotted|smell|watch|watching|listen)\b",
          r"\blook(?:s|ed|ing)? (?:for|at|like)\b", r"\bsigns?\b", r"\bsignals?\b", r"\bred flags?\b", r"\btell[- ]?tale\b",
          r"\bcues?\b", r"\bsymptoms?\b", r"\bwarning\b", r"\bindicators?\b", r"\bpattern\b", r"\bsounds?\b",
          r"\btone\b", r"\bshows? up\b", r"\bgives? it away\b", r"\bthe moment\b", r"\bspikes?\b", r"\bjumps?\b",
          r"\bdrops?\b", r"\btrending\b", r"\bmentions?\b")
EXAMPLE = _rx(r"\btemplate\b", r"\bsample\b", r"\bfor example\b", r"\bfor instance\b", r"\blooks? like\b",
              r"\bsomething like\b", r"\bgoes like\b", r"[\"“][^\"”\n]{12,}[\"”]", r"\[[^\]]{2,40}\]", r"\{[^}]{2,40}\}",
              r":\s*\n", r"\bsuch as\b", r"\bheadline\b[^\n]{0,80}:", r"\bsubject line\b")

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
NATURAL_ELEMENT = {
    Check.ORDERED_STEPS: "process",
    Check.CRITERIA_WITH_WEIGHT: "decision_criteria",
    Check.THRESHOLD: "decision_criteria",
    Check.TIE_BREAKER: "decision_criteria",
    Check.CONDITION: "decision_criteria",
    Check.OBSERVABLE_CUE: "decision_criteria",
    Check.CONCRETE_INSTANCE: "examples",
    Check.EXAMPLE: "examples",
}
DEFAULT_ASK = {
    Check.MIN_WORDS: "Could you say a little more, as you would to a new colleague?",
    Check.ORDERED_STEPS: "In what order do you do these? Number them, and mark the hardest one.",
    Check.CRITERIA_WITH_WEIGHT: "How much does each one count? A ranking or rough percentages are fine.",
    Check.THRESHOLD: "At what number does your call change? A range is fine.",
    Check.TIE_BREAKER: "When two of them pull in different directions, which one wins?",
    Check.CONDITION: "On what does it depend, and what do you do in each case?",
    Check.OBSERVABLE_CUE: "What do you actually see or hear that tells you?",
    Check.CONCRETE_INSTANCE: "When did this last actually happen, and what did you do?",
    Check.EXAMPLE: "Could you paste or sketch a short sample of what it looks like?",
    Check.NO_BOILERPLATE: "What does that mean in practice: what exactly did you do the last time?",
}


def _count(n: int) -> str:
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)


def _items(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _thin(question: Question, text: str) -> str | None:
    words = len(WORD.findall(text))
    items = len(_items(text))
    if question.kind is Kind.STEPS and items < 3:
        return f"You gave {_count(items)} step{'s' if items != 1 else ''}; most jobs like this take three to six."
    if question.kind in (Kind.LIST, Kind.CRITERIA) and items < 2 and words < question.min_words:
        return f"You named {_count(items)} item{'s' if items != 1 else ''}; a second or third would help."
    if question.kind is Kind.TEXT and words < question.min_words:
        return f"Your answer has {_count(words)} word{'s' if words != 1 else ''}; this question needs a bit more."
    return None


def _criteria_without(pattern: re.Pattern[str], text: str) -> tuple[int, int]:
    """How many criteria lines there are, and how many lack the pattern."""
    lines = _items(text)
    return len(lines), sum(not pattern.search(line) for line in lines)


def _weight(question: Question, text: str) -> str | None:
    total, missing = _criteria_without(WEIGHT, text)
    if total > 1 and missing == total:
        return f"You named {_count(total)} criteria but gave none of them a weight or rank."
    if total > 1 and missing:
        return f"You named {_count(total)} criteria, and {_count(missing)} have no weight or rank."
    if total <= 1 and not WEIGHT.search(text):
        return "You named what you weigh, but not how much each counts."
    return None


def _threshold(question: Question, text: str) -> str | None:
    return None if THRESHOLD.search(text) else "You gave no number or range at which your call changes."


def _tie_breaker(question: Question, text: str) -> str | None:
    if TIE_BREAKER.search(text):
        return None
    total = len(_items(text)) if question.kind is Kind.CRITERIA else 0
    named = f"You named {_count(total)} criteria" if total > 1 else "You named what you weigh"
    return f"{named} but not which one wins when they conflict."


def _condition(question: Question, text: str) -> str | None:
    hedge = HEDGE.search(text)
    if CONDITION.search(text):
        return None
    if hedge:
        return f'You wrote "{hedge.group(0)}" without saying on what, or what you do in each case.'
    if Check.CONDITION in question.expects:
        return "You said what you do, but not when: under what conditions does it change?"
    return None


def _instance(question: Question, text: str) -> str | None:
    if INSTANCE.search(text):
        return None
    habit = NORMATIVE.search(text)
    if habit:
        return f'You wrote "{habit.group(0)}": that is the rule, not yet a case where it happened.'
    if Check.CONCRETE_INSTANCE in question.expects:
        return "You described it in general, not one real case: when, who, what happened."
    return None


def _cue(question: Question, text: str) -> str | None:
    return None if CUE.search(text) else "You said what you conclude, but not what you see or hear that tells you."


def _steps(question: Question, text: str) -> str | None:
    if question.kind is Kind.STEPS or NUMBERED.search(text) or len(set(SEQUENCE.findall(text))) >= 2:
        return None
    return "You listed what you do, but not in what order."


def _example(question: Question, text: str) -> str | None:
    return None if EXAMPLE.search(text) else "You described the deliverable, but gave no sample or template of it."


def _boilerplate(question: Question, text: str) -> str | None:
    found = BOILERPLATE.search(text)
    return f'You wrote "{found.group(0)}", which could mean anything.' if found else None


CheckFn = Callable[[Question, str], str | None]
CHECKS: dict[Check, CheckFn] = {
    Check.ORDERED_STEPS: _steps,
    Check.CRITERIA_WITH_WEIGHT: _weight,
    Check.THRESHOLD: _threshold,
    Check.TIE_BREAKER: _tie_breaker,
    Check.CONDITION: _condition,
    Check.OBSERVABLE_CUE: _cue,
    Check.CONCRETE_INSTANCE: _instance,
    Check.EXAMPLE: _example,
    Check.NO_BOILERPLATE: _boilerplate,
}
ALWAYS = (Check.CONDITION, Check.CONCRETE_INSTANCE, Check.NO_BOILERPLATE)
"""Run on every answer: hedges, habits without a case and boilerplate are gaps whatever the question."""


def _order(question: Question) -> list[Check]:
    declared = [c for c in question.expects if c is not Check.MIN_WORDS]
    return [Check.MIN_WORDS] + declared + [c for c in ALWAYS if c not in declared]


def find_gaps(question: Question, text: str) -> list[Gap]:
    """Every gap in the answer, most important first."""
    if question.kind is Kind.CHOICE:
        return []
    gaps, lowered = [], text.lower()
    for check in _order(question):
        reason = _thin(question, text) if check is Check.MIN_WORDS else CHECKS[check](question, lowered)
        if reason:
            natural = NATURAL_ELEMENT.get(check)
            element = natural if natural in question.feeds else question.feeds[0]
            gaps.append(Gap(element=element, check=check.value, reason=reason))
    return gaps


def follow_up_for(question: Question, gap: Gap) -> str:
    """One bite-sized follow-up: what was missing, then the domain's question for it."""
    check = Check(gap.check)
    return f"{gap.reason} {question.follow_ups.get(check) or DEFAULT_ASK[check]}"


class HeuristicProber:
    """Offline, deterministic and fast; the default when no LLM is configured."""

    name = "offline"

    def probe(self, request: ProbeRequest) -> ProbeResult:
        gaps = find_gaps(request.question, request.answer)
        focus = next((gap for gap in gaps if gap.check not in request.asked), None)
        follow_up = follow_up_for(request.question, focus) if focus else None
        return ProbeResult(satisfied=not gaps, gaps=gaps, follow_up=follow_up, focus=focus)
