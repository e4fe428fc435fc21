"""Chat-shaped exports: OpenAI messages, the Responses API, Anthropic Messages, a Langfuse chat prompt, a .prompt file.

Each ends on the user's turn holding the input placeholders (`<name>{{name}}</name>`), so a caller fills the
placeholders and sends it as it is; `variables` names each placeholder and what the user hands over.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from elicit.core.assembly import MegaPrompt
from elicit.adapters.exports.common import inputs_of, system_text

LANGFUSE_NAME_CHARS = 255
LANGFUSE_FILL = ("compile(**values) with the names in `variables` fills the user's turn and nothing else: every other "
                 "brace stays as the expert typed it. For LangChain, compile first and hand LangChain the messages "
                 "as messages: get_langchain_prompt() reads any braces the expert typed as variables of its own.")


def user_turn(prompt: MegaPrompt) -> str:
    """The user's turn: each input in its tag, to be filled when the prompt is used."""
    return "\n".join(f"<{slot.name}>{slot.placeholder}</{slot.name}>" for slot in inputs_of(prompt))


def variables(prompt: MegaPrompt) -> dict[str, str]:
    return {slot.name: slot.description for slot in inputs_of(prompt)}


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def openai_messages(prompt: MegaPrompt) -> list[dict[str, str]]:
    """The system prompt, then the user's turn with the input placeholders."""
    return [{"role": "system", "content": system_text(prompt)}, {"role": "user", "content": user_turn(prompt)}]


def to_openai(prompt: MegaPrompt) -> str:
    return _dumps({"messages": openai_messages(prompt), "variables": variables(prompt)})


def to_responses(prompt: MegaPrompt) -> str:
    """The OpenAI Responses API's shape: `instructions` (the system prompt) and `input` (the user's turn)."""
    return _dumps({"instructions": system_text(prompt), "input": user_turn(prompt), "variables": variables(prompt)})


def to_anthropic(prompt: MegaPrompt) -> str:
    """Anthropic's Messages API shape: `system` beside the messages, which start (and end) on the user's turn."""
    return _dumps({"system": system_text(prompt), "messages": [{"role": "user", "content": user_turn(prompt)}],
                   "variables": variables(prompt)})


# --- Langfuse ---------------------------------------------------------------------------------------------


def langfuse_name(prompt: MegaPrompt) -> str:
    """A prompt name Langfuse takes: the title as a slug, under the `elicit/` folder."""
    slug = re.sub(r"[^a-z0-9]+", "-", prompt.metadata.title.lower()).strip("-") or "playbook"
    return f"elicit/{slug}"[:LANGFUSE_NAME_CHARS]


def langfuse_prompt(prompt: MegaPrompt) -> dict[str, Any]:
    """The body of Langfuse's `POST /api/public/v2/prompts` for a chat prompt; its `{{var}}` syntax is ours."""
    meta = prompt.metadata
    return {"type": "chat", "name": langfuse_name(prompt),
            "prompt": [{"role": "system", "content": system_text(prompt)},
                       {"role": "user", "content": user_turn(prompt)}],
            "config": {"variables": variables(prompt), "fill": LANGFUSE_FILL, "source": "elicit", "guide_id": meta.guide_id,
                       "guide_version": meta.guide_version, "interview_id": meta.interview_id,
                       "version": meta.version},
            "labels": [], "tags": ["elicit", meta.guide_id],
            "commitMessage": f"Captured from {meta.expert or 'an expert'} by elicit "
                             f"({'version ' + str(meta.version) if meta.version else 'draft'})"}


def to_langfuse(prompt: MegaPrompt) -> str:
    return _dumps(langfuse_prompt(prompt))


# --- the .prompt file (Dotprompt) ---------------------------------------------------------------------------


WORD_JOINER = "\u2060"


def _handlebars_literal(text: str) -> str:
    """Text Handlebars prints as it is: each `{{` typed is escaped (`\\{{`). Handlebars reads a backslash typed just
    before one as undoing the escape (`\\\\{{` is a backslash and a live expression), so an invisible word joiner
    keeps the two apart; nothing else changes."""
    return re.sub(r"(\\*)\{\{", lambda m: m.group(1) + (WORD_JOINER if m.group(1) else "") + "\\{{", text)


def to_dotprompt(prompt: MegaPrompt) -> str:
    """A `.prompt` file: YAML front matter (the inputs as a Picoschema), then the system and the user's turn."""
    meta = prompt.metadata
    front = {"input": {"schema": {slot.name: f"string, {slot.description}" for slot in inputs_of(prompt)}},
             "metadata": {"title": meta.title, "source": "elicit", "guide_id": meta.guide_id,
                          "version": meta.version}}
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
    return (f"---\n{header}---\n{{{{role \"system\"}}}}\n{_handlebars_literal(system_text(prompt))}\n\n"
            f"{{{{role \"user\"}}}}\n{user_turn(prompt)}\n")
