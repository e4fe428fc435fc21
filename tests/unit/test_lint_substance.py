"""The lint's reading of substance element by element (elicit.core.anatomy_substance), and the text each piece of
evidence speaks for (elicit.core.anatomy_units): each row a short text in our own words."""

from __future__ import annotations

import pytest

from elicit.core.anatomy_units import statements
from elicit.core.linting import lint_report

CASES = [
    # (what the row shows, element, text, whether the lint counts the element present)
    ("persona-praise-names-no-work", "persona", "You are a top-tier expert in your field.", False),
    ("persona-a-kind-of-work", "persona", "You are a freelance tax adviser for touring musicians.", True),
    ("persona-bare-expert-under-a-heading", "persona", "## Role\nExpert.", False),
    ("persona-short-role-label", "persona", "Role: procurement analyst.", True),
    ("goals-success-in-general", "goals", "## Goal\nMake it a success.", False),
    ("goals-an-outcome-of-its-own", "goals", "## Goal\nFewer no-shows at the Tuesday clinic.", True),
    ("goals-tag-of-filler", "goals", "<goal>Be as helpful as possible.</goal>", False),
    ("context-the-model-already-knows", "context", "## Context\nYou already know what this is about.", False),
    ("context-a-fact-of-the-situation", "context", "## Context\nThe readers are night-shift nurses.", True),
    ("context-a-hollow-line-does-not-hide-a-real-one", "context",
     "## Context\nThe usual.\n\nI will paste the tenant's email and the lease.", True),
    ("process-steps-that-say-nothing", "process",
     "## Steps\n1. Do the usual prep.\n2. Sort it out.\n3. Finish up properly.", False),
    ("process-steps-of-substance", "process",
     "## Steps\n1. Read the lease.\n2. List every break clause with its date.\n3. Flag any clause under six "
     "months' notice.", True),
    ("process-no-order-under-the-heading", "process", "## Process\nRun them through our normal pipeline.", False),
    ("criteria-no-rule", "decision_criteria", "## Criteria\nWhatever seems best.", False),
    ("criteria-a-threshold", "decision_criteria", "## Criteria\nRefund if the parcel is more than 5 days late.", True),
    ("criteria-a-ranking", "decision_criteria", "## Criteria\nA named witness is more important than a photo.", True),
    ("criteria-prohibitions-are-guardrails", "decision_criteria",
     "**Hard rules:** Never quote prices, never name rival shops and never promise dates.", False),
    ("guardrails-prohibitions-under-rules", "guardrails",
     "**Hard rules:** Never quote prices, never name rival shops and never promise dates.", True),
    ("format-names-no-form", "output_format", "Format: On-brand.", False),
    ("format-a-structure", "output_format", "Format: a table of risks by owner.", True),
    ("format-the-parts-one-a-line", "output_format",
     "## Format\nA cover note for the partner\nA schedule of fees by matter\nThe engagement letter, marked up",
     True),
    ("examples-a-pointer-to-earlier-ones", "examples", "## Examples\nLike last year's.", False),
    ("examples-the-sample-itself", "examples", '## Examples\n"Your order 4411 has shipped and arrives Thursday."', True),
    ("examples-a-lead-in-with-its-sample", "examples",
     "Here's the kind of reply we like:\nThanks for flagging this; the refund is on its way.\n"
     "It should reach you within 3 working days.", True),
    # what holdout3 taught: each element asks for its own kind of substance, and a few more pointers and hedges
    ("goals-success-for-everyone", "goals", "## Goal\nMake the launch a massive success for everyone involved.", False),
    ("goals-keep-us-safe", "goals", "Goal: Keep us safe.", False),
    ("goals-an-outcome", "goals", "Goal: Keep every driver under the legal hours.", True),
    ("checkpoints-stops-for-nothing", "checkpoints", "## Checkpoints\nKeep me posted.", False),
    ("checkpoints-show-me-first", "checkpoints", "## Checkpoints\nSend me the outline before the full draft.", True),
    ("questions-names-nothing", "clarifying_questions", "## Questions\nAsk anything you need to.", False),
    ("questions-asks-nothing", "clarifying_questions", "Questions: At your discretion.", False),
    ("questions-names-what-to-ask", "clarifying_questions",
     "## Questions\nAsk which branch the parcel left from.", True),
    ("guardrails-badness-in-general", "guardrails", "Never do anything unprofessional.", False),
    ("guardrails-names-what-to-avoid", "guardrails", "Never quote a delivery date.", True),
    ("context-a-pointer-to-a-file", "context", "Background: See the client file.", False),
    ("context-attached-is-input", "context", "Background: see the attached brief for the client file.", True),
    ("context-typical-thing", "context", "Situation: A typical month-end close.", False),
    ("context-typical-with-a-verb", "context", "Situation: Typical users are nurses on nights.", True),
    ("format-the-normal-x-format", "output_format", "Format: Our normal board paper format.", False),
    ("examples-on-request", "examples", "Examples: Provided on request.", False),
    # what holdout4 taught: words that fit every task name nothing, and a hedge for when leaves no point to stop at
    ("goals-the-needs-of-any-work", "goals", "Goal: Meet the client's needs and add real value.", False),
    ("goals-the-task-with-praise", "goals", "Goal: to write newsletters that are engaging and valuable.", False),
    ("goals-the-task-with-an-outcome", "goals",
     "Goal: to write newsletters that bring lapsed members back to the Thursday club.", True),
    ("goals-a-hedge-and-a-bare-verb", "goals", "Prioritise as you see fit.", False),
    ("context-the-relevant-details", "context", "## Context\nYou'll be given the relevant details.", False),
    ("process-read-before-you-start", "process", "Please read all of the below before you start.", False),
    ("criteria-factors-in-general", "decision_criteria",
     "## Criteria\nWeigh the relevant factors carefully before deciding.", False),
    ("checkpoints-a-hedge-for-when", "checkpoints",
     "## Checkpoints\nCheck in with the client when it seems necessary.", False),
    ("checkpoints-a-hedge-beside-a-point", "checkpoints",
     "## Checkpoints\nWhere appropriate, send me the outline before the full draft.", True),
    ("questions-a-hedge-for-when", "clarifying_questions",
     "## Questions\nIf something is unclear, raise questions as needed.", False),
    ("questions-feel-free", "clarifying_questions",
     "## Questions\nFeel free to ask for clarification where it makes sense.", False),
    ("questions-a-hedge-beside-what-to-ask", "clarifying_questions",
     "## Questions\nWhere it makes sense, ask which site the order ships from.", True),
    ("format-form-words-with-hedges", "output_format",
     "Format: the usual layout, in a suitable tone, at an appropriate length.", False),
    ("guardrails-policies-in-general", "guardrails", "Always follow applicable policies and act responsibly.", False),
    ("guardrails-a-named-policy", "guardrails", "Always follow the data-retention policy for patient notes.", True),
    ("questions-if-anything-is-needed", "clarifying_questions", "Questions: Ask if anything is needed.", False),
    ("process-an-outline-of-labelled-elements", "process",
     "1. Role: a buyer.\n2. Goal: fewer returns from the spring range.\n3. Format: a table of lines by supplier.", False),
    ("examples-a-sample-written-out", "examples",
     "**Sample reply:**\n> Hi Sam, sorry the invoice export has failed since Friday; here is a way round it you can "
     "use this afternoon while we fix the report.", True),
]


@pytest.mark.parametrize(("element_id", "text", "expected"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_lint_reads_substance_by_element(element_id, text, expected):
    element = lint_report(text)["elements"][element_id]
    assert element["present"] is expected, element


def test_a_hollow_element_is_named_with_its_words():
    element = lint_report("## Examples\nLike last year's.")["elements"]["examples"]
    assert element["hollow"] == {"kind": "filler", "evidence": "Like last year's.", "marker": "Like last year's."}


UNITS = [
    # (what the row shows, element, text, the text its first statement speaks for)
    ("a-heading-speaks-for-its-section", "context", "## Background\nSix plants.\nSold twice.\n## Format\nA table.",
     "Six plants.\nSold twice."),
    ("a-tag-for-what-it-holds", "goals", "<goal>Fewer refunds.</goal> <format>JSON</format>", "Fewer refunds."),
    ("a-label-for-its-value", "goals", "Goal: fewer refunds.\nFormat: JSON.", "fewer refunds."),
    ("a-lead-in-for-its-lines", "process", "Steps:\n1. Read it.\n2. Score it.\n\nThen stop.",
     "Steps:\n1. Read it.\n2. Score it."),
    ("item-one-for-the-list", "process", "Do this.\n1. Read it.\n2. Score it.\nNo more.", "1. Read it.\n2. Score it."),
    ("anything-else-for-its-sentence", "guardrails", "Read the file. Never guess a date. Reply in a table.",
     "Never guess a date."),
]


@pytest.mark.parametrize(("element_id", "text", "unit"), [case[1:] for case in UNITS], ids=[case[0] for case in UNITS])
def test_each_statement_speaks_for_its_unit(element_id, text, unit):
    assert statements(text)[element_id][0].unit == unit
