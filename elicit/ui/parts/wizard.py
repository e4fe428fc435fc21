"""The wizard's parts: header and progress, one question with its editor (see editors), a follow-up; the actions."""

from __future__ import annotations


import streamlit as st

from elicit.adapters.config import get_settings
from elicit.core.errors import StaleError
from elicit.core.guides import Question
from elicit.core.interview import FollowUp, Interview
from elicit.presenting import (coverage_rows, coverage_summary, cursor_after, invite_url, last_activity, plain,
                               progress_text, stage_heading)
from elicit.services import interviews, teams, usage
from elicit.ui.parts import assist
from elicit.ui.parts.editors import prefill, read_editor, render_editor, text_key
from elicit.ui.common import (callback, current_actor, database, keep_for_render, load_with_record, prober,
                              render_flash, team_mode)

NOTICE_KEY = "iv_notice"


# --- navigation state (session_state, keyed by interview id) ----------------------------------------


def cursor_key(interview_id: str) -> str:
    return f"iv_cursor_{interview_id}"


def review_key(interview_id: str) -> str:
    return f"iv_review_{interview_id}"


def move_to(interview_id: str, question_id: str | None, review: bool = False) -> None:
    st.session_state[cursor_key(interview_id)] = question_id
    st.session_state[review_key(interview_id)] = review


# --- header -------------------------------------------------------------------------------------------


def render_header(interview: Interview, link: dict[str, str]) -> None:
    st.markdown(f"**{plain(interview.topic or interview.guide.title)}**")
    byline = f"With {interview.expert or 'the expert'} · {interview.guide.title}."
    if "i" in link:
        byline += " Each Next saves your answer; bookmark this page to come back any time."
    with st.container(key="iv_byline"):
        st.caption(plain(byline))
    if "i" not in link:
        render_invite(interview)
    st.progress(interview.percent_complete() / 100, text=progress_text(interview))
    render_coverage(interview)
    render_usage(interview)
    assist.render_import(interview, link, move_to, NOTICE_KEY)
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.info(plain(notice))


def invite_key(interview_id: str) -> str:
    return f"iv_invite_{interview_id}"


@callback
def on_invite(interview_id: str) -> None:
    """Alone: a new resume link replaces the old. In a team: a new invitation (14 days, revocable)."""
    with database() as db:
        if team_mode(db):
            token = teams.invite(db, current_actor(db), interview_id)
        else:
            token = interviews.new_resume_link(db=db, interview_id=interview_id)
    st.session_state[invite_key(interview_id)] = token


@callback
def on_revoke(invitation_id: int) -> None:
    with database() as db:
        teams.revoke(db, current_actor(db), invitation_id)


def render_invite(interview: Interview) -> None:
    """A link for the expert; only its hash is stored, so it is shown once."""
    with st.expander("Invite the expert"):
        token = st.session_state.get(invite_key(interview.id))
        if token:
            st.caption("Send this link to the expert. It opens this interview and nothing else; keep it private.")
            st.code(invite_url(st.context.url, token), language=None, wrap_lines=True)
        st.caption("Make a personal link the expert can use to answer from anywhere.")
        st.button("Make a link for the expert", key="iv_invite", on_click=on_invite, args=(interview.id,))
        render_invitations(interview.id)


def render_invitations(interview_id: str) -> None:
    with database() as db:
        invitations = teams.invitations(db, interview_id)
    for invitation in invitations:
        state = "revoked" if invitation.revoked_at else f"valid until {invitation.expires_at:%Y-%m-%d}"
        with st.container(horizontal=True):
            st.caption(f"Link made {last_activity(invitation.created_at)} · {state}")
            if not invitation.revoked_at:
                st.button("Revoke", key=f"iv_revoke_{invitation.id}", type="tertiary", on_click=on_revoke,
                          args=(invitation.id,))


def render_usage(interview: Interview) -> None:
    """The interview's LLM totals, when the model was used."""
    with database() as db:
        line = usage.usage_line(usage.totals(db=db, interview_id=interview.id))
    if line:
        st.caption(line)


def render_coverage(interview: Interview) -> None:
    coverage = interview.coverage()
    with st.expander(coverage_summary(coverage)):
        for title, value in coverage_rows(coverage):
            st.progress(value, text=title)


# --- actions (on_click: they run before the script, so the page never lags a click) ----------------------


@callback
def on_next(link: dict[str, str], question_id: str) -> None:
    with database() as db:
        interview, record = load_with_record(db, link)
        question = interview.guide.question(question_id)
        result = interviews.submit_answer(db=db, interview=interview, question_id=question_id,
                                        raw=read_editor(question), prober=prober())
    keep_for_render(link, interview, record)
    move_to(interview.id, cursor_after(interview, question_id, result.follow_up))
    st.session_state[NOTICE_KEY] = _notice(result)


@callback
def on_skip(link: dict[str, str], question_id: str) -> None:
    """Skip an open question; an answered one is only passed over, never blanked."""
    with database() as db:
        interview, record = load_with_record(db, link)
        if interview.answered(question_id) is None:
            interviews.skip_question(db=db, interview=interview, question_id=question_id)
    keep_for_render(link, interview, record)
    move_to(interview.id, cursor_after(interview, question_id, None))


@callback
def on_back(interview_id: str, question_id: str | None) -> None:
    move_to(interview_id, question_id)


@callback
def on_review(interview_id: str) -> None:
    move_to(interview_id, None, review=True)


def _follow_up_key(follow_up_id: int) -> str:
    return f"iv_fu_{follow_up_id}"


@callback
def on_follow_up_draft(interview_id: str, follow_up_id: int) -> None:
    with database() as db:
        interviews.keep_draft(db=db, interview_id=interview_id, item=interviews.follow_up_item(follow_up_id),
                         value=st.session_state.get(_follow_up_key(follow_up_id), ""))


@callback
def on_answer_follow_up(link: dict[str, str], follow_up_id: int) -> None:
    text = st.session_state.get(_follow_up_key(follow_up_id), "")
    with database() as db:
        interview, record = load_with_record(db, link)
        try:
            result = interviews.answer_follow_up(db=db, interview=interview, follow_up_id=follow_up_id, text=text,
                                               prober=prober())
        except StaleError as exc:  # what this tab typed is shown back, so it can be used elsewhere
            raise StaleError(f"{exc}. What you typed here was not saved; it reads: {text}") from None
    keep_for_render(link, interview, record)
    st.session_state[NOTICE_KEY] = _notice(result)


def _notice(result: interviews.StepResult) -> str | None:
    """What the expert is told after a submit: what was kept out of the prompt first, then a fallback's notice."""
    return " ".join(n for n in (result.kept_out, result.notice) if n) or None


@callback
def on_skip_follow_up(link: dict[str, str], follow_up_id: int) -> None:
    with database() as db:
        interview, record = load_with_record(db, link)
        interviews.skip_follow_up(db=db, interview=interview, follow_up_id=follow_up_id)
    keep_for_render(link, interview, record)


# --- screens ------------------------------------------------------------------------------------------


def render_question_intro(interview: Interview, question: Question, brief: bool = False) -> None:
    """The stage and the question; `brief` (under a follow-up) leaves out what the expert has just read."""
    _index, stage = interview.guide.stage_of(question.id)
    st.markdown(f"**{plain(stage_heading(interview.guide, question.id))}**")
    if not brief:
        with st.container(key="iv_stage_intro"):
            st.caption(plain(stage.intro))
    if question.scenario:  # a simulation: the case comes first, then what to do with it
        st.info(plain(question.scenario))
    st.subheader(plain(question.ask))
    if brief:
        return
    with st.container(key="iv_why"):
        st.caption(plain(question.why))
    with st.expander("See an example answer"):
        st.text(question.example)


def render_question(interview: Interview, question: Question, link: dict[str, str]) -> None:
    with database() as db:
        drafts = interviews.drafts(db=db, interview_id=interview.id)
    prefill(interview, question, drafts)
    render_question_intro(interview, question)
    assist.render_drafted_note(interview, question)
    render_unsent_note(question.id in drafts)
    render_editor(question, interview.id)
    assist.render_voice(interview, question, text_key(question.id))
    render_flash()
    previous = interview.previous_question(question.id)
    with st.container(horizontal=True):
        st.button("Back", key="iv_back", icon=":material/arrow_back:", disabled=previous is None,
                  on_click=on_back, args=(interview.id, previous.id if previous else None))
        st.button("Skip", key="iv_skip", on_click=on_skip, args=(link, question.id))
        st.button("Next", key="iv_next", type="primary", icon=":material/arrow_forward:",
                  on_click=on_next, args=(link, question.id))
    st.button("Review the prompt so far", key="iv_review", type="tertiary", on_click=on_review,
              args=(interview.id,))


def render_unsent_note(unsent: bool) -> None:
    if unsent:
        st.caption(":material/edit_note: Unsent: this is what you typed last time and did not send yet. "
                   "It is kept for you; press Next (or Answer) to save it as your answer.")


def render_follow_up(interview: Interview, follow_up: FollowUp, link: dict[str, str]) -> None:
    question = interview.guide.question(follow_up.question_id)
    render_question_intro(interview, question, brief=True)
    answer = interview.answered(question.id)
    with st.container(border=True):
        st.caption("Your answer (saved)")
        st.text(answer.text if answer else "")
    st.markdown(f"**One more thing:** {plain(follow_up.ask)}")
    key = _follow_up_key(follow_up.id)
    with database() as db:
        unsent = interviews.drafts(db=db, interview_id=interview.id).get(interviews.follow_up_item(follow_up.id))
    if unsent is not None and key not in st.session_state:
        st.session_state[key] = unsent
    render_unsent_note(unsent is not None)
    st.text_area("Your answer to this follow-up", key=key, height=120, max_chars=get_settings().max_answer_chars,
                 on_change=on_follow_up_draft, args=(interview.id, follow_up.id))
    render_flash()
    with st.container(horizontal=True):
        st.button("Back", key="iv_back", icon=":material/arrow_back:", help="Change the answer above",
                  on_click=on_back, args=(interview.id, question.id))
        st.button("Skip this", key="iv_fu_skip", on_click=on_skip_follow_up, args=(link, follow_up.id))
        st.button("Answer", key="iv_fu_answer", type="primary", on_click=on_answer_follow_up,
                  args=(link, follow_up.id))
