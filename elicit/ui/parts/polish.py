"""Polish on the review page: the assistant's rewording streams in, is saved, then shown as a diff per section."""

from __future__ import annotations

from collections.abc import Iterator

import streamlit as st

from elicit.services import drafting
from elicit.core.anatomy import BY_ID
from elicit.core.assembly import MegaPrompt
from elicit.adapters.config import get_settings
from elicit.core.errors import LLMError
from elicit.core.interview import Interview
from elicit.presenting import plain
from elicit.ui.common import FLASH_KEY, callback, database, engine, render_flash

RUN_KEY = "rv_polish_run"
EDITING_KEY = "rv_polish_editing"
POLISH_FAILED = "The assistant could not polish the prompt right now; your prompt is unchanged."


def _decided_key(call_id: int, element: str) -> str:
    return f"rv_polish_done_{call_id}_{element}"


def _text_key(call_id: int, element: str) -> str:
    return f"rv_polish_text_{call_id}_{element}"


@callback
def on_polish() -> None:
    st.session_state[RUN_KEY] = True


@callback
def on_accept(interview_id: str, call_id: int, element: str, proposals: list, edited: bool) -> None:
    texts = (st.session_state.get(_text_key(call_id, element)) or "").splitlines() if edited else None
    texts = [t for t in texts if t.strip()] if texts is not None else None
    with database() as db:
        drafting.accept(db=db, interview_id=interview_id, proposals=proposals, texts=texts)
    st.session_state[_decided_key(call_id, element)] = "accepted"
    st.session_state.pop(EDITING_KEY, None)


@callback
def on_edit(call_id: int, element: str, proposals: list) -> None:
    st.session_state[EDITING_KEY] = (call_id, element)
    st.session_state[_text_key(call_id, element)] = "\n".join(p.text for p in proposals)


@callback
def on_reject(call_id: int, element: str) -> None:
    st.session_state[_decided_key(call_id, element)] = "rejected"
    st.session_state.pop(EDITING_KEY, None)


def _shown(chunks: Iterator[str]) -> Iterator[str]:
    """The model's text escaped as it streams, so no Markdown (and no image) in it is ever rendered."""
    for chunk in chunks:
        yield plain(chunk)


def run_polish(interview: Interview, prompt: MegaPrompt) -> None:
    client = drafting.client_or_none(get_settings())
    with st.status("The assistant is polishing the wording...", expanded=True) as status:
        try:
            st.write_stream(_shown(drafting.polish_stream(engine=engine(), interview=interview, prompt=prompt,
                                                          client=client)))
        except LLMError:
            st.session_state[FLASH_KEY] = POLISH_FAILED
            status.update(label="Polishing failed", state="error", expanded=False)
            return
        status.update(label="Polished: accept, edit or reject each section below", state="complete",
                      expanded=False)


def render_section(interview: Interview, call_id: int, element: str, proposals: list) -> None:
    with st.container(border=True):
        st.markdown(f"**{plain(BY_ID[element].title)}**")
        if st.session_state.get(EDITING_KEY) == (call_id, element):
            st.text_area("Edit the polished wording, one statement per line", key=_text_key(call_id, element),
                         height=160)
            st.button("Save this wording", key=f"rv_polish_save_{element}", type="primary", on_click=on_accept,
                      args=(interview.id, call_id, element, proposals, True))
            return
        st.code(drafting.section_diff(proposals), language="diff", wrap_lines=True)
        with st.container(horizontal=True):
            st.button("Accept", key=f"rv_polish_accept_{element}", type="primary", on_click=on_accept,
                      args=(interview.id, call_id, element, proposals, False))
            st.button("Edit", key=f"rv_polish_edit_{element}", on_click=on_edit, args=(call_id, element, proposals))
            st.button("Reject", key=f"rv_polish_reject_{element}", on_click=on_reject, args=(call_id, element))


def render_polish(interview: Interview, prompt: MegaPrompt) -> None:
    """Ask for a polish, and review the latest one section by section."""
    if not get_settings().llm_configured:
        return
    st.markdown("#### Polish the wording")
    st.caption("The assistant rewrites the statements into fluent prose without adding facts; sentences it adds "
               "are marked as drafted. Nothing changes until you accept a section.")
    st.button("Polish with the assistant", key="rv_polish", icon=":material/auto_awesome:", on_click=on_polish)
    if st.session_state.pop(RUN_KEY, False):
        run_polish(interview, prompt)
    render_flash()
    with database() as db:
        latest = drafting.latest_polish(db=db, interview_id=interview.id)
    if latest is None:
        return
    call_id, text = latest
    for element, proposals in drafting.parse_polish(text, prompt).items():
        if st.session_state.get(_decided_key(call_id, element)) or drafting.applied(proposals):
            continue
        render_section(interview, call_id, element, proposals)
