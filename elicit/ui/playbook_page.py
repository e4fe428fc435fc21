"""The playbook of one interview: its latest saved prompt (or the draft), downloads and the versions."""

import streamlit as st

from elicit import store, workflow
from elicit.assembly import MegaPrompt
from elicit.errors import InterviewNotFoundError
from elicit.presenting import last_activity, plain
from elicit.ui import HOME, INTERVIEW
from elicit.ui.common import database, guarded, interview_link, load
from elicit.ui.downloads import render_downloads
from elicit.ui.review import render_exports
from elicit.ui.trying import render_trial_line


def render_missing(message: str) -> None:
    st.title("Playbook")
    st.info(message)
    st.page_link(HOME, label="Go to the home page", icon=":material/home:")


def render_versions(versions: list) -> int:
    """The versions, newest first; returns the index of the one picked."""
    labels = [f"Version {v.version} · saved {last_activity(v.created_at)}" for v in versions]
    return st.selectbox("Version", range(len(versions)), index=len(versions) - 1, format_func=labels.__getitem__,
                        key="pb_version")


@guarded
def render_page() -> None:
    link = interview_link()
    if not link:
        render_missing("Open a playbook from the list of interviews on the home page.")
        return
    try:
        with database() as db:
            interview = load(db, link)
            versions = store.list_prompt_versions(db=db, interview_id=interview.id)
            draft = workflow.draft(db=db, interview=interview)
    except InterviewNotFoundError:
        render_missing("No interview matches this link. Open one from the home page.")
        return
    st.title(plain(interview.topic or interview.guide.title))
    st.caption(plain(f"With {interview.expert or 'the expert'} · {interview.guide.title}"))
    st.page_link(INTERVIEW, label="Open the interview", icon=":material/forum:", query_params=link)
    render_trial_line(interview.id, link)
    if not versions:
        st.info("This interview is not finished yet, so this is the draft as it stands.")
        render_downloads(draft, interview, key="pb_export")
        render_exports(draft, key="pb_download")
        return
    record = versions[render_versions(versions)]
    prompt = MegaPrompt.model_validate_json(record.document_json)
    render_downloads(prompt, interview, key="pb_export")
    render_exports(prompt, key="pb_download", markdown=record.markdown)


render_page()
