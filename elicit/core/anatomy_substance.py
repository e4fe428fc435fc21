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

Checkpoints, questions and guardrails need only what `judge` asks of every statement.
"""

from __future__ import annotations

import re

from elicit.core.anatomy import detect
from elicit.core.reading.substance import judge, marker, own_words

# Words that praise or rank the model, or name the work in general, and so name no kind of work or outcome.
_PRAISE = frozenset("""
top top-tier world-class best-in-class best brilliant genius excellent exceptional outstanding amazing great superb
elite leading seasoned experienced highly skilled talented senior veteran savvy smart gifted accomplished
trusted genuine genuinely real truly simply extremely incredibly super ultimate perfect flawless polished
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
mission happy satisfied satisfaction
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


def lacking(element_id: str, unit: str) -> tuple[str, str] | None:
    """What an element's statement lacks, as (kind, the words that show it): "hedge", "pointer" or "filler"; None when
    it carries what the element needs. unit is all the text the statement speaks for (anatomy_units)."""
    said = plain(unit)
    verdict = judge(said)
    if verdict.marked:
        return verdict.kind.value, verdict.evidence
    rule = _RULES.get(element_id)
    if rule is None or rule(said, verdict.anchors):
        return None
    found = marker(said)
    return (found[0].value, found[1]) if found else ("filler", " ".join(said.split())[:120])


def plain(unit: str) -> str:
    """The words of a unit without its tags, heading marks and bullets."""
    return _MARKUP.sub("", _TAGS.sub(" ", unit)).strip()


def _names_work(said: str, anchors: tuple[str, ...]) -> bool:
    return bool(set(own_words(said)) - _PRAISE - _GENERIC)


def _names_outcome(said: str, anchors: tuple[str, ...]) -> bool:
    return bool(_ACTING_ANCHORS & set(anchors)) or len(set(own_words(said)) - _PRAISE - _GENERIC - _SUCCESS) >= 2


def _states_situation(said: str, anchors: tuple[str, ...]) -> bool:
    return bool({"number", "named", "template", "list"} & set(anchors)) or \
        len(set(own_words(said)) - _GENERIC - _KNOWING) >= 2


def _orders_steps(said: str, anchors: tuple[str, ...]) -> bool:
    steps = _ITEM.findall(said)
    if len(steps) >= 2:
        return sum(judge(step).substantive for step in steps) >= 2
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
    return bool({"number", "template"} & set(anchors)) or len(lines) >= 2 or detect(said)["examples"].present


_RULES = {"persona": _names_work, "goals": _names_outcome, "context": _states_situation, "process": _orders_steps,
          "decision_criteria": _carries_rule, "output_format": _names_form, "examples": _holds_sample}
