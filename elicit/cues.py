"""Phrasing cues that show each of the ten mega-prompt elements, as precompiled patterns.

Each cue is a general principle of how people write that element (a role assignment, a
threshold tied to a decision, a request for approval...), never a sentence lifted from a
particular prompt. `MASKS` blanks out look-alike phrases before the cues run, so a cue can
stay broad while the known traps of the labelling rules stay out.
"""

from __future__ import annotations

import re

FLAGS = re.IGNORECASE | re.MULTILINE

# Stays inside one sentence: cues that pair two words must not pair them across sentences.
CLAUSE = r"[^.!?\n]"
# Units that make a number a length or count limit (a guardrail or format), not a decision threshold.
LIMIT_UNITS = (r"(?:words?|characters?|chars?|letters?|sentences?|paragraphs?|pages?|lines?|bullets?|"
               r"tokens?|items?|questions?|guesses|guess|tries|attempts?|emojis?|steps?|tool calls?|slides?|options?|ideas?|"
               r"suggestions?|examples?|sources?|references?|points?|names?|variations?|hashtags?|paragraphs?)\b")
COMPARATOR = (r"(?:[<>≥≤]=?|=[<>]|\b(?:more|less|fewer|greater|higher|lower|better|worse) than|\bat (?:least|most)|"
              r"\b(?:above|below|over|under|exceeds?|exceeding|beyond|upwards of))")
NUMBER = (r"(?:[$€£]?\d[\d.,]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|"
          r"a hundred|a thousand)\b)")
STYLE_WORDS = (r"(?:polite|courteous|friendly|formal|informal|casual|professional|neutral|warm|empathetic|"
               r"direct|concise|brief|succinct|terse|detailed|specific|clear|plain|simple|conversational)")


def _any(*patterns: str) -> re.Pattern[str]:
    """One alternation, so each element costs a single scan of the text."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), FLAGS)


PERSONA = _any(
    r"\b(?:act|acting|behave|serve|pose|operate) (?:as|like) (?!if\b|though\b|usual\b|needed\b|follows\b)",
    r"(?<!if )(?<!when )(?<!whether )\byou(?:'re| are) (?:a|an|the)\b(?! (?:bit|little|lot|long way|one|only)\b)",
    rf"\byou are [^\s,.]+(?: [^\s,.]+){{0,2}}, (?:a|an|the)\b",  # "You are <name>, a ..."
    r"\byour (?:\w+ )?(?:roles?|name|persona|identity|character) (?:is|are|as)\b",
    r"\b(?:pretend|imagine|assume|suppose) (?:to be|you(?:'re| are)|that you(?:'re| are))\b",
    r"\b(?:play|take on|adopt|assume|step into) (?:the |a )?(?:role|part|persona|character)\b",
    r"\bin the role of\b|\brole-?play(?:ing)? as\b|\b(?:take|adopt) the (?:perspective|mindset|viewpoint) of\b",
    r"\b(?:respond|reply|answer|speak|write|think)\w* as (?:an? |the )?(?:\w+ )?"
    r"(?:experts?|specialists?|professionals?|consultants?|advisors?|analysts?|coach(?:es)?|mentors?)\b",
    rf"\bas (?:a|an|the) [\w -]{{2,40}}, you\b|\b(?:as|the way|like) (?:a|an) [\w -]{{2,40}}? would\b",
    rf"\byou (?:have|bring){CLAUSE}{{0,20}}\b(?:years|decades)\b",
)

GOALS = _any(
    r"\b(?:goals?|aims?|purpose|objectives?|mission|intent)\s*(?:is|are|here is|will be)\b",
    r"^\W*(?:goals?|aims?|purpose|objectives?|mission)\s*:",
    r"\bwith the (?:goal|aim|purpose|objective|intention) of\b",
    r"\bso that\b|\bin order to\b",
    r"\bprioriti[sz](?:e|es|ing)\b|\b(?:top|first|main|highest|overriding|key) priorit(?:y|ies)\b",
    r"\bpriorities (?:are|is)\b",
    r"\btrade-?offs?\b|\bwhat matters\b|\bmatters? (?:most|more|less|least)\b",
    r"\b(?:speed|quality|accuracy|safety|cost|time|consistency|clarity|simplicity|trust|reputation|"
    r"precision|brevity)(?: and \w+)? matters?\b",
    r"\b(?:prefer|favou?r|push for|value|optimi[sz]e for|choose)\b" + CLAUSE + r"{0,60}\bover\b",
    r"\bwhile (?:maintaining|keeping|preserving|protecting|minimi[sz]ing|maximi[sz]ing)\b",
    r"\bwithout (?:sacrificing|compromising|losing)\b",
    r"\bI(?:'d| would)? (?:want|like|need|hope|aim) to\b|\bI(?:'m| am) (?:trying|hoping|looking) to\b",
    r"\b(?:is|are|will be) used (?:to|for|by)\b",
    r"\b(?:looking|want|wants|hoping|trying) to (?:improve|enhance|achieve|reduce|increase|grow|protect|win|build)\b",
    r"\bsuccess (?:means|looks like|is)\b|\bdesired (?:outcome|result)\b|\b(?:the|whole) point (?:is|of)\b",
    r"\bcare (?:most |more |less )?about\b|\b(?:would|'d) rather\b",
    r"\bfirst\b" + CLAUSE + r"{0,40}[;,]" + CLAUSE + r"{0,40}\bsecond\b",  # "X first; Y second"
)

CONTEXT = _any(
    r"\bI(?:'ll| will| am going to| shall) (?:give|provide|send|share|paste|write|describe|tell|type|"
    r"upload|supply|present|show)\b",
    r"\byou(?:'ll| will)(?: be)? (?:given|provided|receiv\w*|get|sent|shown|handed|replying|talking|"
    r"speaking|working|assist\w*|help\w*|support\w*|serv\w*|interact\w*|read(?:ing)?)\b",
    r"\b(?:the|your|this|following|provided|user'?s?|expected) inputs?\b|^\W*inputs?\b|<input>",
    r"\b(?:the|this|these|any) (?:provided|given|attached|supplied|pasted|uploaded|enclosed)\b",
    r"\b(?:following|provided|attached|enclosed) (?:[\w-]+ ){0,2}?(?:text|documents?|materials?|data|reports?|"
    r"descriptions?|code|sources?|transcripts?|files?|information|emails?|articles?|notes|records)\b",
    r"\b(?:text|data|information|intelligence|material|documents?|reports?|context) (?:above|below)\b",
    r"\bwhen (?:provided|given)\b|\bdelimited by\b",
    r"\{\{?\s*\$?\w*(?:input|context|question|query|text|document|data|source|request|product|content|"
    r"message|code|brief|report)\w*\s*\}?\}|\$ARGUMENTS\b",  # slots the input will fill
    r"\b(?:the|this|a|an|our|my|your|current|following) (?:[\w-]+ )?(?:situation|scenario|background)\b",
    r"^\W*(?:context|background|situation)\b\W*$|<context>|\b(?:context|background|situation)\s*:",
    r"\b(?:the|your|my|our|target) (?:audience|readers?|readership|users?|customers?|clients?|company|"
    r"patients?|organi[sz]ation|business) (?:is|are|will be|includes?)\b",
    r"\b(?:users?|clients?|customers?|people) (?:will|may|might|can|often) (?:ask|send|give|provide|paste|upload|"
    r"share|describe|submit)\b|\bwe(?:'re| are) (?:a|an)\b|\bhere (?:is|are) (?:the|my|our)\b",
    r"\byou(?:'re| are) (?:talking|speaking|writing|replying) to\b|\bthe user is\b",
    r"\byou(?:'re| are) (?:helping|assisting|supporting|working (?:with|for)|writing for)\b",
    r"\bincoming\b|\barriv(?:e|es|ing) (?:from|via|through|by|as|in)\b",
    r"\bI(?:'ll| will)? (?:paste|attach|upload)\b|\b(?:pasted|shared|attached|included) (?:below|above)\b",
    r"\b(?:assisting|helping|supporting|serving) (?:\w+ ){0,2}?\w+s who\b",
    r"\bI(?:'m| am) (?:a|an|the|in|at|working|involved|running|responsible)\b",
    r"\bas (?:a|an) [\w-]+(?: [\w-]+){0,2}, (?:I|we)\b|\bme, (?:the|a|an|your)\b",
    r"\bthe current (?:date|time|year)\b|\btoday is\b",
)

PROCESS = _any(
    r"\b(?:step|phase|stage)\s*(?:\d+|one|two|three|i{1,3})\b",
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten)[- ](?:steps?|stages?|phases?)\b",
    r"\bfirst\b[^\n]{0,160}?\bthen\b|\bfirst(?:ly)?,[\s\S]{0,300}?\bsecond(?:ly)?,",
    r"\b(?:then|next|finally|afterwards|after that),",
    r"\b(?:once|after) (?:you(?:'ve| have)?|the user has|we(?:'ve| have)) \w+(?:ed|ne|en)\b",
    r"\bwhen you (?:have )?(?:gather|collect|finish|complete)\w*\b",
    r"\b(?:start|begin) by\b|\bbegin with\b|\bstart with\b[^.!?\n]{0,80}\bthen\b",
    r"\bbefore (?:we |you )?(?:begin|beginning|start|starting|drafting|writing|answering|responding|"
    r"proceeding)\b",
    r"\b(?:break|split) (?:it|this|the \w+) (?:down )?into (?:\w+ ){0,2}steps\b",
    r"^\W*(?:process|workflow|procedure|method|steps)\W*$|<(?:process|workflow|steps)>",
)

DECISION_CRITERIA = _any(
    rf"\b(?:if|when|unless|where|once)\b{CLAUSE}{{0,60}}?{COMPARATOR}\s*{NUMBER}(?!\s*{LIMIT_UNITS})",
    rf"{COMPARATOR}\s*{NUMBER}\s*(?:%|percent\b|x\b|[kmb]n?\b)",
    rf"\b(?:more|less|fewer|greater|higher|lower) than\s+{NUMBER}\s+(?!{LIMIT_UNITS})[a-z]",
    rf"\b(?:above|below|over|under|exceeds?|exceeding)\s+{NUMBER}\s+(?!{LIMIT_UNITS}|decades?\b|years? of\b)[a-z]",
    rf"{NUMBER}\s*[-–]\s*{NUMBER}\s*%",
    r"(?<!\S)\d+(?:\.\d+)?%?\s*(?:\+|[-–]\s*\d+(?:\.\d+)?%?)\s*:\s+[a-z]",  # score band -> action
    r"\b(?:below|above|under|over) \d+(?:\.\d+)?%?\s*:",
    r"\bcriteri(?:on|a)\b|\bthresholds?\b|\bcut-?offs?\b|\bhurdles?\b|\bdeal-?breakers?\b|\bmust-haves?\b",
    r"\brubrics?\b|\bscor(?:e|es|ed|ing)\b|\bweigh(?:s|ed|ing|ts?|ted|ting)?\b|\bkey factors\b",
    r"\b(?:outranks?|takes? precedence|trumps?|overrides?|wins? over|more important than|"
    r"matters? more than|comes? before)\b|\bmost important\b|\btie-?break\w*\b",
    r"\bin (?:descending )?order of (?:priority|importance)\b|\brank(?:ed|ing)? (?:by|on|them)\b",
    r"\bpass\s*/\s*fail\b|\b(?:fails|passes)\s*[.;]|\bconditions? (?:are|is) met\b",
    rf"\b{NUMBER}\s*%?\s+(?:or|and) (?:above|more|higher|greater|below|less|lower|fewer|under|over)\b(?!\s*{LIMIT_UNITS})",
    r"\bwhen (?:\w+ ){0,4}conflict\b|\bin (?:a|case of a) tie\b|\bdeciding factor\b",
    r"\b(?:high|medium|low|critical|major|minor) (?:severity|risk|priority|impact)\b",
    r"\blow\b,? medium\b,? (?:or |and )?high\b",
    r"\b(?:rate|rating|score|grade)\w*\b" + CLAUSE + r"{0,40}\b\d+(?:\.\d+)?\s*(?:[-–]|to|and|out of)\s*\d+",
)

CHECKPOINTS = _any(
    rf"\bwait (?:for|until)\b{CLAUSE}{{0,60}}\b(?:approv\w*|confirm\w*|go-?ahead|sign-?off|say|agree\w*|"
    r"feedback|input|review|green light)",
    rf"\b(?:ask|seek|get|request|obtain)\b{CLAUSE}{{0,30}}\b(?:approval|permission|confirmation|sign-?off|"
    r"go-?ahead|feedback|input)\b",
    rf"\b(?:proceed|continue|move on|go on|go ahead)\b{CLAUSE}{{0,30}}\b(?:if|once|after|when|until)\b"
    rf"{CLAUSE}{{0,40}}\b(?:confirm\w*|approv\w*|agree\w*)",
    rf"\b(?:check|confirm|verify|validate|agree|review)\b{CLAUSE}{{0,30}}\bwith (?:me|us|the user|the client)\b",
    r"\buntil (?:I|the user|we|the client) (?:approves?|confirms?|signs? off|agrees?|gives? the go-?ahead)\b",
    r"\bso (?:that )?(?:I|the user|we|the client) can (?:review|approve|check|confirm)\b",
    r"\bfor (?:my|your|our|the user'?s|the client'?s|their) (?:approval|confirmation|sign-?off|review)\b",
    rf"\b(?:present|show|share|summari[sz]e|outline|propose)\b{CLAUSE}{{0,80}}\b(?:and|then) "
    r"(?:wait|pause|stop)\b",
    r"\b(?:pause|stop) (?:and|to) (?:ask|check|confirm)\b",
)

CLARIFYING_QUESTIONS = _any(
    r"\bask\s+(?:(?!questions?\b)\w+\s+)?(?:for|about|if|whether|what|who|which|how|when|where|why)\b",
    r"\bask\s*:|\bask (?:me|the user|the client|them)\b",
    r"\b(?:clarifying|clarification|follow-?up|probing) questions?\b|\b(?:seek|request|ask for) clarification\b",
    r"\b(?:inquire|enquire)\b|\b(?:first )?(?:questions?|thing) (?:I|you|we|to) (?:always )?ask\b",
    r"\b(?:request|ask for|collect|gather) (?:any |the )?(?:missing|needed|required|necessary)\b",
    rf"\b(?:unclear|ambiguous|vague|missing|incomplete|not (?:known|provided|given|specified|clear))\b"
    rf"{CLAUSE}{{0,60}}\b(?:ask|clarif\w*|inquire|check with)\b",
    r"\b(?:please )?(?:provide|tell me|share|give me)\b" + CLAUSE + r"{0,20}\bfollowing (?:information|details)\b",
    rf"\b(?:do not|don't) (?:proceed|start|begin)\b{CLAUSE}{{0,30}}\buntil\b{CLAUSE}{{0,40}}"
    r"\b(?:understand\w*|clear|information|details|answers?)\b",
)

OUTPUT_FORMAT = _any(
    r"\bformat\w*\b|\bmarkdown\b|\bjson\b|\byaml\b|\bcsv\b|\bhtml\b|\blatex\b",
    r"\btables?\b|\bbullet\w*\b|\bnumbered (?:list|headings?)\b|\bheadings?\b|\bheaders?\b|\bsections?\b",
    r"\btone\b|\bvoice\b|\bvocabulary\b|\bjargon\b|\bacronyms?\b|\bwording\b",
    r"\b(?:plain|simple|clear|technical|everyday|formal|natural) (?:language|english|words)\b",
    r"\bconcise\w*\b|\bsuccinct\w*\b|\bbriefly\b|\b(?:be|keep it|a) brief\b",
    r"\bkeep (?:it|each \w+|your \w+|responses?|answers?) (?:to|under|short|brief|tight)\b",
    r"\bshort (?:sentences?|paragraphs?|answers?|responses?|summary|repl(?:y|ies))\b|\bone[- ](?:paragraph|sentence|line)\b",
    r"\b(?:\d+|one|two|three|four|five)[- ]pages?\b|\breading level\b|\b(?:british|american|us|uk) spelling\b",
    rf"\b\d+(?:\s*[-–]\s*\d+)?\s*(?:words|sentences|paragraphs|pages|lines|bullets|characters|letters)\b",
    rf"\b(?:respond|reply|answer|write|output|return)\w*\b{CLAUSE}{{0,30}}\b(?:only|nothing else|"
    r"anything (?:else|except|but))\b",
    r"\b(?:only|just|simply) (?:reply|respond|answer|provide|output|return|give|write|list)\b|\band nothing else\b",
    r"\byour (?:responses?|answers?|reply|replies|output|reports?|deliverable)s? (?:should|must|will|need)\b",
    r"\b(?:structure|organi[sz]e|lay out|present) (?:your|the) (?:answer|response|reply|output|report)\b",
    r"\bin the following (?:format|structure|form)\b|^\W*(?:output|response|answer)(?: format| structure)?\W*$",
    r"<output>|\bcode (?:blocks?|fences?|snippets?)\b|\bbackticks?\b|\bemojis?\b",
    rf"\b(?:be|should be|must be|in an?) {STYLE_WORDS}\b",
    r"\b(?:suitable|written|pitched|aimed) for\b",
)

GUARDRAILS = _any(
    r"\bnever\b|\bdo not\b|\bdon'?t\b|\bmust not\b|\bmustn't\b|\bshould not\b|\bshouldn't\b|\bcannot\b",
    r"\bavoid\w*\b|\brefus\w*\b|\bdecline\b|\bomit\b|\bexclud\w*\b|\bignore\b|\brefrain\b",
    r"\bonly (?:use|rely|cite|answer|respond|draw|include|discuss|recommend|work)\b|\bsolely\b",
    r"\b(?:no more than|not more than|at most|at maximum|maximum of|max(?:imum)?\.? \d)",
    r"\bunder no circumstances\b|\bprohibit\w*\b|\bforbid\w*\b|\bnot allowed\b|\boff-limits\b",
    r"\b(?:careful|sure|care) not to\b|\balways\b",
    r"(?:^|(?<=[.!?]\s))[\W_]*no\s+(?!one\b|matter\b|problem\b|need\b|longer\b)[a-z]",  # "No speculation."
    r"\b(?:word|character|length|time|token|step|page|question|guess)s? (?:limit|budget|cap)\b",
    r"\b\d+[- ](?:word|step|token|character|minute|page)s? (?:limit|budget|cap|max(?:imum)?)\b",
    r"\b(?:limit|restrict|cap|keep) (?:it|yourself|your \w+|responses?|answers?|the \w+) (?:to|under|below|within)\b",
    r"\b(?:under|below|within|fewer than|less than|no longer than) \d+ (?:words|characters|sentences|pages|lines|tokens)\b",
    r"\b(?:stay|stick) (?:within|to)\b|\bstay away from\b|\bsteer clear\b|\bleave out\b|\bskip\b",
    r"\b(?:common|novice|rookie|typical|beginner'?s?) (?:mistakes?|errors?|pitfalls?|traps?)\b",
)

EXAMPLES = _any(
    r"\bfor (?:example|instance)\b[^.\n]{0,80}?(?::|[\"“]|=)",
    r"\b(?:examples?|samples?)(?: (?:input|output|interaction|response|answer|conversation|dialog(?:ue)?|"
    r"request|prompt|case|usage|statement|report|memo|email|message)s?)?\s*(?:\d+\s*)?:",
    r"^\W*(?:\d+[.)]\s*)?\W*(?:worked |sample )?examples?\b(?: \w+){0,2}\W*$",
    r"\btemplates?\b|\bworked (?:example|case)s?\b|\bhere(?:'s| is) an? (?:example|sample)\b",
    r"\b(?:looks?|should look|would look|reads?) like (?:this|the following)\s*:",
    r"\bsuch as\s*[\"“][^\"”\n]{1,60}[\"”]",
    r"\bfor (?:example|instance),?\s+(?:last|once|one time|in \d{4}|when (?:a|an|we|i|our))\b",
    r"^\W*input\s*:[\s\S]{0,400}?^\W*output\s*:",  # a sample input paired with its output
    r"^\s*\|[^\n]*\|[ \t]*\|[ \t]*\|",  # a table row with blank cells to fill in
)

CUES: dict[str, re.Pattern[str]] = {
    "persona": PERSONA,
    "goals": GOALS,
    "context": CONTEXT,
    "process": PROCESS,
    "decision_criteria": DECISION_CRITERIA,
    "checkpoints": CHECKPOINTS,
    "clarifying_questions": CLARIFYING_QUESTIONS,
    "output_format": OUTPUT_FORMAT,
    "guardrails": GUARDRAILS,
    "examples": EXAMPLES,
}

MASKS: dict[str, re.Pattern[str]] = {
    # Idioms that start like a prohibition; and "don't proceed until you understand" gates on
    # understanding, which the labelling rules count as a clarifying question.
    "guardrails": _any(r"\b(?:do not|don't) (?:worry|hesitate)\b", r"\bnot only\b",
                       r"\b(?:do not|don't) (?:proceed|start|begin)\b[^.!?\n]{0,30}\buntil\b"),
    # Asking for approval of the model's own work is a checkpoint, not a request for missing facts.
    "clarifying_questions": _any(r"\bask\w*\b[^.!?\n]{0,20}\b(?:approval|permission|confirmation|sign-?off|"
                                 r"go-?ahead|input|feedback)\b"),
    # A handshake ("reply OK to confirm") is not approval of a plan or draft.
    "checkpoints": _any(r"\b(?:reply|respond|answer|say)\b[^.!?\n]{0,20}\b(?:ok|okay|yes|understood|ready)\b"
                        r"[^.!?\n]{0,20}\bconfirm\w*"),
    # "e.g." lists name kinds of things; they are not worked examples.
    "examples": _any(r"\be\.g\.,?"),
}

# Numbered lines: "1. ...", "2) ...", "## 3. **...**"; the number and the item text are captured.
NUMBERED_ITEM = re.compile(r"^[ \t#>*_-]*(\d{1,2})[.)][ \t]+(.+)$", re.MULTILINE)
# A numbered list under one of these headings lists rules or qualities, not ordered steps.
NON_STEP_HEADING = re.compile(r"\b(?:principles?|rules?|criteria|checks?|checklist|constraints?|guidelines?|"
                              r"notes?|tips?|values?|requirements?|mistakes?|pitfalls?)\b", re.IGNORECASE)
# Two or more "[placeholder]" slots on one line make it a fill-in template ("[Client] is aware of [issue]").
PLACEHOLDER = re.compile(r"\[[^\[\]\n]*[A-Za-z][^\[\]\n]*\](?!\()")
