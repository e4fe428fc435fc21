"""The prompt a model works from: answer sets written as practitioners would (rich and lazy) through a whole
headless interview, then read as a prompt engineer would: task and inputs first, no hedge or orphan clause,
quotes and templates verbatim, one checked criteria table per question, an Unknowns section, own lint 10/10."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
import yaml

from elicit.core.assembly import (MegaPrompt, apply_edits, assemble, render_prompt_markdown, to_json, to_markdown,
                             to_second_person, to_text)
from elicit.core.assembly.forms import is_orphan
from elicit.core.assembly.wording import is_hollow, sentences, to_advice, without_hedges
from elicit.core.guides import Form, get_guide
from elicit.core.interview import Interview, answer_all
from elicit.core.linting import lint_report
from elicit.core.probing.heuristic import HeuristicProber
from tests.conftest import DATA

SETS = DATA / "answer_sets"
GUIDE_OF = {"crisis": "crisis_management", "pe": "private_equity", "brand": "brand_strategy", "general": "general"}
NAMES = sorted(p.stem for p in SETS.glob("*.yaml"))


def answers(name: str) -> dict:
    return yaml.safe_load((SETS / f"{name}.yaml").read_text(encoding="utf-8"))


@cache
def interview_of(name: str) -> Interview:
    """The headless interview of one answer set (worked out once: assembling never changes an interview)."""
    guide = get_guide(GUIDE_OF[name.split("_")[0]])
    interview = Interview(guide=guide, expert="A. Practitioner", topic="", id=f"set-{name}")
    return answer_all(interview, answers(name), HeuristicProber().probe)


@pytest.fixture(scope="module", params=NAMES)
def made(request) -> tuple[str, Interview, MegaPrompt]:
    interview = interview_of(request.param)
    return request.param, interview, assemble(interview)


def body(prompt: MegaPrompt) -> str:
    return "\n".join(render_prompt_markdown(prompt))


def test_there_are_six_sets_across_the_four_guides_two_of_them_lazy():
    assert len(NAMES) >= 6
    assert {GUIDE_OF[n.split("_")[0]] for n in NAMES} == set(GUIDE_OF.values())
    assert len([n for n in NAMES if n.endswith("_lazy")]) >= 2


def test_own_lint_finds_all_ten(made):
    _, _, prompt = made
    report = lint_report(to_text(prompt))
    assert report["missing"] == [] and report["score"] == 100


def test_task_and_inputs_in_the_json_and_near_the_top(made):
    _, interview, prompt = made
    data = json.loads(to_json(prompt))
    assert data["task"].startswith("You advise ") and "Produce " in data["task"]
    assert [i["name"] for i in data["inputs"]] == [i.name for i in interview.guide.prompt.inputs]
    markdown = to_markdown(prompt)
    lines = markdown.splitlines()
    assert lines[2] == prompt.task, "the task is the first line under the title"
    for item in prompt.inputs:
        tag = f"<{item.name}>\n{{{{{item.name}}}}}\n</{item.name}>"
        assert tag in markdown and markdown.index(tag) < markdown.index("## Context")


def test_questions_come_before_the_steps_and_the_steps_ask_for_reasoning(made):
    _, _, prompt = made
    text = body(prompt)
    assert text.index("### Questions to ask first") < text.index("### How to think it through")
    assert "<thinking>" in text
    assert "first any veto" in text


def test_no_hedge_or_boilerplate_statement_in_the_body(made):
    _, _, prompt = made
    for statement in prompt.statements():
        for sentence in sentences(statement.text):
            assert not is_hollow(sentence), f"{statement.key}: {sentence!r}"
            if statement.form not in ("template",):
                assert without_hedges(sentence)[1] == [], f"{statement.key}: {sentence!r}"


def test_an_unknowns_section_in_the_body_and_in_the_plain_text(made):
    _, _, prompt = made
    assert "## Unknowns" in body(prompt)
    assert "UNKNOWNS" in to_text(prompt)


def test_quotes_and_templates_are_verbatim(made):
    name, interview, prompt = made
    said = answers(name)
    for statement in prompt.statements():
        question = interview.guide.question(statement.source.question_id)
        raw = said.get(question.id)
        if statement.form in ("template", "case") and isinstance(raw, str):
            assert all(piece in " ".join(raw.split()) for piece in (" ".join(s.split()) for s in
                                                                  sentences(statement.text))), statement.key
        for quote in re.findall(r'"[^"\n]+"|“[^”]+”', statement.text):
            assert isinstance(raw, (str, list)) and quote in (raw if isinstance(raw, str) else "\n".join(map(str, raw))), \
                f"{statement.key}: {quote!r} changed"


def test_no_orphan_clause_outside_a_lead_in(made):
    _, _, prompt = made
    for statement in prompt.statements():
        if is_orphan(statement.text):
            assert statement.lead_in.endswith(":"), f"{statement.key}: {statement.text!r}"


def test_one_table_per_criteria_question_and_weights_checked(made):
    _, interview, prompt = made
    criteria_questions = {q.id for q in interview.visible_questions() if q.rendering.form is Form.CRITERIA
                          and isinstance(getattr(interview.answered(q.id), "value", None), list)}
    assert {t.question_id for t in prompt.tables} == criteria_questions
    assert body(prompt).count("| Criterion | Weight | Threshold | Tie-breaker |") == len(criteria_questions)
    unknowns = " ".join(u.text for u in prompt.unknowns)
    for table in prompt.tables:
        if table.weighting == "percent" and not table.problem:
            assert table.total == pytest.approx(100, abs=1)
        else:
            assert table.weighting in ("rank", "veto") or table.problem in unknowns


def test_the_role_always_yields_you_are(made):
    _, _, prompt = made
    persona = prompt.section("persona").statements
    assert persona and re.match(r"You are\b", persona[0].text)


# --- single behaviours --------------------------------------------------------------------------------


@pytest.mark.parametrize(("said", "prompt"), [
    ("At the top: what we know, what we don't know yet.", "At the top: what your team know, what your team don't "
                                                         "know yet."),
    ("Never say 'no comment' to us.", "Never say 'no comment' to your team."),
    ('The client says "we will sue" and I call legal.', 'The client says "we will sue" and you call legal.'),
    ("Our lawyers sign it off.", "Your lawyers sign it off."),
], ids=["we is your team", "single quotes verbatim", "quoted speech verbatim", "our is your"])
def test_second_person_keeps_words_safe(said, prompt):
    assert to_second_person(said) == prompt


@pytest.mark.parametrize(("said", "advice"), [
    ("First I call the site lead, then legal.", "First tell the duty manager to call the site lead, then legal."),
    ("I don't believe it until I see a second source.",
     "Tell the duty manager not to believe it until they see a second source."),
    ("I also name one person to keep the log.", "Tell the duty manager to also name one person to keep the log."),
    ("When I see the pack change, or I hear the CFO explain it before I ask, the plan is slipping.",
     "When they see the pack change, or they hear the CFO explain it before they ask, the plan is slipping."),
    ("If it rains and I see a leak, I call the plumber.",
     "If it rains and they see a leak, tell the duty manager to call the plumber."),
    ("If nobody answers, the statement waits, unless people are at risk, in which case it goes out and I brief them.",
     "If nobody answers, the statement waits, unless people are at risk, in which case it goes out and tell the "
     "duty manager to brief them."),
], ids=["an action", "a negated action", "with an adverb", "a condition joined by or", "a condition joined by and",
        "an action after the condition"])
def test_the_experts_actions_become_advice(said, advice):
    assert to_advice(said, "the duty manager") == advice


@pytest.mark.parametrize(("sentence", "kept", "hollow"), [
    ("It depends on the situation really.", "", True),
    ("I just use my judgment.", "", True),
    ("Safety first, but it depends.", "Safety first.", True),
    ("Follow best practices.", "", True),
    ("It depends on whether a child is involved: then it is Level 1.", None, False),
], ids=["bare it depends", "judgment", "hedge clause", "boilerplate", "a condition is no hedge"])
def test_hedges_never_become_statements(sentence, kept, hollow):
    result, dropped = without_hedges(sentence)
    assert bool(dropped) is hollow
    assert result == (sentence if kept is None else kept)


def test_a_contradiction_is_an_unknown_until_the_expert_settles_it():
    interview = interview_of("crisis_lazy")
    prompt = assemble(interview)
    clash = next(c for c in prompt.contradictions if "children" in c.text and "minor injury" in c.text)
    assert any(u.text == clash.text for u in prompt.unknowns)
    ruling = "Children with a minor injury are Level 1."
    settled = assemble(interview, edits={f"settled|{clash.id}": ruling})
    assert not any(u.text == clash.text for u in settled.unknowns)
    assert ruling in body(settled)
    assert next(c for c in settled.contradictions if c.id == clash.id).settled == ruling


def test_a_ladder_that_says_the_higher_level_wins_has_no_contradiction():
    prompt = assemble(interview_of("crisis_cyber"))
    assert prompt.contradictions == []


def test_drafted_statements_join_the_block_they_follow():
    prompt = assemble(interview_of("crisis_cyber"))
    anchor = prompt.section("decision_criteria").statements[0]
    apply_edits(prompt, {f"drafted|decision_criteria|{anchor.key}|1": "Added by a polish."})
    added = prompt.section("decision_criteria").statements[1]
    assert (added.text, added.lead_in) == ("Added by a polish.", anchor.lead_in)


def test_a_version_1_playbook_imports_in_the_new_shape():
    from elicit.services.playbooks import parse_playbook

    data = json.loads(to_json(assemble(interview_of("general_tax"))))
    data["metadata"]["schema_version"] = "1"
    for field in ("task", "inputs", "unknowns", "tables", "contradictions"):
        data.pop(field)
    prompt = parse_playbook(json.dumps(data))
    assert prompt.task.startswith("You advise ") and [i.name for i in prompt.inputs] == ["case"]
    assert prompt.metadata.schema_version == "2"


@pytest.mark.parametrize(("said", "follow_up", "credit"), [
    ("It depends, I just use my judgment.", None, 0.0),
    ("It depends, I just use my judgment.", "Case by case really.", 0.0),
    ("Legal owns the facts; communications owns the timing. If people are at risk, communications wins.", None, 1.0),
    ("Legal owns the facts; communications owns the timing.", "It depends.", 0.5),
], ids=["a hedge counts for nothing", "a hedge followed by a hedge", "a real answer", "a hedged follow-up stays open"])
def test_the_coverage_meter_counts_only_content(said, follow_up, credit):
    from elicit.core.interview import FollowUp

    interview = Interview(guide=get_guide("crisis_management"))
    interview.answer("legal_vs_comms", said)
    if follow_up:
        asked = interview.add_follow_up(FollowUp("legal_vs_comms", "condition", "decision_criteria", "why", "On what?"))
        interview.answer_follow_up(asked.id, follow_up)
    assert interview._credit(interview.guide.question("legal_vs_comms")) == credit


TEN_EMPTY_HEADINGS = "\n\n".join(f"## {title}" for title in (
    "Role", "Goals", "Context", "Process", "Decision criteria", "Checkpoints", "Questions to ask first",
    "Output format", "Guardrails", "Examples"))


@pytest.mark.parametrize(("text", "weaker"), [
    ("## Role\n\nYou are a tax adviser.", TEN_EMPTY_HEADINGS + "\n\nYou are a tax adviser."),
    ("You are a tax adviser in this situation. Never guess.",
     "You are a tax adviser in this situation. It depends really. I just use my judgment. Never guess."),
    ("You are a tax adviser.\nNever guess.", "You are a tax adviser.\n- stuff\n- things\n- misc\nNever guess."),
], ids=["ten empty headings", "hedges", "one-word fragments"])
def test_lint_scores_quality_not_only_names(text, weaker):
    assert lint_report(weaker)["score"] < lint_report(text)["score"]
    assert lint_report(TEN_EMPTY_HEADINGS)["score"] == 0


def test_lint_keeps_a_parent_heading_with_sections_under_it():
    report = lint_report("## Context\n\n### Role\n\nYou are a tax adviser.")
    assert report["quality"]["empty_headings"] == 0 and report["elements"]["persona"]["present"]


ORIGINAL = """## Role
You are a recall coordinator for a dairy co-operative.

## Guardrails
- Never name a farmer in public.
- Never guess at the cause.

## Output format
A one-page plan with a table of owners and deadlines.
"""


def test_an_upgrade_carries_the_original_prompts_parts_as_drafted_statements():
    from elicit.adapters import store
    from elicit.services import interviews, playbooks
    from elicit.core.interview import Origin

    missing = lint_report(ORIGINAL)["missing"]
    engine = store.open_database()
    with store.session(engine) as db:
        interview, token = playbooks.start_upgrade(db=db, guide=get_guide("crisis_management"), expert="Dana",
                                                   topic="recalls", missing=missing, text=ORIGINAL)
        again = interviews.load_by_token(db=db, token=token)
    engine.dispose()
    assert again.answers["role"].origin is Origin.DRAFTED and "recall coordinator" in again.answers["role"].text
    prompt = assemble(again)
    drafted = {s.element: s for s in prompt.statements() if s.origin is Origin.DRAFTED}
    assert drafted["persona"].text.startswith("You are a recall coordinator")
    assert any("Never name a farmer" in s.text for s in prompt.section("guardrails").statements)
    assert again.next_item().id not in {"role", "never_do", "day_one_plan"}


def test_interview_run_writes_the_new_shape_from_a_lazy_answer_set(tmp_path):
    from typer.testing import CliRunner

    from elicit.cli import app

    out = tmp_path / "prompt.json"
    result = CliRunner().invoke(app, ["interview", "run", "--guide", "crisis_management", "--answers",
                                      str(SETS / "crisis_lazy.yaml"), "--out", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["task"] and data["inputs"][0]["name"] == "incident_report"
    assert any("minor injury" in u["text"] for u in data["unknowns"])
    assert {t["question_id"]: t["total"] for t in data["tables"]} == {"response_criteria": 120}


@pytest.mark.parametrize(("ladder", "clash"), [
    ("Level 2: 2-5 complaints on one batch\nLevel 1: 3 or more complaints", "overlap"),
    ("children -> L1\nminor injury -> L2", "one case can be both"),
    ("Level 3: a single complaint\nLevel 2: two or more complaints on one batch", None),
    ("Level 2: a minor injury\nLevel 1: children. The higher level wins when a case fits two.", None),
], ids=["overlapping counts", "who beside how bad", "counts that meet", "precedence stated"])
def test_contradictions_between_levels(ladder, clash):
    from elicit.core.assembly.checks import clashes, level_triggers

    found = clashes(level_triggers(ladder, "severity_levels"), ladder)
    assert [c for c in found if clash in c.text] if clash else found == []


def test_a_wall_of_level_rules_is_compared_in_bounded_time():
    from elicit.core.assembly.checks import MAX_TRIGGERS, Trigger, clashes

    triggers = [Trigger(f"child {n}", "1", "q") for n in range(2_000)] + \
        [Trigger(f"minor injury {n}", "2", "q") for n in range(2_000)]
    assert len(clashes(triggers)) <= MAX_TRIGGERS ** 2


def test_the_criteria_table_speaks_as_the_prompt_does():
    guide = get_guide("crisis_management")
    interview = Interview(guide=guide, expert="Sam", topic="recalls")
    interview.answer("response_criteria", [{"name": "Harm to people", "weight": "60%", "threshold":
                                            "if we see one hospital case we go public", "tie_breaker": "our lawyers follow"},
                                           {"name": "Cost", "weight": "40%", "threshold": "over €1m", "tie_breaker": ""}])
    row = next(s.criterion for s in assemble(interview, version=1).statements() if s.criterion is not None)
    assert (row.threshold, row.tie_breaker) == ("if your team see one hospital case your team go public",
                                                "your lawyers follow")


@pytest.mark.parametrize(("said", "persona"), [
    ("Head of comms at a regional airline, 9 years. Two runway excursions.",
     "You are head of comms at a regional airline, with 9 years in the job. Two runway excursions."),
    ("Partner, growth buyouts, 12 yrs.", "You are a partner, growth buyouts, with 12 years in the job."),
    ("CEO of a logistics firm for 10 years.", "You have been CEO of a logistics firm for 10 years."),
    ("Twenty years in PR.", "You are an experienced practitioner of crisis management. Your background: Twenty "
                            "years in PR."),
    ("I run brand work at an agency; 15 years.", "You are an experienced practitioner of crisis management. You run "
                                                 "brand work at an agency; 15 years."),
], ids=["a title with bare years", "a title needing an article", "a title held for years", "no title", "a verb"])
def test_a_role_that_opens_with_a_title_reads_as_one(said, persona):
    interview = Interview(guide=get_guide("crisis_management"), expert="Sam", topic="recalls")
    interview.answer("role", said)
    section = next(s for s in assemble(interview, version=1).sections if s.element == "persona")
    assert section.statements[0].text == persona
