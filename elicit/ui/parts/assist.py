"""The assistant in the wizard: answers pre-filled from a document, spoken answers, the drafted-answer note."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from elicit.services import drafting
from elicit.adapters.config import get_settings
from elicit.core.errors import LLMError
from elicit.core.interview import Interview, Origin
from elicit.core.guides import Kind, Question
from elicit.ui.common import FLASH_KEY, callback, database, load

IMPORT_FILE_KEY, IMPORT_TEXT_KEY = "iv_import_file", "iv_import_text"
IMPORT_FAILED = "The assistant could not read the document right now; nothing was changed. Try again later."
VOICE_FAILED = "The recording could not be transcribed right now; type the answer instead, or try again."


def available() -> bool:
    return get_settings().llm_configured


def _document() -> str:
    upload = st.session_state.get(IMPORT_FILE_KEY)
    if upload is not None:
        return drafting.read_document(upload.name, upload.getvalue())
    return st.session_state.get(IMPORT_TEXT_KEY) or ""


@callback
def on_import(link: dict[str, str], move: Callable[[str, str | None], None], notice_key: str) -> None:
    """Pre-fill unanswered questions, then walk the expert through the drafts from the first one."""
    text = _document()
    with database() as db:
        interview = load(db, link)
        try:
            drafted = drafting.prefill(db=db, interview=interview, text=text,
                                       client=drafting.client_or_none(get_settings()))
        except LLMError:
            st.session_state[notice_key] = IMPORT_FAILED
            return
    if not drafted:
        st.session_state[notice_key] = "The document did not answer any open question; nothing was pre-filled."
        return
    move(interview.id, drafted[0])
    st.session_state[notice_key] = (f"The assistant drafted {len(drafted)} answer{'s' if len(drafted) > 1 else ''} "
                                    "from the document. Check each one, correct it, and press Next to confirm it.")


def render_import(interview: Interview, link: dict[str, str], move: Callable, notice_key: str) -> None:
    if not available() or interview.next_item() is None:
        return
    with st.expander("Pre-fill from a transcript or document"):
        st.caption("The assistant drafts answers to the open questions from what the document says; you confirm "
                   "or correct each one. Answers you already gave are left alone.")
        st.file_uploader("A .txt, .md or .docx file", type=list(drafting.DOCUMENT_TYPES), key=IMPORT_FILE_KEY,
                         max_upload_size=drafting.MAX_DOCUMENT_BYTES // 1024 // 1024)
        st.text_area("Or paste the text", key=IMPORT_TEXT_KEY, height=120)
        st.button("Pre-fill answers", key="iv_import", icon=":material/auto_awesome:", on_click=on_import,
                  args=(link, move, notice_key))


def render_drafted_note(interview: Interview, question: Question) -> None:
    answer = interview.answers.get(question.id)
    if answer is not None and answer.origin is Origin.DRAFTED:
        st.info("Drafted by the assistant from your document: check it, correct it if needed, and press Next to "
                "confirm it.")


def _audio_key(question_id: str) -> str:
    return f"iv_audio_{question_id}"


@callback
def on_transcribe(interview_id: str, question_id: str, text_key: str) -> None:
    """Add the spoken answer's text to the editor, where the expert edits it before saving."""
    recording = st.session_state.get(_audio_key(question_id))
    if recording is None:
        st.session_state[FLASH_KEY] = "Record the answer first, then press Transcribe."
        return
    with database() as db:
        try:
            text = drafting.transcribe(db=db, interview_id=interview_id, audio=recording.getvalue(),
                                       client=drafting.client_or_none(get_settings()))
        except LLMError:
            st.session_state[FLASH_KEY] = VOICE_FAILED
            return
    current = st.session_state.get(text_key) or ""
    st.session_state[text_key] = f"{current.rstrip()}\n{text}".strip()


def render_voice(interview: Interview, question: Question, text_key: str) -> None:
    """Record an answer in the browser; its transcript lands in the text box to edit before Next saves it."""
    if not available() or question.kind is not Kind.TEXT:
        return
    st.audio_input("Or say your answer", key=_audio_key(question.id))
    st.button("Transcribe into the answer", key="iv_transcribe", icon=":material/mic:", type="tertiary",
              on_click=on_transcribe, args=(interview.id, question.id, text_key))
