"""Who is looking at the page: the account its session cookie signs in, or nobody; and team mode.

Team mode starts when the owner account exists (created at /auth/setup). Before that the app is a
single person's tool on their own machine and every page is open, as before.
"""

from __future__ import annotations

import streamlit as st

from elicit.services.accounts import Account
from elicit.core.errors import ElicitError
from elicit.core.access import Action, Actor
from elicit.services import teams
from elicit.presenting import pages_for, plain
from elicit.ui import common
from elicit.ui.common import database


def current_account() -> Account | None:
    with database() as db:
        return common.current_account(db)


def current_actor() -> Actor:
    with database() as db:
        return common.current_actor(db)


def team_mode() -> bool:
    with database() as db:
        return common.team_mode(db)


def navigation() -> tuple[list[str], list[str]]:
    """The pages this person sees: (in the menu, by link only); see presenting.pages_for."""
    if st.query_params.get("i"):
        return pages_for(expert_link=True, team=False, role=None)
    try:
        with database() as db:
            account, team = common.current_account(db), common.team_mode(db)
    except ElicitError:
        return pages_for(expert_link=False, team=False, role=None)  # each page says what is wrong
    return pages_for(expert_link=False, team=team, role=account.role if account else None)


def render_sign_in_needed() -> None:
    st.info("Sign in to see this page.")
    st.link_button("Sign in", "/auth/login", type="primary")


def admit(action: Action | None = None, *, signed_in: bool = False, refused: str = "") -> Actor | None:
    """The one check a page makes before it draws anything: who is looking, and may they be here.

    Working alone (no team set up) everyone may, unless the page is for `signed_in` people only; in a team
    a person must be signed in and, for `action`, allowed it (`teams.permits`). Otherwise the page says
    so (`refused`, or "sign in") and gets None.
    """
    with database() as db:
        actor, alone = common.current_actor(db), not common.team_mode(db)
        permitted = action is None or teams.permits(db, actor, action)
    if actor.role is None and (signed_in or not alone):
        render_sign_in_needed()
        return None
    if not permitted:
        st.info(refused or "Your role does not include this page.")
        return None
    return actor


def render_account_box() -> None:
    """The sidebar's line on who is signed in, with sign-out; or how to set up a team.

    Nothing for an expert on their link: they need no account and should not be asked for one.
    """
    if st.query_params.get("i"):
        return
    try:
        account = current_account()
    except ElicitError:
        return  # the page itself says what is wrong with the database
    with st.sidebar:
        if account is not None:
            st.caption(plain(f"Signed in as {account.name} ({account.role})"))
            if st.user.get("is_logged_in") is True and not common.session_token():
                st.button("Sign out", key="id_logout", on_click=st.logout)
            else:
                st.link_button("Sign out", "/auth/logout")
        elif st.user.get("is_logged_in") is True:
            st.caption(plain(f"{st.user.get('email')} has no account here yet; ask the owner to add it."))
            st.button("Sign out", key="id_logout", on_click=st.logout)
        elif not team_mode():
            st.caption("Working alone. To invite experts and share playbooks with a team, create the owner account.")
            st.link_button("Set up a team", "/auth/setup")
        else:
            st.link_button("Sign in", "/auth/login")
            if common.single_sign_on():
                st.button("Sign in with your company account", key="id_login", on_click=st.login)
