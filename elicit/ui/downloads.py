"""Downloads of a playbook in the formats other tools read; each file is built when its button is pressed."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from elicit import exports
from elicit.assembly import MegaPrompt
from elicit.interview import Interview
from elicit.presenting import file_stem

OTHER_FORMATS = ("openai", "chain", "chain-yaml", "promptfoo", "jsonl", "html", "bundle")
"""Beyond the Markdown, JSON and plain text every review already offers."""


def builder(fmt: str, prompt: MegaPrompt, interview: Interview | None) -> Callable[[], bytes]:
    return lambda: exports.render(fmt, prompt, exports.transcript(interview) if fmt == "bundle" else None)


def render_downloads(prompt: MegaPrompt, interview: Interview | None, key: str) -> None:
    st.caption("For other tools:")
    stem = file_stem(prompt)
    with st.container(horizontal=True):
        for fmt in OTHER_FORMATS:
            spec = exports.describe(fmt)
            st.download_button(spec.label, builder(fmt, prompt, interview), file_name=exports.file_name(stem, fmt),
                               mime=spec.mime, key=f"{key}_{fmt}", on_click="ignore", help=spec.use,
                               icon=":material/download:")
