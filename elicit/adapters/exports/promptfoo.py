"""A promptfoo configuration: the guide's simulations and the teach-back corrections as tests of judgment, the
never-do limits as assertions on every answer.

A test gives the model what the user would hand over (a simulation's scenario, a correction's case), in the first
input, and the rubric judges the answer against the expert's own call; the simulations are left out of the prompt's
worked examples, so a test can fail on judgment.

promptfoo renders the prompt and every rubric with Nunjucks, a template language that can run code, and in some
paths it renders the test variables' values too. What people typed is therefore never left for Nunjucks to read:
every `{` and `}` in it is written as an expression (`{{ '{' }}`) that one render turns back into the brace, so no spelling of
`{% endraw %}`, `{{`, `{#` or a trim marker can open or close anything (the raw-block wrapping this replaced could
be closed by `{%endraw%}`). Titles, labels and descriptions, which are not prompts, have their template openers
broken with a space (`{ {`) in case a tool renders them. No typed text is put in a variable: the only variables are the user's inputs.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from elicit.core.assembly import MegaPrompt
from elicit.adapters.exports.chat import user_turn
from elicit.adapters.exports.cases import Case, evaluation_cases, limits, without_cases
from elicit.adapters.exports.common import inputs_of, printed, system_text
from elicit.adapters.exports.finetune import Example
from elicit.adapters.exports.safety import neutral, neutralised

DEFAULT_PROVIDER = "openai:chat:gpt-4o-mini"
_NEGATED = re.compile(r"(?:never|no|not|don't|do not|avoid|stop|refuse)\b", re.IGNORECASE)

HEADER = """\
# yaml-language-server: $schema=https://promptfoo.dev/config-schema.json
# Run with `npx promptfoo@0.121.20 eval` (the version elicit's tests run; it works on Node.js 20). The model under test and the grader of every llm-rubric are one
# provider (the &provider anchor, used again in defaultTest.options.provider): change it once, there. For
# another OpenAI-compatible server set `id: openai:chat:<model>` and `config: {apiBaseUrl: ..., apiKey: ...}`.
# The grader must answer in JSON ({"pass", "score", "reason"}): use a model that follows JSON instructions
# (gpt-4o-mini or larger, Claude, a 7B+ instruction model); small models that answer in prose fail every rubric.
# Each test gives only what the user would hand over (a simulation's scenario, a teach-back case) and judges the
# answer against the expert's own call; the simulations are left out of the prompt's worked examples, so a test
# measures judgment, not recall. Every answer is also held to the expert's never-do limits.
"""


_OPENER = re.compile(r"[{%#](?=[{%#}])")


def template_free(text: str) -> str:
    """Text for a field that is not data (a title, a label): no `{{`, `{%`, `{#`, `%}` or `#}` survives, so
    nothing in it can open or close a template; a space goes between the two characters."""
    return _OPENER.sub(lambda m: m.group(0) + " ", text)


def limit_rule(text: str, lead_in: str) -> str:
    """A limit as a rule of its own: an item that is not itself a "never" keeps the lead-in that makes it one."""
    if _NEGATED.match(text) or not lead_in:
        return text
    return f"{lead_in.rstrip(':')}: {text}"


def _case_test(case: Case, input_name: str) -> dict[str, Any]:
    rubric = f"The answer reaches the call the expert made in this case, for their reasons: {case.reasoned}"
    return {"description": template_free(f"The expert's {case.name.replace('_', ' ')} "
                                          f"({', '.join(case.question_ids)})"),
            "vars": {input_name: template_free(case.situation)},
            "assert": [{"type": "llm-rubric", "value": printed(rubric)}]}


def _limits(prompt: MegaPrompt) -> list[dict[str, Any]]:
    return [{"type": "llm-rubric", "value": printed(f"The answer respects this limit: "
                                                          f"{limit_rule(s.text, s.lead_in)}")}
            for s in limits(prompt)]


def _correction_test(example: Example, input_name: str) -> dict[str, Any]:
    rubric = f"The answer does what the expert said they would have done: {neutral(example.decision)}"
    return {"description": template_free(f"The expert's correction ({example.source})"),
            "vars": {input_name: template_free(example.situation)},
            "assert": [{"type": "llm-rubric", "value": printed(rubric)}]}


def promptfoo_config(prompt: MegaPrompt, provider: str | dict[str, Any] = DEFAULT_PROVIDER,
                     corrections: list[Example] = ()) -> dict[str, Any]:
    """The configuration as data; `provider` is the model under test and the grader alike; teach-back
    corrections (the scenario, and what the expert would have done) are tests too."""
    prompt = neutralised(prompt)
    tested = evaluation_cases(prompt)
    shown = without_cases(prompt, tested)
    slot = inputs_of(prompt)[0].name
    raw = json.dumps([{"role": "system", "content": printed(system_text(shown))},
                      {"role": "user", "content": user_turn(prompt)}], ensure_ascii=False)
    tests = [_case_test(case, slot) for case in tested] + [
        _correction_test(example, slot) for example in corrections] or [
        {"description": "A typical request",
         "vars": {slot: f"A new case about {prompt.metadata.topic or prompt.metadata.domain}."}}]
    extra = {s.name: "" for s in inputs_of(prompt)[1:]}
    for test in tests:
        test["vars"] = {**extra, **test["vars"]}
    provider_spec = {"id": provider} if isinstance(provider, str) else provider
    default_test: dict[str, Any] = {"options": {"provider": provider_spec}}
    if held_to := _limits(prompt):
        default_test["assert"] = held_to
    title = template_free(prompt.metadata.title)
    return {"description": template_free(f"{prompt.metadata.title} (captured from "
                                         f"{prompt.metadata.expert or 'an expert'} by elicit)"),
            "prompts": [{"id": "mega-prompt", "label": title, "raw": raw}],
            "providers": [provider_spec], "defaultTest": default_test, "tests": tests}


def to_promptfoo(prompt: MegaPrompt, provider: str | dict[str, Any] = DEFAULT_PROVIDER,
                 corrections: list[Example] = ()) -> str:
    config = promptfoo_config(prompt, provider, corrections)
    return HEADER + yaml.dump(config, Dumper=_AnchorDumper, allow_unicode=True, sort_keys=False, width=100)


class _AnchorDumper(yaml.SafeDumper):
    """Names the shared provider `provider` instead of PyYAML's `id001`."""

    def generate_anchor(self, node: yaml.Node) -> str:
        return "provider"
