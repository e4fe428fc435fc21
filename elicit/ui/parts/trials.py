"""What the Try it page's parts share: the model client, its calls logged per interview, the notice and rates."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from elicit import llm, store
from elicit.services import drafting, interviews, trials
from elicit.config import get_settings
from elicit.errors import ElicitError, LLMError
from elicit.presenting import plain
from elicit.ui import SETTINGS, TRYOUT
from elicit.ui.common import SORRY, database, shown

log = logging.getLogger(__name__)
NO_LLM = ("Trying a prompt needs a language model, and none is configured. Set ELICIT_LLM_BASE_URL and "
          "ELICIT_LLM_MODEL (or OPENAI_API_KEY for OpenAI) and restart the app; the Settings page shows what is "
          "set. The rates below and everything else work offline.")


def llm_ready() -> bool:
    return get_settings().llm_configured


def render_no_llm() -> None:
    """Say plainly what to set, and where to check it."""
    st.info(NO_LLM)
    st.page_link(SETTINGS, label="Open the Settings page", icon=":material/settings:")


@contextmanager
def client_for(interview_id: str) -> Iterator[llm.LLMClient]:
    """A client whose calls are stored in the usage log when the block ends, however it ends."""
    client = drafting.client_or_none(get_settings())
    if client is None:
        raise LLMError("no language model is configured; set ELICIT_LLM_BASE_URL and ELICIT_LLM_MODEL")
    with database() as db:
        interviews.seed_mode(db, client)
    try:
        yield client
    finally:
        with database() as db:
            interviews.record_llm_calls(db, client, interview_id)


def summary(db, interview_id: str) -> list[str]:
    """The playbook's side-by-side win rate and fidelity, one line each."""
    votes = trials.win_rate([t.outcome for t in store.list_trials(db=db, interview_id=interview_id, kind="vote")])
    runs = [t.data for t in store.list_trials(db=db, interview_id=interview_id, kind="fidelity")]
    return [votes.line(), trials.fidelity(runs).line()]


def summary_line(db, interview_id: str) -> str:
    """Both rates in one line, for the Playbook page."""
    return " ".join(summary(db, interview_id))


def render_summary(interview_id: str) -> None:
    with database() as db:
        lines = summary(db, interview_id)
    for line in lines:
        st.markdown(plain(line))


def failed(exc: Exception) -> str:
    """One calm line for a failed model call."""
    return f"The assistant could not help right now: {exc}. Nothing you saved is lost; try again."


def action(flash: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Guard an on_click callback of one part of the page: its error is shown by `render_flash_of(flash)`."""

    def wrap(run: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(run)
        def guarded_run(*args: Any, **kwargs: Any) -> Any:
            st.session_state.pop(flash, None)
            try:
                return run(*args, **kwargs)
            except LLMError as exc:
                st.session_state[flash] = failed(exc)
            except ElicitError as exc:
                st.session_state[flash] = shown(exc)
            except Exception:
                log.exception("action %s failed", run.__name__)
                st.session_state[flash] = SORRY
            return None

        return guarded_run

    return wrap


def render_flash_of(flash: str) -> None:
    message = st.session_state.pop(flash, None)
    if message:
        st.error(plain(message[:1].upper() + message[1:]))


def render_trial_line(interview_id: str, link: dict[str, str]) -> None:
    """The Playbook page's one line: both rates, and the way to the Try it page."""
    with database() as db:
        line = summary_line(db, interview_id)
    st.page_link(TRYOUT, label="Try it", icon=":material/science:", query_params=link)
    st.caption(plain(line))
