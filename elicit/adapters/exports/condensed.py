"""A condensed plain-text prompt for a custom assistant's instructions (a custom GPT takes 8,000 characters): the
parts that carry the expert's judgment stay whole (the role, the goals, the decision criteria and their table,
the questions to ask first, the guardrails), the rest gives way in a fixed order, and what was left out is said
at its end, so whoever pastes it knows what the full playbook holds besides."""

from __future__ import annotations

from elicit.core.anatomy import BY_ID
from elicit.core.assembly import MegaPrompt, to_text

CUSTOM_GPT_LIMIT = 8_000
KEPT = ("persona", "goals", "decision_criteria", "clarifying_questions", "guardrails")
"""Never shortened: what the issue names (criteria, guardrails, questions to ask) and who to be, what matters."""
GIVES_WAY = ("examples", "context", "checkpoints", "decision_criteria", "output_format", "process")
"""Shortened in this order: worked examples first (the longest, and the Markdown keeps them), then the situation,
the checkpoints, the signs and cases around the criteria, the format; the steps of reasoning last."""
MOST_UNKNOWNS = 5


def condensed(prompt: MegaPrompt, limit: int = CUSTOM_GPT_LIMIT) -> tuple[MegaPrompt, list[str]]:
    """The prompt with as little left out as fits `limit` characters of plain text, and what was left out."""
    short = prompt.model_copy(deep=True)
    left_out: list[str] = []

    def fits() -> bool:
        return len(to_text(short)) + _NOTE_ROOM <= limit

    if len(short.unknowns) > MOST_UNKNOWNS and not fits():
        left_out.append(f"{len(short.unknowns) - MOST_UNKNOWNS} of the {len(short.unknowns)} Unknowns")
        short.unknowns = short.unknowns[:MOST_UNKNOWNS]
    for element_id in GIVES_WAY:
        if fits():
            break
        section = short.section(element_id)
        before = len(section.statements)
        if element_id == "decision_criteria":  # the signs and cases around them; the table, levels, vetoes stay
            softer = [st for st in section.statements if st.form not in CORE_FORMS
                      and st.source.question_id not in CORE_QUESTIONS]
            while softer and not fits():
                section.statements.remove(softer.pop())
        else:
            keep = 1 if element_id in ("context", "output_format", "process") else 0
            while len(section.statements) > keep and not fits():
                section.statements.pop()
        if len(section.statements) < before:
            kept = " (the weighted criteria, the levels and the vetoes are kept)" if element_id == "decision_criteria" else ""
            left_out.append(f"{BY_ID[element_id].title}: {before - len(section.statements)} of {before}{kept}")
    return short, left_out


CORE_FORMS = ("criteria", "ladder")
CORE_QUESTIONS = ("vetoes",)
"""Decision criteria that never give way: the weighted table, the levels of severity, what decides on its own."""


_NOTE_ROOM = 400
"""Characters kept free for the line that says what was left out."""


def to_short_text(prompt: MegaPrompt, limit: int = CUSTOM_GPT_LIMIT) -> str:
    """The condensed prompt as plain text, ending with what was left out to fit (nothing is said when all fits)."""
    short, left_out = condensed(prompt, limit)
    text = to_text(short)
    if not left_out:
        return text
    note = (f"\n(Condensed to fit {limit:,} characters. Left out: {'; '.join(left_out)}. The full playbook has "
            "them.)\n")
    return text + note
