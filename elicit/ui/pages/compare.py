"""Comparing experts: playbooks of one guide side by side, their criteria and weights, and what only each one says."""

import pandas as pd
import streamlit as st

from elicit.services import interviews, library
from elicit.services.interviews import InterviewRecord
from elicit.core.anatomy import BY_ID
from elicit.presenting import count_of, distinct_labels, playbook_label
from elicit.core.guides import builtin_guides
from elicit.presenting import plain
from elicit.core.reviewing import compare, weight_number
from elicit.ui.common import database, guarded
from elicit.core.access import Actor
from elicit.ui.parts.identity import admit


def playbook_counts(actor: Actor, guide_ids: list[str]) -> dict[str, int]:
    with database() as db:
        return library.counts_by_guide(db, actor, guide_ids)


def visible_playbooks(actor: Actor, guide_id: str) -> list[InterviewRecord]:
    with database() as db:
        return library.visible(db, actor, guide_id=guide_id, per_page=200)[0]


def render_comparison(records: list[InterviewRecord]) -> None:
    with database() as db:
        prompts = [interviews.draft(db=db, interview=interviews.load_interview(db=db, interview_id=r.id)) for r in records]
    labels = distinct_labels([playbook_label(r.expert, r.topic) for r in records])
    result = compare(prompts, labels)
    st.subheader("Decision criteria and their weights")
    if result.criteria:
        table = pd.DataFrame(result.criteria, index=labels).T
        st.dataframe(table, width="stretch", placeholder="")
        numbers = table.map(weight_number).dropna(how="all")
        if not numbers.empty:
            st.bar_chart(numbers, stack=False)
    else:
        st.caption("None of these playbooks has a criteria table yet.")
    st.subheader("What only one expert says")
    if not result.unique:
        st.caption("Nothing: whatever one of them says, another says too.")
    for element_id, per_expert in result.unique.items():
        with st.expander(BY_ID[element_id].title):
            for label, statements in zip(labels, per_expert):
                st.markdown(f"**{plain(label)}**" if statements else f"**{plain(label)}**: nothing of their own")
                if statements:
                    st.text("\n".join(f"• {s}" for s in statements))


def clear_picks() -> None:
    """Another guide was chosen: the playbooks picked for the last one are not in its list."""
    st.session_state["cmp_ids"] = []


def select_all(ids: list[str]) -> None:
    st.session_state["cmp_ids"] = ids


@guarded
def render_page() -> None:
    st.title("Compare experts")
    st.caption("Smart experts weigh the same facts differently. Pick two or more playbooks of one guide.")
    actor = admit()
    if actor is None:
        return
    guides = builtin_guides()
    counts = playbook_counts(actor, list(guides))
    order = sorted(guides, key=lambda g: -counts[g])  # the guides with playbooks first
    guide_id = st.selectbox("Guide", order, key="cmp_guide",
                            format_func=lambda g: f"{guides[g].title} ({count_of(counts[g], 'playbook')})",
                            on_change=clear_picks)
    records = visible_playbooks(actor, guide_id)
    by_id = {r.id: r for r in records}
    names = dict(zip(by_id, distinct_labels([playbook_label(r.expert, r.topic) for r in records])))
    # what was sent, read before the widget drops what it never offered, so the drop is said and not silent
    unknown = [i for i in st.session_state.get("cmp_ids") or [] if i not in by_id]
    chosen = [i for i in st.multiselect("Playbooks", list(by_id), key="cmp_ids",
                                        format_func=lambda i: names.get(i, str(i))) if i in by_id]
    if unknown:
        st.warning(f"{count_of(len(unknown), 'playbook')} picked here {'is' if len(unknown) == 1 else 'are'} not "
                   "in this guide's list (removed, or not yours to see) and left out; pick from the list.")
    st.button("Select all", key="cmp_all", icon=":material/select_all:", disabled=len(records) < 2,
              on_click=select_all, args=(list(by_id),))
    if len(chosen) < 2:
        st.info("Pick at least two playbooks." if len(records) >= 2 else "This guide has fewer than two playbooks.")
        return
    render_comparison([by_id[i] for i in chosen])


render_page()
