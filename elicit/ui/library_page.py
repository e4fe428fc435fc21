"""The library: every playbook this person may see, searched, filtered, sorted and paged."""

import math

import streamlit as st

from elicit import store, teamwork
from elicit.guides import builtin_guides
from elicit.presenting import last_activity, plain
from elicit.ui import PLAYBOOK, REVIEW
from elicit.ui.common import database, guarded
from elicit.ui.identity import current_actor, render_sign_in_needed, team_mode

PER_PAGE = 20
SORT_LABELS = {"recent": "Most recent activity", "oldest": "Oldest activity", "expert": "Expert", "topic": "Topic"}
STATUS_LABELS = {"": "Any status", "draft": "Draft", "in_review": "In review", "changes_requested": "Changes requested",
                 "approved": "Approved", "archived": "Archived"}


def render_filters(actor) -> dict:
    guides = builtin_guides()
    words = st.text_input("Search prompts and answers", key="lib_words", max_chars=200,
                          placeholder="e.g. recall threshold")
    with st.container(horizontal=True):
        guide = st.selectbox("Guide", [""] + list(guides), key="lib_guide",
                             format_func=lambda g: guides[g].title if g else "Any guide")
        status = st.selectbox("Status", list(STATUS_LABELS), key="lib_status", format_func=STATUS_LABELS.get)
        sort = st.selectbox("Sort by", list(SORT_LABELS), key="lib_sort", format_func=SORT_LABELS.get)
    with database() as db:
        owners = {"": "Anyone"} | teamwork.owners_visible_to(db, actor)
    with st.container(horizontal=True):
        expert = st.text_input("Expert (exact name)", key="lib_expert", max_chars=200)
        tag = st.text_input("Tag", key="lib_tag", max_chars=60)
        owner = st.selectbox("Owner", list(owners), key="lib_owner", format_func=owners.get)
    return {"words": words, "guide_id": guide or None, "review_status": status or None, "sort": sort,
            "expert": expert.strip() or None, "tag": tag.strip().lower() or None, "owner_id": owner or None}


def render_row(record: store.InterviewRecord, tags: list[str]) -> None:
    with st.container(border=True):
        st.markdown(f"**{plain(record.topic or 'Untitled')}** · {plain(record.expert or 'no name')}")
        tagged = f" · tags: {', '.join(tags)}" if tags else ""
        st.caption(plain(f"{record.guide_id} · {STATUS_LABELS.get(record.review_status, record.review_status)} · "
                         f"last activity {last_activity(record.updated_at)}{tagged}"))
        with st.container(horizontal=True):
            st.page_link(PLAYBOOK, label="Playbook", icon=":material/menu_book:", query_params={"id": record.id})
            st.page_link(REVIEW, label="Review", icon=":material/rate_review:", query_params={"id": record.id})


@guarded
def render_page() -> None:
    st.title("Library")
    actor = current_actor()
    if team_mode() and actor.role is None:
        render_sign_in_needed()
        return
    filters = render_filters(actor)
    page = st.number_input("Page", min_value=1, value=1, step=1, key="lib_page")
    with database() as db:
        scope = teamwork.scope_for(actor) if actor.role is not None else {}
        rows, total = store.library(db=db, **scope, **filters, page=int(page), per_page=PER_PAGE)
        tags = {row.id: store.tags_of(db=db, interview_id=row.id) for row in rows}
    pages = max(1, math.ceil(min(total, store.SEARCH_CAP) / PER_PAGE))
    more = "more than " if filters["words"] and total > store.SEARCH_CAP else ""
    st.caption(f"{more}{min(total, store.SEARCH_CAP) if more else total} playbooks · page {int(page)} of {pages}")
    if not rows:
        st.info("No playbook matches. Clear a filter or try other words.")
    for row in rows:
        render_row(row, tags[row.id])


render_page()
