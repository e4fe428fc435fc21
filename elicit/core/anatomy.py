"""The ten elements of a mega-prompt: their ids, parts and titles, and detecting them in any text.

It runs over 300 lines because each element's definition and its detection stay together, so they cannot drift
apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum

from pydantic import BaseModel

from elicit.core.cues import BY_KEY, NON_STEP_HEADING, NUMBERED_ITEM, PLACEHOLDER, TOKEN, Cue, fold, key


class Part(StrEnum):
    CONTEXT = "context"
    PROCESS = "process"
    FORMAT = "format"


class Element(BaseModel, frozen=True):
    id: str
    part: Part
    title: str
    holds: str
    """One line on what the element holds, in plain words for people who never read ANATOMY.md."""


ELEMENTS: tuple[Element, ...] = (
    Element(id="persona", part=Part.CONTEXT, title="Role",
            holds="the role and depth of expertise to take on"),
    Element(id="goals", part=Part.CONTEXT, title="Goals and priorities",
            holds="what the user wants, their priorities and trade-offs"),
    Element(id="context", part=Part.CONTEXT, title="Situation and inputs",
            holds="the situation, audience, domain facts and the input to expect"),
    Element(id="process", part=Part.PROCESS, title="How to think it through",
            holds="the ordered reasoning steps, hard ones marked"),
    Element(id="decision_criteria", part=Part.PROCESS, title="Decision criteria",
            holds="what to weigh, with weights, thresholds and tie-breakers"),
    Element(id="checkpoints", part=Part.PROCESS, title="Checkpoints",
            holds="what to confirm with the user before going on"),
    Element(id="clarifying_questions", part=Part.PROCESS, title="Questions to ask first",
            holds="what to ask the user before starting"),
    Element(id="output_format", part=Part.FORMAT, title="Format of the answer",
            holds="structure, length, vocabulary, tone and audience of the answer"),
    Element(id="guardrails", part=Part.FORMAT, title="Guardrails",
            holds="what to avoid or refuse, limits and novice mistakes"),
    Element(id="examples", part=Part.FORMAT, title="Worked examples",
            holds="real cases, templates, sample inputs and outputs"),
)

ELEMENT_IDS: tuple[str, ...] = tuple(element.id for element in ELEMENTS)
BY_ID: dict[str, Element] = {element.id: element for element in ELEMENTS}
PART_TITLES: dict[Part, str] = {Part.CONTEXT: "Context", Part.PROCESS: "Process", Part.FORMAT: "Format"}


def element(element_id: str) -> Element:
    """The element with this id; KeyError names the valid ids."""
    try:
        return BY_ID[element_id]
    except KeyError:
        raise KeyError(f"unknown element {element_id!r}; use one of {', '.join(ELEMENT_IDS)}") from None


# --- Detecting the elements in any text -------------------------------------------------------

EVIDENCE_CHARS = 200
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")


class Finding(BaseModel, frozen=True):
    """Whether a text contains one element, and the words that show it."""

    element: str
    present: bool
    evidence: str | None = None
    """The sentence or line (stripped, at most about 200 characters) that shows the element; None when absent."""


def detect(text: str) -> dict[str, Finding]:
    """For any text, which of the ten elements it contains, each with its evidence.

    Keys are all ten ELEMENT_IDS in order. Offline and deterministic; about a millisecond for 2,000 characters.
    The evidence is the best of the candidates, not the first: a cue inside a negation ("don't ask clarifying
    questions") or a heading with nothing under it shows nothing; a heading or tag that names an element and
    holds text shows it.
    """
    findings = {}
    for element_id, positions in shown_at(text).items():
        evidence = next(filter(None, (_evidence(text, position) for position in positions)), None)
        findings[element_id] = Finding(element=element_id, present=evidence is not None, evidence=evidence)
    return findings


def shown_at(text: str) -> dict[str, list[int]]:
    """For each of the ten elements, the offsets of every candidate that truly shows it, in order (detect's evidence
    is the first; the lint reads them all, so one hollow sentence does not hide a real one)."""
    candidates = _phrase_cues(text)
    folded = fold(text)
    if _QUESTIONING_TASK.search(folded) and QUESTIONS in candidates:
        candidates[QUESTIONS] = [p for p in candidates[QUESTIONS] if _ASKS_FOR_MISSING.search(fold(_evidence(text, p) or ""))]
    if PROCESS in candidates:
        answer = [(start, end) for element_id, start, end in section_spans(text) if element_id in _PARTS_OF_THE_ANSWER]
        candidates[PROCESS] = [p for p in candidates[PROCESS] if not (folded.startswith("then", p)
                                                                    and any(start <= p < end for start, end in answer))]
    for element_id, layout in _LAYOUT_CUES.items():
        if (position := layout(text)) is not None:
            candidates.setdefault(element_id, []).append(position)
    for element_id, position in _structure_cues(text):
        candidates.setdefault(element_id, []).append(position)
    return {element_id: [position for position in sorted(set(candidates.get(element_id, ())))
                         if _shows(text, folded, element_id, position)] for element_id in ELEMENT_IDS}


QUESTIONS, PROCESS = "clarifying_questions", "process"
# When questioning the user is the task (a mock interview, a quiz, a tutor who holds back the answer), its asks are
# the task itself; only an ask for what the input leaves out is a clarifying question.
_QUESTIONING_TASK = re.compile(r"\b(?:question|quiz|interview|grill|drill|test|cross-examine) me\b|\bmock interview|"
                               r"\bsocratic\b|\btutor\b|(?:don'?t|do not|never) (?:just )?(?:give|tell) (?:her|him|them|"
                               r"me|the (?:student|learner|pupil)) the answer")
_ASKS_FOR_MISSING = re.compile(r"\b(?:clarif\w*|missing|unclear|ambiguous|vague|not (?:known|given|provided|clear|"
                               r"specified)|(?:doesn|don|didn|hasn|haven|isn|aren)'?t (?:(?:yet|been) )?(?:sa(?:y|id)|"
                               r"t(?:ell|old)|giv(?:e|en)|stated?|mention(?:ed)?|specif(?:y|ied)|include[d]?|named?)|before (?:you |we )?(?:start|begin|answer|draft|write|go on))")
# "then" inside the answer's format or an example orders the parts of the answer ("a summary, then a table"), not
# the work.
_PARTS_OF_THE_ANSWER = {"output_format", "examples"}


def section_spans(text: str) -> list[tuple[str, int, int]]:
    """(element, start, end) of the text each heading, `Label:` line and tag that names an element holds."""
    spans = []
    headings = list(_HEADING.finditer(text))
    for n, heading in enumerate(headings):
        element_id = _section_element(heading.group("hash") or heading.group("bold") or heading.group("caps"))
        if element_id is not None:
            end = next((h.start() for h in headings[n + 1:] if _level(h) <= _level(heading)
                        or _names_another(h, element_id)), len(text))
            spans.append((element_id, heading.end(), end))
    for label in _LABEL.finditer(text):
        if element_id := _section_element(label.group("label")):
            spans.append((element_id, label.start("value"), label.end()))
    for tag in _TAG.finditer(text):
        element_id = _section_element(tag.group("name"))
        close = text.find(f"</{tag.group('name').split()[0]}>", tag.end())
        if element_id and close != -1:
            spans.append((element_id, tag.end(), close))
    return spans


def evidence_at(text: str, position: int) -> str | None:
    """The words at position that detect would give as evidence: the stripped sentence, at most about 200 characters."""
    return _evidence(text, position)


# --- structure: headings and tags, negation, empty headings ---------------------------------------

_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+(?P<hash>[^\n]+?)|\*\*(?P<bold>[^*\n]{2,60})\*\*:?|"
                      r"(?P<caps>[A-Z][A-Z &/-]{2,40}):?)[ \t]*$", re.MULTILINE)
# "Role: procurement analyst." - a label that names an element, then its text on the same line
_LABEL = re.compile(r"^[ \t]*[-*]?[ \t]*(?:\*\*|__)?(?P<label>[A-Za-z][A-Za-z' ]{1,28}?)(?::(?:\*\*|__)|(?:\*\*|__)?:)"
                    r"[ \t]+(?P<value>\S[^\n]*)$", re.MULTILINE)
_TAG = re.compile(r"<(?P<name>[A-Za-z][\w -]{1,40})>")
_SECTION_NAMES = {
    "persona": r"role|persona|identity|who you are|your role|you are|you're",
    "goals": r"goals?|objectives?|purpose|aims?|priorit(?:y|ies)|mission|what (?:this|it) is for|why (?:this|it) matters|"
             r"why|what we(?:'re| are) (?:after|trying to (?:do|achieve))|what (?:we|i) want",
    "context": r"context|background|situation|inputs?|audience|about (?:the |our |this |my )?(?!you\b)\w+|"
               r"what you(?:'re| are| will be|'ll be| will| 'll)? (?:given|get|getting|receive|working with)|"
               r"you(?:'ll| will) (?:be given|get|receive)|what comes in|what (?:arrives|lands on your desk)|"
               r"(?:the|our|my|your) (?:practice|company|business|firm|shop|store|clinic|school|team|clients?|"
               r"customers?|product|service|organi[sz]ation|charity|agency|brand|project|event|users?|readers?|"
               r"patients?|students?|setting|case|brief)",
    "process": r"process|steps|workflow|procedure|method|approach|how to work",
    "decision_criteria": r"(?:decision )?criteria|rubric|scoring|evaluation|thresholds|rules? of thumb|severity|"
                         r"how to (?:decide|judge|choose|assess|rate|grade|score|evaluate|classify|triage|"
                         r"prioriti[sz]e)(?: \w+){0,4}|"
                         r"(?:decision|deciding|blocking|scoring|rating|grading|triage|severity|routing|escalation|"
                         r"approval|selection|acceptance|eligibility|pass fail) (?:rules?|guid(?:e|ance|elines)|"
                         r"criteria|levels?|scale|matrix)",
    "checkpoints": r"checkpoints?|approvals?|confirmation|sign[- ]off",
    "clarifying_questions": r"(?:clarifying )?questions(?: to ask(?: first)?)?|ask first",
    "output_format": r"(?:output|response|answer)(?: format| structure)?|format(?: of the answer)?|style|tone",
    "guardrails": r"guardrails|constraints|restrictions|limits|rules|don'?ts|never",
    "examples": r"examples?|samples?|templates?|worked examples?|few[- ]shot",
}
_NAME_TO_ELEMENT = [(re.compile(rf"^\W*(?:{pattern})\W*$", re.IGNORECASE), element_id)
                    for element_id, pattern in _SECTION_NAMES.items()]
_NEGATED = re.compile(r"(?:\b(?:don'?t|do not|never|no need to|without|nor|avoid)\b[^.!?\n:;]{0,25})$", re.IGNORECASE)
# elements a negation cancels; a negated guardrail or format rule is still one
_CANCELLED_BY_NEGATION = {"clarifying_questions", "checkpoints", "examples", "persona"}
# "Do not write the memo until I've replied": the negation holds the work back until the gate, which shows the checkpoint
_GATE = re.compile(r"until\b|unless\b")


def _section_element(name: str) -> str | None:
    cleaned = re.sub(r"[_-]+", " ", re.sub(r"[^\w\s'_-]", " ", name)).strip()
    cleaned = re.sub(r"^\d+\W*", "", cleaned)
    return next((element_id for pattern, element_id in _NAME_TO_ELEMENT if pattern.match(cleaned)), None)


def _structure_cues(text: str) -> list[tuple[str, int]]:
    """(element, offset of the section's first text) for headings and tags that name an element and hold text."""
    found = []
    for heading in _HEADING.finditer(text):
        name = heading.group("hash") or heading.group("bold") or heading.group("caps")
        element_id = _section_element(name)
        body = None if _holds_nothing(text, heading) else _body_start(text, heading.end(), _level(heading))
        if element_id and body is not None:
            found.append((element_id, body))
    for label in _LABEL.finditer(text):
        if element_id := _section_element(label.group("label")):
            found.append((element_id, label.start("value")))
    for tag in _TAG.finditer(text):
        element_id = _section_element(tag.group("name"))
        close = text.find(f"</{tag.group('name').split()[0]}>", tag.end())
        inner = text[tag.end():close] if close != -1 else text[tag.end():tag.end() + 400]
        if element_id and inner.strip() and not re.fullmatch(r"\s*\{\{[^}]*\}\}\s*", inner):
            found.append((element_id, tag.end() + len(inner) - len(inner.lstrip())))
    return found


def _level(heading: re.Match[str]) -> int:
    """A Markdown heading's depth (1-6); bold and capitalised headings count as the deepest."""
    return len(heading.group(0).strip()) - len(heading.group(0).strip().lstrip("#")) if heading.group("hash") else 7


def named_sections(text: str) -> list[tuple[str, str]]:
    """(element, text) for each heading or tag of a prompt that names an element, with the text it holds."""
    found = []
    headings = list(_HEADING.finditer(text))
    for n, heading in enumerate(headings):
        element_id = _section_element(heading.group("hash") or heading.group("bold") or heading.group("caps"))
        if element_id is None:
            continue
        level = _level(heading)
        # its text runs to the next heading no deeper, or to a deeper one that names another element: "## Format"
        # over "### Worked examples" holds only what stands between the two
        end = next((h.start() for h in headings[n + 1:] if _level(h) <= level or _names_another(h, element_id)),
                   len(text))
        if body := text[heading.end():end].strip():
            found.append((element_id, body))
    for tag in _TAG.finditer(text):
        element_id = _section_element(tag.group("name"))
        close = text.find(f"</{tag.group('name').split()[0]}>", tag.end())
        if element_id and close != -1 and (body := text[tag.end():close].strip()):
            found.append((element_id, body))
    return found


def _names_another(heading: re.Match[str], element_id: str) -> bool:
    named = _section_element(heading.group("hash") or heading.group("bold") or heading.group("caps"))
    return named is not None and named != element_id


def _body_start(text: str, after: int, level: int = 7) -> int | None:
    """Where the text under a heading starts; None when the next thing is a heading no deeper, or the end."""
    rest = text[after:]
    stripped = rest.lstrip()
    if not stripped:
        return None
    following = _HEADING.match(text, after + len(rest) - len(stripped) - _indent(rest))
    if following and _level(following) <= level:
        return None
    return after + len(rest) - len(stripped)


def _indent(rest: str) -> int:
    stripped = rest.lstrip()
    before = rest[:len(rest) - len(stripped)]
    return len(before) - (before.rfind("\n") + 1) if "\n" in before else 0


def _is_empty_heading(text: str, position: int) -> bool:
    start = text.rfind("\n", 0, position) + 1
    heading = _HEADING.match(text, start)
    return heading is not None and heading.end() >= position and _holds_nothing(text, heading)


def _holds_nothing(text: str, heading: re.Match[str]) -> bool:
    """A heading with no text of its own: the next thing is a heading no deeper, or a deeper one that names
    another element ("## Format" straight over "### Worked examples")."""
    body = _body_start(text, heading.end(), _level(heading))
    if body is None:
        return True
    element_id = _section_element(heading.group("hash") or heading.group("bold") or heading.group("caps"))
    following = _HEADING.match(text, body)
    return bool(following and element_id and _names_another(following, element_id))


def empty_headings(text: str) -> int:
    """How many headings have nothing under them before the next heading or the end."""
    return sum(_body_start(text, heading.end(), _level(heading)) is None for heading in _HEADING.finditer(text))


def heading_line(line: str) -> bool:
    return _HEADING.fullmatch(line) is not None


def _only_tags(text: str, position: int) -> bool:
    """Whether the line at position holds tags and nothing else ("<examples></examples>")."""
    start, end = text.rfind("\n", 0, position) + 1, text.find("\n", position)
    return re.fullmatch(r"\s*(?:</?[\w -]+>\s*)+", text[start:end if end != -1 else len(text)]) is not None


def _shows(text: str, folded: str, element_id: str, position: int) -> bool:
    """Whether a candidate truly shows the element: not negated, not an empty heading, not a line of bare tags."""
    if element_id in _CANCELLED_BY_NEGATION and _NEGATED.search(folded, max(0, position - 40), position) \
            and not _GATE.match(folded, position):
        return False
    return not (_is_empty_heading(text, position) or _only_tags(text, position))


def coverage_score(findings: Mapping[str, Finding] | Iterable[Finding]) -> int:
    """Share of the ten elements present, 0 to 100, rounded."""
    items = findings.values() if isinstance(findings, Mapping) else findings
    present = {finding.element for finding in items if finding.present} & set(ELEMENT_IDS)
    return round(100 * len(present) / len(ELEMENT_IDS))


MAX_CANDIDATES = 6
"""Candidates kept per element, so the best evidence can be chosen over the first."""


def _phrase_cues(text: str) -> dict[str, list[int]]:
    """Offsets of the first few phrase cues of each element, trying cues only where their first words stand."""
    folded = fold(text)
    found: dict[str, list[int]] = {}
    masked_until: dict[str, int] = {}
    for token in TOKEN.finditer(folded):
        entry = BY_KEY.get(key(token.group()))
        if entry is None:
            continue
        _try_cues(folded, token.start(), entry, found, masked_until)
        if len(found) == len(ELEMENT_IDS) and all(len(v) >= MAX_CANDIDATES for v in found.values()):
            break
    return found


def _try_cues(folded: str, start: int, entry: tuple[tuple[Cue, ...], tuple[Cue, ...]],
              found: dict[str, list[int]], masked_until: dict[str, int]) -> None:
    """Try the masks, then the cues, that start at one token, and record what they show."""
    masks, cues = entry
    for element_id, pattern, _ in masks:
        if match := pattern.match(folded, start):
            masked_until[element_id] = max(match.end(), masked_until.get(element_id, 0))
    for element_id, pattern, _ in cues:
        kept = found.setdefault(element_id, [])
        if len(kept) < MAX_CANDIDATES and start >= masked_until.get(element_id, 0) and pattern.match(folded, start):
            kept.append(start)
        if not kept:
            del found[element_id]


def _numbered_steps(text: str) -> int | None:
    """Offset of item 1 of a numbered list of steps; lists of rules and ALL-CAPS section titles are not steps."""
    items = list(NUMBERED_ITEM.finditer(text))
    for first, second in zip(items, items[1:]):
        if (first.group(1), second.group(1)) == ("1", "2") and _is_step_list(text, first):
            return first.start(2)
    return None


def _is_step_list(text: str, first_item: re.Match[str]) -> bool:
    """Whether a numbered list holds steps: judged by its first item and the line just above the list."""
    title = first_item.group(2)
    shouted = any(char.isalpha() for char in title) and title.upper() == title
    heading = text[:first_item.start()].rstrip().rpartition("\n")[2]
    return not shouted and not NON_STEP_HEADING.search(heading)


def _template_line(text: str) -> int | None:
    """Offset of the first line holding two "[placeholder]" slots: a fill-in template."""
    previous_end = None
    for placeholder in PLACEHOLDER.finditer(text):
        if previous_end is not None and "\n" not in text[previous_end:placeholder.start()]:
            return text.rfind("\n", 0, placeholder.start()) + 1
        previous_end = placeholder.end()
    return None


# "Harbour Dental is a four-chair practice", "Brightside Foods are a family firm": a named business or body described
# by its name, two or more capitalised words opening a sentence
_NAMED_SUBJECT = re.compile(r"(?:^|(?<=[.!?] ))(?!(?:The|This|That|These|Those|Our|Your|My|Their|Its|It|There|Here|What|"
                            r"Each|Every|Any|No|One|If|When|You|We|I)\b)[A-Z][\w&'-]+(?: (?:&|of|and|[A-Z][\w&'-]+)){1,3} "
                            r"(?:is|are) (?:a|an)\b", re.MULTILINE)


def _named_subject(text: str) -> int | None:
    """Offset of a sentence that describes a named business or body: the situation, in its own name."""
    found = _NAMED_SUBJECT.search(text)
    return found.start() if found else None


# Cues that lie in the layout of the text rather than in one phrase.
_LAYOUT_CUES = {"process": _numbered_steps, "examples": _template_line, "context": _named_subject}


def _evidence(text: str, position: int) -> str | None:
    """The stripped sentence (within its line) around position, narrowed to a window when too long."""
    while position < len(text) and text[position].isspace():
        position += 1
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    start, end = _sentence_bounds(text, start, len(text) if end == -1 else end, position)
    if len(text[start:end].strip()) > EVIDENCE_CHARS:
        start, end = max(start, position - 60), min(end, position + EVIDENCE_CHARS - 60)
    return text[start:end].strip() or None


def _sentence_bounds(text: str, start: int, end: int, position: int) -> tuple[int, int]:
    """The sentence of text[start:end] that holds position."""
    for match in _SENTENCE_BREAK.finditer(text, start, end):
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            return start, match.start()
    return start, end
