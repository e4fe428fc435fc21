"""The wizard's parts: header and progress, one question with the editor its kind needs, a follow-up."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from elicit.services import interviews, teams, usage
from elicit.config import get_settings
from elicit.errors import StaleError
from elicit.guides import Kind, Question
from elicit.interview import FollowUp, Interview
from elicit.presenting import (CRITERION_FIELDS, CRITERION_LABELS, WEIGHT_HELP, WEIGHT_LABEL, coverage_rows,
                               coverage_summary, criteria_after_edits, criteria_table, cursor_after, editor_rows,
                               editor_text, invite_url, last_activity, moved, plain, progress_text, raw_from_rows,
                               stage_heading, weight_scale_note, without)
from elicit.ui.parts import assist
from elicit.ui.common import (callback, current_actor, database, keep_for_render, load_with_record, prober,
                              render_flash, team_mode)

NOTICE_KEY = "iv_notice"
SHOWN_KEY = "iv_shown"


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


# --- editors: one per kind; their values live in session_state under keys named by the question -------


def _text_key(qid: str) -> str:
    return f"iv_text_{qid}"


def _choice_key(qid: str) -> str:
    return f"iv_choice_{qid}"


def _count_key(qid: str) -> str:
    return f"iv_count_{qid}"


def _row_key(qid: str, n: int) -> str:
    return f"iv_row_{qid}_{n}"


def _cell_key(qid: str, n: int, field: str) -> str:
    return f"iv_crit_{qid}_{n}_{field}"


def _criteria_editor_key(qid: str) -> str:
    """The data editor's key: new whenever its starting rows are rewritten, so old edits never apply twice."""
    return f"iv_crit_table_{qid}_{st.session_state.get(f'iv_crit_gen_{qid}', 0)}"


def read_rows(question: Question) -> list[Any]:
    count = st.session_state.get(_count_key(question.id), 0)
    if question.kind is Kind.CRITERIA:
        base = [{f: st.session_state.get(_cell_key(question.id, n, f), "") or "" for f in CRITERION_FIELDS}
                for n in range(count)]
        return criteria_after_edits(base, st.session_state.get(_criteria_editor_key(question.id)))
    return [st.session_state.get(_row_key(question.id, n), "") or "" for n in range(count)]


def write_rows(question: Question, rows: list[Any]) -> None:
    if question.kind is Kind.CRITERIA:
        gen = f"iv_crit_gen_{question.id}"
        st.session_state[gen] = st.session_state.get(gen, 0) + 1
    st.session_state[_count_key(question.id)] = len(rows)
    for n, row in enumerate(rows):
        if question.kind is Kind.CRITERIA:
            for field in CRITERION_FIELDS:
                st.session_state[_cell_key(question.id, n, field)] = row.get(field, "")
        else:
            st.session_state[_row_key(question.id, n)] = row


def read_editor(question: Question) -> Any:
    """What the expert has entered, in the raw shape the engine validates."""
    if question.kind is Kind.TEXT:
        return st.session_state.get(_text_key(question.id), "")
    if question.kind is Kind.CHOICE:
        return st.session_state.get(_choice_key(question.id))
    return raw_from_rows(question.kind, read_rows(question))


def editor_value(question: Question) -> Any:
    """What the editor holds, as a draft keeps it: the text, the choice, or the rows as typed."""
    if question.kind is Kind.TEXT:
        return st.session_state.get(_text_key(question.id), "")
    if question.kind is Kind.CHOICE:
        return st.session_state.get(_choice_key(question.id))
    return read_rows(question)


@callback
def on_draft(interview_id: str, question: Question) -> None:
    """Keep what was typed (or reordered) on the server, so a reload or a return days later brings it back."""
    with database() as db:
        interviews.keep_draft(db=db, interview_id=interview_id, item=question.id, value=editor_value(question))


def _load_draft(question: Question, value: Any) -> None:
    if question.kind is Kind.TEXT:
        st.session_state[_text_key(question.id)] = value if isinstance(value, str) else ""
    elif question.kind is Kind.CHOICE:
        st.session_state[_choice_key(question.id)] = value if value in question.options else None
    elif isinstance(value, list):
        write_rows(question, value)


def prefill(interview: Interview, question: Question, drafts: dict[str, Any] | None = None) -> None:
    """Load the unsent draft, else the latest answer, into the editor once each time the question comes up."""
    answer = interview.answers.get(question.id)
    marker = f"{interview.id}:{question.id}:{answer.revision if answer else 0}"
    if st.session_state.get(SHOWN_KEY) == marker:
        return
    st.session_state[SHOWN_KEY] = marker
    if drafts and question.id in drafts:
        _load_draft(question, drafts[question.id])
    elif question.kind is Kind.TEXT:
        st.session_state[_text_key(question.id)] = editor_text(answer)
    elif question.kind is Kind.CHOICE:
        value = answer.value if answer and not answer.skipped else None
        st.session_state[_choice_key(question.id)] = value if value in question.options else None
    else:
        write_rows(question, editor_rows(question, answer))


def _edit_rows(question: Question, change: str, index: int = 0, interview_id: str = "") -> None:
    rows = read_rows(question)
    if change == "add":
        rows.append(dict.fromkeys(CRITERION_FIELDS, "") if question.kind is Kind.CRITERIA else "")
    elif change == "remove":
        rows = without(rows, index)
    else:
        rows = moved(rows, index, -1 if change == "up" else 1)
    write_rows(question, rows)
    if interview_id:
        on_draft(interview_id, question)


def render_editor(question: Question, interview_id: str = "") -> None:
    draft = _draft_on_change(question, interview_id)
    if question.kind is Kind.TEXT:
        st.text_area("Your answer", key=_text_key(question.id), height=170,
                     max_chars=get_settings().max_answer_chars, **draft)
    elif question.kind is Kind.CHOICE:
        st.radio("Your answer", question.options, index=None, key=_choice_key(question.id), **draft)
    elif question.kind is Kind.CRITERIA:
        render_criteria_editor(question, interview_id)
    else:
        render_list_editor(question, interview_id)


def _draft_on_change(question: Question, interview_id: str) -> dict[str, Any]:
    return {"on_change": on_draft, "args": (interview_id, question)} if interview_id else {}


def render_list_editor(question: Question, interview_id: str = "") -> None:
    steps = question.kind is Kind.STEPS
    noun = "Step" if steps else "Item"
    count = st.session_state.get(_count_key(question.id), 0)
    for n in range(count):
        # a box that wraps and grows, so a long step is read whole (a one-line input cut it off)
        st.text_area(f"{noun} {n + 1}", key=_row_key(question.id, n), height=68,
                     max_chars=get_settings().max_answer_chars, **_draft_on_change(question, interview_id))
        with st.container(horizontal=True):
            if steps:
                st.button("Up", key=f"iv_up_{question.id}_{n}", icon=":material/arrow_upward:", type="tertiary",
                          disabled=n == 0, help=f"Move step {n + 1} up",
                          on_click=callback(_edit_rows), args=(question, "up", n, interview_id))
                st.button("Down", key=f"iv_down_{question.id}_{n}", icon=":material/arrow_downward:",
                          type="tertiary", disabled=n == count - 1, help=f"Move step {n + 1} down",
                          on_click=callback(_edit_rows), args=(question, "down", n, interview_id))
            st.button("Remove", key=f"iv_rm_{question.id}_{n}", icon=":material/delete:", type="tertiary",
                      help=f"Remove {noun.lower()} {n + 1}", on_click=callback(_edit_rows),
                      args=(question, "remove", n, interview_id))
    st.button(f"Add {'a step' if steps else 'an item'}", key=f"iv_add_{question.id}", icon=":material/add:",
              on_click=callback(_edit_rows), args=(question, "add", 0, interview_id))


def render_criteria_editor(question: Question, interview_id: str = "") -> None:
    """A table, one criterion a row, with the weight on one scale: points out of 100."""
    count = st.session_state.get(_count_key(question.id), 0)
    base = [{f: st.session_state.get(_cell_key(question.id, n, f), "") or "" for f in CRITERION_FIELDS}
            for n in range(count)]
    st.data_editor(pd.DataFrame(criteria_table(base), columns=list(CRITERION_FIELDS)), key=_criteria_editor_key(question.id), num_rows="dynamic",
                   hide_index=True, width="stretch", column_config=CRITERIA_COLUMNS,
                   **_draft_on_change(question, interview_id))
    rows = read_rows(question)
    st.caption(plain(weight_scale_note(rows)))
    st.button("Add a criterion", key=f"iv_add_{question.id}", icon=":material/add:",
              on_click=callback(_edit_rows), args=(question, "add", 0, interview_id))


CRITERIA_COLUMNS = {
    "name": st.column_config.TextColumn(CRITERION_LABELS["name"], width=220, max_chars=300,
                                        help="What you weigh, e.g. harm to people"),
    "weight": st.column_config.NumberColumn(WEIGHT_LABEL, width=120, min_value=0, max_value=100, step=5, format="%d / 100",
                                            help=WEIGHT_HELP),
    "threshold": st.column_config.TextColumn(CRITERION_LABELS["threshold"], max_chars=300,
                                             help="Where it starts to matter, as a range: e.g. 2-3 cases"),
    "tie_breaker": st.column_config.TextColumn(CRITERION_LABELS["tie_breaker"], max_chars=300,
                                               help="What decides when two criteria pull apart"),
}


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
    st.session_state[NOTICE_KEY] = result.notice


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
    st.session_state[NOTICE_KEY] = result.notice


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
    assist.render_voice(interview, question, _text_key(question.id))
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
