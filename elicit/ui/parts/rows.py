"""One playbook in a list (Home, Library): its name, where it stands, its links, rename, and delete with undo."""

from __future__ import annotations

from typing import Any

import streamlit as st

from elicit.services import teams
from elicit.services.interviews import InterviewRecord
from elicit.core.guides import builtin_guides
from elicit.presenting import last_activity, plain, playbook_label, state_label
from elicit.ui import INTERVIEW, PLAYBOOK, REVIEW
from elicit.ui.common import callback, current_actor, database

UNDO_KEY = "rows_undo"


@callback
def on_rename(interview_id: str) -> None:
    state = st.session_state
    with database() as db:
        teams.rename(db, current_actor(db), interview_id, expert=state.get(f"rows_expert_{interview_id}", ""),
                        topic=state.get(f"rows_topic_{interview_id}", ""))


@callback
def on_delete(interview_id: str, label: str) -> None:
    with database() as db:
        teams.delete(db, current_actor(db), interview_id)
    st.session_state[UNDO_KEY] = (interview_id, label)


@callback
def on_undo(interview_id: str) -> None:
    with database() as db:
        teams.delete(db, current_actor(db), interview_id, undo=True)
    st.session_state.pop(UNDO_KEY, None)


def render_undo() -> None:
    """After a delete: what went, and the way to bring it back (nothing was erased)."""
    deleted = st.session_state.get(UNDO_KEY)
    if not deleted:
        return
    interview_id, label = deleted
    with st.container(border=True, horizontal=True, vertical_alignment="center"):
        st.markdown(f"Deleted **{plain(label)}**.")
        st.button("Undo", key="rows_undo_button", icon=":material/undo:", on_click=on_undo, args=(interview_id,))


def render_row(record: InterviewRecord, *, changeable: bool, review: bool = False, extra: str = "",
               found: str = "") -> None:
    guides = builtin_guides()
    guide = guides[record.guide_id].title if record.guide_id in guides else record.guide_id
    label = playbook_label(record.expert, record.topic)
    with st.container(border=True):
        st.markdown(f"**{plain(record.topic or 'no topic')}** · {plain(record.expert or 'Unnamed expert')}")
        st.caption(plain(f"{guide} · {state_label(record.status, record.review_status)} · "
                         f"last activity {last_activity(record.updated_at)}{extra}"))
        if found:
            st.text(found)
        with st.container(horizontal=True):
            st.page_link(INTERVIEW, label="Open", icon=":material/forum:", query_params={"id": record.id})
            st.page_link(PLAYBOOK, label="Playbook", icon=":material/menu_book:", query_params={"id": record.id})
            if review:
                st.page_link(REVIEW, label="Review", icon=":material/rate_review:", query_params={"id": record.id})
            if changeable:
                render_changes(record, label)


def render_changes(record: InterviewRecord, label: str) -> None:
    with st.popover("Rename", icon=":material/edit:"):
        st.text_input("The expert's name", value=record.expert, key=f"rows_expert_{record.id}", max_chars=200)
        st.text_input("The topic", value=record.topic, key=f"rows_topic_{record.id}", max_chars=300)
        st.button("Save the new name", key=f"rows_rename_{record.id}", type="primary", on_click=on_rename,
                  args=(record.id,))
    st.button("Delete", key=f"rows_delete_{record.id}", icon=":material/delete:", type="tertiary",
              on_click=on_delete, args=(record.id, label), help="Deleting hides it from every list; Undo brings it back")


def may_change(records: list[Any]) -> dict[str, bool]:
    with database() as db:
        actor = current_actor(db)
        return {r.id: teams.may_change(db, actor, r) for r in records}
