"""The prompt's quality, as the lint scores it, with its weakest parts and the way back to their questions."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from elicit.core.assembly import MegaPrompt
from elicit.core.interview import Interview
from elicit.presenting import count_of, plain, prompt_quality


def render_quality(interview: Interview, prompt: MegaPrompt, key: str,
                   go: Callable[[str], None] | None = None) -> str | None:
    """The score and up to three weakest elements, each with a button to its question; returns the id of the
    question whose button was pressed (when `go` is None the caller acts on it), else None."""
    quality = prompt_quality(interview, prompt)
    with st.container(border=True, key=f"{key}_quality"):
        st.markdown(f"**Prompt quality: {quality.score}/100**")
        st.caption("How much of the prompt a model can act on, part by part (the score the Lint page gives).")
        if not quality.weakest:
            st.caption("Every one of the ten parts says something a model can act on.")
            return None
        st.caption(f"Weakest: {count_of(len(quality.weakest), 'part')}. Answer their questions to raise the score.")
        pressed = None
        for weak in quality.weakest:
            st.markdown(f"**{plain(weak.title)}**: {plain(weak.why)}.")
            if weak.question_id is None:
                st.caption("No question of this interview feeds it.")
                continue
            label = f"Go to: {weak.ask[:80]}{'...' if len(weak.ask) > 80 else ''}"
            if go is not None:
                st.button(label, key=f"{key}_go_{weak.element}", type="tertiary", icon=":material/arrow_forward:",
                          on_click=go, args=(weak.question_id,))
            elif st.button(label, key=f"{key}_go_{weak.element}", type="tertiary", icon=":material/arrow_forward:"):
                pressed = weak.question_id
        return pressed
