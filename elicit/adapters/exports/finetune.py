"""Fine-tuning JSONL: each case the expert decided as a chat example, the situation from the user (in the first
input's tags, as the prompt is used) and the decision with its reasons from the assistant. The worked cases, the
simulations (the guide's scenario, the expert's answer) and the teach-back corrections each give one; the system
prompt leaves those cases out of its worked examples, so no reply is a copy of the instructions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from elicit.core.assembly import MegaPrompt
from elicit.core.errors import AnswerError
from elicit.adapters.exports.cases import decided_cases, without_cases
from elicit.adapters.exports.common import inputs_of, system_text
from elicit.adapters.exports.safety import neutral

MIN_EXAMPLES = 10
"""OpenAI's fine-tuning refuses fewer; fewer teach the model nothing it would keep."""


@dataclass(frozen=True)
class Example:
    """One situation and what the expert decided there, with why."""

    situation: str
    decision: str
    source: str


class TooFewExamplesError(AnswerError):
    """Not enough decided cases for a fine-tuning file."""


def from_teach_back(trials: list[dict[str, Any]]) -> list[Example]:
    """The expert's corrections on Try it: the scenario, and what they would have done (and why it was wrong)."""
    found = []
    for trial in trials:
        better = (trial.get("better") or "").strip()
        if trial.get("scenario", "").strip() and better:
            wrong = (trial.get("wrong") or "").strip()
            decision = better + (f" Not this: {wrong}" if wrong else "")
            found.append(Example(trial["scenario"].strip(), decision, f"teach-back {trial.get('id', '')}".strip()))
    return found


def examples(prompt: MegaPrompt, extra: list[Example] = ()) -> list[Example]:
    """The interview's decided cases (worked cases, then simulations), then the extra ones (teach-back
    corrections)."""
    found = [Example(case.situation, case.reasoned, case.name) for case in decided_cases(prompt)]
    return found + list(extra)


def finetune_examples(prompt: MegaPrompt, extra: list[Example] = ()) -> list[dict[str, Any]]:
    """The chat examples; TooFewExamplesError below MIN_EXAMPLES, saying how to get more."""
    found = examples(prompt, extra)
    if len(found) < MIN_EXAMPLES:
        raise TooFewExamplesError(
            f"fine-tuning needs at least {MIN_EXAMPLES} decided cases and this playbook has {len(found)}; add "
            "more on the Try it page (each teach-back correction, what you would have done, becomes one) or "
            "answer more real cases in the interview, then export again")
    system = system_text(without_cases(prompt, decided_cases(prompt)))
    slot = inputs_of(prompt)[0].name
    return [{"messages": [{"role": "system", "content": system},
                          {"role": "user", "content": f"<{slot}>{neutral(example.situation)}</{slot}>"},
                          {"role": "assistant", "content": neutral(example.decision)}]} for example in found]


def to_jsonl(prompt: MegaPrompt, extra: list[Example] = ()) -> str:
    return "".join(json.dumps(example, ensure_ascii=False) + "\n" for example in finetune_examples(prompt, extra))
