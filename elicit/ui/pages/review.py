"""Review of one playbook: its status and the moves allowed, comments by section, versions and their diff, history."""

import streamlit as st

from elicit.services import interviews, reviews, teams
from elicit.services.interviews import InterviewRecord
from elicit.core.access import TRANSITIONS, Action, Actor, ReviewStatus, allowed
from elicit.core.anatomy import BY_ID, ELEMENT_IDS
from elicit.core.assembly import MegaPrompt
from elicit.presenting import audit_line, count_of, last_activity, plain, playbook_label, state_label, status_label
from elicit.core.reviewing import version_diff
from elicit.ui.common import callback, database, guarded, interview_link, render_flash
from elicit.ui.parts.identity import admit, current_actor, team_mode

MOVE_LABELS = {ReviewStatus.IN_REVIEW: "Submit for review", ReviewStatus.CHANGES_REQUESTED: "Request changes",
               ReviewStatus.APPROVED: "Approve", ReviewStatus.ARCHIVED: "Archive",
               ReviewStatus.DRAFT: "Back to draft"}


@callback
def on_move(interview_id: str, status: str) -> None:
    with database() as db:
        teams.set_status(db, current_actor(), interview_id, ReviewStatus(status))


@callback
def on_comment(interview_id: str) -> None:
    state = st.session_state
    with database() as db:
        teams.comment(db, current_actor(), interview_id, section=state.get("rp_section", "persona"),
                      body=state.get("rp_body", ""))
    state["rp_body"] = ""


@callback
def on_reply(interview_id: str, comment_id: int, section: str) -> None:
    """A reply in the thread it answers, in that thread's section; the box is cleared only once it is saved."""
    state, key = st.session_state, f"rp_reply_{comment_id}"
    with database() as db:
        teams.comment(db, current_actor(), interview_id, section=section, body=state.get(key, ""),
                      parent_id=comment_id)
    state[key] = ""


@callback
def on_resolve(interview_id: str, comment_id: int) -> None:
    with database() as db:
        reviews.resolve_comment(db, current_actor(), interview_id, comment_id)


@callback
def on_tags(interview_id: str) -> None:
    with database() as db:
        reviews.set_tags(db, current_actor(), interview_id, st.session_state.get("rp_tags", ""))


def render_status(record: InterviewRecord, actor: Actor) -> None:
    status = ReviewStatus(record.review_status)
    with database() as db:
        who = reviews.approver_name(db, record)
    approved = f" by {who} {last_activity(record.approved_at)}" if record.approved_at else ""
    st.markdown(f"**Status:** {status_label(status.value)}{plain(approved)}")
    target = teams.target_of(record)
    moves = [s for s in TRANSITIONS[status] if allowed(actor, teams.move_action(status, s), target)]
    with database() as db:
        still_open = teams.open_threads(db, record.id)
    if ReviewStatus.APPROVED in moves and still_open:
        st.warning(f"{count_of(still_open, 'comment thread').capitalize()} still open. Resolve "
                   f"{'it' if still_open == 1 else 'them'} before you approve, or approve knowing they are open.")
    with st.container(horizontal=True):
        for move in moves:
            st.button(MOVE_LABELS[move], key=f"rp_move_{move.value}", on_click=on_move, args=(record.id, move.value),
                      type="primary" if move is ReviewStatus.APPROVED else "secondary")


def render_comments(record: InterviewRecord, prompt: MegaPrompt, actor: Actor) -> None:
    may_comment = allowed(actor, Action.COMMENT, teams.target_of(record))
    with database() as db:
        comments = reviews.comments(db, record.id)
    replies = {c.parent_id: [] for c in comments}
    for comment in comments:
        replies.setdefault(comment.parent_id, []).append(comment)
    for element_id in ELEMENT_IDS:
        section = [c for c in replies.get(None, []) if c.section == element_id]
        if not section and not prompt.section(element_id).statements:
            continue
        with st.expander(f"{BY_ID[element_id].title} · {count_of(len(section), 'comment')}", expanded=bool(section)):
            st.text("\n".join(f"• {s.text}" for s in prompt.section(element_id).statements) or "(nothing yet)")
            for comment in section:
                render_thread(record.id, comment, replies, may_comment)
    if may_comment:
        render_new_comment(record)


def render_thread(interview_id: str, comment: reviews.CommentRecord, replies: dict, may_comment: bool) -> None:
    done = " · resolved" if comment.resolved else ""
    kind = "approved this section" if comment.kind == "approval" else "wrote"
    st.caption(plain(f"{comment.author_label} {kind}, {last_activity(comment.created_at)}{done}"))
    st.text(comment.body)
    for reply in replies.get(comment.id, []):
        st.caption(plain(f"↳ {reply.author_label}, {last_activity(reply.created_at)}"))
        st.text(f"    {reply.body}")
    if not comment.resolved and comment.kind == "comment":
        if may_comment:
            st.text_area("Your reply to this comment", key=f"rp_reply_{comment.id}", max_chars=5_000,
                         height=80)
        with st.container(horizontal=True):
            if may_comment:
                st.button("Reply", key=f"rp_reply_button_{comment.id}", on_click=on_reply,
                          args=(interview_id, comment.id, comment.section))
            st.button("Resolve", key=f"rp_resolve_{comment.id}", type="tertiary", on_click=on_resolve,
                      args=(interview_id, comment.id))


def render_new_comment(record: InterviewRecord) -> None:
    """A new thread on one section (a reply goes in its thread's own box, above)."""
    st.subheader("Add a comment")
    st.selectbox("Section", ELEMENT_IDS, key="rp_section", format_func=lambda e: BY_ID[e].title)
    st.text_area("Comment", key="rp_body", max_chars=5_000)
    st.button("Post the comment", key="rp_post", type="primary", on_click=on_comment, args=(record.id,))


def render_versions(record: InterviewRecord) -> None:
    with database() as db:
        versions = reviews.versions(db, record.id)
    st.subheader("Versions")
    if len(versions) < 2:
        st.caption("A diff needs two saved versions; each Finish saves one.")
        return
    numbers = [v.version for v in versions]
    with st.container(horizontal=True):
        old = st.selectbox("From version", numbers, index=len(numbers) - 2, key="rp_from")
        new = st.selectbox("To version", numbers, index=len(numbers) - 1, key="rp_to")
    by_number = {v.version: MegaPrompt.model_validate_json(v.document_json) for v in versions}
    diff = version_diff(by_number[old], by_number[new], f"version {old}", f"version {new}")
    st.code(diff or "No differences.", language="diff")


def render_history(record: InterviewRecord) -> None:
    with database() as db:
        entries = reviews.history(db, record.id)
    with st.expander(f"History · {count_of(len(entries), 'entry', 'entries')}"):
        st.text("\n".join(f"{e.created_at:%Y-%m-%d %H:%M} · {e.actor_label} · {audit_line(e)}"
                          for e in entries) or "Nothing yet.")


def render_picker(actor: Actor) -> None:
    """Opened without a playbook (from the sidebar): what awaits this person first, then the rest they may see."""
    with database() as db:
        waiting = teams.inbox(db, actor)
        rest, _total = teams.library_for(db, actor, per_page=50)
    others = [r for r in rest if r.id not in {w.id for w in waiting}]
    if not waiting and not others:
        st.info("Nothing to review yet. Playbooks appear here once a consultant submits them for review.")
        return
    if waiting:
        st.subheader("Waiting for you")
    for record in waiting:
        render_pick(record)
    if others:
        st.subheader("Other playbooks you may review" if waiting else "Playbooks you may review")
    for record in others:
        render_pick(record)


def on_pick(interview_id: str) -> None:
    st.query_params["id"] = interview_id


def render_pick(record: InterviewRecord) -> None:
    with st.container(border=True, horizontal=True, vertical_alignment="center"):
        st.markdown(f"**{plain(playbook_label(record.expert, record.topic))}**  \n"
                    f"{state_label(record.status, record.review_status)} · {last_activity(record.updated_at)}")
        # a button, not a link to this same page: such a link shows the playbook without putting its id in the
        # address, so the next click (a section to comment on) came back to this list
        st.button("Review", key=f"rp_pick_{record.id}", icon=":material/rate_review:", on_click=on_pick,
                  args=(record.id,))


@guarded
def render_page() -> None:
    st.title("Review")
    if not team_mode():
        st.info("Review is for teams: create the owner account (sidebar), add reviewers, then submit playbooks.")
        return
    actor, link = admit(signed_in=True), interview_link()
    if actor is None:
        return
    if not link.get("id"):
        render_picker(actor)
        return
    with database() as db:
        record = teams.record_for(db, actor, Action.VIEW, link["id"])
        prompt = interviews.draft(db=db, interview=interviews.load_interview(db=db, interview_id=record.id))
        tags = reviews.tags(db, record.id)
    st.subheader(plain(f"{record.topic} · {record.expert}"))
    render_flash()
    render_status(record, actor)
    if allowed(actor, Action.EDIT_PROMPT, teams.target_of(record)):
        st.session_state.setdefault("rp_tags", ", ".join(tags))
        st.text_input("Tags, separated by commas", key="rp_tags", max_chars=300)
        st.button("Save the tags", key="rp_save_tags", on_click=on_tags, args=(record.id,))
    render_comments(record, prompt, actor)
    render_versions(record)
    render_history(record)


render_page()
