"""What several exports share: the prompt's inputs, its text for a model, a section as plain text."""

from __future__ import annotations

import re
from itertools import count, groupby

from elicit.core.assembly import INTROS, MegaPrompt, PromptInput, Section, to_text
from elicit.core.assembly.render import NOTHING_UNKNOWN, UNKNOWNS_LEAD
from elicit.adapters.exports.safety import neutralised

DEFAULT_INPUT = PromptInput(name="input", description="the user's request or case, as they give it")


def inputs_of(prompt: MegaPrompt) -> list[PromptInput]:
    """The named slots the user fills; one called `input` when the prompt names none."""
    return list(prompt.inputs) or [DEFAULT_INPUT]


def printed(text: str, chars: str = "{}") -> str:
    """Text for a `{{ expression }}` template language (Nunjucks, Jinja2, n8n) that one render gives back byte for
    byte: each of `chars` becomes an expression printing it (`{{ '{' }}`), so no tag, comment or expression can
    open or close inside the text, in any spelling or with any trim marker."""
    pattern = "[" + re.escape(chars) + "]"
    return re.sub(pattern, lambda m: "{{ '" + m.group(0).replace("\\", "\\\\") + "' }}", text)


def _typed_uses(prompt: MegaPrompt) -> set[str]:
    """Every name people typed between braces (`{{ input }}`, `{input}`), anywhere in the prompt."""
    text = to_text(prompt.model_copy(update={"inputs": []}), slots=False)
    return set(re.findall(r"\{+\s*([^{}\s]+)\s*\}+", text))


def unclashed(prompt: MegaPrompt) -> MegaPrompt:
    """The prompt with input names no one typed between braces: a fill step that replaces the slots (`{{input}}`)
    leaves every other brace as the expert wrote it. A name the expert typed gets a number (`input_2`)."""
    slots = inputs_of(prompt)
    taken = _typed_uses(prompt)
    if not taken & {slot.name for slot in slots}:
        return prompt
    renamed, names = [], {slot.name for slot in slots} | taken
    for slot in slots:
        name = slot.name
        if name in taken:
            name = next(f"{slot.name}_{n}" for n in count(2) if f"{slot.name}_{n}" not in names)
            names.add(name)
        renamed.append(slot.model_copy(update={"name": name}))
    return prompt.model_copy(update={"inputs": renamed})


def system_text(prompt: MegaPrompt) -> str:
    """The prompt as a model's instructions: the plain text, with what people typed made safe to render. The
    inputs are only described: the user's turn holds their placeholders, so each appears once."""
    described = prompt.model_copy(update={"inputs": inputs_of(prompt)})
    return to_text(neutralised(described), slots=False).strip()


def inputs_text(prompt: MegaPrompt) -> str:
    """What the user hands over, each input by its tag."""
    lines = ["What the user hands you, each in its own tags:"]
    return "\n".join(lines + [f"- <{slot.name}>: {slot.description}" for slot in inputs_of(prompt)])


def unknowns_text(prompt: MegaPrompt) -> str:
    """The Unknowns section: what the interview did not settle, and what to do about it."""
    if not prompt.unknowns:
        return f"Unknowns:\n{NOTHING_UNKNOWN}"
    return "\n".join(["Unknowns:", UNKNOWNS_LEAD] + [f"- {u.text}" for u in prompt.unknowns])


def section_text(section: Section) -> str:
    """A section as plain text: each block of statements under the lead-in its question declares."""
    lines = [f"{section.title}:"]
    for n, (lead_in, block) in enumerate(groupby(section.statements, key=lambda s: s.lead_in)):
        lead = lead_in or (INTROS.get(section.element, "") if n == 0 else "")
        lines += ([lead] if lead else []) + [f"- {s.text}" for s in block]
    return "\n".join(lines)
