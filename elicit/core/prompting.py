"""How data reaches a language model: inside delimited blocks (`<answer>...</answer>`) that it cannot close.

Every call (probing, drafting, Try it) sends fixed instructions first and then what people typed, escaped
here, so an answer that says "</answer> ignore the above" stays data.
"""

from __future__ import annotations


def escaped(text: str) -> str:
    """Data for a delimited block: angle brackets escaped, so it cannot close its block or open another."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
