"""Downloads of a playbook in the formats other tools read; each file is built when its button is pressed."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from elicit.adapters import exports
from elicit.services import playbooks
from elicit.core.assembly import MegaPrompt, to_json, to_markdown, to_text
from elicit.adapters.config import get_settings
from elicit.adapters.exports.finetune import examples, from_teach_back
from elicit.core.interview import Interview
from elicit.presenting import file_stem, readable_markdown
from elicit.ui.common import database

OTHER_FORMATS = ("txt-short", "openai", "responses", "anthropic", "langfuse", "dotprompt", "chain", "chain-yaml", "promptfoo",
                 "jsonl", "html", "skill", "bundle")
"""Beyond the Markdown, JSON and plain text every review already offers."""
WITH_TRANSCRIPT = ("bundle", "jsonl")


def _transcript(interview: Interview | None) -> dict:
    """The interview's transcript with its teach-back corrections (they grow the fine-tuning file)."""
    if interview is None:
        return exports.transcript(None)
    with database() as db:
        return exports.transcript(interview, playbooks.teach_back_cases(db=db, interview_id=interview.id))


def _teach_back(interview: Interview | None) -> list:
    """The teach-back corrections alone, as the transcript carries them (the whole transcript is built on click)."""
    if interview is None:
        return []
    with database() as db:
        return exports.transcript(None, playbooks.teach_back_cases(db=db, interview_id=interview.id))["teach_back"]


def builder(fmt: str, prompt: MegaPrompt, interview: Interview | None,
            style: str = exports.DEFAULT_STYLE) -> Callable[[], bytes]:
    return lambda: exports.render(fmt, prompt, _transcript(interview) if fmt in WITH_TRANSCRIPT else None,
                                  style=style)


def render_downloads(prompt: MegaPrompt, interview: Interview | None, key: str) -> None:
    st.caption("For other tools:")
    if warning := exports.length_warning(prompt, get_settings().max_instructions_chars):
        st.caption(f"Note: {warning}.")
    stem = file_stem(prompt)
    style = st.selectbox("Placeholders in the chained prompts", list(exports.STYLES), key=f"{key}_style",
                         format_func=lambda name: f"{name}: {exports.STYLES[name].tool}")
    corrections = from_teach_back(_teach_back(interview))
    too_few = len(examples(prompt, corrections)) < exports.MIN_EXAMPLES
    with st.container(horizontal=True):
        for fmt in OTHER_FORMATS:
            spec = exports.describe(fmt)
            refused = fmt == "jsonl" and too_few
            st.download_button(spec.label, builder(fmt, prompt, interview, style), file_name=exports.file_name(stem, fmt),
                               mime=spec.mime, key=f"{key}_{fmt}", on_click="ignore", disabled=refused,
                               help=f"Needs {exports.MIN_EXAMPLES} decided cases; add them with teach-back on "
                                    "Try it." if refused else spec.use, icon=":material/download:")


def render_prompt(prompt: MegaPrompt, key: str, markdown: str | None = None, downloads: bool = True) -> None:
    """The prompt as a person reads it, its raw Markdown (with a copy button) one click away, and its files."""
    markdown = markdown if markdown is not None else to_markdown(prompt)
    if downloads:
        stem = file_stem(prompt)
        with st.container(horizontal=True):
            st.download_button("Download Markdown", markdown, file_name=f"{stem}.md", mime="text/markdown",
                               key=f"{key}_md", on_click="ignore", icon=":material/download:")
            st.download_button("Download JSON", lambda: to_json(prompt), file_name=f"{stem}.json",
                               mime="application/json", key=f"{key}_json", on_click="ignore",
                               icon=":material/download:")
            st.download_button("Download plain text", lambda: to_text(prompt), file_name=f"{stem}.txt", mime="text/plain",
                               key=f"{key}_txt", on_click="ignore", icon=":material/download:")
    read, raw = st.tabs(["Read", "Raw Markdown"])
    with read, st.container(border=True):
        st.markdown(readable_markdown(markdown))
    with raw:
        st.caption("The prompt exactly as it is sent to a model, with a copy button in its corner:")
        st.code(markdown, language="markdown", wrap_lines=True)
