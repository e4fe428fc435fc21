"""Reading the expert's sentences: splitting them, hedges and boilerplate, and the voices a prompt speaks in.

Its hedge reading (`is_hollow`) lives in elicit.core.reading.hollow, where the interview's coverage meter reads
it too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from elicit.core.reading.hollow import _HOLLOW, content_words, is_hollow  # noqa: F401 (is_hollow: forms reads it here)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# --- sentences and quotes -------------------------------------------------------------------------

# Quoted passages stay verbatim. A single-quoted passage opens after a non-letter and closes before one,
# so the apostrophes of "don't" and "customers'" do not count as quotes.
QUOTED = re.compile(r'"[^"\n]*"|“[^”]*”|(?<![\w\'])\'(?=\S)[^\'\n]{1,200}?(?<=[^\s\\])\'(?!\w)')
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Za-z0-9\"“(])|\n+")
_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|incl|approx|vs|etc|no|nr|ca|cf|mr|mrs|ms|dr|st|min|max|fig|p)\.|"
                           r"\b[A-Z]\.)$", re.IGNORECASE)


_CLOCK = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Split into sentences, keeping a quoted passage (a template, a sample) in one piece."""
    return list(_sentences(text))


@lru_cache(maxsize=8192)
def _sentences(text: str) -> tuple[str, ...]:
    """sentences(), remembered: Review assembles the same answers on every rerun."""
    quotes: list[str] = []

    def hide(match: re.Match[str]) -> str:
        quotes.append(match.group(0))
        return f"\x00{len(quotes) - 1}\x00"

    hidden = QUOTED.sub(hide, text.replace("\x00", ""))
    lower_case = text.lstrip()[:1].islower()  # typed in lower case throughout ("the usual. one page."): no tails
    parts: list[str] = []
    for line in hidden.split("\n"):
        for piece in (p.strip() for p in _SENTENCE.split(line) if p and p.strip()):
            joins = _joins_previous(parts[-1], piece, lower_case) if parts and parts[-1] is not None else False
            if parts and parts[-1] is not None and (joins or _one_word(parts[-1])):
                tail = piece if _ABBREVIATION.search(parts[-1]) or lower_case else capitalised(piece)
                parts[-1] = f"{parts[-1]} {tail}"
            else:
                parts.append(piece)
        parts.append(None)  # a line break always ends a sentence
    return tuple(re.sub(r"\x00(\d+)\x00", lambda m: quotes[int(m.group(1))], part) for part in parts if part)


def _one_word(piece: str) -> bool:
    """A one-word sentence ("Short.", "Diligence.") is a heading for the sentence after it, not a statement."""
    return len(piece.split()) == 1 and not piece.startswith("\x00")


def _joins_previous(previous: str, piece: str, lower_case: bool = False) -> bool:
    """A split after an abbreviation ("incl. 3"), or a short lower-case tail ("in that order."), is no new sentence;
    in a text typed in lower case throughout, a lower-case start is the typing, not a tail."""
    if _CLOCK.search(previous) and piece[:1].isupper():  # "... at 3 a.m. If it spreads ..." is two sentences
        return False
    if _ABBREVIATION.search(previous):
        return True
    return (not lower_case and piece[:1].islower() and len(piece.split()) <= 3
            and not re.search(r"\d", piece))


def outside_quotes(text: str, change) -> str:
    """Apply change to the parts of text outside quotes; quoted words are never rewritten."""
    pieces, last = [], 0
    for quote in QUOTED.finditer(text):
        pieces += [change(text[last:quote.start()]), quote.group(0)]
        last = quote.end()
    return "".join(pieces + [change(text[last:])])


# --- hedges and boilerplate (read in elicit.core.reading.hollow) ----------------------------------------

_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:]|\s[-–—]\s|\bbut\b|\bthough\b|\balthough\b)\s*", re.IGNORECASE)


def without_hedges(sentence: str) -> tuple[str, list[str]]:
    """The sentence less its hollow clauses ("Safety first, but it depends." -> "Safety first."), and those clauses."""
    kept, hollow = _without_hedges(sentence)
    return kept, list(hollow)


@lru_cache(maxsize=8192)
def _without_hedges(sentence: str) -> tuple[str, tuple[str, ...]]:
    if not _HOLLOW.search(sentence):
        return sentence, ()
    if is_hollow(sentence):
        return "", (sentence.strip(),)
    clauses = _CLAUSE_BREAK.split(sentence)
    hollow = [c.strip(" .") for c in clauses if c.strip() and is_hollow(c)]
    if not hollow:
        return sentence, ()
    kept = sentence
    for clause in hollow:
        kept = re.sub(r"[,;:]?\s*(?:but |though |although )?" + re.escape(clause) + r"\s*", " ", kept, count=1)
    kept = re.sub(r"\s+([.,;:!?])", r"\1", kept).strip(" ,;:")
    if not kept or len(content_words(kept)) < 1:
        return "", (sentence.strip(),)
    return (kept if kept[-1] in ".!?" else kept + "."), tuple(hollow)


# --- the voices -----------------------------------------------------------------------------------

_YOU = {
    "i'm": "you are", "i am": "you are", "i was": "you were", "i've": "you have", "i'd": "you would",
    "i'll": "you will", "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    # first-person plural is the expert's team, not the model ("we know" is not "you know")
    "we're": "your team are", "we are": "your team are", "we were": "your team were", "we've": "your team have",
    "we'd": "your team would", "we'll": "your team will", "we": "your team", "us": "your team",
    "our": "your", "ours": "yours", "ourselves": "themselves",
}
_THEY = {
    "i'm": "they are", "i am": "they are", "i was": "they were", "i've": "they have", "i'd": "they would",
    "i'll": "they will", "i": "they", "me": "them", "my": "their", "mine": "theirs", "myself": "themselves",
    "we're": "the team are", "we are": "the team are", "we were": "the team were", "we've": "the team have",
    "we'd": "the team would", "we'll": "the team will", "we": "the team", "us": "the team",
    "our": "the company's", "ours": "the company's", "ourselves": "the team",
}


def _person_rx(words: dict[str, str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(k) for k in words), key=len, reverse=True)
    return re.compile(r"(?<![\w'])(" + "|".join(alternatives) + r")(?![\w'])", re.IGNORECASE)


_YOU_RX, _THEY_RX = _person_rx(_YOU), _person_rx(_THEY)
_STARTS_SENTENCE = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")


def _swapper(words: dict[str, str]):
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        before = match.string[:match.start()]
        if word == "US" or (word == "i" and before.endswith("(")):
            return word  # the country, or a list marker (i)
        replacement = words[word.lower()]
        if _STARTS_SENTENCE.search(before[-3:] if before else "") or not before.strip():
            return capitalised(replacement)
        return replacement
    return swap


@lru_cache(maxsize=8192)
def to_second_person(text: str) -> str:
    """The expert's first person in the second person the prompt speaks in; "we" is "your team"; quotes verbatim."""
    return outside_quotes(text.replace("’", "'"), lambda part: _agreed(
        _YOU_RX.sub(_swapper(_YOU), _WE_ARE_THE_FIRM.sub(_the_firm, _OURS.sub(r"\1 your organisation", part)))))


# "We're part of a listed group", "we are a fire safety group", "we're at 18%": what the company is, not the team
_WE_ARE_THE_FIRM = re.compile(
    r"\b(we're|we are|we were)\s+(?=(?:a|an|part of|listed|based|owned|headquartered|regulated|quoted|"
    r"privately|publicly|at \d|now at \d|the (?:only|biggest|largest|smallest|second|third|market|leading)))",
    re.IGNORECASE)


def _the_firm(match: re.Match[str]) -> str:
    said = match.group(1)
    verb = "was" if said.lower() == "we were" else "is"
    return f"{'Your' if said[:1].isupper() else 'your'} organisation {verb} "


# "linked to us", "a complaint about us", "fines us": the organisation a claim is about or an outsider acts on,
# not the team that handles the case
_OURS = re.compile(
    r"\b((?:linked|related|connected|traced|tied|attributed|blamed|pinned|down) (?:to|on)|about|against|by|"
    r"(?:fine|sue|blame|accuse|critici[sz]e|attack|target|boycott|investigate|name|shame|report|hate|trust|leave)"
    r"(?:s|d|es|ed|ing)?|fining|suing|blaming|accusing|criticising|criticizing|naming|shaming|leaving|left) us\b",
    re.IGNORECASE)
_AGREEMENT = {"do": "does", "don't": "doesn't", "have": "has", "haven't": "hasn't"}
_TEAM_AGREES = re.compile(r"\b(do|don't|have|haven't) (your team)\b", re.IGNORECASE)


def _agreed(text: str) -> str:
    """"What do your team know" reads "What does your team know": the verb before the team agrees with it."""
    def agree(match: re.Match[str]) -> str:
        verb = _AGREEMENT[match.group(1).lower()]
        return f"{capitalised(verb) if match.group(1)[0].isupper() else verb} {match.group(2)}"
    return _TEAM_AGREES.sub(agree, text)


# "I call", "I also name", "I don't believe": the expert's own action; not after a word that opens a
# subordinate clause ("until I see" stays "until they see")
_ACTION = re.compile(r"(?<![\w'])(?<!if )(?<!If )(?<!when )(?<!When )(?<!once )(?<!until )(?<!unless )(?<!because )"
                     r"(?<!before )(?<!after )(?<!as )(?<!since )(?<!while )(?<!that )(?<!which )(?<!who )"
                     r"(?<!where )(?<!than )(?<!so )I (?:(?P<neg>don't|do not|never) )?"
                     r"(?P<adverb>(?:also|always|first|then|usually|still|now|immediately) )?(?P<verb>[a-z]+)\b")
_NOT_A_PRESENT_ACTION = re.compile(
    r"(?:am|was|were|have|had|would|will|could|should|might|must|do|did|think|guess|suppose|believe|feel|"
    r"know|mean|hope|want|need|like|chose|made|went|took|saw|told|got|gave|knew|thought|said|put|set|let|ran|"
    r"came|kept|left|felt|found|sent|spent|built|held|can|may|just|really|\w+ed)$")


_SUBORDINATE_START = re.compile(r"\s*(?:when|whenever|if|once|until|unless|before|after|as soon as)\b", re.IGNORECASE)


def _still_the_condition(before: str) -> bool:
    """After "When I see X" an "I" joined by "or"/"and" is still the condition while no main clause has begun:
    no comma yet ("If it rains and I see"), or straight after one ("When I see X, or I hear Y")."""
    *head, tail = before.rsplit(",", 1)
    joined = re.search(r"\b(?:or|and)\s+\Z", tail)
    return bool(joined) and (not head or not tail[:joined.start()].strip())


def to_advice(text: str, user: str) -> str:
    """The expert's own actions as advice the model gives its user ("I call X" -> "Tell the duty manager to call X")."""
    def advise(part: str) -> str:
        out = []
        for sentence in re.split(r"(?<=[.!?])(\s+)", part):
            out.append(_advise_sentence(sentence, user))
        return "".join(out)
    return outside_quotes(text.replace("’", "'"), advise)


def _advise_sentence(sentence: str, user: str) -> str:
    told = False
    conditional = _SUBORDINATE_START.match(sentence) is not None

    def tell(match: re.Match[str]) -> str:
        nonlocal told
        verb = match.group("verb")
        if _NOT_A_PRESENT_ACTION.match(verb) and not match.group("neg"):
            return match.group(0)
        if conditional and not told and _still_the_condition(sentence[:match.start()]):
            return match.group(0)  # "When I see X, or I hear Y, ...": still the condition, not an action
        negation = {"never": "never ", None: ""}.get(match.group("neg"), "not ")
        adverb = match.group("adverb") or ""
        if told:  # the advice goes on: "tell the duty manager to freeze the evidence: stop log rotation"
            return f"{negation}{adverb}{verb}" if not negation else f"{negation.strip()} {adverb}{verb}"
        told = True
        at_start = match.start() == 0
        return f"{'Tell' if at_start else 'tell'} {user} {negation}to {adverb}{verb}"

    advised = _ACTION.sub(tell, sentence)
    return _THEY_RX.sub(_swapper(_THEY), advised)


def short_user(user: str) -> str:
    """How advice names the user: "a duty manager or a junior in ..." -> "the duty manager"."""
    head = re.split(r",| or | who | with | in the | from ", user, maxsplit=1)[0].strip()
    return re.sub(r"^(?:a|an|any|one)\s+", "the ", head, flags=re.IGNORECASE) or "the user"
