"""Review: what the expert said that does not answer its question (a follow-up's reply, a simulation about another
case), kept out of the prompt until they keep it as their answer or change it; each listed once, in the open."""

from __future__ import annotations

import streamlit as st

from elicit.core.assembly.unconfirmed import Unconfirmed, unconfirmed
from elicit.core.interview import Interview
from elicit.presenting import plain
from elicit.services import interviews
from elicit.ui.common import acting, callback, database, load, prober, render_flash

FLASH_KEY = "rv_held_flash"
NOTICE_KEY = "rv_held_notice"
EDITING_KEY = "rv_held_editing"
TEXT_KEY = "rv_held_text"


@callback(flash=FLASH_KEY)
def on_keep(link: dict[str, str], item: Unconfirmed) -> None:
    with database() as db:
        interviews.keep_as_answer(db=db, interview=load(db, link), item=item, actor=acting(db, link))


@callback(flash=FLASH_KEY)
def on_change(item: Unconfirmed) -> None:
    st.session_state[EDITING_KEY] = item.key
    st.session_state[TEXT_KEY] = item.said


@callback(flash=FLASH_KEY)
def on_cancel() -> None:
    st.session_state.pop(EDITING_KEY, None)


@callback(flash=FLASH_KEY)
def on_save(link: dict[str, str], item: Unconfirmed) -> None:
    text = (st.session_state.get(TEXT_KEY) or "").strip()
    with database() as db:
        still = interviews.change_kept_out(db=db, interview=load(db, link), question_id=item.question_id, text=text,
                                           prober=prober(), follow_up_id=item.follow_up_id, actor=acting(db, link))
    st.session_state.pop(EDITING_KEY, None)
    st.session_state[NOTICE_KEY] = (f"Saved, but {still.why}, so it is still out of the prompt: keep it as your "
                                    "answer, or change it again." if still else
                                    "Saved: it answers what was asked now, so the prompt uses it.")


def render_unconfirmed(interview: Interview, link: dict[str, str]) -> tuple[str, ...]:
    """Each thing kept out once: the question it answered, the words, why, and the two ways back into the prompt.
    Returns the Unknowns they made, which Review's list of what is left open then leaves to this one."""
    held = unconfirmed(interview)
    notice = st.session_state.pop(NOTICE_KEY, None)
    if not held and not notice and not st.session_state.get(FLASH_KEY):
        return ()
    st.markdown("#### Kept out until you confirm it")
    if notice:
        st.info(plain(notice))
    render_flash(FLASH_KEY)
    if not held:
        return ()
    st.caption("What you said here does not yet answer its question, so the prompt leaves it out and lists the "
               "question as open. Keep it as your answer and the prompt uses it as it stands; change it and it is "
               "checked again.")
    for item in held:
        with st.container(border=True, key=f"rv_held_{item.key}"):
            what = "Your reply to a follow-up" if item.follow_up_id else "Your answer"
            st.markdown(f"**{plain(what)} on \u201c{plain(item.question)}\u201d**")
            st.caption(plain(("The follow-up asked: " if item.follow_up_id else "The case set: ") + item.asked))
            if st.session_state.get(EDITING_KEY) == item.key:
                st.text_area("Change it", key=TEXT_KEY, height=120)
                with st.container(horizontal=True):
                    st.button("Save the change", key="rv_held_save", type="primary", on_click=on_save,
                              args=(link, item))
                    st.button("Cancel", key="rv_held_cancel", on_click=on_cancel)
                continue
            st.text(item.said)
            st.caption(plain(f"Kept out of the prompt: {item.why}."))
            with st.container(horizontal=True):
                st.button(interviews.KEEP_LABEL, key=f"rv_keep_as_{item.key}", on_click=on_keep, args=(link, item),
                          icon=":material/check:")
                st.button("Change it", key=f"rv_change_{item.key}", on_click=on_change, args=(item,),
                          icon=":material/edit:")
    return tuple(item.unknown for item in held)
