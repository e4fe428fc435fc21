"""The criteria of a criteria answer as a trained interviewer counts them, with their weights, ranks and ties.

A criterion is a named factor: "A 40%, B 30%, C 30%" is three weighted criteria in one line; "below 15% IRR I
pass" is a veto line and "if A and B pull apart, A wins" a tie-breaker, not criteria short of a weight.
"""

from __future__ import annotations

import re
from functools import lru_cache

from elicit.core.reading.patterns import BULLET, CRITERION_THRESHOLD, DIGIT, WORD, _lowercase, _words
from elicit.core.reading.lists import digits, items, sentences, _numbered


# --- criteria -------------------------------------------------------------------------------------------
WEIGHT = re.compile(
    r"\d\s?%|" + _words(
        "percent", "per cent", "weight(?:s|ed|ing)?", "weighs? (?:more|less|most|least|double|twice)", "points?", "rank(?:ed|ing|s)?", "most important",
        "matters? most", "first priority", "top priority", "priority (?:one|1|two|2|three|3)", "primary",
        "secondary", "(?:least|less|more) important", "matters? (?:less|least|more)", "out of (?:\\d+|ten|five)",
        "(?:high|medium|low)", "critical", "deal[- ]?breaker", "veto", "must[- ]have", "nice[- ]to[- ]have",
        "first", "second", "third", "fourth", "(?<!should )(?<!will )(?<!would )(?<!must )(?<!to )(?<!can )last",
        "most", "least", "above all", "counts? (?:double|twice|most|least|for)", "double", "half as much",
        "tie-?breaker", "gate", "knock-?out", "hurdle", "non-negotiable", "\\d(?:st|nd|rd|th)",
        "number (?:one|two|three|1|2|3)", "then", "half", "a quarter", "two thirds", "three quarters", "the rest",
        "the remainder", "the balance", "the bulk", "lion's share", "whatever is left", "equal(?:ly)?", "evenly",
        "a little", "a bit", "pts")
    + r"|#\s?\d\b|\bx\s?\d\b|\b\d(?:\.\d)?\s?x\b|^\s*\d+[.)]|\(\s*\d{1,3}\s*\)|\b\d{1,3}\s?/\s?\d{1,3}\b",
    re.IGNORECASE)
"""A weight or rank: a share ("40%", "(40)", "half", "the rest", "50/50"), points, a rank or a gate."""
BARE_WEIGHT = re.compile(r"(?:^|[\s:=(-])(?<!year )(?<!month )(?<!day )(?<!week )(?<!phase )(?<!step )(?<!stage )"
                         r"(?<!level )(?<!tier )(?<!top )(?<!page )\d{1,3}\s*\)?$")
"""A bare number closing a short part ("Management 40", "Price - 30"): the part's share."""
APPROX_WEIGHT = re.compile(r"(?:\b(?:about|around|roughly|approximately|nearly|almost|some|circa)|~)\s*"
                           r"(\d[\d.]*\s?(?:%|percent|per cent|points?|pts)|half|a 3rd|a quarter|the bulk)")
"""An approximate share ("about half", "roughly 30%") is a weight, not a line."""
GLOBAL_RANKING = re.compile(_words("(?:first|number one|top|(?:matters?|counts?) (?:the )?most)\\b.{0,120}\\bthen",
                                   "counts? (?:double|twice|triple)",
                                   "in that order", "in this order", "in order of (?:importance|priority)",
                                   "ranked (?:as|in the order) (?:listed|given|above)", "(?:that|this) is the order",
                                   "descending order", "as listed", "from most to least"), re.IGNORECASE)
TIE_BREAKER = re.compile(_words(
    "wins?", "winning", "beats?", "trumps?", "outranks?", "takes? precedence", "tie[- ]?break\\w*", "conflicts?",
    "comes? (?:first|before|ahead)", "ahead of", "rather than", "prefer\\w*", "overrides?", "overtakes?",
    "last word", "final (?:say|word|call)", "has the say", "decides", "veto\\w*", "above all", "at any cost",
    "whatever (?:it costs|the cost)", "no matter (?:what|the cost|how)", "even (?:if|at the cost|when|though)",
    "before (?:i|we) (?:let|risk|put|accept|lose)",
    "(?:will|would|'ll) not (?:\\w+ ){0,3}(?:delay|trade|sacrifice|risk|"
    "compromise|put|let|accept|chase|give up)", "won't (?:\\w+ ){0,3}(?:delay|trade|sacrifice|risk|compromise|put|let|"
    "accept|chase|give up)", "never (?:\\w+ ){0,3}(?:trade|sacrifice|delay|compromise|put|let|accept|chase)",
    "(?:i'?ll|i will|i would|i'd|we'll|we will) (?:take|eat|accept|swallow) (?:a|the) (?:\\w+ )?(?:hit|loss)",
    "over (?!\\d|a |an |the \\d)\\w+", "give up", "gives? way", "sacrifice\\w*", "goes? last", "comes? last",
    "first,? always", "always first", "before anything else",
    "(?:when|where|if) [^.;\\n]{0,60}(?:clash|disagree|pull apart|conflict|point (?:in )?different ways)", "trust (?:the )?\\w+ over", "i pass", "walk away", "pass on"),
    re.IGNORECASE)
"""A tie settled in words: what wins, what is never traded for what."""
TIE_LINE = re.compile(_words("wins?", "beats?", "trumps?", "outranks?", "disagree", "conflicts?", "clash", "tie",
                             "pull apart", "point (?:in )?different ways", "prevails?", "takes? precedence"))
"""A line of a criteria answer that settles a tie rather than naming a criterion."""
VETO = re.compile(_words(
    "(?:i|we)(?:'d| would| will|'ll)? (?:pass|walk(?: away)?|decline|kill it|say no|drop it|stop there)",
    "pass on (?:it|the deal|that)", "walk away", "no deal", "no-go", "an? (?:automatic |hard |flat )?no",
    "deal[- ]?breakers?", "knock-?out", "kill\\w*", "cut-?offs?", "(?:pass|kill|red) (?:line|mark|bar)", "veto\\w*",
    "non-negotiable", "red lines?", "hard (?:stop|line|floor|cap)",
    "(?:won't|will not|don't|do not|never) (?:invest|back|touch|do it|do the deal|buy|sign|proceed|go ahead)",
    "never (?:above|below|over|under|more than|less than|beyond|past)",
    "automatic(?:ally)? (?:out|pass|recall|escalat\\w*)", "(?:it|that|the deal)(?:'s| is) (?:out|dead|off)"))
"""A line that rules a case out ("below 15% IRR I pass", "never above 6x"): a veto, not a criterion short of a
weight; the threshold check reads its line."""
RULE_MARK = re.compile(r"\s(?:=|=>|->|→)\s")
"""A case and what it leads to, written as a formula: "3 injured = public recall"."""
RULE_OPENING = re.compile(
    r"^\W*(?:if|when(?:ever)?|once|unless|below|above|under|over|beyond|past|more than|less than|fewer than|"
    r"at least|anything|any|a single|north of|south of|(?:it )?(?:all )?depends?|depending|in|for|across|within|"
    r"during|because|since|so|but)(?=[\s,])")
"""How a rule, an aside or a case opens ("If ...", "Below 20% ...", "For a carve-out ..."); a criterion opens with
its name."""
CRITERION_HEAD = re.compile(r"^\W*[^\W\d](?:[\w'’&/]*\s?){1,4}(?::|\s[-–—]\s|\s?\(|,)")
"""A criterion named at the head of its part: "Exit: ...", "Exit - ...", "Exit (...)", "The exit, ..."."""
ADDITIVE = re.compile(_words("also", "too", "as well", "plus", "on top", "matters?", "counts?",
                             "(?:i|we) (?:also )?(?:look at|weigh|check|score)"))
"""A criterion added in prose ("Leverage matters too", "I also look at the exit")."""
PIECE = re.compile(r"\s*;\s*|,(?!\d)\s*|\s+(?:/|\||-|–|—)\s+")
JOIN = re.compile(r"\s+(?:and|&|plus)\s+")
NAME_NOISE = frozenset(
    "about around roughly approximately nearly almost some circa the and for its count counts gets get carries "
    "carry worth weight weights weighted weighting percent cent per points pts each rest remainder balance bulk "
    "most least more less half quarter third thirds quarters then also too much share lion's whatever left little bit "
    "equal equally evenly double twice".split())
"""Words that weigh a criterion but do not name one ("about half", "the rest", "30 points each")."""
SHARE = re.compile(r"\d|" + _words("half", "quarters?", "thirds?", "3rd", "the rest", "the remainder", "the balance",
                                    "the bulk", "lion's share", "whatever is left", "equal(?:ly)?", "evenly"))
"""A share of the weight, a number or a fraction: a line splits into criteria only where each part has its own."""
RANK_CHAIN = re.compile(r"[a-z]\s*>\s*[a-z][^>\n]{0,60}>\s*[a-z]")
"""A ranking written as a chain: "safety > cost > reputation"."""
SHARED_MOST = re.compile(r"\s+(?:all\s+|both\s+)?(?:matters?|counts?|weighs?)\s+(?:the\s+)?most\b[^\d%]*$",
                         re.IGNORECASE)
"""A rank word said of a whole list ("Team, market and price matter most"): it ranks none of them."""
NUMBERED_LINE = re.compile(r"^\s*\(?(\d{1,2})[.)]\s", re.MULTILINE)
ORDER = re.compile(_words("first\\W+(?:then|second)", "then\\W+(?:\\w+\\W+){0,6}(?:then|last|third)",
                          "(?:comes?|goes?|is|are|ranks?) (?:last|third|second)", "least important",
                          "number (?:one|two|1|2)",
                          "(?:and|then) (?:[\\w']+ ){1,3}last", "third",
                          "then\\W+(?:\\w+\\W+){0,6}(?:\\w+ )?(?:matters?|counts?|comes?) (?:least|last)"))
"""An order of priorities: it settles a tie only when the answer tells it, not as three bare words."""


(WEIGHT, GLOBAL_RANKING, TIE_BREAKER, ORDER) = map(_lowercase, (WEIGHT, GLOBAL_RANKING, TIE_BREAKER, ORDER))


@lru_cache(maxsize=16384)
def _weighted(text: str) -> bool:
    """A weight or rank, once the thresholds are set aside: "above 5%" is a line, "30%" or "about 30%" a weight,
    and so is the bare number that closes a short part ("Price 30")."""
    numeric = digits(text.lower().strip(" .;"))
    if not WEIGHT.search(numeric) and not (_short_part(numeric) and BARE_WEIGHT.search(numeric)):
        return False
    if not DIGIT.search(numeric):
        return True
    free = CRITERION_THRESHOLD.sub(" ", APPROX_WEIGHT.sub(r" \1", numeric)).strip()
    return bool(WEIGHT.search(free) or _short_part(free) and BARE_WEIGHT.search(free))


def _short_part(text: str) -> bool:
    return len(WORD.findall(text)) <= 6


def _named(part: str) -> bool:
    """Whether a part names something, beyond the words that weigh it ("about half" names nothing)."""
    return any(len(w) > 2 and w not in NAME_NOISE and not w[0].isdigit() for w in WORD.findall(part.lower()))


def _parts(text: str) -> list[str]:
    """The parts of a line that weighs several criteria at once ("A 40%, B 30% and C 30%"); a part that names
    nothing ("about half", "40 percent") belongs to the one before it."""
    parts: list[str] = []
    for piece in (p.strip(" .") for p in _pieces(text)):
        if piece and parts and not _named(piece):
            parts[-1] = f"{parts[-1]} {piece}"
        elif piece:
            parts += _joined(piece)
    return parts


def _pieces(text: str) -> list[str]:
    """The text cut at commas, semicolons, slashes and dashes, but not inside brackets: "(revenue down 15%, no
    add-ons)" is a note on one criterion."""
    cuts = [m for m in PIECE.finditer(text) if text.count("(", 0, m.start()) <= text.count(")", 0, m.start())]
    bounds = [0, *(x for m in cuts for x in (m.start(), m.end())), len(text)]
    return [text[start:end] for start, end in zip(bounds[::2], bounds[1::2], strict=True)]


def _joined(piece: str) -> list[str]:
    """"Growth 30% and price 30%": split at "and" only after a weighted part, so "Team and track record" stays."""
    left, *rest = JOIN.split(piece, maxsplit=1)
    if rest and _weighted(left) and _named(left) and _named(rest[0]):
        return [left, *_joined(rest[0])]
    return [piece]


def _criteria_of(item: str) -> list[str]:
    """The criteria one item names: several when it shares the weight out among several, without the asides; what
    comes before a colon that opens such a list introduces it ("Three things, weighted: ...")."""
    _, colon, listed = item.partition(":")
    for text in (listed, item) if colon else (item,):
        # "A 35% - why; B 25% - why": when semicolons part weighted criteria, each part is one, its dashes
        # and commas its notes
        semis = [part.strip(" .") for part in re.split(r"\s*;\s*", text) if part.strip(" .")]
        if len(semis) >= 2 and sum(_weighted(part) and _named(part) for part in semis) >= 2:
            return [part for part in semis if _weighted(part) or not _settles(part)]
        parts = _parts(text)
        if sum(_weighted(p) and _named(p) and bool(SHARE.search(digits(p.lower()))) for p in parts) >= 2:
            return [p for p in parts if _weighted(p) or not _settles(p)]
    return [item]


def _settles(item: str) -> bool:
    """A line that settles a tie, rules a case out or sets a case apart, rather than naming a criterion."""
    lowered = item.lower()
    return bool(TIE_LINE.search(lowered) or VETO.search(lowered) or RULE_OPENING.search(lowered)
                or RULE_MARK.search(lowered))


def _criterion_form(item: str) -> bool:
    """Whether an unweighted sentence reads as a criterion (a fragment, a named head, "X matters too") rather
    than the reasons around weighted ones."""
    lowered = item.lower()
    return _short_part(lowered) or bool(CRITERION_HEAD.search(lowered) or ADDITIVE.search(lowered))


def criteria(answer: str) -> list[str]:
    """The criteria of a criteria answer, as an interviewer counts them: "A 40%, B 30%, C 30%" is three; a
    tie-breaker, a veto ("below 15% IRR I pass") or a case ("for a carve-out ...") is none; and once two criteria
    carry weights, the prose around them explains them. Without any criterion left, every item is one."""
    found = [c for item, whole in _units(answer) for c in ([item] if whole else _criteria_of(item))]
    weighted = sum(map(_weighted, found))
    kept = [c for c in found if _weighted(c) or not (_settles(c) or weighted >= 2 and not _criterion_form(c))]
    return kept or found


def _units(answer: str) -> list[tuple[str, bool]]:
    """The items a criteria answer is read in, and whether each is one criterion whole: a bulleted line is (its
    sentences are its notes); other lines are read sentence by sentence, and a one-sentence answer as a list
    ("Safety, cost, reputation") unless it shares the weight out itself."""
    rows = [row.strip() for row in answer.splitlines() if row.strip()]
    if len(rows) == 1 and (_numbered(rows[0]) or len(sentences(rows[0])) < 2):
        return [(rows[0], False)] if len(_criteria_of(rows[0])) > 1 else [(i, False) for i in items(answer)]
    units: list[tuple[str, bool]] = []
    for row in rows:
        bulleted = len(rows) > 1 and BULLET.match(row)
        units += [(BULLET.sub("", row).strip(), True)] if bulleted else [(said, False) for said in sentences(row)]
    return units


def _ranked(text: str) -> bool:
    """A numbered list counted up from 1 ("1. Team 2. Price 3. Growth", or one per line) is a ranking."""
    numbers = [int(n) for n in NUMBERED_LINE.findall(text)]
    return bool(_numbered(text.strip())) or len(numbers) >= 2 and numbers == list(range(1, len(numbers) + 1))


def _head(item: str) -> str:
    """The first word of an item that names it ("Harm to people" -> "harm"), for finding it in a reply."""
    words = [w.lower() for w in WORD.findall(item) if len(w) > 3]
    return words[0] if words else item.lower()
