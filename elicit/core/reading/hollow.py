"""Hollow answers: a hedge or boilerplate with nothing concrete left once those phrases and filler are out.

The older, stricter reading beside `substance.judge`: the assembler splits hedged clauses off with it and the
interview's coverage meter counts a hollow answer as no answer. It imports nothing else of elicit.
"""

from __future__ import annotations

import re
from functools import lru_cache

HEDGES = (
    r"(?:it )?(?:all |really )?depends(?: on (?:the |each |a )?(?:situation|case|context|client|circumstances|day|"
    r"deal|brand|person|people|details|facts|sector|market|industry|project|company|team|timing|things))?"
    r"(?: really)?",
    r"(?:on a )?case[- ]by[- ]case(?: basis)?", r"(?:i |you |we )?(?:just )?(?:use|go (?:with|on)|trust) "
    r"(?:my|our|your) (?:judge?ment|gut|instinct|experience|common sense)", r"gut feel(?:ing)?",
    r"(?:i |you |we )?just know", r"you know it when you see it", r"every (?:case|deal|situation|client|brand) is "
    r"different", r"(?:there(?:'s| is) )?no (?:hard and fast |fixed |hard )?rules?", r"hard to say",
    r"it varies", r"(?:i |we )?play it by ear", r"(?:it(?:'s| is) )?a judge?ment call", r"common sense",
    r"whatever (?:makes sense|works|feels right)", r"(?:as|when|where) (?:appropriate|needed|relevant|necessary)",
    r"if (?:appropriate|needed|relevant|necessary)", r"within reason", r"(?:more or less|sort of|kind of)",
)
BOILERPLATE = (
    r"(?:industry |sector )?best practices?", r"world[- ]class", r"holistic(?:ally)?", r"synerg(?:y|ies)",
    r"think(?:ing)? outside the box", r"move the needle", r"add(?:ing)? value", r"value[- ]add(?:ed)?",
    r"(?:key )?stakeholder alignment", r"best[- ]in[- ]class", r"industry standards?", r"fit for purpose",
    r"(?:the )?usual (?:stuff|things|suspects)", r"and so on", r"etc\.?", r"the right (?:thing|way|approach)",
)
_HOLLOW = re.compile(r"\b(?:" + "|".join(HEDGES + BOILERPLATE) + r")\b", re.IGNORECASE)
_FILLER = {
    "a", "an", "the", "and", "or", "but", "so", "i", "we", "you", "it", "is", "are", "be", "really", "just", "well",
    "honestly", "mostly", "usually", "always", "then", "that", "this", "to", "of", "on", "in", "for", "with", "my",
    "our", "your", "me", "us", "do", "does", "what", "how", "all", "things", "thing", "stuff", "situation",
    "follow", "apply", "use", "very", "much", "lot", "lots", "depends", "think", "feel", "guess", "yeah", "yes",
    "no", "not", "like", "about", "whatever", "basically", "pretty", "quite", "generally", "sense", "make", "makes",
    "here", "there", "can", "will", "would", "should", "could", "get", "go", "good", "right", "way", "also",
}


def content_words(text: str) -> list[str]:
    """The words that carry meaning: not filler, hedges or boilerplate."""
    return [w for w in re.findall(r"[\w'%€$£.-]+", _HOLLOW.sub(" ", text).lower())
            if w.strip(".'") and w.strip(".'") not in _FILLER]


@lru_cache(maxsize=8192)
def is_hollow(text: str) -> bool:
    """A hedge or boilerplate with nothing concrete left once those phrases and filler are taken out."""
    return bool(_HOLLOW.search(text)) and len(content_words(text)) < 2 and not re.search(r"\d", text)
