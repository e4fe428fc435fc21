"""The playbook of one interview: its latest saved prompt (or the draft), downloads and the versions."""

import streamlit as st

from elicit.services import interviews, reviews, teams
from elicit.core.access import Action
from elicit.core.assembly import MegaPrompt
from elicit.presenting import last_activity, plain
from elicit.ui import INTERVIEW
from elicit.ui.common import current_actor, database, guarded, opened
from elicit.ui.parts.downloads import render_downloads
from elicit.ui.parts.downloads import render_prompt as render_prompt_part
from elicit.ui.parts.quality import render_quality
from elicit.ui.parts.trials import render_trial_line
from elicit.ui.parts.wizard import move_to


def render_versions(versions: list) -> int:
    """The versions, newest first; returns the index of the one picked."""
    labels = [f"Version {v.version} · saved {last_activity(v.created_at)}" for v in versions]
    return st.selectbox("Version", range(len(versions)), index=len(versions) - 1, format_func=labels.__getitem__,
                        key="pb_version")


@guarded
def render_page() -> None:
    found = opened("Playbook", no_link="Open a playbook from the list of interviews on the home page.",
                   not_found="No interview matches this link. Open one from the home page.")
    if found is None:
        return
    link, interview, record = found
    with database() as db:
        versions = reviews.versions(db, interview.id)
        draft = interviews.draft(db=db, interview=interview)
        exports = "i" in link or teams.permits(db, current_actor(db), Action.EXPORT, record)
    st.title(plain(interview.topic or interview.guide.title))
    st.caption(plain(f"With {interview.expert or 'the expert'} · {interview.guide.title}"))
    st.page_link(INTERVIEW, label="Open the interview", icon=":material/forum:", query_params=link)
    render_trial_line(interview.id, link)
    if (question_id := render_quality(interview, draft, key="pb")) is not None:
        move_to(interview.id, question_id)  # the interview opens on that question
        st.switch_page(INTERVIEW, query_params=link)
    if not versions:
        st.info("This interview is not finished yet, so this is the draft as it stands.")
        render_prompt(draft, interview, exports)
        return
    record = versions[render_versions(versions)]
    render_prompt(MegaPrompt.model_validate_json(record.document_json), interview, exports, record.markdown)


def render_prompt(prompt: MegaPrompt, interview, exports: bool, markdown: str | None = None) -> None:
    """The prompt with its downloads; reviewers read it, only those who may export download it."""
    if not exports:
        st.caption("Reviewers read the prompt here; consultants export it.")
    render_prompt_part(prompt, key="pb_download", markdown=markdown, downloads=exports)
    if exports:
        render_downloads(prompt, interview, key="pb_export")


render_page()
