"""The prompt carries only what the expert decided: every statement passes the substance test the prober and the
lint use (elicit.core.reading.substance); a hedge, a pointer or filler is quoted under Unknowns, never a rule."""

from __future__ import annotations

import pytest
import yaml

from elicit.core.assembly import ANSWERED_PREFIX, assemble, to_markdown
from elicit.core.assembly.forms import ROLE_FORMS
from elicit.core.guides import Form, Kind, builtin_guides, get_guide
from elicit.core.interview import FollowUp, Interview, answer_all
from elicit.core.probing.heuristic import HeuristicProber
from elicit.core.reading.substance import judge
from tests.conftest import DATA

GUIDE_IDS = ["crisis_management", "private_equity", "brand_strategy", "general"]
# (what the expert typed, the words the Unknown must quote, how the Unknown reads it)
LAZY = [
    ("Use judgment.", "Use judgment", "without saying what decides it"),
    ("It's a gut feel built over years.", "It's a gut feel built over years", "without saying what decides it"),
    ("It depends on the situation.", "It depends on the situation", "without saying what decides it"),
    ("Standard deck.", "Standard deck", "pointed to"),
    ("Usual IC memo.", "Usual IC memo", "pointed to"),
    ("Lenders will tell you.", "Lenders will tell you", "pointed to"),
    ("Follow the playbook.", "Follow the playbook", "pointed to"),
    ("Make sure everything is checked.", "Make sure everything is checked", "gives you nothing to act on"),
    ("Be professional.", "Be professional", "gives you nothing to act on"),
]
BODY_FORMS = (Form.RULES, Form.LIMITS, Form.QUESTIONS, Form.PROSE, Form.LADDER)


def _cases():
    for guide in builtin_guides().values():
        if guide.id not in GUIDE_IDS:
            continue
        for question in Interview(guide=guide).visible_questions():
            if question.rendering.form in BODY_FORMS and question.kind is not Kind.CRITERIA:
                yield guide.id, question.id


CASES = list(_cases())


def lazy_interview(guide_id: str, question_id: str, text: str) -> Interview:
    interview = Interview(guide=get_guide(guide_id), expert="Sam", topic="t", id="x")
    question = interview.guide.question(question_id)
    interview.answer(question_id, [text] if question.kind is Kind.LIST else text)
    return interview


@pytest.mark.parametrize(("typed", "quoted", "reads"), LAZY)
@pytest.mark.parametrize(("guide_id", "question_id"), CASES)
def test_a_lazy_answer_is_never_a_rule_a_checkpoint_a_question_or_the_format(guide_id, question_id, typed, quoted,
                                                                             reads):
    prompt = assemble(lazy_interview(guide_id, question_id, typed))
    placed = [s.text for s in prompt.statements() if s.source.question_id == question_id]
    assert placed == [], f"{typed!r} became {placed}"
    said = [u.text for u in prompt.unknowns if u.question_id == question_id]
    assert len(said) == 1 and f"\u201c{quoted}\u201d" in said[0] and reads in said[0], said


def test_the_substance_of_a_sentence_stays_and_its_hedge_goes_to_unknowns():
    interview = lazy_interview("crisis_management", "decide_without_me",
                               "If a child is hurt, pull the product at once. Use judgment.")
    prompt = assemble(interview)
    placed = [s.text for s in prompt.statements() if s.source.question_id == "decide_without_me"]
    assert len(placed) == 1 and "pull the product" in placed[0]
    assert any("\u201cUse judgment\u201d" in u.text for u in prompt.unknowns)


def test_stage_names_behind_a_pointer_are_one_statement_not_a_procedure():
    interview = Interview(guide=get_guide("private_equity"))
    interview.answer("deal_steps", "Standard process: screen, LOI, diligence, IC, close.")
    prompt = assemble(interview)
    process = [s for s in prompt.section("process").statements]
    assert [s.step for s in process] == [None]
    assert "screen, LOI, diligence, IC, close" in process[0].text
    assert any("pointed to" in u.text and "Standard process" in u.text for u in prompt.unknowns)


def reply_to(interview: Interview, question_id: str, check: str, reply: str | None) -> FollowUp:
    follow_up = interview.add_follow_up(FollowUp(question_id, check, "decision_criteria", "no number", "At what number?"))
    if reply is None:
        interview.skip_follow_up(follow_up.id)
    else:
        interview.answer_follow_up(follow_up.id, reply)
    return follow_up


def test_a_reply_that_does_not_answer_its_follow_up_is_kept_out_and_said():
    interview = lazy_interview("private_equity", "first_screen",
                               "I look at the market and the team first, then the price.")
    reply_to(interview, "first_screen", "threshold", "Safety always before sales, whatever the client says.")
    prompt = assemble(interview)
    body = to_markdown(prompt).split("## Unknowns")[0]
    assert "before sales" not in body
    said = [u.text for u in prompt.unknowns if "before sales" in u.text]
    assert len(said) == 1 and "does not answer it" in said[0] and "no number or range" in said[0]


def test_a_reply_that_answers_its_follow_up_is_placed():
    interview = lazy_interview("private_equity", "first_screen",
                               "I look at the market and the team first, then the price.")
    reply_to(interview, "first_screen", "threshold", "Below 8% EBITDA margin or above 12x entry multiple I pass within 7 days.")
    prompt = assemble(interview)
    assert any("7 days" in s.text for s in prompt.statements())
    assert not [u for u in prompt.unknowns if "7 days" in u.text]


def test_an_unknown_a_later_reply_settled_is_gone_and_each_unknown_is_listed_once():
    interview = lazy_interview("private_equity", "first_screen",
                               "I look at the market and the team first, then the price.")
    reply_to(interview, "first_screen", "threshold", None)  # skipped ...
    reply_to(interview, "first_screen", "condition", "If margin is below 8% and leverage above 6x, I pass within 7 days.")
    prompt = assemble(interview)
    assert not [u for u in prompt.unknowns if u.question_id == "first_screen"], prompt.unknowns
    interview = lazy_interview("private_equity", "first_screen", "It depends.")
    reply_to(interview, "first_screen", "threshold", None)
    reply_to(interview, "first_screen", "threshold", None)
    unknowns = assemble(interview).unknowns
    texts = [u.text for u in unknowns]
    assert len(texts) == len(set(texts)) and [u.question_id for u in unknowns].count("first_screen") == 1, texts


def test_the_expert_settles_an_unknown_at_review_and_a_lazy_ruling_settles_nothing():
    interview = lazy_interview("private_equity", "leverage", "Lenders will tell you.")
    unknown = next(u for u in assemble(interview).unknowns if u.question_id == "leverage")
    lazy = assemble(interview, edits={ANSWERED_PREFIX + unknown.id: "The usual."})
    assert unknown.id in [u.id for u in lazy.unknowns]
    ruled = assemble(interview, edits={ANSWERED_PREFIX + unknown.id: "No more than 5x EBITDA, 4x in a cyclical."})
    assert unknown.id not in [u.id for u in ruled.unknowns]
    assert any(s.text.startswith("No more than 5x") for s in ruled.section("decision_criteria").statements)


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_every_statement_of_a_full_prompt_passes_the_substance_test(guide_id):
    answers = yaml.safe_load((DATA / f"answers_{guide_id}.yaml").read_text())
    interview = answer_all(Interview(guide=get_guide(guide_id), id="x"), answers, HeuristicProber().probe,
                           "Two reports on one batch within 7 days and we stop the sale, as in March 2024.")
    lenient = {f.value for f in ROLE_FORMS} | {"criteria", "case", "template"}
    hollow = [s.text for s in assemble(interview).statements() if s.form not in lenient and not judge(s.text)]
    assert hollow == []


def test_a_simulation_answered_about_another_case_is_not_shown_as_the_experts_call_on_it():
    guide = get_guide("crisis_management")
    off = Interview(guide=guide)
    off.answer("simulation", "Two complaints on one batch within a week: I stop the sale, call the plant, tell the "
                             "regulator before the press and pull the batch from retailers by noon.")
    prompt = assemble(off)
    assert not [s for s in prompt.statements() if s.source.question_id == "simulation"]
    said = [u.text for u in prompt.unknowns if u.question_id == "simulation"]
    assert len(said) == 1 and "another case than the one set" in said[0] and "forklift" in said[0]
    on = Interview(guide=guide)
    on.answer("simulation", guide.question("simulation").example)
    assert [s for s in assemble(on).statements() if s.source.question_id == "simulation"]


def test_a_sentence_after_a_clock_time_is_its_own_statement():
    interview = lazy_interview("general", "before_you_commit_checks",
                               "Get the payments lead on the call first, even at 3 a.m. If card data may have "
                               "leaked, security takes over.")
    placed = [s.text for s in assemble(interview).statements() if s.source.question_id == "before_you_commit_checks"]
    assert len(placed) == 2 and placed[0].endswith("3 a.m.") and placed[1].startswith("If card data")


def test_what_is_linked_to_us_is_linked_to_the_organisation_not_the_team():
    interview = lazy_interview("crisis_management", "decide_without_me",
                               "A reported illness linked to us is Level 1, and we call the regulator within the hour.")
    placed = " ".join(s.text for s in assemble(interview).statements())
    assert "linked to your organisation" in placed and "your team call the regulator" in placed


def test_a_then_sentence_stays_with_the_one_it_goes_on_from():
    interview = lazy_interview("crisis_management", "decide_without_me",
                               "If two reports name one batch, the duty manager stops the sale. Then we recall and "
                               "go public within the hour.")
    placed = [s.text for s in assemble(interview).statements() if s.source.question_id == "decide_without_me"]
    assert placed == ["If two reports name one batch, the duty manager stops the sale. Then your team recall and go "
                      "public within the hour."]


def test_an_answer_with_two_hollow_parts_is_one_unknown_quoting_both():
    interview = lazy_interview("crisis_management", "hardest_step",
                               "It depends on the situation really. Use your judgment. Plants always say one-off.")
    said = [u.text for u in assemble(interview).unknowns if u.question_id == "hardest_step"]
    assert len(said) == 1, said
    assert "\u201cUse your judgment\u201d" in said[0] and "\u201cIt depends on the situation really\u201d" in said[0]


def test_a_short_sentence_no_phrase_marks_rides_with_its_neighbour():
    """"Levelling it." answers which step is hardest; "Press after that." is a rank: part of what the sentences
    around them say, never an Unknown of their own."""
    interview = lazy_interview("crisis_management", "hardest_step",
                               "Levelling it. Plants always say one-off, and nobody wants to be the one who called Red.")
    placed = [s.text for s in assemble(interview).statements() if s.source.question_id == "hardest_step"]
    assert any(t.startswith("Levelling it.") and "one-off" in t for t in placed), placed
    assert not [u for u in assemble(interview).unknowns if u.question_id == "hardest_step"]


@pytest.mark.parametrize("path", ["short", "full"])
@pytest.mark.parametrize("name", sorted(p.stem for p in (DATA / "answer_sets").glob("*.yaml")))
def test_no_statement_of_an_answer_sets_prompt_fails_the_substance_test(name, path):
    guide_id = {"crisis": "crisis_management", "pe": "private_equity", "brand": "brand_strategy",
                "general": "general"}[name.split("_")[0]]
    given = yaml.safe_load((DATA / "answer_sets" / f"{name}.yaml").read_text(encoding="utf-8"))
    interview = answer_all(Interview(guide=get_guide(guide_id), path=path), given, HeuristicProber().probe)
    prompt = assemble(interview)
    assert [s.text for s in prompt.hollow_statements()] == []


@pytest.mark.parametrize(("guide_id", "question_id", "typed", "quoted"), [
    ("crisis_management", "never_do", ["don't panic"], "don't panic"),  # never "Never advise: Don't panic"
    ("private_equity", "never_do", ["be commercial"], "be commercial"),
    ("crisis_management", "when_to_hand_on", "follow the ERP, it's all in there.", "it's all in there"),
    ("crisis_management", "day_one_plan", "the usual sitrep format. one page. keep it professional.",
     "the usual sitrep format"),
    ("private_equity", "memo_first_page", "use our template", "use our template"),
])
def test_phone_typed_lazy_answers_are_unknowns_not_rules(guide_id, question_id, typed, quoted):
    interview = Interview(guide=get_guide(guide_id), expert="Sam", topic="t", id="x")
    interview.answer(question_id, typed)
    prompt = assemble(interview)
    placed = [s.text for s in prompt.statements() if s.source.question_id == question_id]
    said = " ".join(u.text for u in prompt.unknowns if u.question_id == question_id)
    assert quoted.lower() in said.lower(), (placed, said)
    assert not [t for t in placed if quoted.lower() in t.lower()], placed


def test_lower_case_typing_splits_into_its_sentences_and_a_bare_length_is_kept():
    interview = Interview(guide=get_guide("crisis_management"), expert="Sam", topic="t", id="x")
    interview.answer("day_one_plan", "the usual sitrep format. one page. keep it professional.")
    prompt = assemble(interview)
    assert [s.text for s in prompt.statements() if s.source.question_id == "day_one_plan"] == ["One page."]


@pytest.mark.parametrize(("guide_id", "question_id", "typed", "kept"), [
    ("crisis_management", "first_hour", "If the AM doesn't pick up in 5 min I go straight to the CEO.",
     "If the AM doesn't pick up in 5 min"),
    ("private_equity", "walk_away", "If a trade buyer comes in we usually step back.", "If a trade buyer comes in"),
    ("private_equity", "role", "Partner at a lower mid-market fund, 13 yrs in PE, 6 in corporate finance before that.",
     "13 years in PE, 6 in corporate finance"),
])
def test_a_condition_with_its_action_and_years_in_a_field_keep_their_meaning(guide_id, question_id, typed, kept):
    interview = Interview(guide=get_guide(guide_id), expert="Sam", topic="t", id="x")
    interview.answer(question_id, typed)
    placed = [s.text for s in assemble(interview).statements() if s.source.question_id == question_id]
    assert any(kept in t for t in placed), placed
    assert not any("in the job. in" in t for t in placed), placed


def test_a_hedge_in_a_criteria_cell_is_left_blank_and_asked_about():
    interview = Interview(guide=get_guide("private_equity"), expert="Sam", topic="t", id="x")
    interview.answer("deal_criteria", [{"name": "downside", "weight": "60", "threshold": "1.0x money back"},
                                       {"name": "cultural fit", "weight": "40", "threshold": "it depends"}])
    prompt = assemble(interview)
    fit = next(s for s in prompt.statements() if s.criterion and s.criterion.name == "cultural fit")
    assert not fit.criterion.threshold
    said = [u.text for u in prompt.unknowns if u.question_id == "deal_criteria"]
    assert any("\u201ccultural fit\u201d" in t and "\u201cit depends\u201d" in t for t in said), said
