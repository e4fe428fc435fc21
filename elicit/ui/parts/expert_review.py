"""Review: the prompt section by section with provenance, inline rewording and removal, follow-up answers to
keep or change, what is left open; its end (Finish, the done screen, downloads) is in finishing."""

from __future__ import annotations

import zlib

import streamlit as st

from elicit.services import interviews, reviews, statements, teams
from elicit.core.assembly import MegaPrompt, Statement
from elicit.core.interview import FollowUpStatus, Interview
from elicit.presenting import (section_index, last_activity, plain, review_sections, same_content,
                               statement_caption)
from elicit.ui.common import acting, callback, database, load, render_flash, team_mode
from elicit.ui.parts.contradictions import render_contradictions, render_unknowns
from elicit.ui.parts.unconfirmed import render_unconfirmed
from elicit.ui.parts.quality import render_quality
from elicit.ui.parts.polish import render_polish
from elicit.ui.parts.finishing import (finished_key, on_finish, render_done, render_exports, render_finish,
                                        render_still_to_do)
from elicit.ui.parts.wizard import move_to

EDITING_KEY = "rv_editing"
PROVENANCE_KEY = "rv_provenance"
WORDING_KEY = "rv_text"
FOLLOW_UP_EDITING_KEY = "rv_fu_editing"
FOLLOW_UP_TEXT_KEY = "rv_fu_text"


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
    kept_out = render_unconfirmed(interview, link)
    render_contradictions(link, prompt)
    render_sections(interview, prompt, link)
    render_set_aside(interview, found, link)
    st.divider()
    render_unknowns(link, prompt, shown=kept_out)
    render_polish(interview, prompt)
    render_finish(interview, link, len(versions))
    with st.expander("Download or copy the prompt"):
        latest = MegaPrompt.model_validate_json(versions[-1].document_json) if versions else None
        if latest is not None and same_content(latest, prompt):
            render_exports(latest, key="rv_download", markdown=versions[-1].markdown)  # the saved version
        else:
            render_exports(prompt, key="rv_download")


