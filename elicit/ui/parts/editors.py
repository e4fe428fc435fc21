"""The answer boxes: one editor per kind of question, filled from a saved answer or an unsent draft.

Their values live in session_state under keys named by the question; what the expert types is kept as a
draft as they go (see interviews.keep_draft), so a reload loses nothing.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from elicit.adapters.config import get_settings
from elicit.core.guides import Kind, Question
from elicit.core.interview import Interview
from elicit.presenting import (CRITERION_FIELDS, CRITERION_LABELS, WEIGHT_HELP, WEIGHT_LABEL, criteria_after_edits,
                               criteria_table, editor_rows, editor_text, moved, plain, raw_from_rows,
                               weight_scale_note, without)
from elicit.services import interviews
from elicit.ui.common import callback, database

SHOWN_KEY = "iv_shown"


def text_key(qid: str) -> str:
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
        return st.session_state.get(text_key(question.id), "")
    if question.kind is Kind.CHOICE:
        return st.session_state.get(_choice_key(question.id))
    return raw_from_rows(question.kind, read_rows(question))


def editor_value(question: Question) -> Any:
    """What the editor holds, as a draft keeps it: the text, the choice, or the rows as typed."""
    if question.kind is Kind.TEXT:
        return st.session_state.get(text_key(question.id), "")
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
        st.session_state[text_key(question.id)] = value if isinstance(value, str) else ""
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
        st.session_state[text_key(question.id)] = editor_text(answer)
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
        st.text_area("Your answer", key=text_key(question.id), height=170,
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
    # placeholder="": a blank cell reads blank to the expert, never "None"
    st.data_editor(pd.DataFrame(criteria_table(base), columns=list(CRITERION_FIELDS)),
                   key=_criteria_editor_key(question.id), num_rows="dynamic", placeholder="",
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
