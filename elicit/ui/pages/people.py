"""People (the owner's page): accounts with their roles and teams, inviting people, switching accounts off."""

import streamlit as st

from elicit.services import teams
from elicit.access import Action, Role, allowed
from elicit.presenting import audit_line, plain, welcome_url
from elicit.ui.common import callback, database, guarded, render_flash
from elicit.ui.parts.identity import admit, current_actor

ROLE_HELP = {"consultant": "creates interviews, invites experts, exports",
             "reviewer": "comments on and approves submitted playbooks",
             "owner": "manages people; sees everything"}
LINK_KEY = "tm_link"


@callback
def on_add() -> None:
    state = st.session_state
    with database() as db:
        account, token = teams.invite_person(db, current_actor(), email=state.get("tm_email", ""),
                                                name=state.get("tm_name", ""),
                                                role=Role(state.get("tm_role", "consultant")),
                                                team=state.get("tm_team", ""))
    state[LINK_KEY] = (account.name, account.email, token)
    for key in ("tm_email", "tm_name"):  # cleared only once the person is added; an error keeps them
        state[key] = ""


@callback
def on_renew(account_id: str) -> None:
    with database() as db:
        token = teams.renew_welcome(db, current_actor(), account_id)
        account = teams.account(db, current_actor(), account_id)
    st.session_state[LINK_KEY] = (account.name, account.email, token)


@callback
def on_switch(account_id: str, active: bool) -> None:
    with database() as db:
        teams.switch_person(db, current_actor(), account_id, active)


def render_people() -> None:
    with database() as db:
        people, team_names = teams.people(db, current_actor())
    for person in people:
        with st.container(border=True):
            team = f" · team {team_names[person.team_id]}" if person.team_id in team_names else ""
            state = "" if person.active else " · switched off"
            waiting = " · has not set a password yet" if person.welcome_hash else ""
            st.markdown(f"**{plain(person.name)}** · {plain(person.email)}")
            st.caption(f"{person.role}{plain(team)}{state}{waiting}")
            if person.role != "owner":
                with st.container(horizontal=True):
                    st.button("Switch off" if person.active else "Switch on", key=f"tm_switch_{person.id}",
                              on_click=on_switch, args=(person.id, not person.active))
                    if person.welcome_hash:
                        st.button("New welcome link", key=f"tm_renew_{person.id}", type="tertiary",
                                  on_click=on_renew, args=(person.id,))


def render_link() -> None:
    """The welcome link, shown once (only its hash is kept): the person sets their own password on it."""
    made = st.session_state.get(LINK_KEY)
    if not made:
        return
    name, email, token = made
    st.success(f"Added {plain(name)} ({plain(email)}). Send them this link: on it they choose their own password and are "
               "signed in. It works once, for 14 days.")
    st.code(welcome_url(st.context.url, token), language=None, wrap_lines=True)


def render_add() -> None:
    st.subheader("Invite a person")
    st.text_input("Name", key="tm_name", max_chars=200)
    st.text_input("Email", key="tm_email", max_chars=200)
    st.selectbox("Role", ["consultant", "reviewer"], key="tm_role", format_func=lambda r: f"{r}: {ROLE_HELP[r]}")
    st.text_input("Team (consultants in one team share their interviews)", key="tm_team", max_chars=100)
    render_flash()
    st.button("Invite", key="tm_add", type="primary", on_click=on_add)
    render_link()


def render_audit() -> None:
    """Who did what, newest first (the owner's view of the whole workspace)."""
    with database() as db:
        entries, names = teams.audit(db, current_actor(), limit=300)
    with st.expander(f"Audit log · the last {len(entries)} entries"):
        st.text("\n".join(f"{e.created_at:%Y-%m-%d %H:%M} · {e.actor_label} · {audit_line(e, names)}"
                          for e in entries) or "Nothing yet.")


@guarded
def render_page() -> None:
    st.title("People")
    actor = admit(Action.MANAGE_USERS, signed_in=True, refused="Only the owner manages people.")
    if actor is None:
        return
    render_people()
    render_add()
    if allowed(actor, Action.VIEW_AUDIT):
        render_audit()


render_page()
