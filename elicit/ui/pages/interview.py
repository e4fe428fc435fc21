"""The wizard: one question at a time, its follow-ups, then the review; rebuilt from the database every run."""

import streamlit as st

from elicit.services import teams
from elicit.core.access import Action
from elicit.core.interview import Interview
from elicit.presenting import plain, screen
from elicit.ui import PLAYBOOK
from elicit.ui.common import current_actor, database, guarded, opened, team_mode
from elicit.ui.parts.expert_review import render_review
from elicit.ui.parts.wizard import cursor_key, render_follow_up, render_header, render_question, review_key


def render_body(interview: Interview, link: dict[str, str]) -> None:
    cursor = st.session_state.get(cursor_key(interview.id))
    kind, item = screen(interview, cursor, st.session_state.get(review_key(interview.id), False))
    if kind == "question":
        render_question(interview, item, link)
    elif kind == "follow_up":
        render_follow_up(interview, item, link)
    else:
        render_review(interview, link)


INVITED_NOT_FOUND = "This link is not valid or has expired. Ask the person who invited you for a new one."
ALONE_NOT_FOUND = ("This link is not valid: the interview was deleted, or its link was replaced by a newer one. "
                   "Every interview is listed on the home page; open it from there.")


@guarded
def render_page() -> None:
    with database() as db:
        alone = not team_mode(db)
    found = opened("Interview not found", reuse=True,
                   no_link="Open an interview from the home page, or use the link you were sent.",
                   not_found=ALONE_NOT_FOUND if alone else INVITED_NOT_FOUND)
    if found is None:
        return
    link, interview, record = found
    with database() as db:
        reader_only = "id" in link and not teams.permits(db, current_actor(db), Action.ANSWER, record)
    if "i" in link and record.review_status == "archived":
        st.title(plain(interview.topic or interview.guide.title))
        st.info("This playbook has been archived, so this link no longer takes answers. If you still have "
                "something to add, ask the person who invited you to restore it.")
        return
    if reader_only:
        st.title(plain(interview.topic or interview.guide.title))
        st.info("You can read this playbook and comment on it, but not change the answers.")
        st.page_link(PLAYBOOK, label="Open the playbook", icon=":material/menu_book:", query_params=link)
        return
    render_header(interview, link)
    render_body(interview, link)


render_page()
