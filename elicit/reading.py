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

from sentencex import segment
from text_to_num import alpha2digit


def _words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
BULLET = re.compile(r"^\s*(?:(?:[-*•–·]|>(?!\s?\d))+|\(?\d{1,2}[.):]|\(?[a-z][.)]|step\s+\d+\s*[:.)-]?)\s*", re.IGNORECASE)
BULLETS = re.compile(r"^\s*(?:(?:[-*•–·]|>(?!\s?\d))+|\d{1,2}[.)])", re.MULTILINE)
INLINE_NUMBER = re.compile(r"(?:^|(?<=\s))(?:step\s+)?(\d{1,2})[.)]\s+(?=\S)", re.IGNORECASE)
SEPARATOR = re.compile(r"\s+(?:/|->|→|=>|>|–|—|-|and then|then|followed by)\s+", re.IGNORECASE)
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"

# --- steps and order ------------------------------------------------------------------------------------
ORDINAL = (r"first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?|sixth|seventh|next|then|"
           r"after that|afterwards|after this|finally|lastly|last of all|and then|to finish|to start|to begin with")
# An ordinal that opens a clause ("First, verify ...", "...; then call ..."); the marker is dropped from the step.
STEP_MARKER = re.compile(rf"(?:^|(?<=[.;:!?,])\s*|(?<=\n))\s*(?:and\s+)?(?:{ORDINAL})\b[,:]?\s*", re.IGNORECASE)
CLOCK = r"\b(?:[01]?\d|2[0-3])[:.h][0-5]\d\b(?:\s?(?:am|pm))?|\b\d{1,2}\s?(?:am|pm)\b"
RELATIVE_STAMP = (r"\b(?:by |on |in |at |from |until |within )?(?:the )?(?:minute|hour|day|week|month|year|quarter|"
                  r"phase|stage|step|round|t\+|h\+|d\+)\s*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b")
TIME_STAMP = re.compile(rf"{CLOCK}|{RELATIVE_STAMP}|\b[qh][1-4](?: (?:19|20)\d\d)?\b|"
                        r"\b(?:in|by|early|late|mid-?) (?:19|20)\d\d\b|"
                        rf"\b(?:{WEEKDAYS})\b|\b(?:{MONTHS})\s+\d{{1,2}}\b|\b\d{{1,2}}\s+(?:{MONTHS})\b|"
                        rf"\b(?:{MONTHS})\s+(?:19|20)\d\d\b|\bday one\b|"
                        r"\bthe (?:next|following|first|second|third|last) (?:morning|day|night|evening|week|month)\b|"
                        r"\bthat (?:night|evening|afternoon)\b",
                        re.IGNORECASE)
SEQUENCE_WORD = re.compile(_words("first(?:ly)?", "second(?:ly)?", "third", "fourth", "then", "next", "finally",
                                  "lastly", "after that", "afterwards", "before", "after", "once", "until",
                                  "in (?:that|this|the following) order", "in sequence", "followed by",
                                  "by the time"))

# --- quantities and thresholds --------------------------------------------------------------------------
APPROX = (r"half|a third|a quarter|two thirds|three quarters|a dozen|dozens|a handful|a few hundred|a few thousand|"
          r"a million|a billion|a thousand|a hundred|hundreds|thousands|millions|a couple|the majority|a minority|"
          r"most|a 2nd|a 3rd|a 4th|single|double|twice|triple|one|no one|nobody|none|any|every|zero")
NUMBER = r"(?:(?:[$£€¥]|\b(?:eur|usd|gbp|chf) ?)\s?)?\d[\d,]*(?:\.\d+)?"
UNIT = (r"\s?(?:%|percent|per cent|pc|x\b|times|turns?|k\b|m\b|mn\b|bn\b|million|billion|thousand|hundred|"
        r"eur|usd|gbp|chf|bps|basis points|points?)")
QUANTITY = re.compile(rf"{NUMBER}(?:{UNIT})?|\b(?:eur|usd|gbp|chf)\s?\d|{_words(APPROX)}", re.IGNORECASE)
COMPARISON = (r"above|below|under|over|more than|less than|fewer than|greater than|higher than|lower than|at least|"
              r"at most|up to|no more than|exceeds?|exceeding|beyond|within|between|or more|or above|or higher|"
              r"or fewer|or less|or below|plus|and up|and above|is enough|are enough|enough to|from|outside|"
              r"around|about|roughly|approximately|nearly|almost|some|circa|c\.|~|<|>|≥|≤|\+")
RANGE = rf"{NUMBER}\s?(?:{UNIT})?\s?(?:-|–|to|and)\s?{NUMBER}"
NOT_A_LINE = r"(?<!level )(?<!levels )(?<!step )(?<!steps )(?<!stage )(?<!phase )(?<!tier )(?<!page )"
STRICT_THRESHOLD = (
    rf"{NOT_A_LINE}{RANGE}|(?:{_words(COMPARISON)}|[<>≥≤~+])\s?(?:a |an |the )?(?:{NUMBER}|{_words(APPROX)})|"
    rf"{NUMBER}\s?(?:{UNIT})?\s?(?:\+|or (?:more|above|higher|fewer|less|below|lower)|at (?:the )?(?:most|least)\b|"
    rf"max(?:imum)?\b|min(?:imum)?\b|tops\b)|"
    rf"\b(?:zero|a single|no more than \w+) \w+|\bno (?:identical|similar|conflicting|matching|prior) \w+|\bif any\b|"
    rf"{NUMBER}\s?(?:hours?|hrs?|days?|weeks?|months?|years?|minutes?|mins?|people|customers?|cases?|"
    r"complaints?|stores?|posts?|calls?|injur(?:y|ies|ed)|hurt|records?|batch(?:es)?|plants?|sites?|references?|"
    r"clients?|deals?|times|articles?|reviews?|mentions?|tickets?|shares?|staff|employees?|units?|"
    r"notches?|of \d+|out of \d+|in \d+)\b|\b(?:any|a single|one|no|zero|every|the first)\s+"
    r"(?:confirmed |serious |reported |further |new |second )?(?:injur(?:y|ies)|death|hospitali[sz]ation|(?:hospital )?admission|case|"
    r"complaint|breach|leak|fatality|child|customer|reporter|journalist|regulator|conflict|red flag|sign)")
FUNCTION_WORD = _words("and", "or", "to", "the", "of", "in", "on", "at", "for", "with", "is", "are", "was", "were",
                       "we",
                       "but", "so", "if", "when", "which", "that", "this", "it", "they", "you", "a", "an")
SCHEME_WORD = _words("levels?", "tiers?", "steps?", "stages?", "phases?", "categories", "buckets", "types", "kinds",
                     "options", "routes", "things", "ways", "questions", "reasons", "parts", "sections", "colours")
"""Counted parts of a scheme ("three levels", "four steps"): a count, but no line at which a call changes."""
# Any number with a unit or a counted noun: a line as loose as a question about thresholds needs.
LOOSE_THRESHOLD = (rf"\b(?:minute|hour|day|week|month|year)s? (?:\d+|one)\b|{NUMBER}{UNIT}|[$£€¥]\s?\d|"
                   rf"\b(?:eur|usd|gbp|chf)\s?\d|"
                   rf"{NOT_A_LINE}\b\d[\d,.]*\s(?!{FUNCTION_WORD}|{SCHEME_WORD})(?:\w+ )?(?!{FUNCTION_WORD}|{SCHEME_WORD})"
                   r"[a-z]{3,}")
THRESHOLD = re.compile(f"{STRICT_THRESHOLD}|{LOOSE_THRESHOLD}", re.IGNORECASE)
CRITERION_THRESHOLD = re.compile(STRICT_THRESHOLD, re.IGNORECASE)
"""In a criteria answer a bare percentage is the criterion's weight; its threshold is a comparison or a count."""
WORD_THRESHOLD = re.compile(
    rf"{_words(COMPARISON)}\s?(?:a |an |the )?{_words(APPROX)}|\b(?:zero|a single) \w+|"
    r"\bno (?:identical|similar|conflicting|matching|prior) \w+|\bif any\b|\b(?:any|a single|one|no|"
    r"zero|every|the first)\s+(?:confirmed |serious |reported |further |new |second )?(?:injur(?:y|ies)|death|"
    r"hospitali[sz]ation|(?:hospital )?admission|case|complaint|breach|leak|fatality|child|customer|reporter|journalist|regulator|conflict|"
    r"red flag|sign)\b")
"""The thresholds a text without a single digit can hold ("about half", "any serious injury"): a fast path."""
DIGIT = re.compile(r"[\d$£€¥<>≥≤]")

# --- conditions, hedges, dodges -------------------------------------------------------------------------
CONDITION = re.compile(_words(
    "if", "when(?:ever)?", "unless", "otherwise", "only once", "as soon as", "in which case", "provided",
    "in that case", "depending on whether", "means", "triggers?", "is enough", "are enough", "the moment",
    "once", "until", "except", "with (?:no|fewer|more|less|any|a|an|two|three|over|under|at least|above|below)",
    "for (?:anything|any|everything|all|most) \\w+", "without", "below that",
    "above that", "beyond that", "at that point", "for (?:infant|baby|children's|food|medical) \\w+",
    "where (?:the|a|there)", "in (?:those|these|such) cases", "moves? (?:it|the case|a case|any case) up",
    "goes? up", "kills?", "then (?:we|i)", "so (?:we|i)",
    "either", "or else", "in (?:a|the) (?:crisis|deal|case) where", "whether") + r"|[:→]\s*\w|->|=>",
    re.IGNORECASE)
HEDGE = re.compile(_words(
    "(?:it )?(?:all )?depends", "depending on", "it varies", "varies", "case[- ]by[- ]case",
    "situational", "no (?:hard and fast|one-size|fixed) \\w+", "(?:every|each) (?:case|deal|situation|client|brand|"
    "crisis|one) is (?:different|unique)", "hard to generali[sz]e", "hard to say", "difficult to say", "impossible to say", "there is no (?:rule|formula|"
    "single answer)", "not black and white", "on a case basis", "it's complicated", "it is complicated"),
    re.IGNORECASE)
DODGE = re.compile(_words(
    "follow (?:the|our|my) (?:\\w+ )?(?:playbook|process|procedure|plan|manual|policy|sop|protocol|framework|"
    "checklist)",
    "you know (?:it|one|them|a \\w+(?: \\w+)?) when you see (?:it|one|them)",
    "(?:the )?(?:lenders?|banks?|lawyers?|legal|client|market|data|numbers|model|regulator|experience|"
    "the team|advisers?|advisors?) (?:will|would|can) tell you", "experience tells you", "you (?:just )?know",
    "you know it when you see it", "gut (?:feel(?:ing)?|instinct|call)", "trust (?:your|my) (?:gut|instinct)",
    "common sense", "standard (?:ic|investment committee|board|credit|agency|\\w+) (?:paper|memo|deck|format|"
    "template|structure|report)", "the usual(?: stuff| way| format| suspects)?", "the normal way",
    "nothing special", "it's in the (?:manual|playbook|handbook)", "as per (?:policy|process|the playbook)",
    "whatever (?:the client|they|legal) wants?", "we wing it", "same as always", "the standard (?:way|one|stuff)",
    "standard stuff", "the obvious (?:things|stuff|ones)", "all the usual", "see above", "as above",
    "same as (?:before|above|previous(?:ly)?|the last (?:one|answer))", "n/?a", "as i (?:said|mentioned)",
    "as (?:mentioned|discussed|described) (?:above|before|earlier)", "intuitively", "by instinct", "a sixth sense",
    "(?:develop|get|have)s? a (?:feel|nose|sense) for"), re.IGNORECASE)
BOILERPLATE = re.compile(_words(
    "best practices?", "as (?:appropriate|needed|necessary|required)", "case[- ]by[- ]case", "industry[- ]standards?",
    "use (?:your|my|good) judg(?:e)?ment", "holistic(?:ally)?", "in a timely manner", "where (?:necessary|relevant|"
    "appropriate)", "relevant stakeholders", "appropriate (?:measures|steps|action)", "synerg(?:y|ies)",
    "move the needle", "think outside the box", "standard (?:procedures?|process(?:es)?)", "cut(?:ting)? corners",
    "do the right thing",
    "be transparent", "stay calm", "be proactive", "communicate clearly", "world[- ]class", "leverage synergies",
    "robust", "fit for purpose", "add value", "customer[- ]centric", "stakeholder management",
    "manage expectations", "keep everyone informed", "deep dive",
    "(?:clear|concise|timely|well-structured|professional|compelling)(?:,? (?:and )?(?:clear|concise|timely|"
    "well-structured|professional|compelling)){1,}"), re.IGNORECASE)
NORMATIVE = re.compile(_words(
    "(?:we|i) (?:always|usually|normally|generally|typically|tend to)", "as a rule", "typically", "in general",
    "usually", "generally speaking", "by default"), re.IGNORECASE)

# --- real instances -------------------------------------------------------------------------------------
YEAR = r"\b(?:19[5-9]\d|20[0-4]\d)\b"
INSTANCE = re.compile(
    rf"{YEAR}|\b(?:{MONTHS})\b(?! (?:be|i|we))|\b(?:last|this|that) (?:year|month|week|quarter|spring|summer|"
    rf"autumn|fall|winter|time|tuesday|monday|wednesday|thursday|friday|saturday|sunday|night|christmas|deal|"
    rf"case|client)\b|\b\w+ (?:years?|months?|weeks?|days?) ago\b|\bago\b|\b(?:{WEEKDAYS})\b|{CLOCK}|"
    r"\bi remember\b|\bone (?:time|day|night|morning|evening)\b|\bthe (?:\w+ )?(?:fire|recall|breach|leak|strike|"
    r"flood|outage|explosion|hack|attack|scandal|deal|carve-?out|merger|launch|rebrand|relaunch) (?:of|in|at|at "
    r"our|last)\b|\bat the time\b|\bback (?:then|in)\b|\bin (?:q[1-4]|h[12])\b", re.IGNORECASE)
PAST = re.compile(_words(
    "(?:we|i|they|he|she|it|the \\w+) (?:\\w+ly )?(?:had|was|were|found|made|took|got|went|told|said|cut|put|held|"
    "kept|chose|saw|heard|came|rang|wrote|lost|won|sent|gave|knew|thought|brought|left|ran|spent|paid|sold|bought|"
    "began|began|stopped|pulled|called|moved|asked|agreed|signed|decided|recalled|noticed|traced|issued|"
    "\\w+ed)"), re.IGNORECASE)
NAMED = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+(?: [A-Z][a-z]+)*")

QUOTED = re.compile(r"[\"“][^\"”\n]{1,200}[\"”]|(?<![a-z])['‘][^'’\n]{1,120}['’](?![a-z])")

# --- cues ----------------------------------------------------------------------------------------------
# Seeing and hearing; the words "signs", "signals" or "cues" alone name no signal, so they are not here.
PERCEPTION = (r"see|saw|seen|seeing|hear|heard|hearing|notice|noticed|spot|spotted|smell|watch|watching|listen|"
              r"look(?:s|ed|ing)? (?:for|at|like)|tell[- ]?tale|tells? me|sounds?|tone|shows? up|gives? it away|"
              r"the moment")
BEHAVIOUR = (r"asks?|asking|asked|says?|saying|said|calls?|calling|called|phones?|phoning|rings?|emails?|writes?|"
             r"writing|posts?|posting|tags?|tagging|quotes?|quoting|shares?|sharing|reports?|reporting|reported|"
             r"mentions?|mentioned|complains?|complaints?|describes?|describing|answers?|answering|hands?|"
             r"handing|changes?|changing|changed|swings?|hesitates?|hesitating|goes? quiet|went quiet|refuses?|"
             r"cancels?|resigns?|leaves|left|spikes?|jumps?|drops?|dropping|falls?|rises?|rising|grows?|doubles?|"
             r"misses?|missing|delays?|delayed|stops?|stopped|cannot|can't|won't|will not|never|avoids?|"
             r"blames?|deflects?|trending|shows?|showing|appears?|arrives?|comes? in|turns? up|keeps? \w+ing|"
             r"is (?:up|down)|are (?:up|down)|sticks?|repeats?|contradicts?|disagrees?|pushes? back|"
             r"photos?|pictures?|screenshots?|videos?|batch (?:code|record|number)s?|logs?|records?|reviews?|"
             r"search(?:es)?|data|numbers?|figures?|accounts?|statutory|invoices?|contracts?|clauses?|"
             r"references?|surveys?|tracking|churn|complaint|queries|tickets|headlines?|story|stories|"
             r"letters?|visits?|witness(?:es)?|source")
CUE = re.compile(rf"{_words(PERCEPTION)}|{_words(BEHAVIOUR)}|[\"“‘][^\"”’\n]{{3,}}[\"”’]|'[^'\n]{{6,}}'",
                 re.IGNORECASE)
ACTION = re.compile(_words(
    "i|we|they") + r"\s+\w+|" + _words(
    "escalate\\w*", "wake", "call", "open", "pull", "stop", "freeze", "recall", "pass", "walk away", "kill",
    "move\\w*", "goes? up", "raise\\w*", "flag\\w*", "treat", "act", "means", "triggers?", "investigate",
    "mark \\w+ down", "cut", "drop", "re-?price", "ask", "check", "tell", "brief") + r"|[:→]\s+\S|->|=>",
    re.IGNORECASE)

# "When X, Y": a sign with what it means or leads to.
CONSEQUENCE = re.compile(r"\b(?:if|when|whenever|once|as soon as)\b[^,;:]{3,},\s*\S|\bmeans\b|\bso (?:we|i)\b",
                         re.IGNORECASE)

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
        "the remainder", "the balance", "the bulk", "lion's share", "whatever is left", "equal(?:ly)?", "evenly", "a little", "a bit",
        "pts")
    + r"|#\s?\d\b|\bx\s?\d\b|\b\d(?:\.\d)?\s?x\b|^\s*\d+[.)]|\(\s*\d{1,3}\s*\)|\b\d{1,3}\s?/\s?\d{1,3}\b",
    re.IGNORECASE)
"""A weight or rank: a share ("40%", "(40)", "half", "the rest", "50/50"), points, a rank or a gate."""
BARE_WEIGHT = re.compile(r"(?:^|[\s:=(-])(?<!year )(?<!month )(?<!day )(?<!week )(?<!phase )(?<!step )(?<!stage )"
                         r"(?<!level )(?<!tier )(?<!top )(?<!page )\d{1,3}\s*\)?$")
"""A bare number closing a short part ("Management 40", "Price - 30"): the part's share."""
APPROX_WEIGHT = re.compile(r"(?:\b(?:about|around|roughly|approximately|nearly|almost|some|circa)|~)\s*"
                           r"(\d[\d.]*\s?(?:%|percent|per cent|points?|pts)|half|a 3rd|a quarter|the bulk)")
"""An approximate share ("about half", "roughly 30%") is a weight, not a line."""
GLOBAL_RANKING = re.compile(_words("(?:first|number one|top)\\b.{0,120}\\bthen", "counts? (?:double|twice|triple)",
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
    "first,? always", "always first", "before anything else", "(?:when|where|if) [^.;\\n]{0,60}(?:clash|disagree|pull apart|"
    "conflict|point (?:in )?different ways)", "trust (?:the )?\\w+ over", "i pass", "walk away", "pass on"),
    re.IGNORECASE)
"""A tie settled in words: what wins, what is never traded for what."""
TIE_LINE = re.compile(_words("wins?", "beats?", "trumps?", "outranks?", "disagree", "conflicts?", "clash", "tie",
                             "pull apart", "point (?:in )?different ways", "prevails?", "takes? precedence"))
"""A line of a criteria answer that settles a tie rather than naming a criterion."""
VETO = re.compile(_words(
    "(?:i|we)(?:'d| would| will|'ll)? (?:pass|walk(?: away)?|decline|kill it|say no|drop it|stop there)",
    "pass on (?:it|the deal|that)", "walk away", "no deal", "no-go", "an? (?:automatic |hard |flat )?no",
    "deal[- ]?breakers?", "knock-?out", "kill\\w*", "cut-?offs?", "(?:pass|kill|red) (?:line|mark|bar)", "veto\\w*", "non-negotiable", "red lines?", "hard (?:stop|line|floor|cap)",
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
NUMBERED_LINE = re.compile(r"^\s*\(?(\d{1,2})[.)]\s", re.MULTILINE)
ORDER = re.compile(_words("first\\W+(?:then|second)", "then\\W+(?:\\w+\\W+){0,6}(?:then|last|third)",
                          "(?:comes?|goes?|is|are|ranks?) (?:last|third|second)", "least important",
                          "number (?:one|two|1|2)",
                          "(?:and|then) (?:[\\w']+ ){1,3}last", "third"))
"""An order of priorities: it settles a tie only when the answer tells it, not as three bare words."""

# --- deliverables ---------------------------------------------------------------------------------------
EXAMPLE = re.compile(
    r"\btemplate\b|\bsample\b|\bfor example\b|\bfor instance\b|\blooks? like\b|\bsomething like\b|\bgoes like\b|"
    r"[\"“][^\"”\n]{12,}[\"”]|\[[^\]\n]{2,60}\]|\{[^}\n]{2,60}\}|_{3,}|<[a-z ]{2,30}>|:\s*\n|\bsuch as\b|"
    r"\bheadline\b[^\n]{0,80}:|\bsubject(?: line)?\s*:|\bdear \w+|^\s*[A-Z][\w /&-]{2,40}:\s",
    re.IGNORECASE | re.MULTILINE)


def _lowercase(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern for lower-cased text, without IGNORECASE: several times faster on a long answer."""
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


(QUANTITY, THRESHOLD, CRITERION_THRESHOLD, WORD_THRESHOLD, CONDITION, HEDGE, DODGE, BOILERPLATE, NORMATIVE, INSTANCE,
 PAST, CUE,
 ACTION, CONSEQUENCE, WEIGHT, GLOBAL_RANKING, TIE_BREAKER, SEQUENCE_WORD, ORDER) = map(_lowercase, (
    QUANTITY, THRESHOLD, CRITERION_THRESHOLD, WORD_THRESHOLD, CONDITION, HEDGE, DODGE, BOILERPLATE, NORMATIVE, INSTANCE,
    PAST, CUE,
    ACTION, CONSEQUENCE, WEIGHT, GLOBAL_RANKING, TIE_BREAKER, SEQUENCE_WORD, ORDER))
LOWER_TIME_STAMP, LOWER_STEP_MARKER = _lowercase(TIME_STAMP), _lowercase(STEP_MARKER)

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

    def lines(self) -> int:
        """How many lines (comparisons, ranges, counts) the answer draws, up to two: two lines for two cases are
        themselves conditions ("5.5x for recurring revenue, 3.5x for cyclicals")."""
        return sum(1 for _, __ in zip(range(2), CRITERION_THRESHOLD.finditer(self.numeric))) if DIGIT.search(
            self.numeric) else 0

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
        """A named signal: something seen or heard, something a person does or says, a quote, a source, a number."""
        return _cue(self.lower)

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
        named = criteria(criteria_items(self.answer))
        if GLOBAL_RANKING.search(self.lower) or RANK_CHAIN.search(self.lower) or _ranked(self.answer):
            return len(named), 0
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


def _threshold(numeric: str, strict: bool = False) -> bool:
    """Whether lower-cased text with its numbers as digits holds a threshold; without digits, only the word forms
    can match, which is far cheaper to look for."""
    if not DIGIT.search(numeric):
        return bool(WORD_THRESHOLD.search(numeric))
    return bool((CRITERION_THRESHOLD if strict else THRESHOLD).search(numeric))


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
    for piece in (p.strip(" .") for p in PIECE.split(text)):
        if piece and parts and not _named(piece):
            parts[-1] = f"{parts[-1]} {piece}"
        elif piece:
            parts += _joined(piece)
    return parts


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


def criteria(named: list[str]) -> list[str]:
    """The criteria among the items of a criteria answer, as an interviewer counts them: "A 40%, B 30%, C 30%" is
    three; a tie-breaker, a veto ("below 15% IRR I pass") or a case ("for a carve-out ...") is none; and once two
    criteria carry weights, the prose around them explains them. Without any criterion left, every item is one."""
    found = [c for item in named for c in _criteria_of(item)]
    weighted = sum(map(_weighted, found))
    kept = [c for c in found if _weighted(c) or not (_settles(c) or weighted >= 2 and not _criterion_form(c))]
    return kept or found


def criteria_items(answer: str) -> list[str]:
    """The items a criteria answer is read in: a bulleted line whole (its sentences are its notes), other lines
    sentence by sentence, and a one-sentence answer as a list ("Safety, cost, reputation") unless it shares the
    weight out itself."""
    rows = [row.strip() for row in answer.splitlines() if row.strip()]
    if len(rows) == 1 and (_numbered(rows[0]) or len(sentences(rows[0])) < 2):
        return rows if len(_criteria_of(rows[0])) > 1 else items(answer)
    found: list[str] = []
    for row in rows:
        found += [BULLET.sub("", row).strip()] if BULLET.match(row) else sentences(row)
    return found


def _ranked(text: str) -> bool:
    """A numbered list counted up from 1 ("1. Team 2. Price 3. Growth", or one per line) is a ranking."""
    numbers = [int(n) for n in NUMBERED_LINE.findall(text)]
    return bool(_numbered(text.strip())) or len(numbers) >= 2 and numbers == list(range(1, len(numbers) + 1))


def _head(item: str) -> str:
    """The first word of an item that names it ("Harm to people" -> "harm"), for finding it in a reply."""
    words = [w.lower() for w in WORD.findall(item) if len(w) > 3]
    return words[0] if words else item.lower()


def read(answer: str, replies: tuple[str, ...] | list[str] = ()) -> Reading:
    """The reading of an answer together with the replies that extend it."""
    return Reading(answer, "\n".join(r for r in replies if r))
