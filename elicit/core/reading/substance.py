"""One reading of substance, shared by the prober, the assembler and the lint.

A statement earns its place in a prompt by what a model can act on: a condition ("if two reports name one batch"),
an action on a named thing ("call the plant manager"), a number ("above 6x"), an order ("safety before sales"), a
named thing ("the IC memo's risk page"), a quoted template. What carries none of them is one of three kinds of
nothing, each of which the interview did not settle:

- a **hedge**: "It depends.", "Use judgment.", "It's a gut feel built over years.";
- a **pointer** somewhere else: "Follow the playbook.", "The usual.", "Standard deck.", "Lenders will tell you.";
- **filler** that fits every field: "Be professional.", "Make sure everything is checked.", "You are an expert."

The markers of all three are found first and taken out; the statement is then judged by what is left. A marked
statement must still carry a number, a condition, an order, an action, a template or four words of its own
("It depends on whether the batch shipped: if it did, recall it" is substance); an unmarked one needs one of
those or three words of its own. `judge` is the one test for the prober (of an answer), the assembler (of every
statement it would place, in the role it is placed in) and the lint (of every element's evidence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from elicit.core.reading.patterns import BOILERPLATE, DODGE, HEDGE


class Substance(StrEnum):
    SUBSTANCE = "substance"
    HEDGE = "hedge"
    POINTER = "pointer"
    FILLER = "filler"


@dataclass(frozen=True)
class Verdict:
    """What a statement carries: its kind, the words that show it (the marker, or the text itself for filler),
    and the anchors a model can act on."""

    kind: Substance
    evidence: str
    anchors: tuple[str, ...] = ()
    marked: bool = False
    """Without substance, and a hedge, pointer or filler phrase shows it (not only too few words of its own);
    never set on a statement with substance."""

    @property
    def substantive(self) -> bool:
        return self.kind is Substance.SUBSTANCE

    def __bool__(self) -> bool:  # a verdict reads as "has substance"
        return self.substantive


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])")


# Markers, on lower-cased text with curly quotes made straight. Each list adds to what reading.patterns already
# reads (the prober's HEDGE, DODGE and BOILERPLATE), so the two can never disagree about a phrase.
_HEDGE_MORE = _rx(
    r"(?:it )?(?:all |really |always )?depends(?: on (?:the |each |a |your )?(?:situation|case|context|client|"
    r"circumstances|day|deal|brand|person|people|details|facts|sector|market|industry|project|company|team|"
    r"timing|things|a lot of things|many things))?",
    r"(?:i |you |we )?(?:just |always )?(?:use|apply|go (?:with|on)|trust|rely on|follow) (?:my |our |your |good |"
    r"sound |best |professional |common )?(?:judge?ment|gut|instinct|intuition|experience|common sense)",
    r"(?:a |my |our )?judge?ment(?: call)?", r"gut (?:feel(?:ing)?|instinct|call|check)", r"(?:i |you |we )?just know",
    r"(?:built|developed|learned|learnt) (?:up )?over (?:the )?years", r"(?:years of |from )experience",
    r"(?:there(?:'s| is) )?no (?:hard and fast |fixed |hard |set |single )?(?:rules?|formula|answer)",
    r"(?:i |we )?play it by ear", r"whatever (?:makes sense|works|feels right|seems right)", r"within reason",
    r"(?:as|when|where|if) (?:appropriate|needed|relevant|necessary|required)", r"more or less", r"sort of",
    r"kind of", r"it varies", r"on (?:a|the) case(?:[- ]by[- ]case)?(?: basis)?", r"see how it goes",
    r"(?:you|i|we) (?:figure|work) it out", r"(?:read|feel) the room", r"on instinct", r"by feel",
    r"(?:fails? |passes? |the )?(?:smell|sniff|gut) test", r"(?:you )?know it when (?:you|i) see it",
    r"(?:stuff|things|anything) that (?:doesn't|don't|does not|do not) add up", r"(?:get|have) a feel for (?:it|that)",
    r"(?:a |the )?sixth sense", r"weigh(?:ing)? up the pros and cons",
    r"(?:you|we|i)(?:'ll| will) (?:just |soon )?know", r"(?:it's|it is|it'll be|it will be) (?:usually |pretty )?obvious",
    r"hindsight(?:'s| is) (?:20/20|a wonderful thing)", r"(?:above|beyond) (?:my|our) pay grade")
_POINTER_MORE = _rx(
    r"(?:the |our |my |a |your )?(?:standard|usual|normal|regular|typical|default|same old|customary) "
    r"(?:[a-z]+ )?(?:deck|memo|format|template|report|pack|paper|process|procedure|approach|way|stuff|things|"
    r"structure|one|checks?|list|playbook|doc(?:ument)?|slides?|email|note|plan|steps?|questions?|brief|thing)",
    r"(?:the |as )?usual", r"as (?:always|normal|standard|per usual)", r"same as (?:always|ever|usual|before|above)",
    r"(?:follow|use|see|check|apply|per|as per|according to) (?:the |our |my |your )?(?:\w+ )?(?:playbook|manual|"
    r"handbook|policy|sop|guidelines?|framework|checklist|template|process|procedure|protocol|wiki)",
    r"(?:the )?(?:lenders?|banks?|lawyers?|legal|counsel|client|market|data|numbers|model|regulator|advisers?|"
    r"advisors?|team|comms team|board|auditors?|accountants?|experts?|others) (?:will|would|can|should) "
    r"(?:tell|advise|decide|say|guide)(?: you| us)?", r"ask (?:legal|the lawyers|the team|someone|around)",
    r"(?:it's |it is )?(?:all )?(?:in|on) the (?:\w+ )?(?:manual|playbook|handbook|wiki|drive|template|deck|intranet)",
    r"(?:there's|there is) a (?:\w+ )?(?:template|checklist|playbook|manual|process) (?:for (?:that|it) |somewhere |"
    r"on the \w+(?: \w+)?)?",
    r"(?:the )?(?:\w+ )?(?:numbers|data|figures|tracker|dashboard) (?:will|would) (?:tell|show) (?:you|us)",
    r"see (?:above|below|attached|the deck|the doc)",
    r"(?:a )?(?:mix|mixture|combination|bit) of (?:all )?(?:of )?(?:the above|everything)", r"(?:all|none) of the above",
    r"(?:it's|it is|everything's|everything is|that's|that is) (?:all )?(?:in|on) (?:there|it|that|the \w+)",
    r"(?:went with|did|followed|go with|do|follow) what (?:the |our )?\w+ (?:said|says|suggested|suggests|recommended|"
    r"recommends|told us|tells us|wanted|wants)", r"like (?:most|all|any) (?:other )?\w+(?: tbh)?",
    r"(?:the |our |my |your )(?:\w+ )?(?:manual|playbook|handbook|runbook|sop|wiki)",
    r"(?:the )?same as (?:every|any|most|all|other) (?:\w+ )?(?:fund|firm|agency|shop|company|team|one|body|else|"
    r"house|bank|consultancy|practice)s?", r"like (?:every|any) other (?:\w+ )?\w+",
    r"(?:what|how) (?:every|any)(?:one|body) (?:else )?does(?: it)?",
    r"whatever (?:\w+ ){0,2}(?:the|our|their) (?:\w+ )?(?:set up|sets up|uses?|says?|wants?|decides?|recommends?|"
    r"picks?|gives?|sends?|chose|picked)", r"as (?:above|before|discussed|mentioned)", r"n/?a",
    r"you know (?:the drill|what to do)", r"nothing (?:special|unusual|fancy)", r"the obvious(?: \w+)?",
    r"(?:and so on|etc\.?|and all that|and stuff)", r"(?:the )?right (?:things?|way|approach|people|call|questions?|steps?|stuff)")
_FILLER_MORE = _rx(
    r"be (?:professional|clear|concise|careful|thorough|helpful|accurate|honest|transparent|proactive|"
    r"responsive|calm|diligent|precise|polite|respectful|sensible|reasonable|smart|quick|fast|efficient|commercial|"
    r"pragmatic|practical|realistic|strategic|decisive|bold|brave|humble|human|authentic|empathetic|nice|kind|fair|"
    r"firm|consistent|confident|positive|open|flexible|agile|rigorous|credible|on it)",
    r"(?:don't|do not|never) panic", r"obviously|of course|naturally|needless to say|tbh|to be honest", r"keep (?:calm|cool|your head|it simple|it tight|it real)",
    r"(?:keep|have) an eye on(?: (?:it|things|everything|social|the \w+))?", r"(?:stay|be) on top of (?:it|things)",
    r"(?:make sure|ensure|check(?: that)?) (?:that )?(?:everything|all|it all|things|all of it|it)(?: is| are| gets?)?"
    r"(?: (?:checked|done|right|correct|covered|ok|okay|fine|in order|good|handled|accurate))?",
    r"(?:check|double-check|review|verify) (?:everything|all of it|it all|things)",
    r"you are (?:an? )?(?:expert|professional|specialist|consultant|assistant|helpful assistant)(?: in \w+)?",
    r"(?:act|behave|think) (?:like|as) an? (?:expert|professional|specialist)",
    r"(?:do|give|produce|write) (?:a |your )?(?:good|great|quality|high[- ]quality|proper|best|solid) "
    r"(?:job|work|answer|output|analysis)", r"(?:high|good|top)[- ]quality", r"best (?:possible|effort)",
    r"(?:stay|keep) (?:calm|focused|on top of (?:it|things))", r"communicate (?:well|clearly|effectively)",
    r"do (?:what's|what is) (?:best|needed|right)", r"(?:as|if) (?:much|well) as possible",
    r"be mindful(?: of \w+)?",
    r"(?:get|gets|getting|got) (?:it|things|this|that|everything|the \w+) right",
    r"(?:do|does|doing|did) (?:a )?(?:good|great|proper|decent|solid|thorough|professional) job",
    r"(?:do|does|doing|did) (?:it|things|everything) properly", r"take care", r"pay attention(?: to detail)?", r"attention to detail",
    r"think (?:carefully|it through|about it)", r"(?:it's|it is) important", r"professional(?:ly)?",
    r"(?:clear|concise|compelling|structured|detailed|thorough|clean|punchy|crisp|sharp|simple|tight|snappy|slick)"
    r"(?:,? (?:and )?(?:clear|concise|compelling|structured|detailed|thorough|clean|punchy|crisp|sharp|simple|tight|"
    r"snappy|slick))+", r"(?:nothing |anything )?un(?:professional|helpful|reasonable)")

_MARKERS = ((Substance.HEDGE, HEDGE), (Substance.HEDGE, _HEDGE_MORE), (Substance.POINTER, DODGE),
            (Substance.POINTER, _POINTER_MORE), (Substance.FILLER, BOILERPLATE), (Substance.FILLER, _FILLER_MORE))

# --- anchors: what a model can act on -------------------------------------------------------------------------
_NUMBER = re.compile(r"\d|(?<![\w'])(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                     r"thirty|forty|fifty|hundred|thousand|million|billion|half|a third|a quarter|twice|double|"
                     r"triple|dozen|single|zero|one (?:in|of|out of|page|pager|slide|paragraph|line|sentence|screen|side|sheet)|first \w+ (?:hours?|days?|minutes?|weeks?))"
                     r"(?![\w'])")
_CONDITION = re.compile(r"(?<![\w'])(?:if|when|whenever|unless|once|as soon as|until|before|after|otherwise|"
                        r"in which case|provided|except|whether|only (?:if|when|once))(?![\w'])\s+(?P<rest>[^.;!?]+)")
_ORDER = re.compile(r"(?<![\w'])(?:first|before|above|over|then|last|most|least|main|ahead of|trumps?|beats?|wins?|outranks?|"
                    r"comes? (?:first|before|last)|priority|rather than|instead of|not at the expense of|more than|"
                    r"less than)(?![\w'])|>|→|->|=>")
_LIMIT = re.compile(r"(?<![\w'])(?:never|don't|do not|no|not|avoid|always|must|only|refuse|stop|without)(?![\w'])")
_ACTION = re.compile(
    r"(?<![\w'])(?:call|ring|phone|email|brief|tell|ask|notify|inform|escalate|recall|pull|freeze|stop|halt|hold|"
    r"publish|post|issue|send|draft|write|sign|approve|reject|pass|walk away|kill|cut|raise|lower|re-?price|"
    r"price|offer|bid|walk|test|sample|check|verify|confirm|measure|compare|map|list|rank|score|weigh|model|"
    r"interview|visit|audit|trace|quarantine|isolate|evacuate|shut|close|open|apologi[sz]e|name|quote|cite|"
    r"flag|log|record|document|photograph|keep|move|set up|convene|wake|page|assign|hand|share|show|lead|"
    r"start|end|split|group|sort|lay out|sketch|propose|recommend|benchmark|survey|pitch|launch|rename|"
    r"reposition|drop|add|remove|replace|fix|contain|secure|preserve|notif\w*)(?:s|es|ed|ing)?(?![\w'])")
_NAMED = re.compile(r"(?<=[a-z,;:(] )[A-Z][\w&'-]+|\b[A-Z]{2,}[a-z]?s?\b|\b[A-Z][a-z]+[A-Z]\w*")
_TEMPLATE = re.compile(r"[\"“][^\"”\n]{12,}[\"”]|\[[^\]\n]{2,60}\]|\{[^}\n]{2,60}\}|<[a-z_ ]{2,30}>|_{3,}")

# Words that carry no meaning of their own in a statement: function words, and the generic nouns and adjectives
# that fit every field ("things", "everything", "deck", "memo" alone, "professional").
_EMPTY = frozenset("""
a an the and or but so i we you it its it's is are was were be been being am do does did done to of on in at for
with by from as that this these those there here my our your their me us them they he she his her what how
which who whom whose all any some every each everything anything something nothing things thing stuff lot lots
really just well very much many more most quite pretty basically honestly mostly usually always generally often
sometimes then also too can could will would should shall may might must get got go goes going make makes made
take takes like about whatever sense good great right way ways fine ok okay yes no not yeah sure proper properly
important key relevant appropriate necessary needed required usual standard normal typical regular general
overall professional expert experts expertise specialist assistant consultant practitioner person people
someone somebody anyone everyone team teams job work works working answer answers output outputs result
results thing case cases situation situations context matter matters deal deals issue issues problem problems
question questions point points part parts kind sort type types year years time times day days experience
judgement judgment gut feel feeling instinct intuition memo deck report format template document doc slides
slide email note notes plan process procedure approach structure list checked check checks checking covered
handled ensure make sure clear concise careful thorough calm quick fast best quality high level first
""".split())
_OPENERS = frozenset("if when whenever unless once until before after otherwise provided except whether".split())
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _straight(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").lower()


def _markers(lowered: str) -> list[tuple[Substance, re.Match[str]]]:
    found = []
    for kind, pattern in _MARKERS:
        found += [(kind, m) for m in pattern.finditer(lowered) if m.group(0).strip()]
    return found


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def own_words(text: str) -> list[str]:
    """The words of a statement that mean something of their own: not function words, not the generic words."""
    return [w for w in _WORD.findall(_straight(text)) if w not in _EMPTY and len(w) > 1]


def anchors(text: str, lowered: str | None = None) -> tuple[str, ...]:
    """What a model can act on in the text: a number, a condition, an order, a limit or action with an object,
    a named thing, a quoted template."""
    lowered = _straight(text) if lowered is None else lowered
    found = []
    if _TEMPLATE.search(text):
        found.append("template")
    if _NUMBER.search(lowered):
        found.append("number")
    if any(own_words(m.group("rest")) for m in _CONDITION.finditer(lowered)):
        found.append("condition")
    if _ORDER.search(lowered) and len(own_words(lowered)) >= 1:
        found.append("order")
    if _LIMIT.search(lowered) and own_words(lowered):
        found.append("limit")
    if (m := _ACTION.search(lowered)) and own_words(lowered[m.end():]):
        found.append("action")
    if _NAMED.search(text):
        found.append("named")
    if len([p for p in re.split(r"[,;\n]|\band\b", lowered) if own_words(p) or p.strip(" .").isalpha()]) >= 3:
        found.append("list")
    return tuple(found)


ROLES = frozenset({"persona", "focus", "step", "question", "item"})
"""Roles that act for a short statement placed in them: the role in "You are ...", a kind of case, a numbered step
("Classify severity."), a question to ask ("Anyone hurt?"), an item under a lead-in that says what to do with it
("Guess the cause" under "Never:"). A statement in a role needs one word of its own and no hedge, pointer or
filler phrase; the role is its action."""


@lru_cache(maxsize=4096)
def judge(text: str, within: str | None = None) -> Verdict:
    """Whether a statement carries something a model can act on, and if not, what kind of nothing it is; `within`,
    one of ROLES, the role it is placed in."""
    verdict = _judged(text)
    if within in ROLES and not verdict and not verdict.marked and own_words(text):
        return Verdict(Substance.SUBSTANCE, "", verdict.anchors + (within,))
    return verdict


def _judged(text: str) -> Verdict:
    stripped = " ".join(text.split())
    if not stripped:
        return Verdict(Substance.FILLER, "")
    lowered = _straight(stripped)
    marks = _markers(lowered)
    rest_lower = _blank(lowered, [m.span() for _, m in marks])
    rest = _blank(stripped, [m.span() for _, m in marks]) if len(stripped) == len(lowered) else rest_lower
    found = anchors(rest, rest_lower)
    words = own_words(rest_lower)
    if not marks:
        if found or len(words) >= 3:
            return Verdict(Substance.SUBSTANCE, "", found)
        return Verdict(Substance.FILLER, stripped, found)
    # a marked statement is rescued only by what a model can act on beyond a name, or by enough words of its own
    acting = [a for a in found if a not in ("named", "list")]
    # "after ten minutes" says when, not what tells: numbers and the words that open a condition are no meaning
    meaning = [w for w in words if not _NUMBER.fullmatch(w) and not any(c.isdigit() for c in w) and w not in _OPENERS]
    if (acting and len(meaning) >= 2) or len(words) >= 4 or ("template" in found):
        return Verdict(Substance.SUBSTANCE, "", found)
    kind, match = min(marks, key=lambda km: (_RANK[km[0]], km[1].start()))
    said = stripped[match.start():match.end()] if len(stripped) == len(lowered) else match.group(0)
    return Verdict(kind, said.strip(" ,.;:"), found, marked=True)


_RANK = {Substance.HEDGE: 0, Substance.POINTER: 1, Substance.FILLER: 2}


def marker(text: str) -> tuple[Substance, str] | None:
    """The first hedge, pointer or filler phrase in a statement (a hedge before a pointer before filler), whatever
    else the statement carries; None when it has none."""
    lowered = _straight(" ".join(text.split()))
    marks = _markers(lowered)
    if not marks:
        return None
    kind, match = min(marks, key=lambda km: (_RANK[km[0]], km[1].start()))
    return kind, match.group(0).strip(" ,.;:")


def hollow_part(text: str) -> str | None:
    """The marker of a statement without substance ("the usual"), or the statement itself when it is filler;
    None when the statement has substance."""
    verdict = judge(text)
    return None if verdict.substantive else (verdict.evidence or text.strip())


__all__ = ["ROLES", "Substance", "Verdict", "anchors", "hollow_part", "judge", "marker", "own_words"]
