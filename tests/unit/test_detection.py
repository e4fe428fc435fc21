"""Element detection: scores on the labelled corpus, a table of cases in our own words, and robustness.

Run as a script to print the per-element table: `.venv/bin/python -m tests.unit.test_detection`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from elicit.core.anatomy import ELEMENT_IDS, Finding, coverage_score, detect
from tests.conftest import CORPUS, require

CORPUS_FILE = CORPUS / "prompts_dev.jsonl"
MIN_MACRO_F1 = 0.95


def corpus_scores(path: Path = CORPUS_FILE) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 of detect() for each element over the labelled rows in path."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = [detect(row["text"]) for row in rows]
    return {element_id: _scores([(found_in[element_id].present, row["labels"][element_id])
                                 for found_in, row in zip(found, rows)])
            for element_id in ELEMENT_IDS}


def _scores(pairs: list[tuple[bool, bool]]) -> dict[str, float]:
    true_pos = sum(found and gold for found, gold in pairs)
    precision = true_pos / max(1, sum(found for found, _ in pairs))
    recall = true_pos / max(1, sum(gold for _, gold in pairs))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def macro_f1(scores: dict[str, dict[str, float]]) -> float:
    """The mean of the per-element F1 scores."""
    return sum(score["f1"] for score in scores.values()) / len(scores)


def score_table(scores: dict[str, dict[str, float]]) -> str:
    """Precision, recall and F1 per element, then the macro-F1, as aligned text."""
    lines = [f"{'element':22} precision recall   f1"]
    lines += [f"{element_id:22} {score['precision']:9.2f} {score['recall']:6.2f} {score['f1']:5.2f}"
              for element_id, score in scores.items()]
    return "\n".join(lines + [f"{'macro-F1':22} {macro_f1(scores):23.3f}"])


@pytest.mark.corpus
def test_corpus_macro_f1():
    require(CORPUS_FILE.is_file(), f"the labelled corpus {CORPUS_FILE} is absent (it lives outside the project)")
    scores = corpus_scores()
    print("\n" + score_table(scores))
    assert macro_f1(scores) >= MIN_MACRO_F1


HELDOUT_FILE = Path(__file__).parents[1] / "data" / "heldout" / "prompts_heldout.jsonl"
MIN_HELDOUT_MACRO_F1 = 0.95


def test_heldout_macro_f1():
    """Twelve prompts first measured blind (0.796, docs/DETECTION.md), since tuned on (0.980): a floor, so a change
    that loses what they taught shows."""
    scores = corpus_scores(HELDOUT_FILE)
    print("\n" + score_table(scores))
    assert macro_f1(scores) >= MIN_HELDOUT_MACRO_F1


HOLDOUT2_FILE = Path(__file__).parents[1] / "data" / "heldout" / "prompts_holdout2.jsonl"
MIN_HOLDOUT2_MACRO_F1 = 0.95
HOLDOUT3_FILE = Path(__file__).parents[1] / "data" / "heldout" / "prompts_holdout3.jsonl"
MIN_HOLDOUT3_MACRO_F1 = 0.98
HOLDOUT4_FILE = Path(__file__).parents[1] / "data" / "heldout" / "prompts_holdout4.jsonl"
MIN_HOLDOUT4_MACRO_F1 = 0.99
MAX_HOLLOW_SCORE = 30


def lint_scores(path: Path) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 of the lint's reading (an element present with substance, lint_report) by element."""
    from elicit.core.linting import lint_report

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = [lint_report(row["text"])["elements"] for row in rows]
    return {element_id: _scores([(elements[element_id]["present"], row["labels"][element_id])
                                 for elements, row in zip(found, rows)])
            for element_id in ELEMENT_IDS}


def test_holdout2_macro_f1_of_the_lint():
    """24 prompts, good, hollow and mixed, written and labelled for issue 26 before the lint ever read them
    (docs/DETECTION.md): measured blind at 0.769, since tuned on (0.971); a floor, so a change that loses shows."""
    scores = lint_scores(HOLDOUT2_FILE)
    print("\n" + score_table(scores))
    assert macro_f1(scores) >= MIN_HOLDOUT2_MACRO_F1


def test_holdout3_macro_f1_of_the_lint():
    """25 prompts, good, hollow and mixed, labelled and committed before the lint read them (docs/DETECTION.md):
    measured blind at 0.839, since tuned on (0.997); a floor, so a change that loses what they taught shows."""
    scores = lint_scores(HOLDOUT3_FILE)
    print("\n" + score_table(scores))
    assert macro_f1(scores) >= MIN_HOLDOUT3_MACRO_F1


def test_holdout4_macro_f1_of_the_lint():
    """30 prompts, good, hollow and mixed, written blind by a hand that never read the lint (docs/DETECTION.md):
    measured blind at 0.867, 0.879 after the holdout3 round, since tuned on (0.998); a floor, so a change that loses
    what they taught shows."""
    scores = lint_scores(HOLDOUT4_FILE)
    print("\n" + score_table(scores))
    assert macro_f1(scores) >= MIN_HOLDOUT4_MACRO_F1


@pytest.mark.parametrize("path", [HOLDOUT2_FILE, HOLDOUT3_FILE, HOLDOUT4_FILE], ids=["holdout2", "holdout3", "holdout4"])
def test_every_hollow_prompt_of_a_holdout_scores_30_or_less(path):
    """Issue 26: a hollow prompt scores 30 or less, one with two or three real elements among its filler included."""
    from elicit.core.linting import lint_report

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    scores = {row["id"]: lint_report(row["text"])["score"] for row in rows if row["kind"] == "hollow"}
    assert scores and max(scores.values()) <= MAX_HOLLOW_SCORE, scores


CASES = [
    # (what the row shows, element, a short text in our own words, whether the element is there)
    ("persona-you-are-a-role", "persona",
     "You are a crisis-communications lead with fifteen years in food retail.", True),
    ("persona-role-without-article", "persona", "You're head of credit risk at a regional bank.", True),
    ("persona-act-as", "persona", "Act as a seasoned private-equity associate screening inbound deals.", True),
    ("persona-your-role-is", "persona", "Your role is to review pull requests the way a staff engineer would.", True),
    ("persona-as-a-senior-x-you", "persona",
     "As a senior brand strategist, you know which claims a market believes.", True),
    ("persona-not-speaker-self-description", "persona", "I am a cardiologist and I need a discharge letter.", False),
    ("persona-not-a-condition", "persona", "If you are a first-time buyer, the paperwork can feel endless.", False),
    ("persona-not-a-bare-task", "persona", "Summarise the attached board minutes.", False),
    ("goals-the-goal-is", "goals", "The goal is a statement the plant manager can read out within the hour.", True),
    ("goals-ranked-priorities", "goals", "Protect patient safety first; cost matters least.", True),
    ("goals-trade-off", "goals", "Prefer a smaller, certain return over a larger speculative one.", True),
    ("goals-so-that", "goals", "We draft the memo so that the committee can decide in one meeting.", True),
    ("goals-not-a-bare-task", "goals", "Write a product description for a steel water bottle.", False),
    ("context-input-to-expect", "context", "You will be given a first incident report from the site manager.", True),
    ("context-user-will-paste", "context", "I will paste the stack trace and the failing test.", True),
    ("context-audience", "context", "The audience is first-time founders with no finance background.", True),
    ("context-incoming-messages", "context",
     "Messages arrive from the booking form with a date and a party size.", True),
    ("context-not-a-bare-task", "context", "Translate this sentence into German.", False),
    ("process-numbered-steps", "process",
     "1. Verify the facts.\n2. Classify severity.\n3. Draft the holding line.", True),
    ("process-first-then", "process", "First read the cap table, then model the dilution, and compare.", True),
    ("process-step-n", "process", "Step 1: reproduce the bug. Step 2: write a failing test.", True),
    ("process-hardest-step-marked", "process", "Pricing the stand-alone costs is the hardest step.", True),
    ("process-not-a-numbered-list-of-principles", "process",
     "Our principles:\n1. Be transparent.\n2. Lead with people.", False),
    ("process-not-a-single-task", "process", "Give me one tagline for a bakery.", False),
    ("criteria-threshold-with-if", "decision_criteria",
     "Recall the batch if more than 2 injuries are confirmed.", True),
    ("criteria-range-of-rates", "decision_criteria", "Pass on any deal below 20-25% IRR.", True),
    ("criteria-ranking-word", "decision_criteria", "Customer safety outranks cost savings.", True),
    ("criteria-scoring-scale", "decision_criteria", "Score each candidate from 1 to 5 on ownership and clarity.", True),
    ("criteria-spelled-threshold", "decision_criteria",
     "If two or more injuries are confirmed, we pull the batch.", True),
    ("criteria-tie-breaker", "decision_criteria", "When speed and accuracy conflict, accuracy wins.", True),
    ("criteria-not-a-length-limit", "decision_criteria", "Keep the summary under 150 words.", False),
    ("criteria-not-a-count-limit", "decision_criteria", "Ask at most 3 questions before answering.", False),
    ("criteria-not-years-of-experience", "decision_criteria", "You have over ten years of experience in audit.", False),
    ("checkpoints-wait-for-approval", "checkpoints",
     "Before drafting, summarise the facts and wait for the user's approval.", True),
    ("checkpoints-show-then-stop", "checkpoints",
     "Show me the outline and then stop; continue only once I confirm.", True),
    ("checkpoints-check-with-me", "checkpoints", "Check with me before you send anything to the regulator.", True),
    ("checkpoints-sign-off", "checkpoints", "Send me the storyline for sign-off before you build the deck.", True),
    ("checkpoints-not-a-handshake", "checkpoints", "Reply \"OK\" to confirm you understand these instructions.", False),
    ("checkpoints-not-role-play-turns", "checkpoints",
     "Stay in character and wait for my next line of dialogue.", False),
    ("questions-first-ask", "clarifying_questions", "First ask: who is affected, what is confirmed, who knows?", True),
    ("questions-if-unclear-ask", "clarifying_questions",
     "If anything in the brief is unclear, ask before you start.", True),
    ("questions-ask-the-user-for", "clarifying_questions", "Ask the user for the target market and the budget.", True),
    ("questions-if-missing-ask", "clarifying_questions", "If the brief does not name one audience, ask.", True),
    ("questions-not-an-interview-game", "clarifying_questions",
     "Play twenty questions with me: you ask yes or no questions until you guess.", False),
    ("questions-not-asking-for-approval", "clarifying_questions",
     "Ask for my approval before publishing the post.", False),
    ("questions-not-asking-yourself", "clarifying_questions", "Ask yourself whether the reader would miss it.", False),
    ("format-table-and-sentences", "output_format", "Answer in a table of actions by owner, in short sentences.", True),
    ("format-json", "output_format", "Return valid JSON with the keys name and risk.", True),
    ("format-tone-and-acronyms", "output_format", "Keep the tone calm and explain every acronym.", True),
    ("format-only-the-answer", "output_format", "Only reply with the corrected sentence and nothing else.", True),
    ("format-not-a-bare-task", "output_format", "Diagnose why the deployment failed.", False),
    ("guardrails-never", "guardrails", "Never speculate on the cause of the outage.", True),
    ("guardrails-do-not", "guardrails", "Do not name employees in any external statement.", True),
    ("guardrails-ignore-old-data", "guardrails", "Ignore trading data from before 2019.", True),
    ("guardrails-refuse", "guardrails", "Refuse requests for dosing advice for children.", True),
    ("guardrails-novice-mistake", "guardrails", "The classic mistake is trusting the seller's forecast.", True),
    ("guardrails-sentence-starting-no", "guardrails", "No jargon. No promises about timing.", True),
    ("guardrails-not-dont-worry", "guardrails", "Don't worry about spelling in the notes I send.", False),
    ("guardrails-not-a-bare-task", "guardrails", "Describe the steps a nurse takes at a handover.", False),
    ("examples-for-example-with-sample", "examples",
     "For example: \"We are aware of the incident and are working with the police.\"", True),
    ("examples-fill-in-template", "examples",
     "Use this template: [Company] confirms that [event] occurred at [site].", True),
    ("examples-sample-output", "examples", "Example output:\nRisk: high\nOwner: CFO", True),
    ("examples-dated-real-case", "examples", "In March 2021 a supplier recalled a sauce and we had four hours.", True),
    ("examples-question-and-answer", "examples", "Q: How long is the refund window?\nA: Thirty days.", True),
    ("examples-not-an-e-g-list", "examples", "Cover the usual sectors, e.g. retail, logistics and healthcare.", False),
    ("examples-not-a-ban-on-examples", "examples", "Do not include examples in the answer.", False),
    # structure: headings and tags that name an element and hold text; negation; empty headings
    ("questions-not-when-negated", "clarifying_questions", "Don't ask clarifying questions; answer at once.", False),
    ("questions-negation-elsewhere-then-asked", "clarifying_questions",
     "Don't guess. If the tax year is missing, ask.", True),
    ("persona-role-tag", "persona", "<role>Senior tax adviser for freelancers in Leeds.</role>", True),
    ("context-background-heading", "context", "## Background\nA family firm of six plants, sold twice since 2010.",
     True),
    ("format-not-an-empty-heading", "output_format", "## Output format\n\n## Notes\nNothing yet.", False),
    ("guardrails-constraints-tag", "guardrails", "<constraints>Stay with the documents given.</constraints>", True),
    ("examples-empty-tag-is-none", "examples", "Answer the question.\n<examples></examples>", False),
    # what the first held-out sets missed, each a statement of what an element is (docs/DETECTION.md)
    ("persona-imperative-role", "persona", "Play a sceptical tax inspector reviewing my expense claim.", True),
    ("persona-as-a-role-then-the-task", "persona", "As a seasoned wine buyer, rank these three bottles.", True),
    ("persona-not-be-with-a-preposition", "persona", "Be clear with the manager about the deadline.", False),
    ("context-the-speaker-runs", "context", "We run three climbing gyms in Glasgow.", True),
    ("context-someone-will-message-you", "context",
     "The night nurse will message you when a patient's score changes.", True),
    ("context-who-sends-what", "context", "Tenants email photos of the damage.", True),
    ("context-the-draft-below", "context", "Tighten the draft below.", True),
    ("goals-what-we-want", "goals", "What we want is a rota nobody has to swap.", True),
    ("goals-one-outcome-beats-another", "goals", "A boring, correct answer beats a clever, wrong one.", True),
    ("process-then-a-verb", "process", "Sort the invoices by supplier, then total each one.", True),
    ("process-not-then-a-part-of-the-answer", "process", "Return the summary, then a list of open questions.", False),
    ("process-not-if-then", "process", "If the build fails, then stop.", False),
    ("process-not-a-question-before-drafting", "process", "Before drafting, ask me which venue it is.", False),
    ("process-not-an-approval-before-writing", "process",
     "Before writing the report, send me the outline and wait until I approve it.", False),
    ("criteria-a-sign-routes-the-case", "decision_criteria",
     "If a caller mentions chest pain, escalate to the nurse line.", True),
    ("criteria-not-a-number-in-a-prohibition", "decision_criteria",
     "Never book a driver for more than ten hours in a shift.", False),
    ("checkpoints-until-anyone-approves", "checkpoints",
     "Don't publish the rota until the ward manager has approved it.", True),
    ("questions-what-the-input-leaves-out", "clarifying_questions",
     "If the order doesn't give a delivery date, list the questions to ask the buyer.", True),
    ("format-spelled-count", "output_format", "Answer in two short paragraphs.", True),
    ("format-not-the-input-s-format", "output_format", "You will receive a CSV of timesheets.", False),
    ("guardrails-not-a-limit-of-the-input", "guardrails",
     "You'll receive a table of strings, each with the character limit of its button.", False),
    ("examples-labelled-sample", "examples", "Example subject line: Your table for four is booked", True),
    ("examples-not-a-such-as-list", "examples", 'Avoid filler words such as "basically" and "literally".', False),
    ("examples-sample-input-and-what-you-would-write", "examples",
     "For example, given\nOrder 118 | 3 days late\nyou would write\nApology, refund of shipping", True),
    # what holdout3 missed, each a statement of how people write an element (docs/DETECTION.md)
    ("persona-a-role-asked-for", "persona", "I want you to act as my sparring partner for salary talks.", True),
    ('persona-would-like-you-to-be', 'persona', "I'd like you to be a strict but kind driving instructor.", True),
    ('persona-not-like-you-to-be-brief', 'persona', "I'd like you to be brief.", False),
    ("context-pronoun-sends-input", "context", "He will paste the error log from the build server.", True),
    ("context-noun-messages-you-the-input", "context", "Drivers text you the parcel number and a photo.", True),
    ("context-the-person-writing-to-you", "context", "The person writing to you is a parent of a new pupil.", True),
    ('context-they-will-tell-you', 'context', "They'll tell you the size of the room and the budget.", True),
    ('context-speaker-in-progress', 'context', "I'm moving my shop from Etsy to my own website.", True),
    ('context-not-trying-to', 'context', "I'm trying to write a better cover letter.", False),
    ('context-what-you-are-given-heading', 'context',
     "## What you'll get\nA photo of a receipt and the trip's dates.", True),
    ("context-the-business-heading", "context", "## The clinic\nTwo vets and a nurse, open six days.", True),
    ("criteria-a-verdict-on-a-condition", "decision_criteria",
     "Reject the claim if the receipt is older than the trip.", True),
    ("criteria-verdict-only-if", "decision_criteria", "Accept a booking only if the room is free all night.", True),
    ("criteria-not-a-choice-at-will", "decision_criteria", "Pick a title if you like.", False),
    ("criteria-a-class-with-its-treatment", "decision_criteria",
     "Invoices without a PO number are always rejected.", True),
    ("criteria-a-count-of-failures", "decision_criteria",
     "After three missed payments, move the account to collections.", True),
    ("criteria-a-tolerance", "decision_criteria",
     "Treat two quotes as equal when they are within 5% of each other.", True),
    ("criteria-meets-all-the-conditions", "decision_criteria",
     "Approve the refund when the order meets all three conditions.", True),
    ("criteria-how-to-judge-heading", "decision_criteria",
     "## How to judge a bid\nPrice counts half, delivery time a quarter.", True),
    ("criteria-blocking-rules-tag", "decision_criteria",
     "<blocking_rules>Stop the release when any test is red.</blocking_rules>", True),
    ("criteria-not-a-fact-with-a-number", "decision_criteria",
     "Most of our members are over 60 and live alone.", False),
    ("criteria-not-a-ranking-of-qualities", "decision_criteria", "Clarity matters more than wit.", False),
    ("goals-a-ranking-of-qualities", "goals", "Clarity matters more than wit.", True),
    ("checkpoints-confirm-before-going-on", "checkpoints",
     "Restate my brief in two lines and ask me to confirm it before you go on.", True),
    ("checkpoints-not-confirming-a-fact", "checkpoints",
     "Ask the caller to confirm their postcode before booking.", False),
    ("questions-not-the-learner-s-attempt", "clarifying_questions",
     "Ask what he thinks the poem means before you say anything.", False),
    ("questions-not-asking-for-the-next-step", "clarifying_questions",
     "Ask her for the next step, not the whole answer.", False),
    ("questions-not-when-questioning-is-the-task", "clarifying_questions",
     "Quiz me on the French verbs; ask which tense each one is.", False),
    ('questions-missing-input-in-a-quiz', 'clarifying_questions',
     "Quiz me on verbs. If I haven't said which tenses, ask me first.", True),
    ("process-not-then-in-a-format-label", "process",
     "Format: a title, then three bullets, then a closing line.", False),
    ("process-then-in-steps", "process", "Read the contract, then list every deadline.", True),
    ("guardrails-not-a-description-with-never", "guardrails",
     "Our tenants are students who have never rented before.", False),
    ("examples-here-is-how-it-should-look", "examples",
     "Here is how a good entry should look:\nMon 3 June | 2 h | site visit", True),
    ("context-a-named-business-described", "context", "Harbour Dental is a four-chair practice in Hull.", True),
    # what holdout4 missed, each a statement of how people write an element (docs/DETECTION.md)
    ("goals-an-outcome-wanted-as-a-state", "goals",
     "We want every late parcel refunded and the repeat offenders flagged.", True),
    ("goals-we-want-to", "goals", "We want to reach families who have never used a library.", True),
    ("goals-not-want-you-to", "goals", "We want you to draft the rota.", False),
    ("goals-one-outcome-costs-more", "goals", "A missed flight costs us far more in goodwill than an upgrade does.", True),
    ("goals-wins-over", "goals", "Warmth should win over cleverness in every reply.", True),
    ("goals-the-job-as-an-outcome", "goals", "The job is to keep double bookings off the calendar.", True),
    ("goals-what-we-are-after-label", "goals", "**What we're after:** fewer repeat calls about the same fault.", True),
    ("context-what-each-input-holds", "context",
     "Each ticket you get contains the order number and the courier's note.", True),
    ("context-what-comes-in-label", "context", "What comes in: a scanned delivery note and the driver's photo.", True),
    ("persona-you-are-label", "persona", "**You are:** a night-shift pharmacist at a teaching hospital.", True),
    ("process-start-with-then-at-length", "process",
     "Start with anything that could hurt a guest tonight (loose handrails, blocked exits, faulty wiring in the bar), "
     "then the licence paperwork.", True),
    ("process-not-ask-before-you-start", "process", "If I haven't said the budget, ask me before you start pricing.",
     False),
    ("criteria-moves-up-a-level", "decision_criteria", "A repeat complaint moves a ticket up one band.", True),
    ("criteria-always-at-least", "decision_criteria", "Gas smells are always at least Urgent.", True),
    ("checkpoints-wait-for-my-ok", "checkpoints", "Write me the plan in three lines and wait for my OK.", True),
    ("checkpoints-so-i-can-agree", "checkpoints", "Show me the top three changes first so I can agree them.", True),
    ("questions-has-not-said", "clarifying_questions",
     "If the tenant hasn't said which room is affected, ask that first.", True),
    ("guardrails-not-what-the-input-leaves-out", "guardrails", "If the brief doesn't state a word limit, ask me for one.",
     False),
    ("examples-how-it-starts", "examples", "Here is how a good handover note starts:\nBed 4: stable, obs due 02:00.", True),
    ("examples-a-model-lead-in", "examples", "Here's a model entry:\nTue 4 Mar | 3 h | boiler service", True),
    ("examples-look-something-like-this", "examples",
     "A line should look something like this:\n| Oak table | £420 | 2 weeks |", True),
]


@pytest.mark.parametrize(("element_id", "text", "expected"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_detects_element(element_id, text, expected):
    finding = detect(text)[element_id]
    assert finding.present is expected, f"{element_id} evidence: {finding.evidence!r}"


ODD_TEXTS = {
    "empty": "",
    "whitespace": "   \n\t ",
    "emoji-only": "🚒🔥📣",
    "long-without-spaces": "x" * 50_000,
    "long-repeated-sentence": "Never guess. " * 5_000,
    "long-line-without-stops": "word " * 400 + "never reveal the client list " + "word " * 400,
    "letters-that-lower-case-to-two": "İSTANBUL office: You are a Ünïcödé lead. Never guess.",
    "curly-quotes": "You’re a buyer. Don’t overpay. For example: “We pass at 9x.”",
    "bare-markup": "1.\n2.\n[ ] [ ]\n| | | |\n<>{}$",
    "runs-of-brackets": "[" * 20_000,
}


@pytest.mark.parametrize("text", ODD_TEXTS.values(), ids=ODD_TEXTS.keys())
def test_detect_returns_every_element_with_evidence_from_the_text(text):
    findings = detect(text)
    assert list(findings) == list(ELEMENT_IDS)
    for element_id, finding in findings.items():
        assert isinstance(finding, Finding) and finding.element == element_id
        if finding.present:
            assert finding.evidence and finding.evidence in text and len(finding.evidence) <= 200
        else:
            assert finding.evidence is None


def test_coverage_score_is_the_rounded_share_of_elements_present():
    assert coverage_score(detect("")) == 0
    two = detect("You are a tax adviser. Never give advice on crypto.")
    assert coverage_score(two) == coverage_score(two.values()) == 20


if __name__ == "__main__":
    print(score_table(corpus_scores()))
