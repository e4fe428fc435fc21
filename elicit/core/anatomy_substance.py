"""What each element's text must carry to count: the lint's reading of substance, element by element.

`judge` (elicit.core.reading.substance) says whether a statement carries anything a model can act on, and takes a
hedge, a pointer or filler phrase as absence. Each element then asks for something of its own kind (ANATOMY.md):

- a role names a kind of work, not only praise: "You are a top-tier expert in your field" names none;
- a goal names an outcome of the task's own, a priority or a trade-off, not success in general: "Make it a success";
- context states something of the situation, not that the model already knows it: "You know what this is about";
- a process is steps in order that say something: a list with at least two steps of substance, or a sentence that
  orders its actions ("first ..., then ...");
- a decision criterion carries a rule: a number or threshold, a condition, a ranking, or factors named without a
  hedge; a list of prohibitions is a guardrail, "weigh things up sensibly" is none;
- a format names a structure, a length, a tone or words to use, in its own words: "On-brand." names none;
- an example holds the sample itself (a quote, a template, lines of it, a dated case), not a pointer to "the ones
  before".

- a checkpoint stops for the user's word: it waits, asks for approval or confirmation, or holds the work until a
  review; "Keep me in the loop" stops for nothing;
- a clarifying question says what to ask about: "Ask whatever you need to." names nothing, "Use your discretion."
  asks nothing;
- a guardrail names what to avoid: "Don't do anything off-brand." names only badness in general.

A few hedges, pointers and filler phrases that the shared reading does not yet take (see docs/DETECTION.md) are read
here for the lint: "use your discretion", "see the engagement file", "typical client engagement", "the normal letter
format", "available on request". A statement that is nothing but them counts as absent.
"""

from __future__ import annotations

import re

from elicit.core.anatomy import _section_element, detect
from elicit.core.reading.substance import judge, marker, own_words

# Words that praise or rank the model, or name the work in general, and so name no kind of work or outcome.
_PRAISE = frozenset("""
top top-tier world-class best-in-class best brilliant genius excellent exceptional outstanding amazing great superb
elite leading seasoned experienced highly skilled talented senior veteran savvy smart gifted accomplished
trusted genuine genuinely real truly simply extremely incredibly super ultimate perfect flawless polished
huge massive big total resounding absolute tremendous fantastic awesome
""".split())
_GENERIC = frozenset("""
field business industry area domain world everything anything space game class stuff thing things job work
writer helper bot ai model chatbot guru ninja wizard rockstar pro master
you're you'll you've i'm we're it's that's act acting role roles persona play playing pretend imagine adopt
""".split())
_SUCCESS = frozenset("""
success successful succeed value results result expectations exceed exceeds deliver delivers add adds achieve
achieves achievement helpful possible right smooth smoothly running outcome outcomes impact difference win wins
maximum maximise maximize optimal optimise optimize crush nail smash good better well aim goal objective purpose
mission happy satisfied satisfaction safe secure protected sorted everyone everybody involved concerned
""".split())
_KNOWING = frozenset("already know knows known figure out picture drill idea gist familiar understand".split())

_TAGS = re.compile(r"</?[A-Za-z][\w -]{0,40}>")
_MARKUP = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|[-*•>][ \t]+|\*\*|__)", re.MULTILINE)
_ITEM = re.compile(r"^[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]+(\S[^\n]*)$", re.MULTILINE)
_ACTING_ANCHORS = {"number", "condition", "order"}
# a ranking or a weight between things: "places a high precedence on", "more important than", "outranks"
_RANKING = re.compile(r"\b(?:precedence|outranks?|trumps?|(?:more|less|most|least) important|matters? (?:more|most|less|"
                      r"least)|weigh(?:s|ed|ted)? (?:more|most|heavily|double)|priorit\w*|ranks? (?:above|below|first|"
                      r"ahead)|beats?|wins?)\b")


# Hedges, pointers and filler the shared reading (elicit.core.reading.substance) misses, read for the lint alone until
# it takes them: a statement made of nothing but these and its negation counts as absent.
_LOCAL_MARKERS = (
    ("hedge", re.compile(r"\b(?:use|at|with) (?:your |my |our )?(?:own )?discretion\b|\bas (?:you )?see fit\b|"
                         r"\bwhatever (?:you )?(?:need|want|like|think)(?: to)?\b|\bas (?:and when )?needed\b|"
                         # a point in time left to the model: "when it makes sense", "where it seems necessary"
                         r"\b(?:when|where|if|whenever) (?:it|that|this) (?:makes sense|seems? (?:necessary|needed|right|"
                         r"sensible|appropriate|useful|relevant|wise)|is (?:necessary|needed|appropriate|useful|relevant|"
                         r"warranted)|helps)\b|\bfeel free to\b|\bwhatever (?:information |details )?(?:is|are) "
                         r"(?:available|to hand)\b|\bif (?:anything|something)(?: else)? (?:is |are )?(?:needed|required|necessary)\b")),
    ("pointer", re.compile(r"^(?:see|refer to|consult|check) (?:the |our |my |your |their )?"
                           r"(?!(?:[\w'-]+ )?(?:attached|enclosed|pasted|following|below)\b)[\w' -]{0,40}?(?:file|folder|"
                           r"drive|doc|document|notes|records|system|wiki|email|thread|ticket|tracker|brief|pack|deck|"
                           r"spreadsheet|sheet|portal|intranet|crm)s?\W*$|"
                           r"^(?:the |our |my |a |an |your )?(?:standard|usual|normal|regular|typical|default|customary|"
                           r"house) (?!.*\b(?:is|are|was|were|be|has|have|had|will|can|could|must|should|may|do|does|"
                           r"apply|applies)\b)[a-z-]+(?: [a-z-]+){0,2}\W*$|"
                           r"\b(?:available|provided|supplied) (?:on|upon) request\b|"
                           r"^(?:as per|per|like|same as) (?:the )?(?:ones? (?:we used |from )?)?(?:last|previous|past|"
                           r"earlier) \w+\W*$")),
    ("filler", re.compile(r"\b(?:do|doing|say|saying|write|writing) (?:anything|something|nothing) (?:that is |that's )?"
                          r"(?:off-brand|unprofessional|silly|stupid|inappropriate|wrong|bad|dumb|weird|embarrassing|"
                          r"careless|daft)\b|\bbe (?:sloppy|lazy|careless|unprofessional|rude|weird)\b")),
)
_NEGATION = frozenset("don't dont do not never avoid no please always".split())
# a verb that says nothing without its object: "Prioritise as you see fit" leaves the model only the hedge
_BARE_VERBS = frozenset("""
prioritise prioritize priorities decide choose pick proceed act handle judge respond adapt adjust decide it them
""".split())

# Words that fit every task and so name nothing a model can act on: generic verbs without their object, the needs,
# value and factors of any work, and the praise of it. A statement whose own words are all of these ("Follow all
# applicable policies and guidelines.", "Weigh the relevant factors before deciding anything.") is filler however many
# words it has; one thing of the task's own ("Follow the data-retention policy") is enough to keep it.
_VAGUE = frozenset("""
provide provides providing deliver delivers delivering produce produces producing help helps helping meet meets
resolve resolves resolving handle handles handling consider considers considering weigh weighs weighing decide
decides deciding decision decisions follow follows apply applies applying use uses using act acts acting proceed
proceeding read start starting begin stay stays keep keeps raise have has having seem seems feel free please
throughout needs value values service issues satisfaction everyone's factors factor circumstances policies policy
guidelines guideline practices practice methodology methodologies scope boundaries boundary stakeholder stakeholders
information info details assessment company valuable insightful useful excellent real relevant applicable available
appropriate appropriately responsibly responsible carefully methodically methodical established proven sound
balanced informed problematic unclear suitable best-practice on-brand knowledgeable effective effectively efficient
efficiently meaningful actionable high-quality deep fit see sees possible makes something anything everything
whatever may might could would below above given shared engaging compelling impactful powerful strong polished
if when whenever before after once until unless within sensibly sensible wherever framework frameworks
""".split())
# What an element's own vocabulary adds nothing to once a hedge or pointer is taken out: "Check with the user when
# appropriate." is left with the checkpoint's words alone, "Write it in the standard template, at an appropriate
# length." with the format's.
_ELEMENT_WORDS = {
    "goals": frozenset("trade-off trade-offs tradeoff tradeoffs priorities priority goal goals aim outcome".split()),
    "checkpoints": frozenset("""check checking checks in loop touch base posted updated update updates user users customer
customers team client clients me us manager confirm confirmation approval approve sign sign-off off wait review run
things by during work ask questions question""".split()),
    "clarifying_questions": frozenset("""ask asking questions question clarification clarify clarifying need know raise
run things by me user client check in""".split()),
    "output_format": frozenset("""tone length style voice register wording layout formatting write written reply
response responses answers template structure""".split()),
    "examples": frozenset("""examples example samples sample template style past previous work reports write tone
length like refer""".split()),
}
_LABEL_START = re.compile(r"^\s*(?:\d{1,2}[.)]\s+)?(?:[A-Za-z][\w' -]{0,30}:\s+)?")


def _local_marker(said: str) -> tuple[str, str] | None:
    """(kind, words) when the statement is nothing but a hedge, pointer or filler phrase of _LOCAL_MARKERS."""
    lowered = " ".join(said.replace("’", "'").lower().split())
    for kind, pattern in _LOCAL_MARKERS:
        if found := pattern.search(lowered):
            rest = lowered[:found.start()] + " " + lowered[found.end():]
            if not set(own_words(rest)) - _NEGATION - _BARE_VERBS:
                return kind, found.group(0).strip(" .")
    return None


def lacking(element_id: str, unit: str) -> tuple[str, str] | None:
    """What an element's statement lacks, as (kind, the words that show it): "hedge", "pointer" or "filler"; None when
    it carries what the element needs. unit is all the text the statement speaks for (anatomy_units)."""
    said = plain(unit)
    verdict = judge(said)
    if verdict.marked:
        return verdict.kind.value, verdict.evidence
    if local := _local_marker(said):
        return local
    if empty := _names_nothing(element_id, said):
        return empty
    rule = _RULES.get(element_id)
    if rule is None or rule(said, verdict.anchors):
        return None
    found = marker(said)
    return (found[0].value, found[1]) if found else ("filler", " ".join(said.split())[:120])


def _names_nothing(element_id: str, said: str) -> tuple[str, str] | None:
    """("filler", the words) when every word of the statement fits any task (_VAGUE) and it carries no number, quoted
    template or name; once a hedge, pointer or filler phrase is taken out, the element's own words count for nothing."""
    body = _LABEL_START.sub("", said, count=1)
    rest, found = body, None
    for _ in range(6):  # take out every hedge, pointer and filler phrase, the shared reading's and the lint's own
        hit = marker(rest) or _local_phrase(rest)
        if hit is None:
            break
        found = found or hit
        rest = re.sub(re.escape(hit[1]), " ", rest.replace("’", "'"), count=1, flags=re.IGNORECASE)
        if rest.strip() == "" or hit[1] == "":
            break
    left = set(own_words(rest)) - _VAGUE - _NEGATION
    if found:
        left -= _ELEMENT_WORDS.get(element_id, frozenset()) | _BARE_VERBS
    if left or {"number", "template", "named"} & set(judge(body).anchors):
        return None
    return (str(found[0]), found[1]) if found else ("filler", " ".join(said.split())[:120])


def _local_phrase(said: str) -> tuple[str, str] | None:
    """The first hedge, pointer or filler phrase of _LOCAL_MARKERS in the statement, anywhere in it."""
    lowered = " ".join(said.replace("’", "'").lower().split())
    for kind, pattern in _LOCAL_MARKERS:
        if (found := pattern.search(lowered)) and found.group(0).strip():
            return kind, found.group(0).strip(" .")
    return None


def plain(unit: str) -> str:
    """The words of a unit without its tags, heading marks and bullets."""
    return _MARKUP.sub("", _TAGS.sub(" ", unit)).strip()


def _names_work(said: str, anchors: tuple[str, ...]) -> bool:
    return bool(set(own_words(said)) - _PRAISE - _GENERIC)


# an order between two outcomes ("a short answer beats a long one"); "a big win" alone ranks nothing
_BETWEEN = re.compile(r"\b(?:beats?|rather than|instead of|more than|less than|before|over|ahead of|first|second|"
                      r"trumps?|outranks?|at the expense of)\b|>|->")


# the task itself with praise for a purpose: "The aim is to produce status reports that are insightful and valuable."
_TASK_PRAISED = re.compile(r"\bto (?:produce|write|create|deliver|generate|draft|make|prepare|build|give|provide) "
                           r"(?:[\w'-]+ ){0,5}?(?:that|which) (?:are|is|will be|feel|read as|come across as) "
                           r"(?P<quality>[^.;!?\n]+)")


def _names_outcome(said: str, anchors: tuple[str, ...]) -> bool:
    if (task := _TASK_PRAISED.search(said.lower())) and \
            not set(own_words(task.group("quality"))) - _PRAISE - _SUCCESS - _VAGUE - _GENERIC:
        said = said[:task.start()]
    found = set(anchors) - ({"order"} if not _BETWEEN.search(said.lower()) else set())
    return bool(_ACTING_ANCHORS & found) or len(set(own_words(said)) - _PRAISE - _GENERIC - _SUCCESS - _VAGUE) >= 2


def _states_situation(said: str, anchors: tuple[str, ...]) -> bool:
    return bool({"number", "named", "template", "list"} & set(anchors)) or \
        len(set(own_words(said)) - _GENERIC - _KNOWING - _VAGUE) >= 2


_STEP_LABEL = re.compile(r"^\W*([A-Za-z][\w' -]{1,30}?)\s*:\s")


def _orders_steps(said: str, anchors: tuple[str, ...]) -> bool:
    steps = _ITEM.findall(said)
    labelled = [_section_element(found.group(1)) for step in steps if (found := _STEP_LABEL.match(step))]
    if len(steps) >= 2 and sum(element_id is not None for element_id in labelled) * 2 >= len(steps):
        return False  # "1. Who you are: ... 2. What we want: ...": items that name the elements outline the prompt
    if len(steps) >= 2:  # a step counts when it says something: "Background: The usual." under item 3 says nothing
        return sum(judge(step).substantive and _local_marker(step) is None and _names_nothing("process", step) is None
                   for step in steps) >= 2
    return detect(said)["process"].present


def _carries_rule(said: str, anchors: tuple[str, ...]) -> bool:
    found = set(anchors)
    return bool(_ACTING_ANCHORS & found) or bool(_RANKING.search(said.lower())) or \
        ("list" in found and "limit" not in found and marker(said) is None)


def _names_form(said: str, anchors: tuple[str, ...]) -> bool:
    """A length or a template, a word of form (a table, a tone), or the parts of the answer, one a line."""
    parts = [line for line in said.splitlines() if own_words(line) and not judge(line).marked]
    return bool({"number", "template"} & set(anchors)) or detect(said)["output_format"].present or len(parts) >= 2


def _holds_sample(said: str, anchors: tuple[str, ...]) -> bool:
    lines = [line for line in said.splitlines() if line.strip()]
    # or a sample written out at length: a reply, an entry, a message of a dozen words of its own
    return bool({"number", "template"} & set(anchors)) or len(lines) >= 2 or detect(said)["examples"].present or \
        (len(set(own_words(said))) >= 12 and marker(said) is None)


_STOPS = re.compile(r"\b(?:wait\w*|pause|stop|confirm\w*|approv\w*|sign\w*[- ]?off|go-?ahead|agree\w*|ok|okay|"
                    r"review\w*|check\w*|before|until|feedback|green light|repl(?:y|ies|ied)|say so|hold|"
                    r"(?:show|send|share|present|bring) (?:it |them |this |that )?(?:to )?(?:me|us|the user|the client)|"
                    r"run (?:it|them|this|that|\w+) (?:past|by) (?:me|us|the user|the client))\b")


def _stops_for_user(said: str, anchors: tuple[str, ...]) -> bool:
    return bool(_STOPS.search(said.lower())) or detect(said)["checkpoints"].present


_ASKING_WORDS = frozenset("ask asks asking question questions clarify clarifying clarification need needs want wants "
                          "first before start anything whatever".split())


def _names_what_to_ask(said: str, anchors: tuple[str, ...]) -> bool:
    """What to ask about, in words of its own: a question mark, an ask with an object, or a list of things to ask."""
    asks = "?" in said or re.search(r"\b(?:ask\w*|clarif\w*|inquir\w*|enquir\w*|questions?|find out|check with|request)\b",
                                    said.lower()) or len(_ITEM.findall(said)) >= 2 or "list" in anchors
    return bool(asks) and bool(set(own_words(said)) - _ASKING_WORDS)


_BADNESS = frozenset("don't dont never avoid anything something nothing off-brand unprofessional silly stupid "
                     "inappropriate wrong bad dumb weird embarrassing careless sloppy daft mistakes errors".split())


def _names_what_to_avoid(said: str, anchors: tuple[str, ...]) -> bool:
    return bool(set(anchors) & {"number", "condition", "template", "named"}) or bool(set(own_words(said)) - _BADNESS)


_RULES = {"persona": _names_work, "goals": _names_outcome, "context": _states_situation, "process": _orders_steps,
          "decision_criteria": _carries_rule, "output_format": _names_form, "examples": _holds_sample,
          "checkpoints": _stops_for_user, "clarifying_questions": _names_what_to_ask, "guardrails": _names_what_to_avoid}
