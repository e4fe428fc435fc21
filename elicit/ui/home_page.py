"""Home: start a new interview, and the interviews so far."""

import streamlit as st

from elicit import store, teamwork, workflow
from elicit.access import Action, Actor, allowed
from elicit.guides import Guide, builtin_guides
from elicit.presenting import invite_url, last_activity, plain, status_label
from elicit.ui import INTERVIEW, PLAYBOOK
from elicit.ui.common import current_actor, database, guarded, render_flash, team_mode
from elicit.ui.identity import render_sign_in_needed

RECENT = 30


def render_guide_summary(guide: Guide) -> None:
    st.caption(f"About {guide.minutes} minutes · {len(guide.questions)} questions · {len(guide.stages)} stages")
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
    share = st.checkbox("Share with my team", value=True, key="home_share") if actor.team_id else False
    if st.button("Start interview", key="home_start", type="primary"):
        if not expert.strip() or not topic.strip():
            st.error("Add the expert's name and the topic, then start the interview.")
            return
        with database() as db:
            if actor.role is None:  # working alone: straight into the interview
                _interview, token = workflow.start_interview(db=db, guide=guides[guide_id], expert=expert,
                                                             topic=topic)
                st.switch_page(INTERVIEW, query_params={"i": token})
            record, token = teamwork.create_for_expert(db, actor, guide=guides[guide_id], expert=expert,
                                                       topic=topic, share_with_team=share)
        st.session_state["home_invited"] = (record.id, token)
    render_invitation()


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


@guarded
def render_interview_row(db, record, guides: dict[str, Guide]) -> None:
    interview = workflow.load_interview(db=db, interview_id=record.id)
    guide = guides.get(record.guide_id)
    with st.container(border=True):
        st.markdown(f"**{plain(record.topic or 'Untitled')}** · {plain(record.expert or 'no name')}")
        st.caption(f"{guide.title if guide else record.guide_id} · {status_label(record.status)} · "
                   f"{interview.percent_complete()}% complete · last activity {last_activity(record.updated_at)}")
        with st.container(horizontal=True):
            st.page_link(INTERVIEW, label="Open", icon=":material/forum:", query_params={"id": record.id})
            st.page_link(PLAYBOOK, label="Playbook", icon=":material/menu_book:", query_params={"id": record.id})


@guarded
def render_interviews(actor: Actor) -> None:
    st.subheader("Interviews so far")
    guides = builtin_guides()
    with database() as db:
        if actor.role is None:
            records = store.list_interviews(db=db, limit=RECENT)
        else:
            records, _total = teamwork.library_for(db, actor, per_page=RECENT)
        if not records:
            st.info("No interviews yet. Start the first one above: it takes about half an hour.")
        for record in records:
            render_interview_row(db, record, guides)


@guarded
def render_page() -> None:
    st.title("elicit")
    st.write("Turn what an expert knows into a documented prompt, one question at a time.")
    render_flash()
    with database() as db:
        actor, teams = current_actor(db), team_mode(db)
    if teams and actor.role is None:
        render_sign_in_needed()
        return
    if not teams or allowed(actor, Action.CREATE_INTERVIEW):
        render_start(actor)
    else:
        st.info("Reviewers find the playbooks submitted to them in the Library.")
    st.divider()
    render_interviews(actor)


render_page()
