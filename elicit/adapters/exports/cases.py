"""The expert's worked cases, templates and limits as the guide declared them (`render`), for the exports.

A case is every `form: case` answer of one `case_name`, each part where its `case_part` says: the situation, the
decision with its reasons, what would have changed the call. A simulation (`evaluation_case: true`) is a case
whose situation is the guide's `scenario`; it is what the exports test a model on. Statements from a version-1
playbook declare no parts: only those are split by where the expert's first decision falls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from elicit.core.assembly import MegaPrompt, Statement, sentences
from elicit.core.errors import UnknownGuideError
from elicit.core.guides import Form, Guide, Question, get_guide

MAIN = "main"
CASE_PARTS = ("situation", "decision", "what_if")

_DECISION = re.compile(
    r"\b(?:I|we)\s+(?:chose|choose|decided|decide|went with|opted|picked|recommended|advised|ordered|called for|froze|"
    r"recalled|pulled|stopped|shut|announced|told|walked)\b"
    r"|\b(?:my|our|the) (?:call|decision) (?:was|is) to\b|\bso (?:I|we)\b", re.IGNORECASE)
_BLANK = re.compile(r"\[[^\]\n]{2,60}\]")


@dataclass(frozen=True)
class Case:
    """One worked case: what was known at the time, the call and its reasons, and what would have changed it."""

    name: str
    statements: tuple[Statement, ...]
    situation: str
    decision: str
    what_if: str = ""
    evaluation: bool = False
    """A simulation the guide declares an evaluation case: a test of the model, not a worked example."""

    @property
    def question_id(self) -> str:
        return self.statements[0].source.question_id

    @property
    def question_ids(self) -> list[str]:
        return list(dict.fromkeys(s.source.question_id for s in self.statements))

    @property
    def decided(self) -> bool:
        return bool(self.situation and self.decision)

    @property
    def reasoned(self) -> str:
        """The decision with its reasons, then what would have changed it."""
        return " ".join(part for part in (self.decision, self.what_if) if part)


def guide_of(prompt: MegaPrompt) -> Guide | None:
    """The guide the playbook was made with, for its declared renders; None when it is not installed."""
    try:
        return get_guide(prompt.metadata.guide_id)
    except UnknownGuideError:
        return None


def _question(guide: Guide | None, question_id: str) -> Question | None:
    if guide is None:
        return None
    return next((q for q in guide.questions if q.id == question_id), None)


def _undeclared(statement: Statement) -> bool:
    """A version-1 statement: filed under the examples with no form or part of its own."""
    return statement.form not in (Form.CASE.value, Form.TEMPLATE.value) and not statement.part


def cases(prompt: MegaPrompt) -> list[Case]:
    """Every worked case of the examples section, one per `case_name`, in the order the interview asked them."""
    guide = guide_of(prompt)
    groups: dict[str, list[Statement]] = {}
    for statement in prompt.section("examples").statements:
        if statement.form == Form.CASE.value:
            question = _question(guide, statement.source.question_id)
            name = question.rendering.case_name if question is not None else MAIN
            groups.setdefault(name, []).append(statement)
    found = [_declared_case(name, statements, guide) for name, statements in groups.items()]
    return found + _undeclared_cases(prompt)


def _declared_case(name: str, statements: list[Statement], guide: Guide | None) -> Case:
    parts = {part: " ".join(s.text for s in statements if s.part == part) for part in CASE_PARTS}
    questions = [q for q in (_question(guide, s.source.question_id) for s in statements) if q is not None]
    simulation = next((q for q in questions if q.rendering.evaluation_case and q.scenario), None)
    if simulation is not None:
        parts["situation"] = " ".join([" ".join(simulation.scenario.split()), parts["situation"]]).strip()
    return Case(name, tuple(statements), parts["situation"], parts["decision"], parts["what_if"],
                evaluation=simulation is not None)


def _undeclared_cases(prompt: MegaPrompt) -> list[Case]:
    """Cases of a version-1 playbook, one per answer, split where the expert's first decision falls."""
    found = []
    for question_id, statements in _by_question([s for s in prompt.section("examples").statements
                                                 if _undeclared(s)]):
        text = " ".join(s.text for s in statements)
        split = None if _looks_like_template(question_id, text) else split_case(text)
        if split:
            found.append(Case(question_id, tuple(statements), *split))
    return found


def split_case(text: str) -> tuple[str, str] | None:
    """(situation, decision): the sentences before the expert's first decision, and the rest; None if no split."""
    parts = sentences(text)
    if len(parts) < 2:
        return None
    cut = next((n for n, part in enumerate(parts) if _DECISION.search(part)), None)
    if cut is None or cut == 0:
        cut = (len(parts) + 1) // 2
    return " ".join(parts[:cut]), " ".join(parts[cut:])


def _looks_like_template(question_id: str, text: str) -> bool:
    return "template" in question_id or len(_BLANK.findall(text)) >= 2


def _by_question(statements: list[Statement]) -> list[tuple[str, list[Statement]]]:
    groups: dict[str, list[Statement]] = {}
    for statement in statements:
        groups.setdefault(statement.source.question_id, []).append(statement)
    return list(groups.items())


def evaluation_cases(prompt: MegaPrompt) -> list[Case]:
    """The cases the guide declares tests of the model (its simulations), answered by the expert."""
    return [case for case in cases(prompt) if case.evaluation and case.decided]


def decided_cases(prompt: MegaPrompt) -> list[Case]:
    """The cases with both a situation and the expert's call: the worked ones, then the simulations."""
    found = [case for case in cases(prompt) if case.decided]
    return [c for c in found if not c.evaluation] + [c for c in found if c.evaluation]


@dataclass(frozen=True)
class Template:
    """One of the expert's templates (`form: template`), verbatim, with the lead-in and notes on its use."""

    question_id: str
    text: str
    lead_in: str = ""
    notes: tuple[str, ...] = ()


def templates(prompt: MegaPrompt) -> list[Template]:
    """The expert's templates, one per template the answer held, in the interview's order."""
    found = []
    for statement in prompt.statements():
        if statement.form == Form.TEMPLATE.value and statement.part == "template":
            notes = tuple(s.text for s in prompt.statements()
                          if s.part == "note" and s.source.question_id == statement.source.question_id)
            found.append(Template(statement.source.question_id, statement.text, statement.lead_in, notes))
    undeclared = _by_question([s for s in prompt.section("examples").statements if _undeclared(s)])
    return found + [Template(qid, text) for qid, statements in undeclared
                    if _looks_like_template(qid, text := " ".join(s.text for s in statements))]


def other_examples(prompt: MegaPrompt) -> list[Statement]:
    """Statements of the examples section that are neither a case, a template nor a template's note."""
    taken = {s.key for case in cases(prompt) for s in case.statements}
    taken |= {s.key for s in prompt.section("examples").statements if s.form == Form.TEMPLATE.value or s.part == "note"}
    undeclared_templates = {t.question_id for t in templates(prompt) if not t.lead_in and not t.notes}
    return [s for s in prompt.section("examples").statements
            if s.key not in taken and not (_undeclared(s) and s.source.question_id in undeclared_templates)]


def limits(prompt: MegaPrompt) -> list[Statement]:
    """The never-do limits (`form: limits`): rules an answer can break, unlike the other guardrails."""
    return [s for s in prompt.statements() if s.form == Form.LIMITS.value]


def without_cases(prompt: MegaPrompt, held_out: list[Case]) -> MegaPrompt:
    """A copy of the prompt whose worked examples leave out the held-out cases (they are the tests)."""
    keys = {s.key for case in held_out for s in case.statements}
    copy = prompt.model_copy(deep=True)
    section = copy.section("examples")
    section.statements = [s for s in section.statements if s.key not in keys]
    return copy
