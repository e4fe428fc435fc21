"""The library: every playbook this person may see, searched, filtered, sorted and paged."""

import streamlit as st

from elicit.services import library, teams
from elicit.core.guides import builtin_guides
from elicit.presenting import REVIEW_LABELS, count_of, snippet
from elicit.ui.common import database, guarded
from elicit.ui.parts.rows import may_change, render_row, render_undo
from elicit.ui.parts.identity import admit

PER_PAGE = 20
SORT_LABELS = {"recent": "Most recent activity", "oldest": "Oldest activity", "expert": "Expert", "topic": "Topic"}
STATUS_LABELS = {"": "Any status"} | REVIEW_LABELS


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
        owners = {"": "Anyone"} | teams.owners_visible_to(db, actor)
    with st.container(horizontal=True):
        expert = st.text_input("Expert", key="lib_expert", max_chars=200, placeholder="any part of the name")
        tag = st.text_input("Tag", key="lib_tag", max_chars=60)
        owner = st.selectbox("Owner", list(owners), key="lib_owner", format_func=owners.get)
    return {"words": words, "guide_id": guide or None, "review_status": status or None, "sort": sort,
            "expert": expert.strip() or None, "tag": tag.strip().lower() or None, "owner_id": owner or None}


@guarded
def render_page() -> None:
    st.title("Library")
    actor = admit()
    if actor is None:
        return
    filters = render_filters(actor)
    number = max(1, int(st.session_state.get("lib_page", 1)))
    with database() as db:
        page = library.page(db, actor, filters, number, PER_PAGE)
    more = "more than " if page.capped else ""
    st.caption(f"{more}{count_of(page.total, 'playbook')} · page {number} of {page.pages}")
    render_undo()
    if not page.rows:
        st.info("No playbook matches. Clear a filter or try other words.")
    changeable = may_change(page.rows)
    for row in page.rows:
        tagged = f" · tags: {', '.join(page.tags[row.id])}" if page.tags[row.id] else ""
        render_row(row, changeable=changeable[row.id], review=actor.role is not None, extra=tagged,
                   found=snippet(page.texts.get(row.id, ""), filters["words"]))
    if page.pages > 1 or number > 1:  # one page needs no pager
        st.number_input("Page", min_value=1, max_value=max(page.pages, number), value=number, step=1, key="lib_page")


render_page()
