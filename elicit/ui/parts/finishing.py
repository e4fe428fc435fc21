"""The end of Review: Finish (a saved version), the done screen in the words of the person's mode, and the
downloads of the prompt."""

from __future__ import annotations

import streamlit as st

from elicit.services import interviews, reviews
from elicit.core.assembly import MegaPrompt, to_json, to_markdown, to_text
from elicit.core.interview import Interview
from elicit.presenting import count_of, file_stem
from elicit.ui import PLAYBOOK
from elicit.ui.common import callback, database, load, team_mode
from elicit.ui.parts.wizard import move_to, on_back


def finished_key(interview_id: str) -> str:
    return f"iv_finished_{interview_id}"


# --- actions ------------------------------------------------------------------------------------------


@callback
def on_continue(interview_id: str) -> None:
    move_to(interview_id, None)


@callback
def on_finish(link: dict[str, str]) -> None:
    with database() as db:
        interview = load(db, link)
        _prompt, version = interviews.finish(db=db, interview=interview)
    st.session_state[finished_key(interview.id)] = version


# --- rendering ----------------------------------------------------------------------------------------


def render_exports(prompt: MegaPrompt, key: str, markdown: str | None = None) -> None:
    """Downloads of Markdown, JSON and plain text, and the prompt with a copy button."""
    markdown = markdown if markdown is not None else to_markdown(prompt)
    stem = file_stem(prompt)
    with st.container(horizontal=True):
        st.download_button("Download Markdown", markdown, file_name=f"{stem}.md", mime="text/markdown",
                           key=f"{key}_md", on_click="ignore", icon=":material/download:")
        st.download_button("Download JSON", lambda: to_json(prompt), file_name=f"{stem}.json", mime="application/json",
                           key=f"{key}_json", on_click="ignore", icon=":material/download:")
        st.download_button("Download plain text", lambda: to_text(prompt), file_name=f"{stem}.txt", mime="text/plain",
                           key=f"{key}_txt", on_click="ignore", icon=":material/download:")
    st.caption("The whole prompt, with a copy button in its corner:")
    st.code(markdown, language="markdown", wrap_lines=True)


@callback
def on_review_again(interview_id: str) -> None:
    st.session_state.pop(finished_key(interview_id), None)


def render_done(interview: Interview, link: dict[str, str]) -> None:
    """The end of the interview: what was saved, what happens next, and the way back to change something."""
    version = st.session_state[finished_key(interview.id)]
    left = unanswered(interview)
    st.subheader("Saved. Thank you!" if left else "You're done. Thank you!")
    st.success(f"Saved as version {version}.")
    if left:
        st.warning(f"{count_of(left, 'question')} {'is' if left == 1 else 'are'} still open: the prompt lists "
                   "what they would have settled under Unknowns. Answer them now or later from this page.")
        st.button("Continue the interview", key="rv_done_continue", type="primary", on_click=on_continue,
                  args=(interview.id,))
    with database() as db:
        invited = team_mode(db)
    if "i" in link and invited:
        st.write("Your answers and the prompt made from them are saved, and the person who invited you can "
                 "see them now. You can close this page. This page's address still opens your interview if "
                 "you want to change something later.")
    elif "i" in link:  # working alone, on the interview's own address: nobody invited anyone
        st.write("Your answers and the prompt made from them are saved. Read, export or share the playbook from "
                 "its page; this page's address still opens the interview if you want to change something later.")
        st.markdown(f"[Open the playbook](playbook?id={interview.id})")
    else:
        st.write("The prompt is saved as a new version of the playbook.")
        st.page_link(PLAYBOOK, label="Open the playbook", icon=":material/menu_book:", query_params=link)
    st.button("Change something", key="rv_again", icon=":material/edit:", on_click=on_review_again,
              args=(interview.id,))
    with database() as db:
        versions = reviews.versions(db, interview.id)
    if versions:
        with st.expander("Download or copy the prompt"):
            render_exports(MegaPrompt.model_validate_json(versions[-1].document_json), key="rv_download",
                           markdown=versions[-1].markdown)


def unanswered(interview: Interview) -> int:
    """Questions on the interview's path with no answer and no skip yet, and follow-ups still waiting."""
    return (sum(interview.answered(q.id) is None for q in interview.visible_questions())
            + len(interview.pending_follow_ups()))


def render_still_to_do(interview: Interview) -> None:
    if interview.next_item() is None:
        return
    st.warning("Some questions are still waiting for an answer; you can finish now or continue the interview.")
    st.button("Continue the interview", key="rv_continue", on_click=on_continue, args=(interview.id,))


def render_finish(interview: Interview, link: dict[str, str], saved: int) -> None:
    if saved:
        st.caption(f"Version {saved} is saved. Finish again to save your changes as a new version.")
        if "i" not in link:  # an expert's link opens their interview only; its downloads are just below
            st.page_link(PLAYBOOK, label="Open the playbook", icon=":material/menu_book:", query_params=link)
    previous = interview.previous_question(None)
    st.button("Back", key="iv_back", icon=":material/arrow_back:", disabled=previous is None,
              on_click=on_back, args=(interview.id, previous.id if previous else None))
