"""Review and export: the prompt section by section with provenance, inline rewording, Finish, downloads."""

from __future__ import annotations

import zlib

import streamlit as st

from elicit.services import interviews, reviews, statements, teams
from elicit.assembly import MegaPrompt, Statement, to_json, to_markdown, to_text
from elicit.interview import FollowUpStatus, Interview
from elicit.presenting import (section_index, count_of, file_stem, last_activity, plain, review_sections, same_content,
                               statement_caption)
from elicit.ui import PLAYBOOK
from elicit.ui.common import acting, callback, database, load, render_flash, team_mode
from elicit.ui.parts.contradictions import render_contradictions, render_unknowns
from elicit.ui.parts.quality import render_quality
from elicit.ui.parts.polish import render_polish
from elicit.ui.parts.wizard import move_to, on_back

EDITING_KEY = "rv_editing"
PROVENANCE_KEY = "rv_provenance"
WORDING_KEY = "rv_text"
FOLLOW_UP_EDITING_KEY = "rv_fu_editing"
FOLLOW_UP_TEXT_KEY = "rv_fu_text"


def finished_key(interview_id: str) -> str:
    return f"iv_finished_{interview_id}"


# --- actions ------------------------------------------------------------------------------------------


@callback
def on_reword(statement: Statement) -> None:
    st.session_state[EDITING_KEY] = statement.key
    st.session_state[WORDING_KEY] = statement.text


@callback
def on_cancel_reword() -> None:
    st.session_state.pop(EDITING_KEY, None)


@callback
def on_save_reword(link: dict[str, str], statement_key: str) -> None:
    text = (st.session_state.get(WORDING_KEY) or "").strip()
    if not text:
        st.session_state["ui_flash_error"] = "The statement is empty; write the new wording, or press Cancel."
        return
    with database() as db:
        statements.change(db, interview=load(db, link), key=statement_key, text=text, actor=acting(db, link))
    st.session_state.pop(EDITING_KEY, None)


@callback
def on_remove(link: dict[str, str], statement_key: str) -> None:
    with database() as db:
        statements.change(db, interview=load(db, link), key=statement_key, text=None, actor=acting(db, link))


@callback
def on_restore(link: dict[str, str], statement_key: str) -> None:
    with database() as db:
        statements.restore(db, interview=load(db, link), key=statement_key, actor=acting(db, link))


@callback
def on_settle(link: dict[str, str], edit_id: int, keep_mine: bool) -> None:
    """The expert's choice between a rewording and the new text of the answer under it."""
    with database() as db:
        interview = load(db, link)
        conflict = statements.find_conflict(db, interview, edit_id)
        if keep_mine:
            statements.keep_rewording(db, interview=interview, conflict=conflict, actor=acting(db, link))
        else:
            statements.dismiss(db, interview=interview, row=conflict.edit, actor=acting(db, link))


@callback
def on_edit_follow_up(follow_up_id: int, text: str) -> None:
    st.session_state[FOLLOW_UP_EDITING_KEY] = follow_up_id
    st.session_state[FOLLOW_UP_TEXT_KEY] = text


@callback
def on_save_follow_up(link: dict[str, str], follow_up_id: int) -> None:
    with database() as db:
        interviews.revise_follow_up(db=db, interview=load(db, link), follow_up_id=follow_up_id,
                                  text=st.session_state.get(FOLLOW_UP_TEXT_KEY) or "", actor=acting(db, link))
    st.session_state.pop(FOLLOW_UP_EDITING_KEY, None)


@callback
def on_keep_follow_up(link: dict[str, str], follow_up_id: int, text: str) -> None:
    with database() as db:
        interviews.revise_follow_up(db=db, interview=load(db, link), follow_up_id=follow_up_id, text=text,
                                  actor=acting(db, link))


@callback
def on_remove_follow_up(link: dict[str, str], follow_up_id: int) -> None:
    with database() as db:
        interviews.remove_follow_up(db=db, interview=load(db, link), follow_up_id=follow_up_id,
                                  actor=acting(db, link))
    st.session_state.pop(FOLLOW_UP_EDITING_KEY, None)


@callback
def on_edit_answer(interview_id: str, question_id: str) -> None:
    move_to(interview_id, question_id)


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


def render_statement(interview: Interview, statement: Statement, link: dict[str, str]) -> None:
    with st.container(border=True):
        if st.session_state.get(EDITING_KEY) == statement.key:
            st.text_area("Reword this statement", key=WORDING_KEY, height=120)
            render_flash()
            with st.container(horizontal=True):
                st.button("Save wording", key="rv_save", type="primary", on_click=on_save_reword,
                          args=(link, statement.key))
                st.button("Cancel", key="rv_cancel", on_click=on_cancel_reword)
            return
        follow_up = statement.source.follow_up_id
        if follow_up is not None and st.session_state.get(FOLLOW_UP_EDITING_KEY) == follow_up:
            render_follow_up_editor(follow_up, link)
            return
        st.text(statement.text)
        if st.session_state.get(PROVENANCE_KEY):
            st.caption(plain(statement_caption(statement, interview.guide)))
        with st.container(horizontal=True):
            st.button("Edit answer", key=f"rv_answer_{statement.key}", type="tertiary", icon=":material/undo:",
                      on_click=on_edit_answer, args=(interview.id, statement.source.question_id))
            if follow_up is not None:
                st.button("Edit follow-up answer", key=f"rv_fu_{statement.key}", type="tertiary",
                          icon=":material/edit_note:", on_click=on_edit_follow_up,
                          args=(follow_up, interview.follow_up(follow_up).answer or ""))
            st.button("Reword", key=f"rv_edit_{statement.key}", type="tertiary", icon=":material/edit:",
                      on_click=on_reword, args=(statement,))
            st.button("Remove", key=f"rv_rm_{statement.key}", type="tertiary", icon=":material/delete:",
                      help="Take this statement out of the prompt (you can put it back)", on_click=on_remove,
                      args=(link, statement.key))


def render_follow_up_editor(follow_up_id: int, link: dict[str, str]) -> None:
    st.text_area("Your answer to the follow-up", key=FOLLOW_UP_TEXT_KEY, height=120)
    render_flash()
    with st.container(horizontal=True):
        st.button("Save the answer", key="rv_fu_save", type="primary", on_click=on_save_follow_up,
                  args=(link, follow_up_id))
        st.button("Remove this follow-up answer", key="rv_fu_remove", on_click=on_remove_follow_up,
                  args=(link, follow_up_id))
        st.button("Cancel", key="rv_fu_cancel", on_click=lambda: st.session_state.pop(FOLLOW_UP_EDITING_KEY, None))


def section_key(interview_id: str) -> str:
    return f"rv_section_{interview_id}"


def render_sections(interview: Interview, prompt: MegaPrompt, link: dict[str, str] | None = None) -> None:
    """One section at a time (a busy expert reads ten short screens, not one long one)."""
    link = link or {"id": interview.id}
    with database() as db:
        experts_say = "i" in link and team_mode(db)
    sections = review_sections(prompt)
    index = section_index(st.session_state.get(section_key(interview.id)), len(sections))
    title, statements = sections[index]
    st.markdown(f"**{index + 1} of {len(sections)}: {title}**")
    if not statements:
        st.caption("Nothing here yet: the questions that feed this part were skipped or are still open.")
    for statement in statements:
        render_statement(interview, statement, link)
    if experts_say and statements:
        render_section_say(interview.id, prompt.sections[index].element, link)


@callback
def on_section(interview_id: str, index: int) -> None:
    st.session_state[section_key(interview_id)] = index
    st.session_state.pop(EDITING_KEY, None)


def render_section_nav(interview: Interview, prompt: MegaPrompt, link: dict[str, str]) -> None:
    """Which section, the way to the next, and Finish, always at the top of the screen."""
    sections = review_sections(prompt)
    index = section_index(st.session_state.get(section_key(interview.id)), len(sections))
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button("Previous", key="rv_prev", icon=":material/chevron_left:", disabled=index == 0,
                  on_click=on_section, args=(interview.id, index - 1))
        st.button("Next part", key="rv_next", icon=":material/chevron_right:", icon_position="right",
                  disabled=index == len(sections) - 1, on_click=on_section, args=(interview.id, index + 1))
        st.button("Finish", key="rv_finish", type="primary", icon=":material/check:", on_click=on_finish,
                  args=(link,))
    labels = [f"{n + 1}. {title} ({len(statements)})" for n, (title, statements) in enumerate(sections)]
    # the labels carry counts, which a Remove or Put back changes: a new key then, never a value left unmatched
    key = f"rv_pick_{interview.id}_{index}_{zlib.crc32(' '.join(labels).encode())}"
    st.selectbox("Part of the prompt", range(len(sections)), index=index, format_func=labels.__getitem__,
                 key=key, on_change=_on_pick, args=(interview.id, key, index), label_visibility="collapsed")


def _on_pick(interview_id: str, key: str, index: int) -> None:
    picked = st.session_state.get(key, index)
    on_section(interview_id, picked if isinstance(picked, int) else index)


def render_waiting(interview: Interview, found: statements.Assembled, link: dict[str, str]) -> None:
    """Rewordings whose text changed underneath, asking which to keep; never dropped silently."""
    for conflict in found.conflicts:
        with st.container(border=True):
            st.warning("You reworded a statement, then the answer under it changed. Which wording should the "
                       "prompt use?")
            st.caption("Your rewording")
            st.text(conflict.edit.text)
            st.caption("The answer now says" if conflict.now else "The text it reworded is no longer in the answer")
            if conflict.now is not None:
                st.text(conflict.now.text)
            with st.container(horizontal=True):
                if conflict.now is not None:
                    st.button("Keep my rewording", key=f"rv_keep_{conflict.edit.id}", type="primary",
                              on_click=on_settle, args=(link, conflict.edit.id, True))
                st.button("Use the new text" if conflict.now else "Let the rewording go",
                          key=f"rv_new_{conflict.edit.id}", on_click=on_settle, args=(link, conflict.edit.id, False))


def render_set_aside(interview: Interview, found: statements.Assembled, link: dict[str, str]) -> None:
    """What is out of the prompt but kept: removed statements (who, when) and follow-ups to an earlier answer."""
    earlier = [f for f in interview.follow_ups if f.status is FollowUpStatus.SUPERSEDED and f.answer]
    if not found.removed and not earlier:
        return
    st.markdown("#### Kept out of the prompt")
    for removal in found.removed:
        with st.container(border=True):
            st.text(removal.original or removal.text)
            st.caption(plain(f"Removed by {removal.author or 'someone'} {last_activity(removal.created_at)}"))
            st.button("Put it back", key=f"rv_restore_{removal.id}", type="tertiary", icon=":material/undo:",
                      on_click=on_restore, args=(link, removal.statement_key))
    for follow_up in earlier:
        with st.container(border=True):
            st.caption(plain(f"Said in a follow-up to an earlier answer: {follow_up.ask}"))
            st.text(follow_up.answer)
            with st.container(horizontal=True):
                st.button("Keep it in the prompt", key=f"rv_fu_keep_{follow_up.id}", type="tertiary",
                          on_click=on_keep_follow_up, args=(link, follow_up.id, follow_up.answer))
                st.button("Remove it", key=f"rv_fu_drop_{follow_up.id}", type="tertiary",
                          on_click=on_remove_follow_up, args=(link, follow_up.id))


@callback
def on_section_say(interview_id: str, section: str, link: dict[str, str], approve: bool) -> None:
    """The expert's word on one section, sent to the reviewers: an approval or a comment."""
    with database() as db:
        _record, expert = teams.expert_for_link(db, link["i"])
        if approve:
            teams.approve_section(db, expert, interview_id, section=section)
        else:
            teams.comment(db, expert, interview_id, section=section,
                             body=st.session_state.get(f"rv_say_{section}", ""))
            st.session_state[f"rv_say_{section}"] = ""


def render_section_say(interview_id: str, section: str, link: dict[str, str]) -> None:
    with st.expander("Approve this section, or tell the reviewers something about it"):
        st.text_area("Your comment", key=f"rv_say_{section}", max_chars=5_000, height=80)
        with st.container(horizontal=True):
            st.button("Send the comment", key=f"rv_send_{section}", on_click=on_section_say,
                      args=(interview_id, section, link, False))
            st.button("Approve this section", key=f"rv_ok_{section}", icon=":material/check:",
                      on_click=on_section_say, args=(interview_id, section, link, True))


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


def render_review(interview: Interview, link: dict[str, str]) -> None:
    if st.session_state.get(finished_key(interview.id)):
        render_done(interview, link)
        return
    st.subheader("Review your prompt")
    st.caption("It came from your answers, one part at a time. Reword a statement or go back to its question; "
               "press Finish whenever it reads right.")
    render_still_to_do(interview)
    with database() as db:
        found = statements.assembled(db, interview)
        versions = reviews.versions(db, interview.id)
    prompt = found.prompt
    render_flash()
    render_section_nav(interview, prompt, link)
    render_quality(interview, prompt, key="rv", go=lambda question_id: on_edit_answer(interview.id, question_id))
    st.toggle("Show where each statement came from", key=PROVENANCE_KEY)
    render_waiting(interview, found, link)
    render_contradictions(link, prompt)
    render_sections(interview, prompt, link)
    render_set_aside(interview, found, link)
    st.divider()
    render_unknowns(link, prompt)
    render_polish(interview, prompt)
    render_finish(interview, link, len(versions))
    with st.expander("Download or copy the prompt"):
        latest = MegaPrompt.model_validate_json(versions[-1].document_json) if versions else None
        if latest is not None and same_content(latest, prompt):
            render_exports(latest, key="rv_download", markdown=versions[-1].markdown)  # the saved version
        else:
            render_exports(prompt, key="rv_download")


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
