"""The condensed plain text (issue 29): under a custom GPT's 8,000 characters, the criteria, guardrails and
questions to ask whole, and what was left out said at its end."""

from __future__ import annotations

import pytest
import yaml

from elicit.adapters import exports
from elicit.core.assembly import assemble, to_text
from elicit.core.guides import get_guide
from elicit.core.interview import Interview, answer_all
from elicit.core.probing.heuristic import HeuristicProber
from tests.conftest import DATA


def prompt_of(guide_id: str):
    answers = yaml.safe_load((DATA / f"answers_{guide_id}.yaml").read_text())
    return assemble(answer_all(Interview(guide=get_guide(guide_id), id="x"), answers, HeuristicProber().probe))


@pytest.mark.parametrize("guide_id", ["crisis_management", "private_equity", "brand_strategy", "general"])
def test_a_long_prompt_condenses_under_8000_keeping_criteria_guardrails_and_questions(guide_id):
    prompt = prompt_of(guide_id)
    assert len(to_text(prompt)) > 8_000, "the full prompt is over the limit, or there is nothing to test"
    short = exports.render("txt-short", prompt).decode()
    assert len(short) <= 8_000
    for element_id in ("guardrails", "clarifying_questions"):
        for statement in prompt.section(element_id).statements:
            assert statement.text in short, f"{element_id} lost {statement.text!r}"
    for statement in prompt.section("decision_criteria").statements:
        if statement.form in ("criteria", "ladder") or statement.source.question_id == "vetoes":
            assert statement.text in short or (statement.criterion and statement.criterion.name in short)
    assert "Left out: Worked examples" in short and short.rstrip().endswith("The full playbook has them.)")


def test_a_prompt_that_fits_is_the_plain_text_unchanged():
    prompt = prompt_of("general")
    assert exports.render("txt-short", prompt, limit=100_000).decode() == to_text(prompt)
