"""Guides: the four built-in guides follow the rules, and broken guides get one clear message per problem."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from elicit.core.anatomy import ELEMENT_IDS
from elicit.core.errors import GuideError, UnknownGuideError
from elicit.core.guides import (GUIDES_DIR, Form, InterviewPath, Kind, builtin_guides, get_guide, load_guide,
                                validate_paths)
from elicit.core.interview import measured_minutes
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
def test_guide_declares_how_every_answer_renders(guide_id):
    guide = get_guide(guide_id)
    assert guide.prompt is not None and guide.prompt.inputs, "the task line and the inputs are declared"
    undeclared = [q.id for q in guide.questions if q.render is None]
    assert undeclared == []
    assert all(q.render.lead_in for q in guide.questions if q.render.form.value in ("rules", "steps", "criteria")), \
        "a rule list, steps or a table says what to do with it"


PATHS = list(InterviewPath)


def answer_set(guide_id: str) -> dict:
    return yaml.safe_load((DATA / f"answers_{guide_id}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_every_element_is_fed_by_a_required_question_on_both_paths(guide_id, path):
    asked = get_guide(guide_id).on_path(path)
    main_of_required = {q.feeds[0] for q in asked if q.required and q.show_if is None}
    assert set(ELEMENT_IDS) - main_of_required == set()


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_stated_minutes_are_measured_from_the_answer_set(guide_id, path):
    guide = get_guide(guide_id)
    measured = measured_minutes(guide, answer_set(guide_id), path)
    assert guide.minutes_for(path) == 5 * round(measured / 5), f"measured {measured:.1f} minutes at 40 wpm"
    assert f"about {guide.minutes_for(path)}" in guide.description, "the description states the same minutes"


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_the_short_path_is_short_and_the_full_path_asks_everything(guide_id):
    guide = get_guide(guide_id)
    assert guide.short_minutes <= 40 and len(guide.on_path("short")) <= 14
    assert any(q.kind is Kind.CRITERIA for q in guide.on_path("short")), "the short path asks for weighted criteria"
    assert guide.on_path("full") == guide.questions
    assert all(any(q.short for q in stage.questions) for stage in guide.stages), "every stage is on the short path"


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_every_option_of_the_situation_question_has_its_branch(guide_id):
    guide = get_guide(guide_id)
    situation = next(q for q in guide.questions if q.kind is Kind.CHOICE)
    branched = {option for q in guide.questions if q.show_if and q.show_if.question == situation.id
                for option in q.show_if.any_of}
    assert set(situation.options) - branched == set()


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_the_answer_set_answers_every_question_branches_included(guide_id):
    assert {q.id for q in get_guide(guide_id).questions} - set(answer_set(guide_id)) == set()


CDM_AND_AUDIT = {"case_expectations", "case_distrust", "case_novice", "anticipate", "plan_failing", "does_not_fit",
                 "vetoes", "simulation", "three_cases", "when_to_hand_on"}


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_guide_has_the_cdm_deepening_the_knowledge_audit_and_a_contrasting_case(guide_id):
    guide = get_guide(guide_id)
    ids = [q.id for q in guide.questions]
    assert CDM_AND_AUDIT - set(ids) == set()
    assert "either way" in guide.question("case_timeline").ask
    assert ids.index("vetoes") < min(ids.index(q.id) for q in guide.questions if q.kind is Kind.CRITERIA), \
        "vetoes come before the weights"
    cases = {q.render.case_name for q in guide.questions if q.render.form is Form.CASE}
    assert {"main", "simulation"} < cases, "a contrasting case is a worked example of its own"


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_a_simulation_is_asked_on_both_paths_and_exported_as_an_evaluation_case(guide_id, path):
    simulations = [q for q in get_guide(guide_id).on_path(path) if q.scenario]
    assert len(simulations) == 1
    render = simulations[0].render
    assert (render.form, render.case_part.value, render.evaluation_case) == (Form.CASE, "decision", True)
    assert render.case_name != "main"


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_each_question_asks_one_or_two_things(guide_id):
    assert [q.id for q in get_guide(guide_id).questions if q.ask.count("?") > 2] == []


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
    ("render to a section not fed", VALID.replace("feeds: [persona]", "feeds: [persona]\n        render: {section: goals}"),
     "render.section 'goals' is not one of the question's `feeds`"),
    ("render form unknown", VALID.replace("feeds: [persona]", "feeds: [persona]\n        render: {form: poem}"),
     "render.form: Input should be"),
    ("case without its part", VALID.replace("feeds: [persona]", "feeds: [persona]\n        render: {form: case}"),
     "a `case` render needs `case_part`"),
    ("criteria form on text", VALID.replace("feeds: [persona]", "feeds: [persona]\n        render: {form: criteria}"),
     "`form: criteria` and `kind: criteria` go together"),
    ("prompt input not snake case", VALID.replace("stages:", "prompt: {user: a duty manager, hands_over: a report, "
                                                  "produce: a plan, inputs: [{name: Report, description: the report}]}\nstages:"),
     "prompt.inputs[0].name: String should match pattern"),
    ("short without its minutes", VALID.replace("feeds: [persona]", "feeds: [persona]\n        short: true"),
     "states no `short_minutes`"),
    ("short minutes without a short question", VALID.replace("minutes: 5", "minutes: 5\nshort_minutes: 2"),
     "no question is `short: true`"),
    ("short path not shorter", VALID.replace("minutes: 5", "minutes: 5\nshort_minutes: 5")
     .replace("feeds: [persona]", "feeds: [persona]\n        short: true"), "is not shorter than minutes"),
    ("short question on a full-only choice", VALID.replace("minutes: 5", "minutes: 5\nshort_minutes: 2") + """\
      - id: q2
        ask: Which area?
        why: It picks a branch.
        example: Payments
        kind: choice
        options: [Payments, Lending]
        feeds: [context]
      - id: q3
        ask: How do you judge a loan?
        why: Only for lending.
        example: By the debt ratio.
        feeds: [decision_criteria]
        short: true
        show_if: {question: q2, any_of: [Lending]}
""", "questions[2].short: it depends on 'q2', which the short path never asks"),
    ("scenario without an evaluation case", VALID.replace("feeds: [persona]", "feeds: [persona]\n"
                                                          "        scenario: A call comes in at 2 a.m."),
     "a question with a `scenario` is a simulation"),
    ("evaluation case without a scenario", VALID.replace("feeds: [persona]", "feeds: [examples]\n        render: "
                                                         "{form: case, case_part: decision, evaluation_case: true}"),
     "`render.evaluation_case` needs the `scenario`"),
    ("simulation as a situation", VALID.replace("feeds: [persona]", "feeds: [examples]\n        scenario: A call at 2."
                                                "\n        render: {form: case, case_part: situation, "
                                                "evaluation_case: true}"), "set render.case_part: decision"),
    ("case name on a rule list", VALID.replace("feeds: [persona]", "feeds: [persona]\n        render: "
                                               "{form: rules, case_name: other}"), "belong only to `form: case`"),
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


@pytest.mark.parametrize(("text", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_broken_guide_read_the_fast_way_gets_the_same_message(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(GuideError) as usual:
        load_guide(path)
    with pytest.raises(GuideError) as fast:
        load_guide(path, fast=True)
    assert fast.value.problems == usual.value.problems


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_a_built_in_guide_reads_the_same_through_libyaml(guide_id):
    path = GUIDES_DIR / f"{guide_id}.yaml"
    assert load_guide(path, fast=True) == load_guide(path)


def test_the_built_in_guides_are_read_once_however_they_are_asked_for():
    assert builtin_guides() is builtin_guides(GUIDES_DIR) is builtin_guides(GUIDES_DIR / ".." / GUIDES_DIR.name)


def test_one_message_per_problem(tmp_path):
    text = VALID.replace("minutes: 5", "minutes: soon\ncolour: blue").replace("[persona]", "[nobody]")
    report = validate_paths([write(tmp_path, text)])
    assert len(next(iter(report.values()))) == 3


def test_valid_guide_and_mini_guide_load(tmp_path):
    assert load_guide(write(tmp_path, VALID)).questions[0].id == "q1"
    assert load_guide(DATA / "guides" / "mini.yaml").version == 2
