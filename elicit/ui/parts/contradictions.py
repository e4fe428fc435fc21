"""Review: rules of the expert's that contradict each other, shown to settle; unsettled ones stay in Unknowns."""

from __future__ import annotations

import streamlit as st

from elicit.services import statements
from elicit.assembly import SETTLED_PREFIX, MegaPrompt
from elicit.presenting import plain
from elicit.ui.common import acting, callback, database, load, render_flash

RULING_KEY = "rv_ruling_{}"


@callback
def on_settle(link: dict[str, str], contradiction_id: str) -> None:
    ruling = (st.session_state.get(RULING_KEY.format(contradiction_id)) or "").strip()
    if not ruling:
        st.session_state["ui_flash_error"] = "Write how the two rules meet (which wins, and when), then press Settle."
        return
    with database() as db:
        statements.change(db, interview=load(db, link), key=f"{SETTLED_PREFIX}{contradiction_id}", text=ruling,
                          actor=acting(db, link))


def render_contradictions(link: dict[str, str], prompt: MegaPrompt) -> None:
    """Each contradiction with a box for the expert's ruling; the ruling becomes a decision criterion."""
    if not prompt.contradictions:
        return
    st.markdown("#### Rules that meet")
    st.caption("Two of your rules can both apply to one case and say different things. Say which wins; until "
               "you do, the prompt lists it under Unknowns and gives both answers.")
    render_flash()
    for clash in prompt.contradictions:
        with st.container(border=True):
            st.text(clash.text)
            if clash.settled:
                st.caption(f"Settled: {plain(clash.settled)}")
                continue
            st.text_input("Your ruling", key=RULING_KEY.format(clash.id), max_chars=500,
                          placeholder="e.g. A child with a minor injury is Level 1.")
            st.button("Settle", key=f"rv_settle_{clash.id}", on_click=on_settle, args=(link, clash.id))
