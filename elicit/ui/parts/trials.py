"""What the Try it page's parts share: a model client for one interview, the no-model notice, the rates."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import streamlit as st

from elicit.adapters import llm
from elicit.adapters.config import get_settings
from elicit.core.errors import ElicitError, LLMError
from elicit.presenting import plain
from elicit.services import trial_runs
from elicit.ui import SETTINGS, TRYOUT
from elicit.ui.common import callback, database, render_flash, shown
from elicit.services import Db

NO_LLM = ("Trying a prompt needs a language model, and none is configured. Set ELICIT_LLM_BASE_URL and "
          "ELICIT_LLM_MODEL (or OPENAI_API_KEY for OpenAI) and restart the app; the Settings page shows what is "
          "set. The rates below and everything else work offline.")
render_flash_of = render_flash


def llm_ready() -> bool:
    return get_settings().llm_configured


def render_no_llm() -> None:
    """Say plainly what to set, and where to check it."""
    st.info(NO_LLM)
    st.page_link(SETTINGS, label="Open the Settings page", icon=":material/settings:")


def client_for(interview_id: str) -> AbstractContextManager[llm.LLMClient]:
    """A client whose calls are stored in the usage log when the block ends, however it ends."""
    return trial_runs.client_for(database, interview_id)


def summary_line(db: Db, interview_id: str) -> str:
    """Both rates in one line, for the Playbook page."""
    return " ".join(trial_runs.summary(db, interview_id))


def render_summary(interview_id: str) -> None:
    with database() as db:
        lines = trial_runs.summary(db, interview_id)
    for line in lines:
        st.markdown(plain(line))


def failed(exc: Exception) -> str:
    """One calm line for a failed model call."""
    return f"The assistant could not help right now: {exc}. Nothing you saved is lost; try again."


def _explained(exc: ElicitError) -> str:
    return failed(exc) if isinstance(exc, LLMError) else shown(exc)


def action(flash: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Guard an on_click callback of one part of the page: its error is shown by `render_flash_of(flash)`."""
    return callback(flash=flash, explain=_explained)


def render_trial_line(interview_id: str, link: dict[str, str]) -> None:
    """The Playbook page's one line: both rates, and the way to the Try it page."""
    with database() as db:
        line = summary_line(db, interview_id)
    st.page_link(TRYOUT, label="Try it", icon=":material/science:", query_params=link)
    st.caption(plain(line))
