"""What every page shares: the engine, a short database session per action, and errors shown kindly."""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import streamlit as st

from elicit import services
from elicit.services import accounts, interviews, teams
from elicit.core.access import Action, Actor
from elicit.adapters.config import get_settings
from elicit.core.errors import ElicitError, InterviewNotFoundError, StorageError
from elicit.core.interview import Interview
from elicit.presenting import plain
from elicit.core.probing import Prober
from elicit.ui import HOME
from elicit.services import Db

log = logging.getLogger(__name__)
FLASH_KEY = "ui_flash_error"
FRESH_KEY = "ui_fresh_interview"
FRESH_SECONDS = 5.0
SORRY = "Something went wrong on our side. Everything you saved is safe; reload the page and try again."
STORAGE_TROUBLE = ("The database cannot be opened, read or written right now. Everything already saved is safe; "
                   "try again in a minute, and if it goes on, tell whoever runs this server (its log says why).")


def shown(exc: ElicitError) -> str:
    """What a person is told of an error: its message, but never a database's path or address (only the log has it)."""
    if isinstance(exc, StorageError):
        log.error("storage: %s", exc)
        return STORAGE_TROUBLE
    return str(exc)


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Any:
    return services.open_database(url)


def engine() -> Any:
    """One migrated engine per database URL and process."""
    return _engine(get_settings().database_url)


@contextmanager
def database() -> Iterator[Any]:
    """A short session (`db`) for one action; never kept in st.session_state."""
    with services.session(engine()) as db:
        yield db


def prober() -> Prober:
    return interviews.default_prober(get_settings())


def guarded(render: Callable[..., Any]) -> Callable[..., Any]:
    """Run a render function so that no exception reaches the person: a calm message and a log line instead."""

    @functools.wraps(render)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return render(*args, **kwargs)
        except ElicitError as exc:
            st.error(plain(shown(exc)))
        except Exception:
            log.exception("page %s failed", render.__name__)
            st.error(SORRY)
        return None

    return run


def callback(action: Callable[..., Any] | None = None, *, flash: str = FLASH_KEY,
             explain: Callable[[ElicitError], str] = shown) -> Any:
    """Guard an on_click callback: its error is kept under `flash` and shown by `render_flash(flash)` where the
    person looks. Bare (`@callback`) for the page's own message; `@callback(flash=..., explain=...)` for a part."""
    if action is None:
        return functools.partial(callback, flash=flash, explain=explain)

    @functools.wraps(action)
    def run(*args: Any, **kwargs: Any) -> Any:
        st.session_state.pop(flash, None)
        try:
            return action(*args, **kwargs)
        except ElicitError as exc:
            st.session_state[flash] = explain(exc)
        except Exception:
            log.exception("action %s failed", action.__name__)
            st.session_state[flash] = SORRY
        return None

    return run


def render_flash(flash: str = FLASH_KEY) -> None:
    message = st.session_state.pop(flash, None)
    if message:
        st.error(plain(message[:1].upper() + message[1:]))


def interview_link() -> dict[str, str]:
    """The query parameters that name the interview this page shows: the resume token or the id."""
    params = st.query_params
    if params.get("i"):
        return {"i": params["i"]}
    if params.get("id"):
        return {"id": params["id"]}
    return {}


def load(db: Db, link: dict[str, str]) -> Interview:
    """The interview a link names, rebuilt from the database, if the person may see it."""
    return load_with_record(db, link)[0]


def load_with_record(db: Db, link: dict[str, str], *, reuse: bool = False) -> tuple[Interview, Any]:
    """The interview a link names and its record, if the person may see it.

    `?i=` is an expert's link (an invitation, or the interview's own resume link) and opens that one
    interview without an account; `?id=` needs, once a team is set up, a signed-in person who may view it.
    With `reuse`, what a callback of this same run loaded, checked and saved (see `keep_for_render`) is
    shown instead of being read back from the database.
    """
    kept = st.session_state.pop(FRESH_KEY, None) if reuse else None
    if kept is not None and kept[0] == link and time.monotonic() - kept[3] < FRESH_SECONDS:
        return kept[1], kept[2]
    if "i" in link:
        record, _expert = teams.expert_for_link(db, link["i"])
    else:
        record = interviews.record(db=db, interview_id=link.get("id", ""))
        teams.require_permitted(db, current_actor(db), Action.VIEW, record)
    return interviews.load_interview(db=db, interview_id=record.id), record


def opened(title: str, *, no_link: str, not_found: str, reuse: bool = False
           ) -> tuple[dict[str, str], Interview, Any] | None:
    """What every page about one playbook starts with: its link, the interview and its record, checked.

    Without a link, or when the link matches nothing this person may open, the page shows `title`, the
    message and the way home, and gets None.
    """
    link = interview_link()
    message = no_link
    if link:
        try:
            with database() as db:
                interview, record = load_with_record(db, link, reuse=reuse)
            return link, interview, record
        except InterviewNotFoundError:
            message = not_found
    st.title(title)
    st.info(message)
    st.page_link(HOME, label="Go to the home page", icon=":material/home:")
    return None


def keep_for_render(link: dict[str, str], interview: Interview, record: Any) -> None:
    """Hand what a callback has just checked and saved to the render that follows it in the same run.

    Callbacks run just before the script, and the interview object mirrors exactly what they committed,
    so the page need not check the link and read everything back a second time. Callbacks themselves
    always check the link and rebuild from the database. A run that stopped before its page was drawn (the
    person clicked again, or went to another page) leaves the hand-over behind: it expires after a few
    seconds, so a later visit never shows it.
    """
    st.session_state[FRESH_KEY] = (dict(link), interview, record, time.monotonic())


# --- who is looking ----------------------------------------------------------------------------------------

COOKIE = "elicit_session"
TOKEN_KEY = "auth_token"
"""Session-state stand-in for the cookie's token (tests set it; a browser cannot write session state)."""


def session_token() -> str | None:
    cookie = st.context.cookies.get(COOKIE)
    token = cookie if isinstance(cookie, str) else None  # AppTest's context has no real cookies
    return token or st.session_state.get(TOKEN_KEY)


_LOOK = threading.local()


@contextmanager
def one_look() -> Iterator[None]:
    """Within it, who is looking and whether a team is set up are read from the database once, however many parts
    of the page ask. app.py runs the page inside it: after the run's callbacks (which may change either), for the
    run alone. Each session's script runs in a thread of its own, so the memo is the thread's."""
    _LOOK.seen = {}
    try:
        yield
    finally:
        _LOOK.seen = None


def _once(key: tuple, read: Callable[[], Any]) -> Any:
    seen = getattr(_LOOK, "seen", None)
    if seen is None:
        return read()
    if key not in seen:
        seen[key] = read()
    return seen[key]


def current_account(db: Db) -> accounts.Account | None:
    """The account of the session cookie, else of a single sign-on identity (st.login) the owner has added."""
    email = st.user.get("email") if st.user.get("is_logged_in") is True else None
    email, token = email if isinstance(email, str) else None, session_token()
    return _once(("account", token, email), lambda: accounts.signed_in(
        db=db, token=token, idle=timedelta(minutes=get_settings().idle_minutes), email=email))


def single_sign_on() -> bool:
    """Whether an OpenID Connect provider is configured ([auth] in .streamlit/secrets.toml)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def current_actor(db: Db) -> Actor:
    """The signed-in person as access control sees them (nobody when not signed in)."""
    return accounts.actor_for(current_account(db))


def team_mode(db: Db) -> bool:
    """Whether the owner account exists: from then on every page asks who is looking."""
    return _once(("team",), lambda: not teams.working_alone(db))


def acting(db: Db, link: dict[str, str]) -> Actor:
    """Who makes a change on this page: the expert by their link, else the signed-in person (alone: nobody)."""
    if "i" in link:
        return teams.expert_for_link(db, link["i"])[1]
    return current_actor(db) if team_mode(db) else Actor()
