"""Home: start a new interview, and the interviews so far."""

import streamlit as st

from elicit import store, workflow
from elicit.guides import Guide, builtin_guides
from elicit.presenting import last_activity, plain, status_label
from elicit.ui import INTERVIEW, PLAYBOOK
from elicit.ui.common import database, guarded, render_flash

RECENT = 30


def render_guide_summary(guide: Guide) -> None:
    st.caption(f"About {guide.minutes} minutes · {len(guide.questions)} questions · {len(guide.stages)} stages")
    st.text(guide.description)
    with st.expander("The stages of this interview"):
        st.text("\n".join(f"{n}. {stage.title}" for n, stage in enumerate(guide.stages, 1)))


@guarded
def render_start() -> None:
    st.subheader("Start a new interview")
    guides = builtin_guides()
    guide_id = st.selectbox("Interview guide", list(guides), format_func=lambda g: guides[g].title, key="home_guide")
    render_guide_summary(guides[guide_id])
    expert = st.text_input("The expert's name", key="home_expert", max_chars=200, placeholder="e.g. Dana Okafor")
    topic = st.text_input("The topic", key="home_topic", max_chars=300,
                          placeholder="e.g. the first 48 hours of a product recall")
    if st.button("Start interview", key="home_start", type="primary"):
        if not expert.strip() or not topic.strip():
            st.error("Add the expert's name and the topic, then start the interview.")
            return
        with database() as db:
            _interview, token = workflow.start_interview(db=db, guide=guides[guide_id], expert=expert, topic=topic)
        st.switch_page(INTERVIEW, query_params={"i": token})


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
def render_interviews() -> None:
    st.subheader("Interviews so far")
    guides = builtin_guides()
    with database() as db:
        records = store.list_interviews(db=db, limit=RECENT)
        if not records:
            st.info("No interviews yet. Start the first one above: it takes about half an hour.")
        for record in records:
            render_interview_row(db, record, guides)


st.title("elicit")
st.write("Turn what an expert knows into a documented prompt, one question at a time.")
render_flash()
render_start()
st.divider()
render_interviews()
