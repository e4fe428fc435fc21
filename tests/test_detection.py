"""Element detection: scores on the labelled corpus, a table of cases in our own words, and robustness.

Run as a script to print the per-element table: `.venv/bin/python -m tests.test_detection`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from elicit.anatomy import ELEMENT_IDS, Finding, coverage_score, detect
from tests.conftest import CORPUS, require

CORPUS_FILE = CORPUS / "prompts_dev.jsonl"
MIN_MACRO_F1 = 0.85


def corpus_scores(path: Path = CORPUS_FILE) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 of detect() for each element over the labelled rows in path."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = [detect(row["text"]) for row in rows]
    return {element_id: _scores([(f[element_id].present, row["labels"][element_id]) for f, row in zip(found, rows)])
            for element_id in ELEMENT_IDS}


def _scores(pairs: list[tuple[bool, bool]]) -> dict[str, float]:
    true_pos = sum(found and gold for found, gold in pairs)
    precision = true_pos / max(1, sum(found for found, _ in pairs))
    recall = true_pos / max(1, sum(gold for _, gold in pairs))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def macro_f1(scores: dict[str, dict[str, float]]) -> float:
    return sum(score["f1"] for score in scores.values()) / len(scores)


def score_table(scores: dict[str, dict[str, float]]) -> str:
    lines = [f"{'element':22} precision recall   f1"]
    lines += [f"{element_id:22} {s['precision']:9.2f} {s['recall']:6.2f} {s['f1']:5.2f}" for element_id, s in scores.items()]
    return "\n".join(lines + [f"{'macro-F1':22} {macro_f1(scores):23.3f}"])


@pytest.mark.corpus
def test_corpus_macro_f1():
    require(CORPUS_FILE.is_file(), f"the labelled corpus {CORPUS_FILE} is absent (it lives outside the project)")
    scores = corpus_scores()
    print("\n" + score_table(scores))
    assert macro_f1(scores) >= MIN_MACRO_F1


CASES = [
    # persona
    ("persona", "You are a crisis-communications lead with fifteen years in food retail.", True),
    ("persona", "Act as a seasoned private-equity associate screening inbound deals.", True),
    ("persona", "Your role is to review pull requests the way a staff engineer would.", True),
    ("persona", "As a senior brand strategist, you know which claims a market will believe.", True),
    ("persona", "I am a cardiologist and I need a discharge letter for a patient.", False),
    ("persona", "Summarise the attached board minutes.", False),
    # goals
    ("goals", "The goal is a statement the plant manager can read out within the hour.", True),
    ("goals", "Protect patient safety first; cost matters least.", True),
    ("goals", "Prefer a smaller, certain return over a larger speculative one.", True),
    ("goals", "We draft the memo so that the investment committee can decide in one meeting.", True),
    ("goals", "Write a product description for a steel water bottle.", False),
    # context
    ("context", "You will be given a first incident report from the site manager.", True),
    ("context", "I will paste the stack trace and the failing test.", True),
    ("context", "The audience is first-time founders with no finance background.", True),
    ("context", "Translate this sentence into German.", False),
    # process
    ("process", "1. Verify the facts and the source.\n2. Classify severity.\n3. Draft the holding line.", True),
    ("process", "First read the cap table, then model the dilution, and finally compare the offers.", True),
    ("process", "Step 1: reproduce the bug. Step 2: write a failing test.", True),
    ("process", "Our principles:\n1. Be transparent.\n2. Lead with people.", False),
    ("process", "Give me one tagline for a bakery.", False),
    # decision_criteria
    ("decision_criteria", "Recall the batch if more than 2 injuries are confirmed.", True),
    ("decision_criteria", "Pass on any deal below 20-25% IRR.", True),
    ("decision_criteria", "Customer safety outranks cost savings.", True),
    ("decision_criteria", "Score each candidate from 1 to 5 on ownership and clarity.", True),
    ("decision_criteria", "Keep the summary under 150 words.", False),
    ("decision_criteria", "Suggest three names for a podcast.", False),
    # checkpoints
    ("checkpoints", "Before drafting, summarise the facts and wait for the user's approval.", True),
    ("checkpoints", "Show me the outline and then stop; continue only once I confirm it.", True),
    ("checkpoints", "Check with me before you send anything to the regulator.", True),
    ("checkpoints", 'Reply "OK" to confirm you understand these instructions.', False),
    ("checkpoints", "Stay in character and wait for my next line of dialogue.", False),
    # clarifying_questions
    ("clarifying_questions", "First ask: who is affected, what is confirmed, who already knows?", True),
    ("clarifying_questions", "If anything in the brief is unclear, ask before you start.", True),
    ("clarifying_questions", "Ask the user for the target market and budget before recommending a channel.", True),
    ("clarifying_questions", "Play twenty questions with me: you ask yes or no questions until you guess.", False),
    ("clarifying_questions", "Ask for my approval before publishing the post.", False),
    # output_format
    ("output_format", "Answer in a table of actions by owner, in short sentences.", True),
    ("output_format", "Return valid JSON with the keys name and risk.", True),
    ("output_format", "Keep the tone calm and explain every acronym.", True),
    ("output_format", "Diagnose why the deployment failed.", False),
    # guardrails
    ("guardrails", "Never speculate on the cause of the outage.", True),
    ("guardrails", "Do not name employees in any external statement.", True),
    ("guardrails", "Ignore trading data from before 2019.", True),
    ("guardrails", "Refuse requests for dosing advice for children.", True),
    ("guardrails", "Don't worry about spelling in the notes I send.", False),
    ("guardrails", "Describe the steps a nurse takes at a handover.", False),
    # examples
    ("examples", 'For example: "We are aware of the incident and are working with the authorities."', True),
    ("examples", "Use this template: [Company] confirms that [event] occurred at [site].", True),
    ("examples", "Example output:\nRisk: high\nOwner: CFO", True),
    ("examples", "Cover the usual sectors, e.g. retail, logistics and healthcare.", False),
    ("examples", "Do not include examples in the answer.", False),
]


@pytest.mark.parametrize(("element_id", "text", "expected"), CASES,
                         ids=[f"{element_id}-{'yes' if expected else 'no'}-{text[:40]}" for element_id, text, expected in CASES])
def test_detects_element(element_id, text, expected):
    finding = detect(text)[element_id]
    assert finding.present is expected, f"{element_id} evidence: {finding.evidence!r}"


@pytest.mark.parametrize("text", ["", "   \n\t ", "🚒🔥📣", "x" * 50_000, ("Never guess. " * 5_000), "1.\n2.\n[ ] [ ]"],
                         ids=["empty", "whitespace", "emoji", "long-no-spaces", "long-repeated", "bare-markup"])
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


def test_detect_is_fast_on_a_long_prompt():
    text = ("You are a crisis lead. First ask who is affected, then draft. Never speculate. "
            "Recall if more than 2 injuries are confirmed. Answer in a table.\n") * 14
    detect(text)
    started = time.perf_counter()
    for _ in range(50):
        detect(text[:2000])
    assert (time.perf_counter() - started) / 50 < 0.01  # generous bound for slow CI machines


if __name__ == "__main__":
    print(score_table(corpus_scores()))
