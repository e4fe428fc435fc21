"""People (the owner's page): who owns the playbooks made before the team, accounts with their roles and teams,
inviting people, switching accounts off."""

import streamlit as st

from elicit.services import teams
from elicit.core.access import Action, Role, allowed
from elicit.core.errors import ElicitError
from elicit.core.guides import builtin_guides
from elicit.presenting import audit_line, plain, state_label, welcome_url
from elicit.ui.common import callback, database, guarded, render_flash
from elicit.ui.parts.identity import admit, current_actor

ROLE_HELP = {"consultant": "creates interviews, invites experts, exports",
             "reviewer": "comments on and approves submitted playbooks",
             "owner": "manages people; sees everything"}
LINK_KEY = "tm_link"
HANDED_KEY = "tm_handed"
EARLIER_FLASH = "tm_earlier_error"


@callback(flash=EARLIER_FLASH)
def on_hand_over(ids: tuple[str, ...]) -> None:
    """Give every listed playbook to the person chosen for it; each is its own write, so one refused (another
    tab decided first) leaves the others given."""
    state, given, refused = st.session_state, 0, []
    with database() as db:
        for interview_id in ids:
            try:
                teams.hand_over(db, current_actor(), interview_id, owner_id=state[f"tm_keeper_{interview_id}"],
                                share=state.get(f"tm_share_{interview_id}", True))
                given += 1
            except ElicitError as exc:
                refused.append(str(exc))
    state[HANDED_KEY] = given
    if refused:
        raise ElicitError("; ".join(refused))


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


def render_earlier() -> None:
    """The playbooks nobody owns yet, each with who should own it: made while working alone, no consultant can
    open them until the owner decides here. Nothing shows once every one has an owner."""
    with database() as db:
        earlier = teams.unowned(db, current_actor())
        keepers = teams.keepers(db, current_actor())
    given = st.session_state.pop(HANDED_KEY, 0)
    if given:
        st.success(f"{given} playbook{'s' if given != 1 else ''} handed over; "
                   f"{'they are' if given != 1 else 'it is'} in the new owner's library now.")
    render_flash(EARLIER_FLASH)
    if not earlier:
        return
    st.subheader(f"Playbooks made before the team ({len(earlier)})")
    st.caption("Nobody owns these yet, so only you can open them. Choose who owns each: a consultant sees the ones "
               "they own, and with \"Share with their team\" their team sees them too. Invite the consultants first "
               "(below) to give them theirs.")
    you, guides = current_actor().user_id, builtin_guides()
    choices = list(keepers)
    for record in earlier:
        with st.container(border=True):
            st.markdown(f"**{plain(record.expert)}** · {plain(record.topic)}")
            guide = guides[record.guide_id].title if record.guide_id in guides else record.guide_id
            st.caption(plain(f"{guide} · {state_label(record.status, record.review_status)} · "
                             f"started {record.created_at:%Y-%m-%d}"))
            with st.container(horizontal=True):
                st.selectbox("Who owns it", choices, index=choices.index(you) if you in choices else 0,
                             key=f"tm_keeper_{record.id}", format_func=keepers.get)  # options are plain text
                st.checkbox("Share with their team", value=True, key=f"tm_share_{record.id}")
    st.button("Hand over" if len(earlier) == 1 else f"Hand over all {len(earlier)}", key="tm_hand_over",
              type="primary", on_click=on_hand_over, args=(tuple(r.id for r in earlier),))


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
    render_earlier()
    render_people()
    render_add()
    if allowed(actor, Action.VIEW_AUDIT):
        render_audit()


render_page()
