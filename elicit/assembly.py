"""Assembly: an Interview becomes a MegaPrompt (ten sections of statements with provenance) and its renderings."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

from elicit.anatomy import ELEMENTS, PART_TITLES, BY_ID, Part, detect
from elicit.guides import Kind, Question
from elicit.interview import Criterion, FollowUpStatus, Interview, Origin

SCHEMA_VERSION = "1"
DRAFTED_PREFIX = "drafted|"
"""Statement keys of sentences an LLM polish added: drafted|<element>|<key of the statement before>|<n>."""
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "megaprompt.schema.json"


class Source(BaseModel):
    """Which answer a statement came from: the question, the answer's revision, or the follow-up."""

    question_id: str
    revision: int | None = None
    follow_up_id: int | None = None

    def label(self) -> str:
        where = f"follow-up {self.follow_up_id}" if self.follow_up_id else f"revision {self.revision}"
        return f"{self.question_id} ({where})"


class Statement(BaseModel):
    key: str = Field(description="stable id: question, revision or follow-up, and position")
    element: str
    text: str
    origin: Origin
    source: Source
    criterion: Criterion | None = None
    step: int | None = Field(None, description="position in the expert's ordered steps")


class Section(BaseModel):
    element: str
    title: str
    statements: list[Statement] = Field(default_factory=list)


class OpenQuestionItem(BaseModel):
    question_id: str
    text: str
    reason: str


class Metadata(BaseModel):
    schema_version: str = SCHEMA_VERSION
    title: str
    domain: str
    expert: str
    topic: str
    guide_id: str
    guide_version: int
    interview_id: str | None = None
    version: int | None = Field(None, description="the saved prompt version; None for a draft")
    created: datetime


class MegaPrompt(BaseModel):
    """The documented mega-prompt: metadata, the ten sections in ANATOMY.md order, and open questions."""

    metadata: Metadata
    sections: list[Section]
    open_questions: list[OpenQuestionItem] = Field(default_factory=list)

    def section(self, element_id: str) -> Section:
        return next(s for s in self.sections if s.element == element_id)

    def statements(self) -> list[Statement]:
        return [statement for section in self.sections for statement in section.statements]


# --- from the expert's voice to the model's ------------------------------------------------------

_PERSON = {
    "i'm": "you are", "i am": "you are", "i was": "you were", "i've": "you have", "i'd": "you'd",
    "i'll": "you will", "we're": "you are", "we are": "you are", "we were": "you were", "we've": "you have",
    "we'd": "you'd", "we'll": "you will", "i": "you", "me": "you", "my": "your", "mine": "yours",
    "myself": "yourself", "we": "you", "us": "you", "our": "your", "ours": "yours", "ourselves": "yourselves",
}
_PERSON_RX = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in _PERSON), key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_QUOTED = re.compile(r'"[^"\n]*"|“[^”]*”')
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")


def _swap(match: re.Match[str]) -> str:
    word = match.group(0)
    before = match.string[:match.start()]
    if word == "US" or (word == "i" and before.endswith("(")):
        return word  # the country, or a list marker (i)
    replacement = _PERSON[word.lower()]
    if _SENTENCE_START.search(before[-3:] if before else ""):
        return replacement[0].upper() + replacement[1:]
    return replacement


def to_second_person(text: str) -> str:
    """Turn the expert's first person into the second person the prompt speaks in; quotes stay verbatim."""
    text = text.replace("’", "'")
    pieces, last = [], 0
    for quote in _QUOTED.finditer(text):
        pieces += [_PERSON_RX.sub(_swap, text[last:quote.start()]), quote.group(0)]
        last = quote.end()
    return "".join(pieces + [_PERSON_RX.sub(_swap, text[last:])])


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])|\n+")


def sentences(text: str) -> list[str]:
    """Split into sentences, keeping a quoted passage (a template, a sample) in one piece."""
    quotes: list[str] = []

    def hide(match: re.Match[str]) -> str:
        quotes.append(match.group(0))
        return f"\x00{len(quotes) - 1}\x00"

    hidden = _QUOTED.sub(hide, text.replace("\x00", ""))
    parts = [p.strip() for p in _SENTENCE.split(hidden) if p and p.strip()]
    return [re.sub(r"\x00(\d+)\x00", lambda m: quotes[int(m.group(1))], part) for part in parts]


def route(sentence: str, candidates: list[str]) -> str:
    """The element a sentence belongs to: a secondary candidate it clearly shows, else the main one."""
    if len(candidates) == 1:
        return candidates[0]
    found = detect(sentence)
    return next((c for c in candidates[1:] if found[c].present), candidates[0])


def _grouped(parts: list[str], candidates: list[str]) -> list[tuple[str, str]]:
    """(element, text) pairs, consecutive sentences of one element joined."""
    groups: list[tuple[str, str]] = []
    for part in parts:
        element = route(part, candidates)
        if groups and groups[-1][0] == element:
            groups[-1] = (element, f"{groups[-1][1]} {part}")
        else:
            groups.append((element, part))
    return groups


def _voice(element: str, text: str) -> str:
    return text if element == "examples" else to_second_person(text)


# --- statements from answers ---------------------------------------------------------------------


def _answer_statements(question: Question, interview: Interview) -> list[Statement]:
    answer = interview.answered(question.id)
    if answer is None:
        return []
    source = Source(question_id=question.id, revision=answer.revision)
    key = f"{question.id}:r{answer.revision}"
    main = question.feeds[0]
    if question.kind is Kind.CRITERIA and isinstance(answer.value, list):
        return [Statement(key=f"{key}:{n}", element=main, text=_voice(main, c.describe()), origin=answer.origin,
                          source=source, criterion=c) for n, c in enumerate(answer.value, 1)]
    if question.kind is Kind.STEPS:
        return [Statement(key=f"{key}:{n}", element=main, text=_voice(main, step), origin=answer.origin,
                          source=source, step=n) for n, step in enumerate(answer.value, 1)]
    if question.kind is Kind.CHOICE:
        return [Statement(key=f"{key}:1", element=main, text=f"Focus: {answer.value}.", origin=answer.origin,
                          source=source)]
    if question.kind is Kind.LIST:  # each item stands alone, filed where it belongs
        groups = [(route(item, question.feeds), item) for item in answer.value]
    else:
        groups = _grouped(sentences(answer.text), question.feeds)
    return [Statement(key=f"{key}:{n}", element=element, text=_voice(element, text), origin=answer.origin,
                      source=source) for n, (element, text) in enumerate(groups, 1)]


def _follow_up_statements(question: Question, interview: Interview) -> list[Statement]:
    statements = []
    for follow_up in interview.follow_ups:
        if follow_up.question_id != question.id or follow_up.status is not FollowUpStatus.ANSWERED:
            continue
        candidates = [follow_up.element] + [e for e in question.feeds if e != follow_up.element]
        source = Source(question_id=question.id, follow_up_id=follow_up.id)
        groups = _grouped(sentences(follow_up.answer or ""), candidates)
        statements += [Statement(key=f"{question.id}:f{follow_up.id}:{n}", element=element,
                                 text=_voice(element, text), origin=Origin.PROBED, source=source)
                       for n, (element, text) in enumerate(groups, 1)]
    return statements


def assemble(interview: Interview, *, version: int | None = None, edits: dict[str, str] | None = None,
             created: datetime | None = None) -> MegaPrompt:
    """The mega-prompt of an interview, deterministic and offline; `edits` replace statements by key."""
    by_element: dict[str, list[Statement]] = {e.id: [] for e in ELEMENTS}
    for question in interview.visible_questions():
        for statement in _answer_statements(question, interview) + _follow_up_statements(question, interview):
            by_element[statement.element].append(statement)
    prompt = MegaPrompt(
        metadata=_metadata(interview, version, created or datetime.now(UTC)),
        sections=[Section(element=e.id, title=e.title, statements=by_element[e.id]) for e in ELEMENTS],
        open_questions=[OpenQuestionItem(**vars(q)) for q in interview.open_questions()],
    )
    return apply_edits(prompt, edits or {})


def apply_edits(prompt: MegaPrompt, edits: dict[str, str]) -> MegaPrompt:
    """A person's rewording of statements (origin `edited`), and sentences an LLM polish added (`drafted`)."""
    for statement in prompt.statements():
        if statement.key in edits and edits[statement.key].strip():
            statement.text, statement.origin = edits[statement.key].strip(), Origin.EDITED
    for key, text in edits.items():
        if key.startswith(DRAFTED_PREFIX) and text.strip():
            _insert_drafted(prompt, key, text.strip())
    return prompt


def _insert_drafted(prompt: MegaPrompt, key: str, text: str) -> None:
    """Place an added sentence after the statement it follows; dropped when that statement is gone."""
    element, after, _n = key[len(DRAFTED_PREFIX):].split("|", 2) if key.count("|") >= 3 else ("", "", "")
    section = next((s for s in prompt.sections if s.element == element), None)
    anchor = next((i for i, s in enumerate(section.statements) if s.key == after), None) if section else None
    if anchor is None:
        return
    while anchor + 1 < len(section.statements) and section.statements[anchor + 1].key.startswith(DRAFTED_PREFIX):
        anchor += 1
    source = section.statements[anchor].source
    section.statements.insert(anchor + 1, Statement(key=key, element=element, text=text, origin=Origin.DRAFTED,
                                                    source=source))


def _metadata(interview: Interview, version: int | None, created: datetime) -> Metadata:
    guide = interview.guide
    title = f"{guide.domain}: {interview.topic}" if interview.topic else guide.title
    return Metadata(title=title, domain=guide.domain, expert=interview.expert, topic=interview.topic,
                    guide_id=guide.id, guide_version=guide.version, interview_id=interview.id, version=version,
                    created=created)


# --- Markdown -------------------------------------------------------------------------------------

INTROS = {
    "goals": "What the user wants, and what to give up first when goals compete:",
    "context": "What you are working with:",
    "process": "Work through these steps in order:",
    "decision_criteria": "Weigh these as the expert does:",
    "checkpoints": "Stop and confirm with the user before going on:",
    "clarifying_questions": "Before you start, ask the user:",
    "output_format": "Shape your answer like this:",
    "guardrails": "Hold to these limits:",
    "examples": "Real cases and templates in the expert's own words. Learn the reasoning from them; do not reuse "
                "their facts:",
}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or "-"


def _criteria_table(rows: list[Criterion]) -> list[str]:
    lines = ["| Criterion | Weight | Threshold | Tie-breaker |", "| --- | --- | --- | --- |"]
    return lines + [f"| {_cell(c.name)} | {_cell(c.weight)} | {_cell(c.threshold)} | {_cell(c.tie_breaker)} |"
                    for c in rows]


def _section_body(section: Section) -> list[str]:
    steps = [s for s in section.statements if s.step is not None]
    criteria = [s for s in section.statements if s.criterion is not None]
    rest = [s for s in section.statements if s.step is None and s.criterion is None]
    lines: list[str] = []
    if section.element == "persona":
        return [" ".join(s.text for s in section.statements)]
    if section.element in INTROS:
        lines += [INTROS[section.element], ""]
    lines += [f"{n}. {s.text}" for n, s in enumerate(steps, 1)]
    if criteria:
        lines += ([""] if steps else []) + _criteria_table([s.criterion for s in criteria])
    if rest and (steps or criteria):
        lines.append("")
    if section.element == "examples":
        return lines + "\n\n".join(f"> {s.text}".replace("\n", "\n> ") for s in rest).splitlines()
    return lines + [f"- {s.text}" for s in rest]


def _lead(prompt: MegaPrompt) -> str:
    topic = f" on {prompt.metadata.topic}" if prompt.metadata.topic else ""
    return (f"This prompt carries the judgment of an experienced practitioner of {prompt.metadata.domain.lower()}"
            f"{topic}, captured by interview. Follow the role, the steps, the criteria and the limits below as "
            "they would, and ask before you guess.")


def render_prompt_markdown(prompt: MegaPrompt) -> list[str]:
    """The prompt itself: Context, Process, Format, with no empty heading."""
    lines = [f"# {prompt.metadata.title}", "", _lead(prompt)]
    for part in Part:
        sections = [s for s in prompt.sections if BY_ID[s.element].part is part and s.statements]
        if not sections:
            continue
        lines += ["", f"## {PART_TITLES[part]}"]
        for section in sections:
            lines += ["", f"### {section.title}", "", *_section_body(section)]
    return lines


def _appendix(prompt: MegaPrompt) -> list[str]:
    meta = prompt.metadata
    lines = ["", "---", "", "## Appendix", "", "### Provenance", "",
             "Every statement above, with the answer it came from.", "",
             "| # | Section | Statement | From | Origin |", "| --- | --- | --- | --- | --- |"]
    for n, statement in enumerate(prompt.statements(), 1):
        text = statement.text if len(statement.text) <= 90 else statement.text[:87] + "..."
        lines.append(f"| {n} | {BY_ID[statement.element].title} | {_cell(text)} | "
                     f"{_cell(statement.source.label())} | {statement.origin.value} |")
    lines += ["", "### Interview", "",
              f"- Expert: {meta.expert or 'not named'}", f"- Topic: {meta.topic or 'not given'}",
              f"- Guide: {meta.guide_id}, version {meta.guide_version}",
              f"- Interview: {meta.interview_id or 'not stored'}",
              f"- Prompt version: {meta.version or 'draft'}",
              f"- Assembled: {meta.created:%Y-%m-%d %H:%M} UTC"]
    if prompt.open_questions:
        lines += ["", "### Open questions", "", "The expert has not answered these yet:", ""]
        lines += [f"- {q.text} ({q.question_id}: {q.reason})" for q in prompt.open_questions]
    return lines


def to_markdown(prompt: MegaPrompt) -> str:
    """The documented mega-prompt: the prompt, then its appendix of provenance, metadata and open questions."""
    return "\n".join(render_prompt_markdown(prompt) + _appendix(prompt)) + "\n"


def to_text(prompt: MegaPrompt) -> str:
    """The prompt alone as plain text, ready to paste into any chat box."""
    out = []
    for line in render_prompt_markdown(prompt):
        heading = re.match(r"^(#+)\s+(.*)", line)
        if heading:
            line = heading.group(2).upper() if len(heading.group(1)) < 3 else heading.group(2)
        out.append(line)
    return "\n".join(out) + "\n"


def to_json(prompt: MegaPrompt) -> str:
    return prompt.model_dump_json(indent=2)


def json_schema() -> dict:
    """The published JSON Schema of the JSON rendering (elicit/schema/megaprompt.schema.json)."""
    schema = MegaPrompt.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://elicit.invalid/schema/megaprompt-{SCHEMA_VERSION}.json"
    return schema


def write_json_schema(path: Path = SCHEMA_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(json_schema(), indent=2) + "\n", encoding="utf-8")


RENDERERS = {"md": to_markdown, "text": to_text, "txt": to_text, "json": to_json}
