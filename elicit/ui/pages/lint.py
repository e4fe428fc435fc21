"""Lint any prompt: which of the ten elements it has, with evidence, and an interview that adds what is missing."""

import streamlit as st

from elicit.services import teams
from elicit.core.access import Action, allowed
from elicit.core.anatomy import BY_ID
from elicit.core.guides import builtin_guides
from elicit.core.linting import MAX_PROMPT_BYTES, lint_report, upgrade_questions, uploaded_text
from elicit.presenting import plain
from elicit.ui import INTERVIEW
from elicit.ui.common import current_actor, database, guarded, team_mode


def prompt_text() -> str:
    upload = st.file_uploader("Or upload a .txt or .md file", type=["txt", "md"], key="lint_file",
                              max_upload_size=MAX_PROMPT_BYTES // 1024 // 1024)
    if upload is not None:
        return uploaded_text(upload.getvalue(), upload.name)
    return st.session_state.get("lint_text") or ""


def render_report(report: dict) -> None:
    with st.container(horizontal=True):
        st.metric("Score", f"{report['score']}/100")
        st.metric("Words", report["words"])
        st.metric("Elements present", f"{10 - len(report['missing'])} of 10")
    render_quality(report.get("quality") or {})
    for element_id, finding in report["elements"].items():
        with st.container(border=True):
            mark = ":material/check_circle:" if finding["present"] else ":material/cancel:"
            st.markdown(f"{mark} **{BY_ID[element_id].title}** · {BY_ID[element_id].holds}")
            if finding["evidence"]:
                st.text(finding["evidence"])  # the prompt's own words, never rendered as Markdown
            elif finding.get("hollow"):
                st.caption(f"Named, but hollow: {HOLLOW_KINDS[finding['hollow']['kind']]}. It says:")
                st.text(finding["hollow"]["evidence"])
            else:
                st.caption("Missing.")


HOLLOW_KINDS = {"hedge": "a hedge, which leaves the call open", "pointer": "a pointer to something it does not hold",
                "filler": "filler that fits every prompt"}


def render_quality(quality: dict) -> None:
    """What took points off the score beyond missing elements, in plain words."""
    said = [f"{quality['empty_headings']} heading(s) with nothing under them" if quality.get("empty_headings") else "",
            f"{len(quality['hedges'])} statement(s) with nothing to act on, such as \u201c{plain(quality['hedges'][0][:60])}\u201d"
            if quality.get("hedges") else "",
            f"{quality['fragments']} one-word line(s)" if quality.get("fragments") else ""]
    if any(said):
        st.caption("Points off for: " + "; ".join(s for s in said if s) + ".")


@guarded
def render_upgrade(missing: list[str], text: str = "") -> None:
    st.subheader("Upgrade it")
    if not missing:
        st.success("This prompt has all ten elements.")
        return
    st.caption("Start an interview that asks an expert only the questions that feed the missing elements: "
               + ", ".join(BY_ID[e].title for e in missing) + ".")
    guides = builtin_guides()
    guide_id = st.selectbox("Interview guide", list(guides), format_func=lambda g: guides[g].title, key="lint_guide")
    asked = upgrade_questions(guides[guide_id], missing)
    st.caption(f"It asks {len(asked)} of the guide's {len(guides[guide_id].questions)} questions.")
    expert = st.text_input("The expert's name", key="lint_expert", max_chars=200)
    topic = st.text_input("The topic", key="lint_topic", max_chars=300)
    with database() as db:
        actor = current_actor(db)
        may = not team_mode(db) or allowed(actor, Action.CREATE_INTERVIEW)
    if not may:
        st.info("Sign in as a consultant to start an upgrade interview.")
        return
    if st.button("Upgrade", key="lint_upgrade", type="primary", icon=":material/upgrade:"):
        if not expert.strip() or not topic.strip():
            st.error("Add the expert's name and the topic, then press Upgrade.")
            return
        with database() as db:
            link = teams.start_upgrade(db, current_actor(db), guide=guides[guide_id], expert=expert, topic=topic,
                                          missing=missing, text=text)
        st.switch_page(INTERVIEW, query_params=link)


@guarded
def render_page() -> None:
    st.title("Lint a prompt")
    st.write("Paste any prompt, yours or someone else's, to see which of the ten elements it has.")
    st.text_area("The prompt", key="lint_text", height=240)
    text = prompt_text()
    if not text.strip():
        st.info("Paste a prompt above, or upload a file.")
        return
    report = lint_report(text)
    render_report(report)
    st.divider()
    render_upgrade(report["missing"], text)


render_page()
