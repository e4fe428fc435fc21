"""The library: every playbook this person may see, searched, filtered, sorted and paged."""

import math

import streamlit as st

from elicit import store
from elicit.services import teams
from elicit.guides import builtin_guides
from elicit.presenting import REVIEW_LABELS, count_of, snippet
from elicit.ui.common import database, guarded
from elicit.ui.parts.rows import may_change, render_row, render_undo
from elicit.ui.parts.identity import current_actor, render_sign_in_needed, team_mode

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
    actor = current_actor()
    if team_mode() and actor.role is None:
        render_sign_in_needed()
        return
    filters = render_filters(actor)
    page = max(1, int(st.session_state.get("lib_page", 1)))
    with database() as db:
        scope = teams.scope_for(actor) if actor.role is not None else {}
        rows, total = store.library(db=db, **scope, **filters, page=int(page), per_page=PER_PAGE)
        tags = {row.id: store.tags_of(db=db, interview_id=row.id) for row in rows}
        texts = store.search_contents(db=db, interview_ids=[r.id for r in rows]) if filters["words"] else {}
    pages = max(1, math.ceil(min(total, store.SEARCH_CAP) / PER_PAGE))
    more = "more than " if filters["words"] and total > store.SEARCH_CAP else ""
    st.caption(f"{more}{count_of(min(total, store.SEARCH_CAP) if more else total, 'playbook')} · "
               f"page {int(page)} of {pages}")
    render_undo()
    if not rows:
        st.info("No playbook matches. Clear a filter or try other words.")
    changeable = may_change(rows)
    for row in rows:
        tagged = f" · tags: {', '.join(tags[row.id])}" if tags[row.id] else ""
        render_row(row, changeable=changeable[row.id], review=actor.role is not None, extra=tagged,
                   found=snippet(texts.get(row.id, ""), filters["words"]))
    if pages > 1 or page > 1:  # one page needs no pager
        st.number_input("Page", min_value=1, max_value=max(pages, page), value=page, step=1, key="lib_page")


render_page()
