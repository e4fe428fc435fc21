"""Home: start a new interview, and the interviews so far."""

import streamlit as st

from elicit.services import interviews, library, teams
from elicit.core.access import Action, Actor, Role
from elicit.core.guides import Guide, builtin_guides
from elicit.presenting import count_of, guide_length, invite_url, path_label
from elicit.ui import INTERVIEW, TEAM
from elicit.ui.common import database, guarded, render_flash
from elicit.ui.parts.identity import admit
from elicit.ui.parts.rows import may_change, render_row, render_undo

RECENT = 30


def render_guide_summary(guide: Guide) -> None:
    st.caption(f"{guide_length(guide).capitalize()} · {len(guide.stages)} stages")
    st.text(guide.description)
    with st.expander("The stages of this interview"):
        st.text("\n".join(f"{n}. {stage.title}" for n, stage in enumerate(guide.stages, 1)))


@guarded
def render_start(actor: Actor) -> None:
    st.subheader("Start a new interview")
    guides = builtin_guides()
    guide_id = st.selectbox("Interview guide", list(guides), format_func=lambda g: guides[g].title, key="home_guide")
    render_guide_summary(guides[guide_id])
    expert = st.text_input("The expert's name", key="home_expert", max_chars=200, placeholder="e.g. Dana Okafor")
    topic = st.text_input("The topic", key="home_topic", max_chars=300,
                          placeholder="e.g. the first 48 hours of a product recall")
    path = render_path_picker(guides[guide_id])
    share = st.checkbox("Share with my team", value=True, key="home_share") if actor.team_id else False
    if st.button("Start interview", key="home_start", type="primary"):
        if not expert.strip() or not topic.strip():
            st.error("Add the expert's name and the topic, then start the interview.")
            return
        with database() as db:
            if actor.role is None:  # working alone: straight into the interview
                _interview, token = interviews.start_interview(db=db, guide=guides[guide_id], expert=expert,
                                                             topic=topic, path=path)
                st.switch_page(INTERVIEW, query_params={"i": token})
            record, token = teams.create_for_expert(db, actor, guide=guides[guide_id], expert=expert,
                                                       topic=topic, share_with_team=share, path=path)
        st.session_state["home_invited"] = (record.id, token)
    render_invitation()


def render_path_picker(guide: Guide) -> str:
    """The short path (the questions that matter most) or the full one; the full one unless picked."""
    paths = [p.value for p in guide.paths]
    if len(paths) == 1:
        return paths[0]
    return st.radio("How much time does the expert have?", paths, index=paths.index("full"), key="home_path",
                    format_func=lambda p: path_label(guide, p))


def render_invitation() -> None:
    """The link to send the expert: valid 14 days, revocable; shown once, since only its hash is kept."""
    invited = st.session_state.get("home_invited")
    if not invited:
        return
    interview_id, token = invited
    st.success("The interview is ready. Send this link to the expert; it opens this interview and nothing else, "
               "for 14 days.")
    st.code(invite_url(st.context.url, token), language=None, wrap_lines=True)
    st.page_link(INTERVIEW, label="Open it yourself", icon=":material/forum:", query_params={"id": interview_id})


def render_inbox(actor: Actor) -> set[str]:
    """What awaits this person: playbooks to review, or playbooks a reviewer sent back; returns their ids."""
    if actor.role is None:
        return set()
    with database() as db:
        waiting = teams.inbox(db, actor)
    if not waiting:
        return set()
    what = "to review" if actor.role.value == "reviewer" else "with changes requested"
    st.subheader(f"Waiting for you: {count_of(len(waiting), 'playbook')} {what}")
    changeable = may_change(waiting)
    for record in waiting:
        render_row(record, changeable=changeable[record.id], review=True)
    return {record.id for record in waiting}


@guarded
def render_interviews(actor: Actor, shown: set[str]) -> None:
    with database() as db:
        records = library.recent(db, actor, RECENT)
    records = [r for r in records if r.id not in shown]
    if shown and not records:
        return
    st.subheader("Other playbooks" if shown else "Interviews so far")
    if not records:
        st.info("No interviews yet. Start the first one above: it takes about half an hour.")
    changeable = may_change(records)
    for record in records:
        render_row(record, changeable=changeable[record.id], review=actor.role is not None)


def render_earlier(actor: Actor) -> None:
    """The owner's reminder, until decided: playbooks made before the team that nobody owns, so no consultant sees."""
    if actor.role is not Role.OWNER:
        return
    with database() as db:
        earlier = len(teams.unowned(db, actor))
    if not earlier:
        return
    with st.container(border=True):
        st.markdown(f"**{count_of(earlier, 'playbook')} made before the team {'has' if earlier == 1 else 'have'} no "
                    "owner yet.** Only you can open them until you decide who owns each.")
        st.page_link(TEAM, label="Decide who owns them", icon=":material/group:")


@guarded
def render_page() -> None:
    st.title("elicit")
    st.write("Turn what an expert knows into a documented prompt, one question at a time.")
    render_flash()
    actor = admit()
    if actor is None:
        return
    render_undo()
    render_earlier(actor)
    waiting = render_inbox(actor)
    with database() as db:
        creates = teams.permits(db, actor, Action.CREATE_INTERVIEW)
    if creates:
        render_start(actor)
        st.divider()
    elif not waiting:
        st.info("Nothing waits for your review. Playbooks appear here once a consultant submits them.")
    render_interviews(actor, waiting)


render_page()
