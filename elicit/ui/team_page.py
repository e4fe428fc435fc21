"""People (the owner's page): accounts with their roles and teams, adding people, switching accounts off."""

import streamlit as st

from elicit import accounts, store
from elicit.access import Action, Role, allowed
from elicit.presenting import plain
from elicit.ui.common import callback, database, guarded, render_flash
from elicit.ui.identity import current_actor, render_sign_in_needed

ROLE_HELP = {"consultant": "creates interviews, invites experts, exports",
             "reviewer": "comments on and approves submitted playbooks",
             "owner": "manages people; sees everything"}


@callback
def on_add() -> None:
    state = st.session_state
    with database() as db:
        team_id = None
        team_name = state.get("tm_team", "").strip()
        if team_name:
            existing = [t for t in store.list_teams(db=db) if t.name.lower() == team_name.lower()]
            team_id = existing[0].id if existing else store.create_team(db=db, name=team_name).id
        accounts.create_user(db=db, email=state.get("tm_email", ""), name=state.get("tm_name", ""),
                             password=state.get("tm_password", ""), role=Role(state.get("tm_role", "consultant")),
                             team_id=team_id)
    st.session_state["tm_added"] = state.get("tm_email", "")
    for key in ("tm_email", "tm_name", "tm_password"):
        state[key] = ""


@callback
def on_switch(account_id: str, active: bool) -> None:
    with database() as db:
        store.update_account(db=db, account_id=account_id, active=active)


def render_people() -> None:
    with database() as db:
        people, teams = store.list_accounts(db=db), {t.id: t.name for t in store.list_teams(db=db)}
    for person in people:
        with st.container(border=True):
            team = f" · team {teams[person.team_id]}" if person.team_id in teams else ""
            state = "" if person.active else " · switched off"
            st.markdown(f"**{plain(person.name)}** · {plain(person.email)}")
            st.caption(f"{person.role}{plain(team)}{state}")
            if person.role != "owner":
                st.button("Switch off" if person.active else "Switch on", key=f"tm_switch_{person.id}",
                          on_click=on_switch, args=(person.id, not person.active))


def render_add() -> None:
    st.subheader("Add a person")
    st.text_input("Name", key="tm_name", max_chars=200)
    st.text_input("Email", key="tm_email", max_chars=200)
    st.selectbox("Role", ["consultant", "reviewer"], key="tm_role", format_func=lambda r: f"{r}: {ROLE_HELP[r]}")
    st.text_input("Team (consultants in one team share their interviews)", key="tm_team", max_chars=100)
    st.text_input("First password (10 characters or more; tell it to them)", key="tm_password", type="password")
    render_flash()
    if st.session_state.get("tm_added"):
        st.success(f"Added {st.session_state.pop('tm_added')}. They can sign in now.")
    st.button("Add", key="tm_add", type="primary", on_click=on_add)


def render_audit() -> None:
    """Who did what, newest first (the owner's view of the whole workspace)."""
    with database() as db:
        entries = store.audit_log(db=db, limit=300)
    with st.expander(f"Audit log · the last {len(entries)} entries"):
        st.text("\n".join(f"{e.created_at:%Y-%m-%d %H:%M} · {e.actor_label} · {e.action} · {e.object_type} "
                          f"{e.object_id[:8]} {e.detail}".rstrip() for e in entries) or "Nothing yet.")


@guarded
def render_page() -> None:
    st.title("People")
    actor = current_actor()
    if actor.role is None:
        render_sign_in_needed()
        return
    if not allowed(actor, Action.MANAGE_USERS):
        st.info("Only the owner manages people.")
        return
    render_people()
    render_add()
    if allowed(actor, Action.VIEW_AUDIT):
        render_audit()


render_page()
