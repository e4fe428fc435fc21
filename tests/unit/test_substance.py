"""The one reading of substance (elicit.core.reading.substance): the lazy answers of issue 25 by their shape are no
statement a model can act on, and the rich ones that look short or hedged are."""

from __future__ import annotations

import pytest

from elicit.core.reading.substance import Substance, hollow_part, judge

HOLLOW = [
    ("Use judgment.", Substance.HEDGE, "Use judgment"),
    ("It's a gut feel built over years.", Substance.HEDGE, "gut feel"),
    ("It depends on the situation.", Substance.HEDGE, "It depends"),
    ("Usual IC memo.", Substance.POINTER, "Usual IC memo"),
    ("Standard deck.", Substance.POINTER, "Standard deck"),
    ("Lenders will tell you.", Substance.POINTER, "Lenders will tell you"),
    ("Follow the playbook.", Substance.POINTER, "Follow the playbook"),
    ("The usual.", Substance.POINTER, "The usual"),
    ("Make sure everything is checked.", Substance.FILLER, None),
    ("Be professional.", Substance.FILLER, "Be professional"),
    ("You are an expert.", Substance.FILLER, "You are an expert"),
    ("Clear, concise and professional.", Substance.FILLER, None),
    ("A short memo.", Substance.FILLER, "A short memo."),
    # a document the model does not have, whatever the verb that points at it
    ("We work through the crisis manual.", Substance.POINTER, "the crisis manual"),
    ("We use the tracker, whatever metrics the agency set up.", Substance.POINTER,
     "whatever metrics the agency set up"),
    # knowing without saying how, a number that is a saying and not a measure, a limit put in someone's pay grade
    ("If it's not working you'll know.", Substance.HEDGE, "you'll know"),
    ("Hard to say. Hindsight's 20/20.", Substance.HEDGE, "Hard to say"),
    ("If it's above my pay grade.", Substance.HEDGE, "above my pay grade"),
    ("Getting the brand right.", Substance.FILLER, "Getting the brand right"),
    ("Quality. Doing a proper job.", Substance.FILLER, "Doing a proper job"),
]
SUBSTANCE = [
    "Safety first.", "Never speculate.", "Call legal.", "People before profit.",
    "It depends on whether the batch has shipped: if it has, we recall; if not, we hold.",
    "Our standard memo: 10 pages, thesis, risks, returns.",
    "Never above 6x leverage, and I pass if the founder won't roll 20%.",
    "Head of comms at a regional airline, 9 years.", "Four or five turns of EBITDA.",
    "Recall the batch if two or more reports come in, etc.", "Gross retention under 85% kills it.",
    "Check the batch records and the complaint log.", "One page, three bullets, a recommendation.",
    "Team, market, price.", 'Open with "We are aware of reports and are investigating now."',
    "Open the playbook's holding statement and fill in the batch number.",
    "The manual says 2 hours; I call the CEO within 30 minutes anyway.",
]


@pytest.mark.parametrize(("text", "kind", "evidence"), HOLLOW, ids=[row[0] for row in HOLLOW])
def test_a_hedge_a_pointer_or_filler_is_no_substance_and_names_its_words(text, kind, evidence):
    verdict = judge(text)
    assert verdict.kind is kind and not verdict
    assert hollow_part(text) == (evidence or verdict.evidence) and hollow_part(text)


@pytest.mark.parametrize("text", SUBSTANCE)
def test_a_condition_an_action_a_number_an_order_or_a_template_is_substance(text):
    verdict = judge(text)
    assert verdict.substantive, verdict
    assert verdict.anchors and hollow_part(text) is None


def test_a_marker_is_rescued_only_by_what_a_model_can_act_on_not_by_a_name():
    assert not judge("Usual IC memo.")  # "IC" is a name, but the memo's content is still elsewhere
    assert judge("Usual IC memo: thesis, three risks, returns at 2.5x.")
    assert judge("It depends.").marked and not judge("Bullet points.").marked


def test_lint_counts_an_element_of_filler_pointers_and_hedges_as_absent():
    """Ten headings, each filled with nothing a model can act on (issue 26: this scored 90 out of 100)."""
    from elicit.core.linting import lint_report
    from tests.conftest import DATA

    hollow = (DATA / "hollow_prompt.md").read_text(encoding="utf-8")
    report = lint_report(hollow)
    assert report["score"] <= 30, report["elements"]
    assert {"output_format", "decision_criteria", "process", "examples"} <= set(report["missing"])
    strong = hollow.replace("Standard deck.", "One page: the severity level and why, then a first-hour plan of "
                                             "at most five actions, each with its owner.")
    assert "output_format" not in lint_report(strong)["missing"]


def test_lint_names_each_hollow_element_with_its_kind_and_words():
    from elicit.core.linting import lint_report
    from tests.conftest import DATA

    report = lint_report((DATA / "hollow_prompt.md").read_text(encoding="utf-8"))
    hollow = {e: f["hollow"] for e, f in report["elements"].items() if f["hollow"]}
    assert set(hollow) == set(report["missing"]) and len(hollow) == 10
    assert hollow["output_format"] == {"kind": "pointer", "evidence": "Standard deck.", "marker": "Standard deck"}
    assert hollow["process"]["kind"] == "hedge" and hollow["guardrails"]["kind"] == "filler"
    assert report["quality"]["hedges"] and "Use judgment." in report["quality"]["hedges"]


def test_what_a_prompt_lists_as_unknown_is_no_evidence_of_the_element():
    from elicit.core.linting import lint_report

    known = "# Role\nYou are a tax adviser with 18 years of practice.\n\n# Format\nOne page: the answer, then why.\n"
    unknown = known.replace("# Format\nOne page: the answer, then why.\n",
                            "## Unknowns\n- On \u201cWhat does a good memo look like: its format?\u201d the expert "
                            "pointed to \u201cStandard deck\u201d.\n")
    assert "output_format" not in lint_report(known)["missing"]
    assert "output_format" in lint_report(unknown)["missing"]


def test_a_parent_heading_over_another_elements_heading_holds_nothing_of_its_own():
    from elicit.core.linting import lint_report

    text = ("# Role\nYou are a tax adviser with 18 years of practice.\n\n## Format\n\n### Worked examples\n\n"
            "In March 2023 a founder sold her company for GBP 4m; we had moved her shares 18 months before.\n")
    report = lint_report(text)
    assert "examples" not in report["missing"] and "output_format" in report["missing"]


def test_a_strong_prompt_scores_70_or_more_and_one_of_lazy_answers_less():
    from elicit.core.linting import lint_report
    from tests.conftest import DATA

    for guide_id in ("crisis_management", "private_equity", "brand_strategy", "general"):
        strong = (DATA / "golden" / f"{guide_id}.md").read_text(encoding="utf-8").split("\n---\n")[0]
        lazy = (DATA / "golden" / f"hollow_{guide_id}.md").read_text(encoding="utf-8").split("\n---\n")[0]
        assert lint_report(strong)["score"] >= 70
        assert lint_report(lazy)["score"] < lint_report(strong)["score"]


@pytest.mark.parametrize(("text", "role"), [("Anyone hurt?", "question"), ("Screen teaser", "step"),
                                            ("Guess the cause", "item"), ("Founder buyouts", "focus")])
def test_a_short_statement_takes_its_action_from_the_role_it_is_placed_in(text, role):
    assert not judge(text) and judge(text, role)
    assert role in judge(text, role).anchors


@pytest.mark.parametrize("role", ["question", "step", "item", "focus", "persona"])
def test_no_role_rescues_a_hedge_a_pointer_or_filler(role):
    for text in ("Use judgment.", "The usual.", "Be professional.", "Things."):
        assert not judge(text, role), (text, role)
