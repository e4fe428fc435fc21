"""What people typed, made safe for renderers: raw HTML and images never reach a wiki or a chat window live."""

from __future__ import annotations

import re

from elicit.core.assembly import MegaPrompt

_TAG = re.compile(r"(?<!\\)((?:\\\\)*)<(?=[A-Za-z/!?])")
"""A `<` that opens an HTML tag, comment or declaration (`< 20%` stays as it is), not already escaped: after an
even number of backslashes (`\\\\<b>` is a backslash, then a tag)."""
_IMAGE = re.compile(r"!\[")
_ENTITY = re.compile(r"&(?!amp;)(?=#?[A-Za-z0-9]+;)")


def neutral(text: str) -> str:
    """Markdown-safe text: a tag's `<`, an image's `![` and an entity's `&` are escaped, so they show as typed.

    Applying it twice changes nothing more.
    """
    return _IMAGE.sub(r"!\\[", _TAG.sub(r"\1\\<", _ENTITY.sub("&amp;", text)))


def neutralised(prompt: MegaPrompt) -> MegaPrompt:
    """A copy of the prompt whose every typed text is `neutral`; the JSON export keeps the original."""
    copy = prompt.model_copy(deep=True)
    meta = copy.metadata
    meta.title, meta.expert, meta.topic, meta.domain = (neutral(meta.title), neutral(meta.expert),
                                                        neutral(meta.topic), neutral(meta.domain))
    copy.task = neutral(copy.task)
    for statement in copy.statements():
        statement.text = neutral(statement.text)
        if statement.criterion is not None:
            c = statement.criterion
            c.name, c.weight, c.threshold, c.tie_breaker = (neutral(c.name), neutral(c.weight),
                                                            neutral(c.threshold), neutral(c.tie_breaker))
    for item in copy.open_questions:
        item.text, item.reason = neutral(item.text), neutral(item.reason)
    for item in copy.unknowns:
        item.text = neutral(item.text)
    for slot in copy.inputs:
        slot.description = neutral(slot.description)
    return copy
