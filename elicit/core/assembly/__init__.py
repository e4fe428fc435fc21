"""Assembly: an Interview becomes a MegaPrompt (task, inputs, ten sections of statements with provenance,
unknowns) and its renderings. Each answer renders the way its question declares (guides' `render`).

It runs over 300 lines because it holds the MegaPrompt model with the one assembly that builds it; the rendering
of each question's form is in forms.py, the voice in wording.py.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

from elicit.core.anatomy import ELEMENTS
from elicit.core.assembly.checks import clashes, is_veto, level_triggers, weighting
from elicit.core.assembly.forms import Hollow, Piece, Who, render_answer, role_of, without_substance
from elicit.core.assembly.wording import sentences, to_second_person  # noqa: F401 - part of the public names
from elicit.core.guides import Form, Guide, Kind, PromptSpec
from elicit.core.interview import Criterion, FollowUpStatus, Interview, Origin
from elicit.core.assembly.unconfirmed import INTERVIEW_ONLY, UNSETTLED, answer_unconfirmed, replies
from elicit.core.assembly.unconfirmed import ask_of as _ask
from elicit.core.probing.heuristic import closed
from elicit.core.reading.substance import Substance, judge

SCHEMA_VERSION = "2"
DRAFTED_PREFIX = "drafted|"
"""Statement keys of sentences an LLM polish added: drafted|<element>|<key of the statement before>|<n>."""
SETTLED_PREFIX = "settled|"
"""Edit keys of the expert's ruling on a contradiction: settled|<contradiction id>."""
ANSWERED_PREFIX = "answered|"
"""Edit keys of what the expert said at Review to settle an Unknown: answered|<unknown id>."""
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "megaprompt.schema.json"

__all__ = ["ANSWERED_PREFIX", "DRAFTED_PREFIX", "INTROS", "SCHEMA_PATH", "SCHEMA_VERSION", "SETTLED_PREFIX", "Contradiction",
           "CriteriaTable", "MegaPrompt", "Metadata", "OpenQuestionItem", "PromptInput", "Section", "Source",
           "Statement", "Unknown", "apply_edits", "assemble", "json_schema", "render_prompt_markdown", "sentences",
           "to_json", "to_markdown", "to_second_person", "to_text", "write_json_schema", "RENDERERS"]


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
    form: str = Field("prose", description="how it renders: the form its question declares (guides' render.form)")
    lead_in: str = Field("", description="the line above its block, telling the model what to do with it")
    part: str = Field("", description="case: situation, decision or what_if; ladder: level or rule; template or note")


class Section(BaseModel):
    element: str
    title: str
    statements: list[Statement] = Field(default_factory=list)


class OpenQuestionItem(BaseModel):
    question_id: str
    text: str
    reason: str


class PromptInput(BaseModel):
    """A named slot the user fills when the prompt is used, rendered as <name>{{name}}</name>."""

    name: str
    description: str

    @property
    def placeholder(self) -> str:
        return "{{" + self.name + "}}"


class Unknown(BaseModel):
    """Something the interview did not settle: the model asks, or sets out both options."""

    text: str
    question_id: str | None = None
    id: str = Field("", description="stable while its text is: what the expert settles it by at Review")
    element: str = Field("decision_criteria", description="the section an answer that settles it joins")

    def model_post_init(self, __context) -> None:
        if not self.id:
            self.id = hashlib.sha1(f"{self.question_id}|{self.text}".encode()).hexdigest()[:12]


class CriteriaTable(BaseModel):
    """One criteria question's table: its weights checked (they add up to 100, or are ranks), vetoes marked."""

    question_id: str
    lead_in: str = ""
    weighting: str = Field(description="percent, rank, veto (only vetoes), none (weights missing) or mixed")
    total: float | None = Field(None, description="the sum of the weights when they are percentages or points")
    vetoes: list[str] = Field(default_factory=list, description="names of the criteria that decide on their own")
    problem: str = Field("", description="what is wrong with the weights; empty when they check out")


class Contradiction(BaseModel):
    """Two rules that can both apply to one case yet say different things; settled by the expert at Review."""

    id: str
    text: str
    question_ids: list[str] = Field(default_factory=list)
    settled: str = Field("", description="the expert's ruling; empty while unsettled")


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
    """The documented mega-prompt: metadata, the task line and input slots, the ten sections in ANATOMY.md
    order, what the interview did not settle, and the open questions."""

    metadata: Metadata
    task: str = ""
    inputs: list[PromptInput] = Field(default_factory=list)
    sections: list[Section]
    unknowns: list[Unknown] = Field(default_factory=list)
    tables: list[CriteriaTable] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    open_questions: list[OpenQuestionItem] = Field(default_factory=list)

    def section(self, element_id: str) -> Section:
        return next(s for s in self.sections if s.element == element_id)

    def statements(self) -> list[Statement]:
        return [statement for section in self.sections for statement in section.statements]

    def hollow_statements(self) -> list[Statement]:
        """The body's statements that fail the one substance test in the role they are placed in (goal: none;
        what fails it belongs under Unknowns). A worked case and a template are the expert's words kept whole."""
        return [s for s in self.statements() if s.form not in ("case", "template")
                and not judge(s.text, role_of(s.form, item=bool(s.lead_in) or s.form in ("criteria", "ladder")))]


# --- the task line and the inputs ------------------------------------------------------------------------

DEFAULT_INPUT = PromptInput(name="request", description="what the user hands over: the case, the question, "
                                                        "the material to work from")


def task_line(guide: Guide, topic: str = "") -> str:
    """Who the user is, what they hand over and what to produce, in one or two sentences."""
    spec: PromptSpec | None = guide.prompt
    about = f", on {topic}" if topic and spec is None else ""
    if spec is None:
        return (f"You advise the person who uses this prompt{about}, in {guide.domain.lower()}. Produce what they "
                "ask for, reasoned as the expert below would reason it.")
    return f"You advise {spec.user}, who hands you {spec.hands_over}{about}. Produce {spec.produce}."


def prompt_inputs(guide: Guide) -> list[PromptInput]:
    if guide.prompt is None:
        return [DEFAULT_INPUT]
    return [PromptInput(name=i.name, description=i.description) for i in guide.prompt.inputs]


# --- statements from answers ---------------------------------------------------------------------


def _user(guide: Guide) -> str:
    return guide.prompt.user if guide.prompt else "the user"


def _statements(pieces: list[Piece], key: str, origin: Origin, source: Source) -> list[Statement]:
    return [Statement(key=f"{key}:{n}", element=p.element, text=p.text, origin=origin, source=source,
                      criterion=p.criterion, step=p.step, form=p.form, lead_in=p.lead_in, part=p.part)
            for n, p in enumerate(pieces, 1)]


def _question_statements(question, interview: Interview, hollow: list[Unknown]) -> list[Statement]:
    user = Who(_user(interview.guide), interview.guide.domain)
    statements: list[Statement] = []
    answer = interview.answered(question.id)
    held = answer_unconfirmed(interview, question)
    if held is not None:  # a simulation about another case: its Unknown quotes it until the expert keeps it
        hollow.append(Unknown(question_id=question.id, text=held.unknown))
    elif answer is not None:
        rendered = render_answer(question, answer.value, answer.text, user)
        hollow += _hedge_unknowns(question, rendered.hollow)
        statements += _statements(rendered.pieces, f"{question.id}:r{answer.revision}", answer.origin,
                                  Source(question_id=question.id, revision=answer.revision))
    for follow_up, held in replies(interview, question):
        if held is not None:  # listed for the expert to keep or change, never placed until they keep it
            hollow.append(Unknown(question_id=question.id, text=held.unknown))
            continue
        reply = follow_up.answer or ""
        rendered = render_answer(question, follow_up.answer, reply, user, follow_up=True)
        hollow += _hedge_unknowns(question, rendered.hollow)
        statements += _statements(rendered.pieces, f"{question.id}:f{follow_up.id}", Origin.PROBED,
                                  Source(question_id=question.id, follow_up_id=follow_up.id))
    return statements


def _hedge_unknowns(question, hollows: list[Hollow]) -> list[Unknown]:
    """One Unknown per answer for what it held without substance: its phrases quoted together ("Levelling it" and
    "It depends on the situation really"), told by the biggest kind among them (a hedge, then a pointer, then
    filler); a phrase with a note of its own stands alone."""
    noted = [h for h in hollows if h.note]
    plain = sorted((h for h in hollows if not h.note), key=lambda h: _KIND_ORDER.get(h.kind, 9))
    merged = [Hollow("\u201d and \u201c".join(h.said.strip().rstrip(".") for h in plain), plain[0].kind)] if plain else []
    return [_hedge_unknown(question, h) for h in merged + noted]


_KIND_ORDER = {Substance.HEDGE: 0, Substance.POINTER: 1, Substance.FILLER: 2}


def _hedge_unknown(question, hollow: Hollow) -> Unknown:
    """What an answer without substance leaves open, with the expert's words quoted: never a rule."""
    said = f"\u201c{hollow.said.strip().rstrip('.')}\u201d"
    if hollow.note:
        tail = f"{hollow.note[:-1]}: it said {said}." if hollow.note.endswith(".") else f"{hollow.note} {said}"
    elif question.rendering.form in INTERVIEW_ONLY:
        tail = (f"the expert said only {said}, which does not answer it. Do not fill this in from general knowledge; "
                "say so where it matters.")
    elif hollow.kind is Substance.POINTER:
        tail = (f"the expert pointed to {said} without saying what it holds. Do not assume its contents: ask "
                "the user for it, or what it says for this case.")
    elif hollow.kind is Substance.FILLER:
        tail = (f"the expert said only {said}, which gives you nothing to act on. Ask the user what it means in "
                "this case.")
    else:
        tail = f"the expert said {said} without saying what decides it. Ask the user what decides it in this case."
    return Unknown(question_id=question.id, text=f"On \u201c{_ask(question)}\u201d {tail}")


def _open_unknowns(interview: Interview) -> list[Unknown]:
    unknowns = []
    for follow_up in interview.follow_ups:
        question = interview.guide.question(follow_up.question_id)
        if follow_up.status is FollowUpStatus.SKIPPED and follow_up.check in UNSETTLED \
                and question.rendering.form not in INTERVIEW_ONLY and not _closed_later(interview, follow_up):
            unknowns.append(Unknown(question_id=question.id,
                                    text=f"On \u201c{_ask(question)}\u201d {UNSETTLED[follow_up.check]}"))
    for item in interview.open_questions():
        question = interview.guide.question(item.question_id)
        if item.reason == "skipped by the expert" and question.rendering.form not in INTERVIEW_ONLY:
            unknowns.append(Unknown(question_id=question.id, text=f"The expert skipped \u201c{_ask(question)}\u201d "
                                                                  "When it matters, ask the user."))
    return unknowns


def _closed_later(interview: Interview, follow_up) -> bool:
    """A skipped follow-up whose gap the answer and the replies given since now close: nothing is left open."""
    question = interview.guide.question(follow_up.question_id)
    answer = interview.answered(question.id)
    said = tuple(f.answer for f in interview.follow_ups if f.question_id == question.id and f.answer
                 and f.status is FollowUpStatus.ANSWERED)
    return answer is not None and bool(said) and closed(question, follow_up.check, answer.text, said)


def assemble(interview: Interview, *, version: int | None = None, edits: dict[str, str] | None = None,
             created: datetime | None = None) -> MegaPrompt:
    """The mega-prompt of an interview, deterministic and offline; `edits` replace statements by key."""
    by_element: dict[str, list[Statement]] = {e.id: [] for e in ELEMENTS}
    hollow: list[Unknown] = []
    for question in interview.visible_questions():
        for statement in _question_statements(question, interview, hollow):
            by_element[statement.element].append(statement)
    guide = interview.guide
    prompt = MegaPrompt(
        metadata=_metadata(interview, version, created or datetime.now(UTC)),
        task=task_line(guide, interview.topic), inputs=prompt_inputs(guide),
        sections=[Section(element=e.id, title=e.title, statements=by_element[e.id]) for e in ELEMENTS],
        open_questions=[OpenQuestionItem(**vars(q)) for q in interview.open_questions()],
    )
    prompt.tables = _tables(prompt)
    prompt.contradictions = _contradictions(interview)
    prompt = apply_edits(prompt, edits or {})
    prompt.unknowns = _unknowns(prompt, interview, hollow)
    _answer_unknowns(prompt, edits or {})
    return prompt


def _answer_unknowns(prompt: MegaPrompt, edits: dict[str, str]) -> None:
    """What the expert said at Review to settle an Unknown: it leaves Unknowns and becomes a statement of the
    section its question feeds (an answer without substance settles nothing and the Unknown stays)."""
    for key, text in edits.items():
        unknown = next((u for u in prompt.unknowns if key == ANSWERED_PREFIX + u.id), None)
        if unknown is None or not text.strip() or without_substance(text) is not None:
            continue
        prompt.unknowns.remove(unknown)
        prompt.section(unknown.element).statements.append(Statement(
            key=key, element=unknown.element, text=text.strip(), origin=Origin.EDITED,
            source=Source(question_id=unknown.question_id or "review"), form="rules",
            lead_in="Settled by the expert at review:"))


def _tables(prompt: MegaPrompt) -> list[CriteriaTable]:
    by_question: dict[str, list[Statement]] = {}
    for statement in prompt.statements():
        if statement.criterion is not None:
            by_question.setdefault(statement.source.question_id, []).append(statement)
    tables = []
    for question_id, rows in by_question.items():
        criteria = [s.criterion for s in rows]
        checked = weighting(criteria)
        tables.append(CriteriaTable(question_id=question_id, lead_in=rows[0].lead_in, weighting=checked.kind,
                                    total=checked.total, vetoes=[c.name for c in criteria if is_veto(c)],
                                    problem=checked.problem))
    return tables


def _contradictions(interview: Interview) -> list[Contradiction]:
    triggers, ladders = [], []
    for question in interview.visible_questions():
        answer = interview.answered(question.id)
        if answer is None or question.kind is Kind.CRITERIA:
            continue
        said = interview.probe_text(question.id)
        triggers += level_triggers(said, question.id)
        if question.rendering.form is Form.LADDER:
            ladders.append(said)
    return [Contradiction(id=c.id, text=c.text, question_ids=c.question_ids)
            for c in clashes(triggers, " ".join(ladders))]


def _unknowns(prompt: MegaPrompt, interview: Interview, hollow: list[Unknown]) -> list[Unknown]:
    """What the interview did not settle, told to the model: hedges, unchecked weights, clashes, open questions."""
    unknowns = list(hollow)
    for table in prompt.tables:
        if table.problem:
            question = interview.guide.question(table.question_id)
            unknowns.append(Unknown(question_id=table.question_id,
                                    text=f"On \u201c{_ask(question)}\u201d {table.problem}. Ask the user which "
                                         "counts for more before you rank options by these weights."))
    clashing = [Unknown(question_id=c.question_ids[0] if c.question_ids else None, text=c.text)
                for c in prompt.contradictions if not c.settled]
    quoted = {u.question_id for u in hollow}  # the expert's own words on a question say more than a skip does
    found, seen = [], set()
    for unknown in clashing + unknowns + [u for u in _open_unknowns(interview) if u.question_id not in quoted]:
        if unknown.text not in seen:  # each once
            seen.add(unknown.text)
            found.append(unknown)
    for unknown in found:
        question = next((q for q in interview.guide.questions if q.id == unknown.question_id), None)
        if question is not None and question.rendering.form not in INTERVIEW_ONLY:
            unknown.element = question.rendering.section
    return found


def apply_edits(prompt: MegaPrompt, edits: dict[str, str]) -> MegaPrompt:
    """A person's rewording of statements (origin `edited`), sentences an LLM polish added (`drafted`), and the
    expert's rulings on contradictions (settled|<id>), which become criteria of their own."""
    for statement in prompt.statements():
        if statement.key in edits and edits[statement.key].strip():
            statement.text, statement.origin = edits[statement.key].strip(), Origin.EDITED
    for key, text in edits.items():
        if key.startswith(DRAFTED_PREFIX) and text.strip():
            _insert_drafted(prompt, key, text.strip())
        if key.startswith(SETTLED_PREFIX) and text.strip():
            _settle(prompt, key[len(SETTLED_PREFIX):], text.strip())
    _answer_unknowns(prompt, edits)
    return prompt


def _settle(prompt: MegaPrompt, contradiction_id: str, ruling: str) -> None:
    clash = next((c for c in prompt.contradictions if c.id == contradiction_id), None)
    if clash is None:
        return
    clash.settled = ruling
    prompt.unknowns = [u for u in prompt.unknowns if u.text != clash.text]
    source = Source(question_id=clash.question_ids[0] if clash.question_ids else "review")
    prompt.section("decision_criteria").statements.append(Statement(
        key=f"{SETTLED_PREFIX}{clash.id}", element="decision_criteria", text=ruling, origin=Origin.EDITED,
        source=source, form="rules", lead_in="Where two of these rules meet, the expert has ruled:"))


def _insert_drafted(prompt: MegaPrompt, key: str, text: str) -> None:
    """Place an added sentence after the statement it follows; dropped when that statement is gone."""
    element, after, _n = key[len(DRAFTED_PREFIX):].split("|", 2) if key.count("|") >= 3 else ("", "", "")
    section = next((s for s in prompt.sections if s.element == element), None)
    anchor = next((i for i, s in enumerate(section.statements) if s.key == after), None) if section else None
    if anchor is None:
        return
    while anchor + 1 < len(section.statements) and section.statements[anchor + 1].key.startswith(DRAFTED_PREFIX):
        anchor += 1
    before = section.statements[anchor]
    form = "rules" if before.form in ("steps", "criteria") else before.form
    section.statements.insert(anchor + 1, Statement(key=key, element=element, text=text, origin=Origin.DRAFTED,
                                                    source=before.source, form=form, lead_in=before.lead_in,
                                                    part=before.part if form != "ladder" else "rule"))


def _metadata(interview: Interview, version: int | None, created: datetime) -> Metadata:
    guide = interview.guide
    title = f"{guide.domain}: {interview.topic}" if interview.topic else guide.title
    return Metadata(title=title, domain=guide.domain, expert=interview.expert, topic=interview.topic,
                    guide_id=guide.id, guide_version=guide.version, interview_id=interview.id, version=version,
                    created=created)


def json_schema() -> dict:
    """The published JSON Schema of the JSON rendering (elicit/core/schema/megaprompt.schema.json)."""
    schema = MegaPrompt.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://elicit.invalid/schema/megaprompt-{SCHEMA_VERSION}.json"
    return schema


def write_json_schema(path: Path = SCHEMA_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(json_schema(), indent=2) + "\n", encoding="utf-8")


from elicit.core.assembly.render import (INTROS, RENDERERS, render_prompt_markdown, to_json, to_markdown,  # noqa: E402
                                    to_text)
