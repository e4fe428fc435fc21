"""Assembly: golden prompts per guide, the shape of the Markdown, the JSON Schema, the voice of the prompt."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime

import jsonschema
import pytest
import yaml

from elicit.core.anatomy import ELEMENT_IDS, detect
from elicit.core.assembly import (SCHEMA_PATH, MegaPrompt, apply_edits, assemble, sentences,
                             to_json, to_markdown, to_second_person, to_text)
from elicit.core.guides import get_guide
from elicit.core.interview import Interview, Origin, answer_all
from elicit.core.probing.heuristic import HeuristicProber
from tests.conftest import DATA

GUIDE_IDS = ["crisis_management", "private_equity", "brand_strategy", "general"]
FIXED = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)


def run(guide_id: str, answers: dict | None = None, follow_up_answer: str | None = None) -> Interview:
    """A headless interview in memory: every follow-up is answered with `follow_up_answer` or skipped."""
    answers = answers if answers is not None else yaml.safe_load((DATA / f"answers_{guide_id}.yaml").read_text())
    interview = Interview(guide=get_guide(guide_id), expert="Sam Expert", topic="the first 48 hours", id="test-id")
    return answer_all(interview, answers, HeuristicProber().probe, follow_up_answer)


@pytest.fixture(scope="module", params=GUIDE_IDS)
def complete(request) -> tuple[str, MegaPrompt]:
    return request.param, assemble(run(request.param), version=1, created=FIXED)


def test_golden_markdown(complete):
    guide_id, prompt = complete
    golden = DATA / "golden" / f"{guide_id}.md"
    markdown = to_markdown(prompt)
    if os.environ.get("ELICIT_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(markdown, encoding="utf-8")
    assert golden.is_file(), "run with ELICIT_UPDATE_GOLDEN=1 to write the golden file, then read it"
    assert markdown == golden.read_text(encoding="utf-8")


def test_complete_prompt_reads_well(complete):
    _, prompt = complete
    markdown = to_markdown(prompt)
    body = markdown.split("\n---\n")[0]
    assert len(body.split()) >= 300
    headings = re.findall(r"^#{1,3} .*$", markdown, flags=re.MULTILINE)
    for heading in headings:
        after = markdown.split(heading + "\n", 1)[1].lstrip("\n")
        level = len(heading.split()[0])
        assert after and not re.match(rf"^#{{1,{level}}} ", after), f"empty heading: {heading}"
    placeholders = {item.placeholder for item in prompt.inputs}
    unfilled = [p for p in re.findall(r"\{\{[^}]*\}\}", body) if p not in placeholders]
    assert unfilled == [], "only the input slots hold placeholders"
    debris = re.search(r"\bNone\b|\bnan\b|\[\]|^[-*] *$|^\d+\. *$|\| +\|", body, flags=re.MULTILINE)
    assert debris is None, debris
    assert body.index("## Context") < body.index("## Process") < body.index("## Format")
    assert "| Criterion | Weight | Threshold | Tie-breaker |" in body


def test_complete_prompt_has_all_ten_elements(complete):
    _, prompt = complete
    assert all(section.statements for section in prompt.sections)
    findings = detect(to_text(prompt))
    assert [e for e in ELEMENT_IDS if not findings[e].present] == []


def test_provenance_covers_every_statement(complete):
    _, prompt = complete
    appendix = to_markdown(prompt).split("### Provenance")[1].split("### Interview")[0]
    rows = [line for line in appendix.splitlines() if re.match(r"^\| \d+ \|", line)]
    assert len(rows) == len(prompt.statements())
    assert all(s.source.question_id for s in prompt.statements())


def test_json_round_trips_and_validates(complete):
    _, prompt = complete
    data = json.loads(to_json(prompt))
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text()))
    assert MegaPrompt.model_validate(data) == prompt


def test_published_schema_is_current():
    from elicit.adapters.exports.document import json_schema as strict_schema

    assert json.loads(SCHEMA_PATH.read_text()) == strict_schema(), "run: python -c 'from elicit.adapters.exports.document " \
                                                                  "import write_json_schema; write_json_schema()'"


def test_text_is_the_prompt_alone(complete):
    _, prompt = complete
    text = to_text(prompt)
    assert "Appendix" not in text and "Provenance" not in text
    assert not re.search(r"^#", text, flags=re.MULTILINE)


def test_follow_up_answers_are_probed_statements():
    answers = {"situations": "Product safety and recalls"}
    interview = run("crisis_management", answers={**answers, "response_criteria": ["Safety", "Cost"]},
                    follow_up_answer="Safety counts 70% and beats cost every time; recall above 2 cases.")
    prompt = assemble(interview)
    probed = [s for s in prompt.statements() if s.origin is Origin.PROBED]
    assert probed and probed[0].source.follow_up_id is not None
    assert probed[0].element == "decision_criteria"


def test_partial_interview_has_no_empty_headings_and_lists_open_questions():
    interview = run("brand_strategy", answers={})
    markdown = to_markdown(assemble(interview))
    assert "### Role" not in markdown and "## Context" not in markdown
    assert "### Open questions" in markdown
    assert len(assemble(interview).open_questions) == len([q for q in interview.guide.questions if q.required
                                                           and q.show_if is None])


def test_edits_replace_text_and_mark_origin():
    prompt = assemble(run("general"))
    key = prompt.section("guardrails").statements[0].key
    edited = apply_edits(prompt, {key: "Never guess."})
    statement = edited.section("guardrails").statements[0]
    assert (statement.text, statement.origin) == ("Never guess.", Origin.EDITED)


@pytest.mark.parametrize(("said", "prompt"), [
    ("I'm a crisis lead with 15 years in food.", "You are a crisis lead with 15 years in food."),
    ("My team and I check it.", "Your team and you check it."),
    ("We always call the regulator before we call the press.",
     "Your team always call the regulator before your team call the press."),
    ("I don't trust it until I've seen a second source.", "You don't trust it until you have seen a second source."),
    ("Our template: \"We regret that we ...\"", "Your template: \"We regret that we ...\""),
    ("Sales in the US matter to us.", "Sales in the US matter to your team."),
    ("A reported illness linked to us is Level 1.", "A reported illness linked to your organisation is Level 1."),
    ("Tell me; I'll decide.", "Tell you; you will decide."),
    ("A complaint about us online is Level 3.", "A complaint about your organisation online is Level 3."),
    ("Anything where a regulator fines us or a customer sues us.",
     "Anything where a regulator fines your organisation or a customer sues your organisation."),
    ("A lawsuit against us, or a product made by us.",
     "A lawsuit against your organisation, or a product made by your organisation."),
    ("What do we actually know?", "What does your team actually know?"),
    ("We're part of a listed group.", "Your organisation is part of a listed group."),
], ids=["contraction at start", "possessive", "we is the team", "mid-sentence contraction", "quotes verbatim",
        "the US", "us is the organisation", "after a semicolon", "a claim about us", "what an outsider does to us",
        "against us, by us", "the verb agrees with the team", "what the company is"])
def test_second_person(said, prompt):
    assert to_second_person(said) == prompt


def test_sentences_keep_quotes_whole():
    assert sentences('Use: "One. Two." Then go. And stop.') == ['Use: "One. Two." Then go.', "And stop."]


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_golden_prompt_from_hollow_answers(guide_id):
    """Real and lazy answers on the short path (tests/data/hollow_answers): every lazy one is quoted under
    Unknowns, none is a rule, a checkpoint, a question or the format; the golden file shows it."""
    answers = yaml.safe_load((DATA / "hollow_answers" / f"{guide_id}.yaml").read_text())
    interview = Interview(guide=get_guide(guide_id), expert="Sam Expert", topic="the first 48 hours", id="test-id",
                          path="short")
    prompt = assemble(answer_all(interview, answers, HeuristicProber().probe), version=1, created=FIXED)
    markdown = to_markdown(prompt)
    golden = DATA / "golden" / f"hollow_{guide_id}.md"
    if os.environ.get("ELICIT_UPDATE_GOLDEN") == "1":
        golden.write_text(markdown, encoding="utf-8")
    assert golden.is_file(), "run with ELICIT_UPDATE_GOLDEN=1 to write the golden file, then read it"
    assert markdown == golden.read_text(encoding="utf-8")
    body, unknowns = markdown.split("\n---\n")[0].split("## Unknowns")
    lazy = [v[0] if isinstance(v, list) else v for v in answers.values() if isinstance(v, (str, list))]
    lazy = [v for v in lazy if isinstance(v, str) and len(v.split()) <= 6 and not v[:1].isupper() is False
            and v.rstrip(".") in unknowns]
    assert len(lazy) >= 5, "the set holds at least five lazy answers, each quoted under Unknowns"
    for said in lazy:
        assert said.rstrip(".") not in body, f"{said!r} became part of the prompt's body"
