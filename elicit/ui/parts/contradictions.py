"""Review: what the prompt leaves open, shown to settle: rules of the expert's that contradict each other, and every
Unknown the prompt lists (each once); what is not settled stays in the prompt's Unknowns."""

from __future__ import annotations

import streamlit as st

from elicit.services import statements
from elicit.core.assembly import ANSWERED_PREFIX, SETTLED_PREFIX, MegaPrompt
from elicit.presenting import plain
from elicit.ui.common import acting, callback, database, load, render_flash

RULING_KEY = "rv_ruling_{}"
SETTLE_KEY = "rv_unknown_{}"


def _save_ruling(link: dict[str, str], box: str, key: str, empty: str) -> None:
    """What the expert typed in `box` saved as the edit `key` (a ruling or an Unknown settled); `empty` is said
    when the box is blank."""
    said = (st.session_state.get(box) or "").strip()
    if not said:
        st.session_state["ui_flash_error"] = empty
        return
    with database() as db:
        statements.change(db, interview=load(db, link), key=key, text=said, actor=acting(db, link))


@callback
def on_settle(link: dict[str, str], contradiction_id: str) -> None:
    _save_ruling(link, RULING_KEY.format(contradiction_id), f"{SETTLED_PREFIX}{contradiction_id}",
                 "Write how the two rules meet (which wins, and when), then press Settle.")


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


@callback
def on_settle_unknown(link: dict[str, str], unknown_id: str) -> None:
    _save_ruling(link, SETTLE_KEY.format(unknown_id), f"{ANSWERED_PREFIX}{unknown_id}",
                 "Write what settles it (what you would do, or when), then press Settle.")


def render_unknowns(link: dict[str, str], prompt: MegaPrompt, shown: tuple[str, ...] = ()) -> None:
    """Every Unknown the prompt lists, each once, with a box to settle it: the answer joins the prompt's rules.
    Those Review shows elsewhere (a contradiction, or `shown`: what was kept out until the expert confirms it)
    are not listed twice."""
    unknowns = [u for u in prompt.unknowns if not any(c.text == u.text for c in prompt.contradictions)
                and u.text not in shown]
    elsewhere = len(prompt.unknowns) > len(unknowns)
    label = f"Left open ({len(unknowns)})" if unknowns else "Nothing else left open" if elsewhere else \
        "Nothing left open"
    with st.expander(label, expanded=False):
        if not unknowns:
            st.caption("Besides what is shown above to settle or confirm, the prompt lists no Unknowns." if elsewhere
                       else "The prompt lists no Unknowns: everything it says, you decided.")
            return
        st.caption("The prompt tells the model to ask about these. Settle one here and it becomes a rule instead.")
        for unknown in unknowns:
            with st.container(border=True):
                st.text(unknown.text)
                st.text_input("What settles it", key=SETTLE_KEY.format(unknown.id), max_chars=500,
                              placeholder="e.g. Above 5x EBITDA I pass, 4x for a cyclical.")
                st.button("Settle", key=f"rv_settle_u_{unknown.id}", on_click=on_settle_unknown,
                          args=(link, unknown.id))
