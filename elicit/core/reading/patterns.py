"""The words and shapes an answer is read for: steps and order, quantities and thresholds, conditions, hedges and
dodges, real instances, cues and deliverables. Each pattern is compiled once; most are used on lower-cased text."""

from __future__ import annotations

import re


def _words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
BULLET = re.compile(r"^\s*(?:(?:[-*•–·]|>(?!\s?\d))+|\(?\d{1,2}[.):]|\(?[a-z][.)]|step\s+\d+\s*[:.)-]?)\s*",
                    re.IGNORECASE)
"""A bullet, number or letter that opens a line; ">" before a number is a comparison (">3 injured"), not a bullet."""
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
                        r"\b(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?:19|20)\d\d\b|"
                        r"\b(?:within|after|in) (?:a|one|two|three|four|six|\d+) (?:days?|weeks?|months?|years?)\b|"
                        r"\b(?:a|one|two|three|four|six|\d+) (?:days?|weeks?|months?|years?) (?:later|on)\b|"
                        r"\bthe (?:next|following|first|second|third|last) (?:morning|day|night|evening|week|month)\b|"
                        r"\bthat (?:night|evening|afternoon)\b",
                        re.IGNORECASE)
STAMPED = re.compile(rf"{TIME_STAMP.pattern}|\b(?:minutes?|hours?|days?|weeks?|wks?|months?|years?|quarters?)\s*"
                     r"\d+(?:\s*(?:-|–|to)\s*\d+)?\b", re.IGNORECASE)
"""A time stamp, single or spanning ("Weeks 2-4", "Day 10"): when something happened, no sign of what."""
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
    r"(?:confirmed |serious |reported |further |new |second )?(?:injur(?:y|ies)|death|hospitali[sz]ation|"
    r"(?:hospital )?admission|case|complaint|breach|leak|fatality|child|customer|reporter|journalist|regulator|conflict|red flag|sign)")
DURATION = re.compile(rf"{NUMBER}\s?(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)", re.IGNORECASE)
"""A bare span of time ("20 years", "2 days"): how long, with no comparison that makes it a line."""
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
    r"hospitali[sz]ation|(?:hospital )?admission|case|complaint|breach|leak|fatality|child|customer|reporter|"
    r"journalist|regulator|conflict|red flag|sign)\b")
"""The thresholds a text without a single digit can hold ("about half", "any serious injury"): a fast path."""
DIGIT = re.compile(r"[\d$£€¥<>≥≤]")

AMOUNT = re.compile(_words(
    "too (?:much|many|few|little|big|small|high|low|long|late|early|far|expensive|cheap|large|thin|lumpy)",
    "(?:not |big |high |low )?enough", "more", "fewer", "less", "lower", "higher", "bigger", "smaller", "larger",
    "cheaper", "dearer", "longer", "shorter", "faster", "slower", "deeper", "past", "a certain \\w+", "size[ds]?",
    "big", "large", "small", "material(?:ity)?", "significant", "substantial", "serious(?:ly)?", "major", "minor",
    "hurdle", "cap", "ceiling", "floor", "limits?", "multiples?", "shares?", "price[ds]?", "pricing", "costs?",
    "margins?", "returns?", "irr", "leverage", "turns", "debt", "revenue", "ebitda", "percent(?:age)?",
    "proportion", "majority", "half", "age", "old", "how (?:bad|big|much|many|long|far|often|fast)",
    "within reason", "reasonabl[ey]", "a lot", "lots", "numbers?", "scale", "volumes?", "levels?", "amounts?",
    "rates?", "often", "repeat(?:ed)?", "again", "second", "spreading", "growing", "worse", "bad", "exposure",
    "concentration", "heavy", "budget", "fees?", "money", "value", "headroom", "cover", "ratio", "score[ds]?",
    "few", "several", "many", "most", "couple", "handful", "dozens", "plenty", "(?:hours|days|weeks|months|years)",
    "long", "short", "early", "late", "soon", "quick(?:ly)?", "slow(?:ly)?", "fast", "sharp(?:ly)?", "tight",
    "thin", "wide", "narrow", "light", "far", "close", "near", "high", "low", "rise", "fall",
    "better", "worse", "clearer", "bolder", "stronger", "weaker", "harder", "easier", "safer", "riskier", "wider",
    "greater", "newer", "older", "earlier", "later", "sooner", "closer", "tighter", "looser", "richer", "poorer",
    "louder", "quieter", "busier", "heavier", "lighter", "steeper"),
    re.IGNORECASE)
"""Words that talk of an amount, named or not ("too much", "cheaper than", "past a certain age", "how bad"): an
answer that has them owes the number; one that has none ("if someone's at risk", "when the audiences conflict")
owes its sign, its condition or its case before a number."""


# --- conditions, hedges, dodges -------------------------------------------------------------------------
CONDITION = re.compile(_words(
    "if", "when(?:ever)?", "unless", "otherwise", "only once", "as soon as", "in which case", "provided",
    "in that case", "depending on whether", "means", "triggers?", "is enough", "are enough", "the moment",
    "once", "until", "except", "with (?:no|fewer|more|less|any|a|an|two|three|over|under|at least|above|below)",
    "for (?:anything|any|everything|all|most) \\w+", "without(?! \\w+ing\\b)", "below that",
    "above that", "beyond that", "at that point", "for (?:infant|baby|children's|food|medical) \\w+",
    "where (?:the|a|there)", "in (?:those|these|such) cases", "moves? (?:it|the case|a case|any case) up",
    "goes? up", "kills?", "then (?:we|i)", "so (?:we|i)",
    "either(?! way)", "or else", "in (?:a|the) (?:crisis|deal|case) where", "whether") + r"|[:→]\s*\w|->|=>",
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
    "understand(?:ing)? (?:the |their |your )?(?:objectives|brief|needs|requirements|situation|context|problem|goals)",
    "(?:clear|concise|timely|well-structured|professional|compelling)(?:,? (?:and )?(?:clear|concise|timely|"
    "well-structured|professional|compelling)){1,}"), re.IGNORECASE)
NORMATIVE = re.compile(_words(
    "(?:we|i) (?:always|usually|normally|generally|typically|tend to)", "as a rule", "typically", "in general",
    "usually", "generally speaking", "by default"), re.IGNORECASE)

# --- real instances -------------------------------------------------------------------------------------
YEAR = r"\b(?:19[5-9]\d|20[0-4]\d)\b"
# "may" is a month only where a date needs one ("in May", "May 3"), not a verb ("the client may ask")
INSTANCE = re.compile(
    rf"{YEAR}|\b(?!may\b)(?:{MONTHS})\b|\b(?:in|last|early|late|mid|since|by|until|of|next|this) may\b|\bmay \d|"
    rf"\b(?:last|this|that) (?:year|month|week|quarter|spring|summer|"
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
             r"letters?|visits?|witness(?:es)?|source|growing|shrinking|dodges?|dodging|evades?|evasive|"
             r"(?:faster|slower|higher|lower|bigger|smaller) than|(?:in|at) the (?:last|final) (?:day|week|month)s? of")
QUOTE = r"[\"“‘][^\"”’\n]{3,}[\"”’]|(?<![\w'])'[^'\n]{6,}'(?![\w'])"
"""A quote: double quotes, or single ones that open and close outside a word ("someone's ... it's" is no quote)."""
CUE = re.compile(rf"{_words(PERCEPTION)}|{_words(BEHAVIOUR)}|{QUOTE}", re.IGNORECASE)
SIGN_QUOTE = re.compile(QUOTE)
PERCEIVED = re.compile(_words(PERCEPTION), re.IGNORECASE)
SOURCE = re.compile(_words(
    "photos?", "pictures?", "screenshots?", "videos?", "logs?", "records?", "reviews?", "search(?:es)?", "data",
    "numbers?", "figures?", "accounts?", "statutory", "invoices?", "contracts?", "clauses?", "references?",
    "surveys?", "tracking", "queries", "tickets", "letters?", "visits?", "witness(?:es)?", "source"), re.IGNORECASE)
"""Where the expert looks (a document, a visit, a review): in a clause of their own ("I book a review") or on a
schedule ("a routine review"), a source of signs, not yet a sign; what it shows ("the accounts showed a loss") is."""
SCHEDULED = re.compile(r"\b(?:routine|regular|scheduled|planned|annual|quarterly|monthly|weekly|daily|usual|"
                       r"standard)\s+(?:\w+\s+)?$")
"""The words before a source that put it on a schedule: the normal course of looking, not a sign."""
OWN_CLAUSE = re.compile(r"^\W*(?:(?:then|and|so|but|now|also|first|next|after that|afterwards|later|there|"
                        r"normally|usually|always|often)\W+)*(?:i|we)(?:'d|'ll|'ve|'m)?\b")
"""A clause the expert opens with "I" or "we": what they do, where a sign needs a verb of seeing or a condition."""
CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|so)\s+|\s+(?:but|so)\s+(?=i\b|we\b)|,?\s+because\s+")
"""Where a sentence's clauses part, each with its own subject: "I watch how they treat people, and the CFO ..."."""
VAGUE_SUBJECT = re.compile(r"^\W*(?:it|it's|its|that|that's|this|there|there's|everyone|everybody|nobody|no one|"
                           r"people|someone|somebody|things|stuff)\b")
"""A clause about no one in particular ("everyone wants to call it low", "it felt like a number built to get the deal
done"): a behaviour word in it names no one doing anything."""
LOOK_WHERE = re.compile(r"\b(?:watch(?:ing)?|look(?:ing)? (?:at|for)|see|check|listen(?:ing)? (?:to|for)|"
                        r"notice)\s+(?:how|whether|what|if|where|for (?:signs|clues|red flags))\b|\b(?:on the spot|"
                        r"spot on|see to (?:it|that)|(?:we'll|let's|wait and|we will|i'll) see|as (?:you|we) (?:can )?see|"
                        r"look forward|know (?:it|one|them|an? \w+) when (?:you|i|we) see (?:it|one|them))\b")
"""Where the expert looks ("I watch how they treat their people"), not what they see there; and the sayings that
see or spot nothing ("on the spot", "we'll see")."""
SEEN_BY = re.compile(r"\b(?:(?:is|are|was|were|be|been|being|first|get|got|gets) seen|seen by)\b")
"""Seen by someone else ("first seen for a review", "seen by the hospital"): no sign the expert saw."""
NAMED_THING = re.compile(r"\b(?:know|knew|knows|have|has|had|get|got|give|gave|find|found|want|wants) "
                         r"(?:the|an|their|our|my|your) answers?\b")
"""The answer as a thing known ("they already know the answer"), not an answer someone gives."""
NEGATED = re.compile(r"\b(?:don't|doesn't|didn't|won't|can't|cannot|never|isn't|aren't|no longer) (?:\w+ )?"
                     r"(?:match|tie|tally|reconcile|add up|line up|fit|agree|answer|reply|respond|return|call|ring|"
                     r"show|turn up|come|arrive|pay|explain|know|look|mention|name|sign|move|change|stop|work out)\b")
"""Something that fails to happen ("the numbers don't tie", "the CFO can't name them"): a sign when someone
else's; "it isn't working" or "it doesn't matter" are conclusions, not signs."""
REPORTED = re.compile(_words("says", "said", "saying", "tells me", "told me", "telling me", "asks me", "asked me",
                             "asking me", "complain(?:s|ed|ing)?", "hesitat(?:es|ed|ing)", "refus(?:es|ed|ing)",
                             "goes quiet", "went quiet", "pushes back", "pushed back"))
"""What someone else says or does, told in a clause of the expert's own ("I got a call from the site saying ...")."""
SIGN_CONDITION = re.compile(r"\b(?:if|when|whenever|once|as soon as|the moment|unless|until)\b((?:(?! (?:i|we|then)\b)[^,;])*)")
ACTION = re.compile(_words(
    "i|we|they") + r"\s+\w+|" + _words(
    "escalate\\w*", "wake", "call", "open", "pull", "stop", "freeze", "recall", "pass", "walk away", "kill",
    "move\\w*", "goes? up", "raise\\w*", "flag\\w*", "treat", "act", "means", "triggers?", "investigate",
    "mark \\w+ down", "cut", "drop", "re-?price", "ask", "check", "tell", "brief") + r"|[:→]\s+\S|->|=>",
    re.IGNORECASE)

# "When X, Y": a sign with what it means or leads to.
CONSEQUENCE = re.compile(r"\b(?:if|when|whenever|once|as soon as)\b[^,;:]{3,},\s*\S|\bmeans\b|\bso (?:we|i)\b",
                         re.IGNORECASE)


# --- deliverables ---------------------------------------------------------------------------------------
EXAMPLE = re.compile(
    r"\btemplate\b|\bsample\b|\bfor example\b|\bfor instance\b|\blooks? like\b|\bsomething like\b|\bgoes like\b|"
    r"[\"“][^\"”\n]{12,}[\"”]|\[[^\]\n]{2,60}\]|\{[^}\n]{2,60}\}|_{3,}|<[a-z ]{2,30}>|:\s*\n|\bsuch as\b|"
    r"\bheadline\b[^\n]{0,80}:|\bsubject(?: line)?\s*:|\bdear \w+|"
    r"^\s*(?!(?:one|two|three|four|five|six|seven|eight|\d+)\b)[A-Z][\w /&-]{2,40}:\s",
    re.IGNORECASE | re.MULTILINE)


def _lowercase(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern for lower-cased text, without IGNORECASE: several times faster on a long answer."""
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


(QUANTITY, THRESHOLD, CRITERION_THRESHOLD, WORD_THRESHOLD, CONDITION, HEDGE, DODGE, BOILERPLATE, NORMATIVE, INSTANCE,
 PAST, CUE,
 ACTION, CONSEQUENCE, SEQUENCE_WORD) = map(_lowercase, (
    QUANTITY, THRESHOLD, CRITERION_THRESHOLD, WORD_THRESHOLD, CONDITION, HEDGE, DODGE, BOILERPLATE, NORMATIVE, INSTANCE,
    PAST, CUE,
    ACTION, CONSEQUENCE, SEQUENCE_WORD))
LOWER_TIME_STAMP, LOWER_STEP_MARKER = _lowercase(TIME_STAMP), _lowercase(STEP_MARKER)
