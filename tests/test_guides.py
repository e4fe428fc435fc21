"""Guides: the four built-in guides follow the rules, and broken guides get one clear message per problem."""

from __future__ import annotations

import textwrap

import pytest

from elicit.anatomy import ELEMENT_IDS
from elicit.errors import GuideError, UnknownGuideError
from elicit.guides import Kind, builtin_guides, get_guide, load_guide, validate_paths
from tests.conftest import DATA

GUIDE_IDS = ["crisis_management", "private_equity", "brand_strategy", "general"]


def test_the_four_guides_are_there():
    assert set(GUIDE_IDS) <= set(builtin_guides())


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_guide_follows_the_rules(guide_id):
    guide = get_guide(guide_id)
    questions = guide.questions
    assert len(questions) >= 14
    main_of_required = {q.feeds[0] for q in questions if q.required}
    assert set(ELEMENT_IDS) <= main_of_required, f"not the main feed of a required question: " \
                                                 f"{set(ELEMENT_IDS) - main_of_required}"
    assert any(q.kind is Kind.CRITERIA for q in questions)
    assert any(q.kind is Kind.STEPS for q in questions)
    assert len(guide.stages) == 7
    case_stage = guide.stages[3]
    assert any("examples" in q.feeds for q in case_stage.questions), "stage 4 is the real case"
    assert any("concrete_instance" in q.expects for q in case_stage.questions)


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_guide_speaks_plainly_to_the_expert(guide_id):
    jargon = ("prompt", "persona", "llm", "guardrail", "element")
    for question in get_guide(guide_id).questions:
        words = f"{question.ask} {question.why}".lower()
        assert not [j for j in jargon if j in words], question.id


def test_unknown_guide_names_the_available_ones():
    with pytest.raises(UnknownGuideError, match="crisis_management"):
        get_guide("nope")


def write(tmp_path, text: str, name: str = "broken.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


VALID = """\
id: broken
title: A guide
domain: Testing
version: 1
description: A guide for the tests.
minutes: 5
stages:
  - id: s1
    title: Stage one
    intro: The first stage.
    questions:
      - id: q1
        ask: What is your role?
        why: It sets the role.
        example: I test things.
        feeds: [persona]
"""

BROKEN = [
    ("unknown field", VALID.replace("minutes: 5", "minutes: 5\ncolour: blue"), "colour: unknown field"),
    ("missing field", VALID.replace("title: A guide\n", ""), "title: required field is missing"),
    ("wrong type", VALID.replace("minutes: 5", "minutes: soon"), "minutes: Input should be a valid integer"),
    ("bad kind", VALID.replace("feeds: [persona]", "feeds: [persona]\n        kind: essay"),
     "stages[0].questions[0].kind"),
    ("unknown element", VALID.replace("[persona]", "[personality]"), "unknown element 'personality'"),
    ("unknown check", VALID.replace("feeds: [persona]", "feeds: [persona]\n        expects: [vibes]"),
     "stages[0].questions[0].expects[0]"),
    ("duplicate question id", VALID + """\
      - id: q1
        ask: Again the same id?
        why: It is a duplicate.
        example: Nothing.
        feeds: [goals]
""", "duplicate question id 'q1'"),
    ("duplicate key", VALID.replace("minutes: 5", "minutes: 5\nminutes: 6"), "duplicate key 'minutes'"),
    ("bad yaml", VALID.replace("stages:", "stages: [oops"), "not valid YAML"),
    ("alias bomb", "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "aliases"),
    ("not a mapping", "- just\n- a list\n", "a guide is a YAML mapping"),
    ("id not file name", VALID.replace("id: broken", "id: other"), "does not match the file name"),
    ("choice without options", VALID.replace("feeds: [persona]", "feeds: [persona]\n        kind: choice"),
     "needs at least two `options`"),
    ("show_if to nowhere", VALID.replace("feeds: [persona]", "feeds: [persona]\n        show_if: {question: q0, "
                                         "any_of: [A]}"), "'q0' is not an earlier `choice` question"),
]


@pytest.mark.parametrize(("text", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_guide_gets_a_clear_message(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(GuideError) as caught:
        load_guide(path)
    problems = caught.value.problems
    assert any(message in p for p in problems), problems
    assert all(p.startswith(str(path)) for p in problems), "every message names the file"


def test_one_message_per_problem(tmp_path):
    text = VALID.replace("minutes: 5", "minutes: soon\ncolour: blue").replace("[persona]", "[nobody]")
    report = validate_paths([write(tmp_path, text)])
    assert len(next(iter(report.values()))) == 3


def test_valid_guide_and_mini_guide_load(tmp_path):
    assert load_guide(write(tmp_path, VALID)).questions[0].id == "q1"
    assert load_guide(DATA / "guides" / "mini.yaml").version == 2
