"""Phrasing cues that show each of the ten mega-prompt elements, indexed by the words they start with.

Each cue is a general principle of how people write an element (a role assignment, a threshold
tied to a decision, a request for approval...), never a sentence lifted from a particular prompt.
A cue is its possible first words plus the pattern that must follow them; the detector tries a
cue only where one of those words stands, which keeps detection fast on long texts. Masks are
cues for look-alike phrases: text a mask covers cannot show its element.

It runs over 300 lines because it is a table: the cue words of all ten elements, one entry each.
"""

from __future__ import annotations

import re
from typing import NamedTuple

TOKEN = re.compile(r"[^\W_]+|[<>≥≤{|$]")
KEY_CHARS = 4

# Stays inside one sentence: cues that pair two words must not pair them across sentences.
CLAUSE = r"[^.!?\n]"
NUMBER = r"[$€£]?\d[\d.,]*+"
NUMBER_WORDS = "one two three four five six seven eight nine ten twelve twenty fifty"
SPELLED = r"(?:\d[\d.,]*+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty)"
# Units that make a number a length or count limit (a guardrail or format), not a decision threshold.
LIMIT_UNITS = (r"(?:words?|characters?|chars?|letters?|sentences?|paragraphs?|pages?|lines?|bullets?|tokens?|"
               r"items?|questions?|guesses|guess|tries|attempts?|emojis?|steps?|tool calls?|slides?|options?|"
               r"ideas?|suggestions?|examples?|sources?|references?|points?|names?|variations?|hashtags?)\b")
RATE_UNIT = r"\s*(?:%|percent\b|x\b|[kmb]n?\b)"
STYLE_WORDS = (r"(?:polite|courteous|friendly|formal|informal|casual|professional|neutral|warm|empathetic|"
               r"direct|concise|brief|succinct|terse|detailed|specific|clear|plain|simple|conversational)\b")
HEADING_END = r"\W*$"
# A heading word is not preceded by other words on its line ("## Process", "**Workflow:**").
LINE_START = r"(?<![\w,;] )"
# The first word of a sentence or list item ("Then, ...", "- Finally, ...").
SENTENCE_START = r"(?:^|(?<=[.;:!?] )|(?<=[-*>] )|(?<=\*\*)|(?<=>))"


class Cue(NamedTuple):
    element: str
    pattern: re.Pattern[str]
    keys: frozenset[str]


def fold(text: str) -> str:
    """Lower case with straight quotes, the same length as text so offsets carry over to it."""
    folded = text.lower()
    if len(folded) != len(text):  # a few characters lower-case to two; keep those as they are
        folded = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    for curly, straight in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"')):
        folded = folded.replace(curly, straight)
    return folded


def key(word: str) -> str:
    """The index key of a token or a cue's first word: numbers share one key, words their first letters."""
    return "#" if word[0].isdigit() else word[:KEY_CHARS]


def _first_word(word: str) -> str:
    if word == "#":
        return NUMBER
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    return re.escape(word) + (r"\b" if word[-1].isalnum() else "")


def cue(element: str, words: str, then: str = "", before: str = "") -> Cue:
    """A cue that starts with one of words (space-separated; "word*" is a prefix, "#" any number)."""
    short = [word for word in words.split() if word.endswith("*") and len(word) <= KEY_CHARS]
    if short:  # a token is looked up by its first KEY_CHARS letters, so a shorter prefix would never be tried
        raise ValueError(f"prefix {short[0]!r} is shorter than {KEY_CHARS} letters; list the whole words instead")
    first = "|".join(_first_word(word) for word in words.split())
    keys = frozenset(key(word.rstrip("*")) for word in words.split())
    return Cue(element, re.compile(f"{before}(?:{first}){then}", re.MULTILINE), keys)


def heading(element: str, words: str, then: str = "") -> Cue:
    """A cue that is a heading line of its own: "## Output", "**Process:**", "Context"."""
    return cue(element, words, then + HEADING_END, before=LINE_START)


PERSONA = "persona"
GOALS = "goals"
CONTEXT = "context"
PROCESS = "process"
CRITERIA = "decision_criteria"
CHECKPOINTS = "checkpoints"
QUESTIONS = "clarifying_questions"
FORMAT = "output_format"
GUARDRAILS = "guardrails"
EXAMPLES = "examples"

ASKING = r"(?:ask|clarif\w*|inquire|check with)\b"
# Heads of job titles, for roles given without an article ("You are head of risk", "you're lead counsel").
ROLE_NOUNS = (r"(?:head|chief|lead|director|manager|partner|founder|principal|officer|editor|consultant|analyst|"
              r"engineer|architect|advis[eo]r|coach|expert|specialist|teacher|tutor|doctor|physician|nurse|lawyer|"
              r"counsel|attorney|strategist|designer|writer|researcher|scientist|auditor|accountant|planner|"
              r"inspector|buyer|negotiator|interviewer|recruiter|reviewer|examiner|critic|agent|broker|dispatcher|"
              r"coordinator|clerk|paralegal|pharmacist|therapist|counsell?or|mentor|trainer|instructor|professor|"
              r"librarian|journalist|reporter|copywriter|marketer|investigator|underwriter|actuary|economist|"
              r"historian|translator|interpreter|chef|sommelier)s?\b")
NOT_IDIOM = r"(?! (?:bit|little|lot|long way|one|only)\b)"
NOT_CONDITION = r"(?<!if you)(?<!when you)(?<!whether you)"
NOT_A_STEP = (r"(?:a|an|the|one|two|three|four|five|any|each|every|all|your|my|our|its|their|this|that|these|those|it|"
              r"is|are|was|were|be|there|i|we|you|he|she|they|if|only|again|some|no|not|so|and|or|as|at|in|on|for|"
              r"with|by|to|more|less|\d+)\b")
NOT_IN_ROLE = r"(?:with|to|for|about|of|by|on|in|at|from|and|or|than|that|it|your|my|our|their|this)\b"

CUES: tuple[Cue, ...] = (
    # persona: a role handed to the model, not the speaker describing themselves
    cue(PERSONA, "act acting behave serve pose operate", r" (?:as|like) (?!if\b|though\b|usual\b|needed\b|follows\b)"),
    cue(PERSONA, "you", rf"{NOT_CONDITION}(?:'re| are) (?:a|an|the|my|our)\b{NOT_IDIOM}"),
    cue(PERSONA, "you", rf"{NOT_CONDITION}(?:'re| are) (?:\w+ ){{0,2}}?{ROLE_NOUNS}"),
    # "You are <name>, a ..."
    cue(PERSONA, "you", rf"{NOT_CONDITION} are [^\s,.]+(?: [^\s,.]+){{0,2}}, (?:a|an|the)\b"),
    cue(PERSONA, "your", r" (?:\w+ )?(?:roles?|name|persona|identity|character) (?:is|are|as)\b"),
    cue(PERSONA, "pretend imagine assume suppose", r" (?:to be|you(?:'re| are)|that you(?:'re| are))\b"),
    cue(PERSONA, "play take adopt assume step", r"(?: on| into)? (?:the |a )?(?:role|persona|character)\b"),
    cue(PERSONA, "take adopt", r" the (?:perspective|mindset|viewpoint|part) of\b"),
    cue(PERSONA, "in", r" the role of\b"),
    cue(PERSONA, "roleplay* role", r"(?:-play\w*)? as\b"),
    cue(PERSONA, "respond* reply* answer* speak* write* think*",
        r" as (?:an? |the )?(?:\w+ )?(?:experts?|specialists?|professionals?|consultants?|advisors?|analysts?|"
        r"coach(?:es)?|mentors?)\b"),
    cue(PERSONA, "as", r" (?:a|an|the) [\w -]{2,40}, you\b"),
    cue(PERSONA, "as like way", r" (?:a|an) [\w -]{2,40}? would\b"),
    cue(PERSONA, "you", rf" (?:have|bring){CLAUSE}{{0,20}}\b(?:years|decades)\b"),
    # a role asked for: "I'd like you to be a patient tutor", "I want you to act as my editor"
    cue(PERSONA, "want like need", rf" you to (?:be|become|play|act as) (?:a|an|the|my|our)\b{NOT_IDIOM}"),
    # a role handed over as an imperative: "Play opposing counsel", "Be the editor"; no preposition in between, so
    # "be clear with the manager" is no role
    cue(PERSONA, "play be become", rf" (?:(?:a|an|the)\s+)?(?:(?!{NOT_IN_ROLE})[\w-]+,? ){{0,4}}?{ROLE_NOUNS}",
        before=SENTENCE_START),
    # "As an experienced landscape architect, review my plan": a role, then the task; "As a manager, I ..." is the
    # speaker (context)
    cue(PERSONA, "as", rf" (?:a|an|the) (?:[\w-]+ ){{0,3}}?{ROLE_NOUNS},\s*(?!i\b|we\b|my\b|our\b)",
        before=SENTENCE_START),

    # goals: a purpose, outcome, priority or trade-off, more than the bare task
    cue(GOALS, "goal* aim aims purpose objective* mission intent", r"\s*(?:is|are|here is|will be)\b"),
    cue(GOALS, "goal* aim aims purpose objective* mission priority", r"\s*:", before=LINE_START),
    # what the user (or whoever the work is for) wants: "What we want from you is ...", "What the committee needs"
    cue(GOALS, "what", r" (?:we|i|they|the \w+)(?: really)? (?:want|need)s?\b(?! to know\b)", before=SENTENCE_START),
    # a preference between two outcomes is a trade-off: "a realistic schedule beats an ambitious one"
    cue(GOALS, "beats"),
    cue(GOALS, "more less", r" (?:useful|valuable|helpful) than\b"),
    cue(GOALS, "with", r" the (?:goal|aim|purpose|objective|intention) of\b"),
    cue(GOALS, "so", r" that\b"),
    cue(GOALS, "in", r" order to\b"),
    cue(GOALS, "prioriti*"),
    cue(GOALS, "top first main highest overriding key", r" priorit(?:y|ies)\b"),
    cue(GOALS, "priorities", r" (?:are|is)\b"),
    cue(GOALS, "trade", r"-?offs?\b"),
    cue(GOALS, "tradeoff*"),
    cue(GOALS, "what", r" matters\b"),
    cue(GOALS, "matter matters", r" (?:most|more|less|least)\b"),
    cue(GOALS, "speed quality accuracy safety cost time consistency clarity simplicity trust reputation precision "
               "brevity", r"(?: and \w+)? matters?\b"),
    cue(GOALS, "prefer* favor* favour* push value optimi* choose", rf"{CLAUSE}{{0,60}}\bover\b"),
    cue(GOALS, "while", r" (?:maintaining|keeping|preserving|protecting|minimi[sz]ing|maximi[sz]ing)\b"),
    cue(GOALS, "without", r" (?:sacrificing|compromising|losing)\b"),
    cue(GOALS, "i we", r"(?:'d| would)? (?:want|like|need|hope|aim) to\b"),
    # an outcome wanted as a state of things: "We want genuine claims paid fast and the bad ones caught"
    cue(GOALS, "i we", r" (?:really )?want (?!you\b|to\b|it\b|them\b)(?:[\w'-]+ ){1,5}?(?:[a-z]{3,}ed|paid|caught|done|"
                      r"kept|met|made|sold|seen|read|heard|won|found|built|written|taken|given|fixed)\b"),
    # one outcome dearer than another: "a late payment costs us more than a small overpayment", "substance wins over
    # polish"
    cue(GOALS, "cost costs", rf"(?: us| them| you| the \w+)? (?:far |much )?(?:more|less)\b{CLAUSE}{{0,80}}\bthan\b"),
    cue(GOALS, "win wins", r" over\b"),
    # the job stated as an outcome: "The job is to stop errors reaching the release"
    cue(GOALS, "job task", r" (?:here )?is to (?:stop|prevent|keep|protect|reduce|avoid|catch|make sure|ensure|minimi[sz]e|"
                           r"maximi[sz]e|increase|cut|save|win|grow|raise|lower)\b"),
    cue(GOALS, "what", r" (?:we|i)(?:'re| are|'m| am) (?:after|trying to (?:do|achieve|get|build|fix|solve))\b"),
    cue(GOALS, "i", r"(?:'m| am) (?:trying|hoping|looking) to\b"),
    cue(GOALS, "is are", r" used (?:to|for|by)\b"),
    cue(GOALS, "will", r" be used (?:to|for|by)\b"),
    cue(GOALS, "looking want wants hoping trying",
        r" to (?:improve|enhance|achieve|reduce|increase|grow|protect|win|build)\b"),
    cue(GOALS, "success", r" (?:means|looks like|is)\b"),
    cue(GOALS, "desired", r" (?:outcome|result)\b"),
    cue(GOALS, "the whole", r" point (?:is|of)\b"),
    cue(GOALS, "care", r" (?:most |more |less )?about\b"),
    cue(GOALS, "would", r" rather\b"),
    cue(GOALS, "i", r"'d rather\b"),
    cue(GOALS, "first", rf"{CLAUSE}{{0,40}}[;,]{CLAUSE}{{0,40}}\bsecond\b"),  # "X first; Y second"
    cue(GOALS, "come comes", r" (?:first|last|second)\b"),

    # context: the situation, audience, domain, or the input to expect
    cue(CONTEXT, "i", r"(?:'ll| will| am going to| shall) (?:give|provide|send|share|paste|write|describe|tell|type|"
                      r"upload|supply|present|show)\b"),
    cue(CONTEXT, "you", r"(?:'ll| will)(?: be)? (?:given|provided|receiv\w*|get|sent|shown|handed|replying|talking|"
                        r"speaking|working|assist\w*|help\w*|support\w*|serv\w*|interact\w*|read(?:ing)?)\b"),
    cue(CONTEXT, "the your this following provided user users expected", r"(?:'s|s')? inputs?\b"),
    heading(CONTEXT, "input inputs context background situation"),
    cue(CONTEXT, "<", r"(?:input|context)>"),
    cue(CONTEXT, "context background situation", r"\s*:"),
    cue(CONTEXT, "the this these any", r" (?:provided|given|attached|supplied|pasted|uploaded|enclosed)\b"),
    cue(CONTEXT, "following provided attached enclosed",
        r" (?:[\w-]+ ){0,2}?(?:text|documents?|materials?|data|reports?|descriptions?|code|sources?|transcripts?|"
        r"files?|information|emails?|articles?|notes|records|paragraphs?|passages?|drafts?|letters?|essays?|"
        r"excerpts?|messages?|stor(?:y|ies))\b"),
    cue(CONTEXT, "text data information intelligence material document documents report reports context draft drafts "
                 "email emails message messages letter transcript paragraph paragraphs passage essay article notes "
                 "excerpt code list post script story", r" (?:above|below)\b"),
    cue(CONTEXT, "when", r" (?:provided|given)\b"),
    cue(CONTEXT, "delimited", r" by\b"),
    cue(CONTEXT, "{", r"\{?\s*\$?\w*(?:input|context|question|query|text|document|data|source|request|product|"
                      r"content|message|code|brief|report)\w*\s*\}"),  # slots the input will fill
    cue(CONTEXT, "$", r"arguments\b"),
    cue(CONTEXT, "the this a an our my your current following",
        r" (?:[\w-]+ )?(?:situation|scenario|background)\b"),
    cue(CONTEXT, "the your my our target", r" (?:audience|readers?|readership|users?|customers?|clients?|company|"
                                           r"patients?|organi[sz]ation|business) (?:is|are|will be|includes?)\b"),
    # who sends what: "Customers fill in a web form", "Engineers paste alerts", "users will ask"
    cue(CONTEXT, "users user clients client customers customer people callers caller staff employees students "
                 "patients engineers managers analysts applicants members visitors readers buyers sellers tenants",
        r" (?:will |may |might |can |often |usually |sometimes |typically |normally )?(?:ask|send|give|provide|paste|"
        r"upload|share|describe|submit|fill|email|message|call|type|write|forward|report)(?:s|es)?\b"),
    cue(CONTEXT, "we", r"(?:'re| are) (?:a|an)\b"),
    cue(CONTEXT, "here", r"(?:'s| is| are) (?:the|my|our)\b"),
    cue(CONTEXT, "you", r"(?:'re| are) (?:talking|speaking|writing|replying) to\b"),
    cue(CONTEXT, "you", r"(?:'re| are) (?:helping|assisting|supporting|working (?:with|for)|writing for)\b"),
    cue(CONTEXT, "the", r" user is\b"),
    cue(CONTEXT, "incoming"),
    cue(CONTEXT, "arrive arrives arriving", r" (?:from|via|through|by|as|in)\b"),
    cue(CONTEXT, "i", r"(?:'ll| will)? (?:paste|attach|upload)\b"),
    cue(CONTEXT, "pasted shared attached included", r" (?:below|above)\b"),
    cue(CONTEXT, "assisting helping supporting serving", r" (?:\w+ ){0,2}?\w+s who\b"),
    # who the model serves, as an imperative: "Help people who feel overwhelmed by money"
    cue(CONTEXT, "help assist support serve", r" (?:\w+ ){0,2}?(?:\w+s|people|staff|children) who\b",
        before=SENTENCE_START),
    cue(CONTEXT, "i", r"(?:'m| am) (?:a|an|the|in|at|working|involved|running|responsible)\b"),
    # the speaker's situation as it stands: "I'm changing careers", "I'm preparing a bid"; wanting and trying are goals
    cue(CONTEXT, "i", r"(?:'m| am) (?!trying\b|hoping\b|looking\b|wondering\b|asking\b|wanting\b|willing\b)[a-z]{3,}ing\b"),
    # the speaker's own situation in a verb: "I run a small bakery", "We run about thirty weddings a year"
    cue(CONTEXT, "i we", r" (?:run|own|manage|lead|teach|coach|work (?:at|in|for|as|on|with))\b"),
    # someone who will send the input: "Whoever is on the desk will message you"
    cue(CONTEXT, "will ll", r" (?:message|send|email|call|contact|forward|text|ping|give|show|hand|tell|write to) you\b"),
    # whoever sends the input, named by a pronoun or a noun: "She will type in a question", "pickers message you the
    # item", "The person messaging you is ..."
    cue(CONTEXT, "she he they", r"(?:'ll| will| may| might| usually| often| sometimes| typically)? (?:type|paste|upload|"
                                r"send|submit|share|describe|forward|attach|bring)s?\b"),
    cue(CONTEXT, "message messages send sends email emails forward forwards text texts ping pings",
        r" you (?:the|a|an|their|his|her|its|one|two|three|some|each|every|any|[a-z]+s)\b", before=r"(?<=[a-z] )"),
    cue(CONTEXT, "person people user users customer customers client clients caller callers someone whoever",
        r" (?:who is |who's |that is )?(?:messaging|writing to|emailing|texting|calling|contacting|talking to) you\b"),
    cue(CONTEXT, "as", r" (?:a|an) [\w-]+(?: [\w-]+){0,2}, (?:i|we)\b"),  # the speaker's own role
    cue(CONTEXT, "the", r" current (?:date|time|year)\b"),
    # what each input holds: "Each file you get contains ...", "Every report gives you ..."
    cue(CONTEXT, "each every", r" (?:[\w-]+ ){1,2}?(?:you (?:get|receive|are given|'re given|will get|'ll get|are sent|see) "
                               r"(?:contains?|has|have|holds?|includes?|gives?)|(?:contains?|holds?|includes?|gives? you)\b)"),
    cue(CONTEXT, "today", r" is\b"),

    # process: an explicitly ordered sequence (numbered lists are found from the layout)
    cue(PROCESS, "step steps phase stage", r"\s*(?:\d+|one|two|three)\b"),
    cue(PROCESS, f"# {NUMBER_WORDS}", r"[- ](?:steps?|stages?|phases?)\b"),
    cue(PROCESS, "first", r"[^\n]{0,160}?\bthen\b"),
    cue(PROCESS, "first firstly", r",[\s\S]{0,300}?\bsecond(?:ly)?,"),
    cue(PROCESS, "then next finally afterwards", r",", before=SENTENCE_START),
    cue(PROCESS, "after", r" that,", before=SENTENCE_START),
    # actions in order: "Classify it as billing or other, then draft a reply", "Then propose a plan"; "then a list
    # of flags" names a part of the answer, not a step
    cue(PROCESS, "then", rf"\s+(?:you\s+)?(?!{NOT_A_STEP})[a-z]+\b",
        before=rf"(?:(?<=, )|(?<=; )|(?<=and )|{SENTENCE_START})"),
    cue(PROCESS, "once after", r" (?:you(?:'ve| have)?|the user has|we(?:'ve| have)) \w+(?:ed|ne|en)\b"),
    cue(PROCESS, "when", r" you (?:have )?(?:gather|collect|finish|complete)\w*\b"),
    cue(PROCESS, "start begin", r" by\b"),
    cue(PROCESS, "begin", r" with\b"),
    cue(PROCESS, "start", rf" with\b{CLAUSE}{{0,240}}?\bthen\b"),
    cue(PROCESS, "before", r" (?:we |you )?(?:begin|beginning|start|starting|drafting|writing|answering|responding|"
                           r"proceeding)\b"),
    cue(PROCESS, "in", r" (?:this |that |the following )?(?:order|sequence)\b(?! to\b| of\b)"),
    cue(PROCESS, "hardest first final", r" (?:step|stage|phase)\b"),  # a step, and the hard one marked
    cue(PROCESS, "is are", r" (?:the )?hardest\b(?! to\b)"),
    cue(PROCESS, "break split", r" (?:it|this|the \w+) (?:down )?into (?:\w+ ){0,2}steps\b"),
    heading(PROCESS, "process workflow procedure method steps"),
    cue(PROCESS, "<", r"(?:process|workflow|steps)>"),

    # decision_criteria: thresholds, weights, rankings, pass/fail rules, named criteria
    cue(CRITERIA, "if when unless where once",
        rf"\b{CLAUSE}{{0,60}}?(?:[<>≥≤]=?|\b(?:more|less|fewer|greater|higher|lower|better|worse) than|"
        rf"\bat (?:least|most)|\b(?:above|below|over|under|exceeds?|exceeding|beyond))\s*{NUMBER}(?!\s*{LIMIT_UNITS})"),
    cue(CRITERIA, "< > ≥ ≤", rf"=?[ \t]*{NUMBER}(?!\s*{LIMIT_UNITS})"),
    cue(CRITERIA, "more less fewer greater higher lower better worse", rf" than\s*{NUMBER}{RATE_UNIT}"),
    cue(CRITERIA, "at", rf" (?:least|most)\s*{NUMBER}{RATE_UNIT}"),
    cue(CRITERIA, "above below over under exceeds exceed exceeding beyond within", rf"\s*{NUMBER}{RATE_UNIT}"),
    cue(CRITERIA, "more less fewer greater higher lower", rf" than\s+{SPELLED}\s+(?!{LIMIT_UNITS})[a-z]"),
    cue(CRITERIA, "above below over under exceeds exceeding",
        rf"\s+{SPELLED}\s+(?!{LIMIT_UNITS}|decades?\b|years? of\b)[a-z]"),
    cue(CRITERIA, "#", rf"\s*[-–]\s*{NUMBER}\s*%"),  # a range of rates: "20-25%"
    cue(CRITERIA, "#", r"%?\s*(?:\+|[-–]\s*\d+(?:\.\d+)?%?)\s*:\s+[a-z]", before=r"(?<!\S)"),  # score band -> action
    cue(CRITERIA, "below above under over", r" \d+(?:\.\d+)?%?\s*:"),
    cue(CRITERIA, f"# {NUMBER_WORDS}",
        rf"\s*%?\s+(?:or|and) (?:above|more|higher|greater|below|less|lower|fewer|under|over)\b(?!\s*{LIMIT_UNITS})"),
    cue(CRITERIA, "criterion criteria threshold* cutoff* hurdle hurdles dealbreaker* rubric* score scores scored "
                  "scoring weigh weighs weighed weighing weight weights weighted weighting outrank* precedence "
                  "trump trumps override overrides tiebreak*"),
    cue(CRITERIA, "cut", r"-offs?\b"),
    cue(CRITERIA, "deal", r"-breakers?\b"),
    cue(CRITERIA, "must", r"-haves?\b"),
    cue(CRITERIA, "tie", r"-?break\w*"),
    cue(CRITERIA, "key", r" factors\b"),
    cue(CRITERIA, "win wins", r" over\b"),
    cue(CRITERIA, "more", r" important than\b"),
    cue(CRITERIA, "most", r" important\b"),
    cue(CRITERIA, "come comes", r" before\b"),
    cue(CRITERIA, "in", r" (?:descending )?order of (?:priority|importance)\b"),
    cue(CRITERIA, "in", r" (?:a|case of a) tie\b"),
    cue(CRITERIA, "rank ranked ranking", r" (?:by|on|them)\b"),
    cue(CRITERIA, "pass", r"\s*/\s*fail\b"),
    cue(CRITERIA, "fails passes", r"\s*[.;]"),
    cue(CRITERIA, "condition conditions", r" (?:are|is) met\b"),
    cue(CRITERIA, "when", r" (?:\w+ ){0,4}conflict\b"),
    cue(CRITERIA, "deciding", r" factor\b"),
    cue(CRITERIA, "if when unless", rf"{CLAUSE}{{0,100}}\b(?:wins|loses|prevails|would have|'d have)\b"),
    # a sign in the case that sends it another way: "If the email mentions cancelling, escalate instead of replying"
    cue(CRITERIA, "if when whenever unless",
        rf"\b{CLAUSE}{{0,100}}?\b(?:escalat\w*|refer (?:it|them|the \w+)\b|"
        r"before anything else\b|route (?:it|them|the \w+)\b|treat (?:it|this|that|them) as\b|"
        r"mark (?:it|this|that|them|such \w+)\b)"),
    cue(CRITERIA, "good bad warning positive negative", r" signs?\b"),
    cue(CRITERIA, "is are", r" (?:a )?red flags?\b"),
    # a verdict tied to a condition: "Block the query if it ...", "Pick a substitute only if ..."
    cue(CRITERIA, "block reject approve accept flag pass fail pick choose select prefer recommend shortlist discard "
                  "disqualify", rf"\b{CLAUSE}{{0,60}}?\b(?:only if|only when|if|unless)\b(?! you (?:like|want|wish|"
                                r"prefer|can|need)\b| (?:needed|necessary|possible|in doubt)\b)", before=SENTENCE_START),
    # a class of case with its fixed treatment: "Red items are always recommended", "those are always refunded"
    cue(CRITERIA, "is are", r" (?:always|never|only|automatically) (?:recommended|refunded|rejected|approved|accepted|"
                            r"escalated|flagged|declined|blocked|prioriti[sz]ed|excluded|referred|routed|treated as|"
                            r"marked|offered|replaced)\b"),
    # a count of failures that changes what to do: "after two wrong tries on the same step, show it"
    cue(CRITERIA, "after", rf" {SPELLED} (?:(?:missed|failed|wrong|late|unanswered|bad|negative|declined|bounced|"
                           r"returned) [a-z-]+s\b|(?:[\w-]+ ){0,2}?(?:tries|attempts|failures|misses|mistakes|errors|"
                           r"strikes|rejections|complaints|reminders|no-shows|warnings)\b)"),
    cue(CRITERIA, "meet meets meeting", r" (?:all|any|both|none|each|every)(?: of)? (?:the |these |those )?"
                                        r"(?:\w+ )?(?:criteria|conditions|requirements|tests|rules|two|three|four|five)\b"),
    cue(CRITERIA, "rule", r" of thumb\b"),
    # a factor that moves the case a level: "A vulnerability flag moves a job up one level"; a floor for a class
    cue(CRITERIA, "move moves moving bump bumps push pushes", r" (?:it|them|a \w+|the \w+|that \w+) (?:up|down) "
                                                         r"(?:one|a|two|\d) (?:level|band|grade|notch|category|priority|"
                                                         r"tier|step|rating)s?\b"),
    cue(CRITERIA, "always never", r" (?:at least|at most|lower than|higher than|above|below) [a-z]"),
    cue(CRITERIA, "main golden simple hard my our", r" rules?\b(?: is)?\s*:"),
    cue(CRITERIA, "high medium low critical major minor", r" (?:severity|risk|priority|impact)\b"),
    cue(CRITERIA, "low", r",? medium\b,? (?:or |and )?high\b"),
    cue(CRITERIA, "rate rating ratings grade grading",
        rf"{CLAUSE}{{0,40}}\b\d+(?:\.\d+)?\s*(?:[-–]|to|and|out of)\s*\d+"),

    # checkpoints: stop for the user's approval of the model's own plan, summary or draft
    cue(CHECKPOINTS, "wait", rf" (?:for|until)\b{CLAUSE}{{0,60}}\b(?:approv\w*|confirm\w*|go-?ahead|sign-?off|say|"
                             r"agree\w*|feedback|input|review|green light|\"?go\b|(?:my|your|their|the user's) \"?(?:ok|okay|yes)\b)"),
    cue(CHECKPOINTS, "before",
        rf"{CLAUSE}{{0,80}}\b(?:confirm\w*|sign\w* off|sign-off|approv\w*|a clear yes|go-ahead)"),
    cue(CHECKPOINTS, "sign signs signed", r"(?: it)? off\b|-off\b"),
    cue(CHECKPOINTS, "ask seek get request obtain",
        rf"\b{CLAUSE}{{0,30}}\b(?:approval|permission|confirmation|sign-?off|go-?ahead|feedback|input)\b"),
    cue(CHECKPOINTS, "proceed continue move go",
        rf"(?: on| ahead)?\b{CLAUSE}{{0,30}}\b(?:if|once|after|when|until)\b{CLAUSE}{{0,40}}\b(?:confirm\w*|approv\w*|"
        r"agree\w*)"),
    cue(CHECKPOINTS, "check confirm verify validate agree review",
        rf"\b{CLAUSE}{{0,30}}\bwith (?:me|us|the user|the client)\b"),
    cue(CHECKPOINTS, "until",
        r" (?:i|the user|we|the client) (?:approves?|confirms?|signs? off|agrees?|gives? the go-?ahead)\b"),
    # "until the engineer explicitly approves", "until they have confirmed the wording", "until I've replied"
    cue(CHECKPOINTS, "until", r" (?:[\w']+ ){1,3}?(?:(?:have|has) )?(?:explicitly |expressly |clearly )?(?:approv\w*|"
                              r"confirm\w*|signs? off|signed off|agree[sd]?\b|replie[sd]\b|gives? (?:the |a |their |"
                              r"my )?(?:go-?ahead|ok|green light))"),
    cue(CHECKPOINTS, "so", r" (?:that )?(?:i|the user|we|the client) can (?:review|approve|check|confirm|agree)\b"),
    cue(CHECKPOINTS, "for",
        r" (?:(?:my|your|our|the user'?s|the client'?s|their) )?(?:approval|confirmation|sign-?off)\b"),
    cue(CHECKPOINTS, "for", r" (?:my|your|our|the user'?s|the client'?s|their) review\b"),
    cue(CHECKPOINTS, "present show share summarise summarize outline propose",
        rf"\b{CLAUSE}{{0,80}}\b(?:and|then) (?:wait|pause|stop)\b"),
    cue(CHECKPOINTS, "pause stop", r" (?:and|to) (?:ask|check|confirm)\b"),
    # "ask the student to confirm it before you go on": the model's restatement waits for the user's word
    cue(CHECKPOINTS, "ask", rf" (?:[\w']+ ){{0,3}}?to (?:confirm|approve|sign off|check|agree)\b{CLAUSE}{{0,60}}"
                          r"\b(?:(?:before|until) (?:you |we )?(?:go on|going on|continue|proceed|move on|carry on|start|"
                          r"begin|draft|write)|then wait|and wait)\b"),

    # clarifying_questions: ask the user for missing information before or while working
    cue(QUESTIONS, "ask", r"\s+(?:(?!questions?\b|yourself\b)\w+\s+){0,2}?"
                          r"(?:for|about|if|whether|what|who|which|how|when|where|why)\b"),
    cue(QUESTIONS, "if when unless", rf"{CLAUSE}{{0,80}}, (?:first )?ask\b"),  # "If X is missing, ask."
    cue(QUESTIONS, "ask", r"(?:\s*:| (?:me|the user|the client|them)\b)"),
    cue(QUESTIONS, "clarifying clarification followup probing", r" questions?\b"),
    cue(QUESTIONS, "follow", r"-up questions?\b"),
    cue(QUESTIONS, "seek request", r" clarification\b"),
    cue(QUESTIONS, "inquire enquire"),
    cue(QUESTIONS, "question questions thing", r" (?:i|you|we|to) (?:always )?ask\b"),
    cue(QUESTIONS, "request ask collect gather", r"(?: for)? (?:any |the )?(?:missing|needed|required|necessary)\b"),
    cue(QUESTIONS, "unclear ambiguous vague missing incomplete", rf"{CLAUSE}{{0,60}}\b{ASKING}"),
    cue(QUESTIONS, "not", rf" (?:known|provided|given|specified|clear)\b{CLAUSE}{{0,60}}\b{ASKING}"),
    # what the input leaves out, turned into questions: "If the form doesn't tell you the pipe material, ... list those
    # questions for the customer"
    cue(QUESTIONS, "doesn does don didn hasn haven",
        rf"(?:'?t| not) (?:tell|say|give|state|mention|specify|include|name|told|said|given|stated|mentioned|specified|"
        rf"included|named)\b{CLAUSE}{{0,140}}\b(?:ask\w*|questions?)\b"),
    cue(QUESTIONS, "please provide tell share give", rf"{CLAUSE}{{0,20}}\bfollowing (?:information|details)\b"),
    cue(QUESTIONS, "do don", rf"(?: not|'?t) (?:proceed|start|begin)\b{CLAUSE}{{0,30}}\buntil\b{CLAUSE}{{0,40}}"
                            r"\b(?:understand\w*|clear|information|details|answers?)\b"),

    # output_format: structure, length, tone, vocabulary, audience of the reply
    cue(FORMAT, "format* markdown json yaml csv html latex table tables bullet* headings heading headers header "
                "tone voice vocabulary jargon acronym acronyms wording concise* succinct* briefly "
                "backtick* emoji emojis"),
    cue(FORMAT, "numbered", r" (?:list|headings?)\b"),
    cue(FORMAT, "# one two three four five six seven", r" (?:sections|parts|paragraphs)\b"),
    cue(FORMAT, "plain simple clear technical everyday formal natural", r" (?:language|english|words)\b"),
    cue(FORMAT, "be keep", r"(?: it)? brief\b"),
    cue(FORMAT, "keep", r" (?:it|each \w+|your \w+|responses?|answers?) (?:to|under|short|brief|tight)\b"),
    cue(FORMAT, "short", r" (?:sentences?|paragraphs?|answers?|responses?|summary|repl(?:y|ies))\b"),
    cue(FORMAT, "one", r"[- ](?:paragraph|sentence|line)\b"),
    cue(FORMAT, "two three four five six seven eight nine ten",
        r"(?: short| brief| numbered| bulleted)? (?:lines|sentences|paragraphs|bullets|bullet points)\b"),
    cue(FORMAT, "# one two three four five", r"[- ]pages?\b"),
    cue(FORMAT, "#", r"(?:\s*[-–]\s*\d+)?\s*(?:words|sentences|paragraphs|pages|lines|bullets|characters|letters)\b"),
    cue(FORMAT, "reading", r" level\b"),
    cue(FORMAT, "british american us uk", r" spelling\b"),
    cue(FORMAT, "respond* reply* replies answer* write* output* return*",
        rf"\b{CLAUSE}{{0,30}}\b(?:only|nothing else|anything (?:else|except|but))\b"),
    cue(FORMAT, "only just simply", r" (?:reply|respond|answer|provide|output|return|give|write|list)\b"),
    cue(FORMAT, "and", r" nothing else\b"),
    cue(FORMAT, "your",
        r" (?:responses?|answers?|reply|replies|output|reports?|deliverable)s? (?:should|must|will|need)\b"),
    cue(FORMAT, "structure organise organize lay present",
        r"(?: out)? (?:your|the) (?:answer|response|reply|output|report)\b"),
    cue(FORMAT, "in", r" the following (?:format|structure|form)\b"),
    heading(FORMAT, "output response answer", r"(?: format| structure)?"),
    cue(FORMAT, "<", r"output>"),
    cue(FORMAT, "code", r" (?:blocks?|fences?|snippets?)\b"),
    cue(FORMAT, "be should must", rf"(?: be)? {STYLE_WORDS}"),
    cue(FORMAT, "suitable written pitched aimed", r" for\b"),

    # guardrails: prohibitions, limits, things to avoid or refuse, novice mistakes; "always" states a hard rule
    cue(GUARDRAILS, "never cannot avoid* refus* decline omit exclud* ignore refrain solely prohibit* forbid* always"),
    cue(GUARDRAILS, "do must should", r" not\b"),
    cue(GUARDRAILS, "don", r"'?t\b"),
    cue(GUARDRAILS, "must should", r"n't\b"),
    cue(GUARDRAILS, "only", r" (?:use|rely|cite|answer|respond|draw|include|discuss|recommend|work)\b"),
    cue(GUARDRAILS, "no not", r" more than\b"),
    cue(GUARDRAILS, "at", r" (?:most|maximum)\b"),
    cue(GUARDRAILS, "maximum max", r"(?: of)?\.? \d"),
    cue(GUARDRAILS, "under", r" no circumstances\b"),
    cue(GUARDRAILS, "off", r"-limits\b"),
    cue(GUARDRAILS, "careful sure care", r" not to\b"),
    cue(GUARDRAILS, "no", r"\s+(?!one\b|matter\b|problem\b|need\b|longer\b)[a-z]", before=LINE_START),  # "No jargon."
    cue(GUARDRAILS, "word words character characters length time token tokens step steps page pages question "
                    "questions guess guesses", r" (?:limit|budget|cap)\b"),
    cue(GUARDRAILS, "#", r"[- ](?:word|step|token|character|minute|page)s? (?:limit|budget|cap|max(?:imum)?)\b"),
    cue(GUARDRAILS, "limit restrict cap keep",
        r" (?:it|yourself|your \w+|responses?|answers?|the \w+) (?:to|under|below|within)\b"),
    cue(GUARDRAILS, "under below within fewer less",
        r"(?: than)? \d+ (?:words|characters|sentences|pages|lines|tokens)\b"),
    cue(GUARDRAILS, "stay stick", r" (?:within|to|away from)\b"),
    cue(GUARDRAILS, "steer", r" clear\b"),
    cue(GUARDRAILS, "leave", r" out\b"),
    cue(GUARDRAILS, "skip"),
    cue(GUARDRAILS, "common novice rookie typical beginner beginners biggest classic usual frequent",
        r"(?:'s)? (?:mistakes?|errors?|pitfalls?|traps?)\b"),

    # examples: worked examples, sample inputs and outputs, fill-in templates (not "e.g." lists)
    cue(EXAMPLES, "for", r' (?:example|instance)\b[^.\n]{0,80}?(?::|"|=)'),
    cue(EXAMPLES, "for", r" (?:example|instance),?\s+(?:last|once|one time|in \d{4}|when (?:a|an|we|i|our))\b"),
    cue(EXAMPLES, "example examples sample samples",
        r"(?: (?:input|output|interaction|response|answer|conversation|dialog(?:ue)?|request|prompt|case|usage|"
        r"statement|report|memo|email|message)s?)?\s*(?:\d+\s*)?:"),
    heading(EXAMPLES, "example examples", r"(?: \w+){0,2}"),
    cue(EXAMPLES, "example examples sample samples", r"(?: [\w-]+){1,3}\s*:", before=LINE_START + r"(?<!\w)"),
    cue(EXAMPLES, "kind sort", r" of \w+ (?:we|i|they) (?:like|love|want|prefer)\b"),
    cue(EXAMPLES, "given", r"\s*:?[ \t]*\n[\s\S]{0,300}?\n\W*you(?:'d| would) \w+"),
    cue(EXAMPLES, "template templates"),
    # a real case, told with its date ("In June 2018 a retailer...") and the choice made in it
    cue(EXAMPLES, "in on", r" (?:[a-z0-9]+,? ){0,3}(?:19|20)\d\d\b", before=SENTENCE_START),
    cue(EXAMPLES, "i we", r" (?:chose|decided|picked|went with)\b"),
    cue(EXAMPLES, "the", r" options were\b"),
    cue(EXAMPLES, "worked", r" (?:example|case)s?\b"),
    cue(EXAMPLES, "here", r"(?:'s| is) an? (?:example|sample)\b"),
    cue(EXAMPLES, "look looks read reads", r" (?:something |roughly |a bit |more or less )?like (?:this|the following)\s*:"),
    # a lead-in that names the sample: "Here's a model reply:", "Here is a typical entry:"
    cue(EXAMPLES, "here", r"(?:'s| is| are) (?:a|an|one|two|some) (?:model|sample|typical|good|real|worked|finished) "
                          r"[\w -]{2,30}:"),
    # a lead-in to the sample: "Here is how one week should look:", "Here's what a good reply sounds like:"
    cue(EXAMPLES, "here", r"(?:'s| is| are) (?:how|what) [^.\n]{0,80}?\b(?:looks?|look like|should look|might look|"
                          r"would look|reads?|should read|sounds?|starts?|begins?|opens?|should (?:start|begin|open))\b[^.\n]{0,60}:"),
    cue(EXAMPLES, "input", r"\s*:[\s\S]{0,400}?\n\W*output\s*:"),  # a sample input paired with its output
    cue(EXAMPLES, "q question", r"\s*:[^\n]*\n\W*a(?:nswer)?\s*:"),  # a sample question and its answer
    cue(EXAMPLES, "|", r"[ \t]*\|[ \t]*\|"),  # a table row with blank cells to fill in
)

MASKS: tuple[Cue, ...] = (
    # Idioms that start like a prohibition; and "don't proceed until you understand" gates on
    # understanding, which the labelling rules count as a clarifying question.
    cue(GUARDRAILS, "do don", r"(?: not|'?t) (?:worry|hesitate)\b"),
    cue(GUARDRAILS, "not", r" only\b"),
    cue(GUARDRAILS, "do don", rf"(?: not|'?t) (?:proceed|start|begin)\b{CLAUSE}{{0,30}}\buntil\b"),
    # Asking for approval of the model's own work is a checkpoint, not a request for missing facts.
    cue(QUESTIONS, "ask asks asking",
        rf"\b{CLAUSE}{{0,20}}\b(?:approval|permission|confirmation|sign-?off|go-?ahead|input|feedback)\b"),
    # Asking for the user's own attempt or reasoning ("ask what she thinks it means", "ask for the first step") is the
    # lesson itself, not a request for missing facts; nor is "the next question to ask" a reply holds.
    cue(QUESTIONS, "ask asks asking", r"(?: (?:her|him|them|me|the \w+))?(?: for (?:the |a |her |his |their |my |your )?"
                                      r"(?:first |next |one )?(?:step|attempt|answer|try|guess|explanation|working)s?\b|"
                                      r" (?:what|how|why) (?:she|he|they|you|i) (?:think|thinks|thought|believes?|"
                                      r"means?)\b)"),
    cue(QUESTIONS, "next", r" questions? (?:to|i should|we should|they should|you should) ask\b"),
    # "who have never written one" describes someone; it forbids nothing
    cue(GUARDRAILS, "who have has had ve", r"(?: (?:have|has|had))? never\b"),
    # "a third of patients are over 70" is a fact of the situation, not a threshold
    cue(CRITERIA, "is are was were aged", rf" (?:over|under|above|below|older than|younger than) (?:\d+|{SPELLED})"),
    # A handshake ("reply OK to confirm") is not approval of a plan or draft.
    cue(CHECKPOINTS, "reply respond answer say",
        rf"\b{CLAUSE}{{0,20}}\b(?:ok|okay|yes|understood|ready)\b{CLAUSE}{{0,20}}\bconfirm\w*"),
    # "Before drafting, ask me ..." and "wait for my approval before drafting" gate on a question or an approval:
    # they are a question or a checkpoint, not a sequence of steps
    cue(PROCESS, "wait stop pause", rf"\b{CLAUSE}{{0,80}}\bbefore\b"),
    cue(PROCESS, "before", rf"{CLAUSE}{{0,40}}?(?:,|:\**)\s*(?:first\s+)?(?:ask|check with|confirm with|wait)\b"),
    cue(PROCESS, "before", rf"{CLAUSE}{{0,160}}?\b(?:wait|approv\w*|signs? off|sign-off|go-?ahead)\b"),
    # "ask me before you start scoring" is a question asked first, not a sequence of steps
    cue(PROCESS, "ask asks", rf"{CLAUSE}{{0,120}}?\bbefore (?:you |we |i )?(?:begin|start|draft|writ|answer|respond|"
                             r"proceed|predict|scor|calculat|decid)\w*"),
    # "If the notes don't state a word limit, ask": what the input leaves out, not a prohibition
    cue(GUARDRAILS, "if when unless where", r" (?:the|a|an|it|they|he|she|this|that|any|your|their|his|her)\b[^,.;:!?\n]{0,60}?"
                                           r"\b(?:doesn't|don't|does not|do not|didn't|did not|hasn't|haven't|has not|"
                                           r"have not|can't|cannot) (?:say|state|tell|give|mention|include|specify|name|"
                                           r"show|list|make|have|contain)\b[^,.;:!?\n]*"),
    # "If it is late, then escalate" is a condition, not two steps
    cue(PROCESS, "if when", rf"{CLAUSE}{{0,80}}?,\s*then\b"),
    # a number inside a prohibition is a limit (a guardrail), not a threshold that governs a choice:
    # "Never give a teacher more than four consecutive periods"
    cue(CRITERIA, "never don do", rf"(?:'?t| not)?(?:(?!\b(?:if|when|unless)\b){CLAUSE}){{0,60}}?\b(?:more|less|fewer|"
                                  rf"greater|higher|lower|over|under|above|below|exceed\w*|beyond)(?: than)?\s+{SPELLED}"),
    # a description of what the model receives states the input (context), not the answer's format or a limit:
    # "You'll receive a table with ... the character limit of the UI element"; "Input: a CSV export"
    cue(FORMAT, "you", r"(?:'ll| will) (?:receive|be given|get|be sent|be shown|be handed)\b[^.!?;\n]*"),
    cue(GUARDRAILS, "you", r"(?:'ll| will) (?:receive|be given|get|be sent|be shown|be handed)\b[^.!?;\n]*"),
    cue(FORMAT, "input inputs", r"\**\s*:(?:(?!\boutput\b)[^\n])*", before=LINE_START),
    cue(GUARDRAILS, "input inputs", r"\**\s*:(?:(?!\boutput\b)[^\n])*", before=LINE_START),
)


def _index() -> dict[str, tuple[tuple[Cue, ...], tuple[Cue, ...]]]:
    """For each first-word key, its masks and its cues, one merged pattern per element: one look-up per token."""
    keys = {word_key for one in CUES + MASKS for word_key in one.keys}
    return {word_key: (_merged(MASKS, word_key), _merged(CUES, word_key)) for word_key in keys}


def _merged(cues: tuple[Cue, ...], word_key: str) -> tuple[Cue, ...]:
    """The cues that start at word_key, joined into one pattern per element: fewer match calls per token."""
    patterns: dict[str, list[str]] = {}
    for one in cues:
        if word_key in one.keys:
            patterns.setdefault(one.element, []).append(f"(?:{one.pattern.pattern})")
    return tuple(Cue(element, re.compile("|".join(alternatives), re.MULTILINE), frozenset({word_key}))
                 for element, alternatives in patterns.items())


BY_KEY = _index()

# Numbered lines: "1. ...", "2) ...", "## 3. **...**"; the number and the item text are captured.
NUMBERED_ITEM = re.compile(r"^[ \t#>*_-]*(\d{1,2})[.)][ \t]+(.+)$", re.MULTILINE)
# A numbered list under one of these headings lists rules or qualities, not ordered steps.
NON_STEP_HEADING = re.compile(r"\b(?:principles?|rules?|criteria|checks?|checklist|constraints?|guidelines?|"
                              r"notes?|tips?|values?|requirements?|mistakes?|pitfalls?)\b", re.IGNORECASE)
# A "[placeholder]" slot; two on one line make it a fill-in template ("[Client] is aware of [issue]").
# The possessive quantifier keeps runs of brackets from backtracking.
PLACEHOLDER = re.compile(r"\[(?=[^\[\]\n]*?[A-Za-z])[^\[\]\n]*+\](?!\()")
