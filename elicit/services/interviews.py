"""The interview's steps as the UI and the CLI run them: commit first, then probe, then record the follow-up.

It runs over 300 lines because each step shares the same commit-then-probe helpers and the fallback to the offline
prober.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from elicit.adapters import llm, store
from elicit.services import editing, statements, usage
from elicit.services.loading import load_by_token, load_interview, new_interview  # noqa: F401 (its callers' names)
from elicit.core.access import Actor
from elicit.core.assembly import MegaPrompt, to_json, to_markdown
from elicit.adapters.config import Settings, get_settings
from elicit.core.errors import AnswerError, StaleError
from elicit.core.guides import Guide, InterviewPath
from elicit.core.interview import (Answer, FollowUp, FollowUpStatus, Interview, Origin, ProbeRequest, ProbeResult,
                              value_for_storage, walk)
from elicit.core.probing import Prober
from elicit.core.assembly.unconfirmed import Unconfirmed, answer_unconfirmed, reply_unconfirmed
from elicit.core.probing.heuristic import HeuristicProber
from elicit.core.probing.llm import LLMProber
from elicit.adapters.store import Db

log = logging.getLogger(__name__)
FALLBACK_NOTICE = "The assistant could not help with this answer, so the offline check was used. Your answer is saved."


@dataclass
class StepResult:
    """What one submit did: the saved answer, the follow-up it raised (if any) and a notice for the expert."""

    answer: Answer | None = None
    follow_up: FollowUp | None = None
    probe: ProbeResult | None = None
    notice: str | None = None
    source: str = "offline"
    """Which prober's verdict this is: "llm", or "offline" (also after a fallback)."""
    kept_out: str | None = None
    """What to tell the expert when what they said does not answer its question: saved, but out of the prompt
    until they keep it or change it at Review."""


def default_prober(settings: Settings | None = None, *, offline: bool = False) -> Prober:
    """The prober to use: the LLM one whenever a model is configured, unless `offline` is asked for."""
    settings = settings or get_settings()
    if offline or not settings.llm_configured:
        return HeuristicProber()
    return LLMProber(llm.LLMClient(settings))


def start_interview(*, db: Db, guide: Guide, expert: str, topic: str,
                    path: InterviewPath | str = InterviewPath.FULL) -> tuple[Interview, str]:
    """Create and store an interview on the guide's short or full path; returns it with its resume token (shown once,
    stored hashed)."""
    settings = get_settings()
    path = InterviewPath(path) if path in guide.paths else InterviewPath.FULL
    record, token = store.create_interview(db=db, guide_id=guide.id, guide_version=guide.version,
                                           expert=expert.strip(), topic=topic.strip(), path=path.value)
    return new_interview(guide, record, settings), token


def _save(db: Db, interview: Interview, answer: Answer, **progress: str) -> Answer:
    """Commit the revision (with the interview's `progress`: status, current question), then mirror it and set
    aside the follow-ups on the old text: pending ones dismissed, answered ones superseded (their text kept)."""
    editing.require_open(db, interview.id)
    outdated = interview.outdated_by(answer)
    store.add_answer(db=db, interview_id=interview.id, question_id=answer.question_id,
                     value=value_for_storage(answer.value), text=answer.text, origin=answer.origin.value,
                     skipped=answer.skipped, **progress)
    interview.record(answer)
    for follow_up in outdated:  # only if still as seen: another tab's answer to it is never overwritten
        expected = "pending" if follow_up.status is FollowUpStatus.DISMISSED else "answered"
        store.change_follow_up(db=db, follow_up_id=follow_up.id, status=follow_up.status.value,
                               answer=follow_up.answer, expected=(expected,), stale_ok=True,
                               confirmed=follow_up.confirmed)
    editing.note_edit(db, Actor(), interview.id, why="an answer was revised")
    index(db, interview)
    return answer


def index(db: Db, interview: Interview, markdown: str = "") -> None:
    """Keep the interview findable by the library's search: its topic, expert, answers and latest prompt."""
    said = [a.text for a in interview.answers.values() if a.text] + [f.answer for f in interview.follow_ups
                                                                      if f.answer]
    markdown = markdown or store.latest_prompt_markdown(db=db, interview_id=interview.id)
    store.index_playbook(db=db, interview_id=interview.id,
                         content="\n".join([interview.topic, interview.expert, *said, markdown]))


def probe_once(db: Db, prober: Prober, request: ProbeRequest, interview_id: str | None = None) -> StepResult:
    """Probe one answer; any failure falls back to the offline prober with a notice. LLM calls are logged."""
    client = getattr(prober, "client", None)
    if client is not None and db is not None:
        usage.seed_mode(db, client)
    try:
        result, source, notice = prober.probe(request), prober.name, None
    except Exception as exc:  # any prober failure must cost the expert nothing
        log.warning("prober %s failed (%s); using the offline prober", prober.name, exc)
        result, source, notice = HeuristicProber().probe(request), HeuristicProber.name, FALLBACK_NOTICE
    if client is not None and db is not None:
        usage.record_llm_calls(db, client, interview_id, fell_back=notice is not None)
    return StepResult(probe=result, notice=notice, source="llm" if source == LLMProber.name else "offline")


def _probe(db: Db, interview: Interview, question_id: str, prober: Prober) -> StepResult:
    """Probe after the answer is saved; a failing prober falls back to the offline one and says so."""
    step = probe_once(db, prober, interview.probe_request(question_id), interview.id)
    result, source = step.probe, "llm" if step.source == "llm" else "heuristic"
    follow_up = interview.follow_up_from(question_id, result, source)
    if follow_up:
        record = store.add_follow_up(db=db, interview_id=interview.id, question_id=question_id,
                                     check=follow_up.check, element=follow_up.element, reason=follow_up.reason,
                                     ask=follow_up.ask, source=source)
        follow_up.id = record.id
        interview.add_follow_up(follow_up)
    step.follow_up = follow_up
    return step


def submit_answer(*, db: Db, interview: Interview, question_id: str, raw: Any, prober: Prober,
                  origin: Origin = Origin.VOLUNTEERED) -> StepResult:
    """Validate, commit, then probe. AnswerError (raised before anything is saved) says what to fix.

    An answer that says what the latest revision says writes nothing (and probes nothing): no new revision,
    so nothing that hangs on the revision (the statements' keys, their rewordings) moves.
    """
    prepared = interview.prepare_answer(question_id, raw, origin)
    if interview.unchanged(prepared):
        if question_id in store.drafts(db=db, interview_id=interview.id):
            store.discard_draft(db=db, interview_id=interview.id, item=question_id)
            db.commit()
        return StepResult(answer=interview.answered(question_id))
    answer = _save(db, interview, prepared, status="in_progress", current_question=question_id)
    result = _probe(db, interview, question_id, prober)
    result.answer = answer
    result.kept_out = answer_off(interview, question_id)
    return result


def save_answer(*, db: Db, interview: Interview, question_id: str, raw: Any, origin: Origin = Origin.DRAFTED) -> Answer:
    """Validate and commit an answer without probing it: a draft the expert will confirm in the wizard."""
    prepared = interview.prepare_answer(question_id, raw, origin)
    if interview.unchanged(prepared):
        return interview.answered(question_id)
    return _save(db, interview, prepared, status="in_progress")


def skip_question(*, db: Db, interview: Interview, question_id: str, note: str = "") -> Answer:
    """Skip a question; one skipped with a `note` was set aside on purpose and is not an open question.

    Skipping it again (the latest revision is the same skip) writes nothing.
    """
    latest = interview.answers.get(question_id)
    if latest is not None and latest.skipped and latest.text == note:
        return latest
    revision = len(interview.history.get(question_id, [])) + 1
    return _save(db, interview, Answer(question_id, "", note, revision, skipped=True))


def _commit_follow_up(db: Db, interview: Interview, follow_up_id: int, change, *args: Any, author: str = ""
                      ) -> FollowUp | None:
    """Apply a change to a follow-up in memory, then commit it only if the follow-up is still as this page saw it.

    A stale tab (the follow-up was answered, skipped or changed elsewhere) gets StaleError and nothing is
    overwritten.
    """
    editing.require_open(db, interview.id)
    seen = interview.follow_up(follow_up_id)
    status, revision = seen.status.value, seen.revision
    follow_up = change(follow_up_id, *args)
    if follow_up is not None:
        store.change_follow_up(db=db, follow_up_id=follow_up_id, status=follow_up.status.value,
                               answer=follow_up.answer, expected=(status,), revision=revision, author=author,
                               confirmed=follow_up.confirmed)
    return follow_up


def answer_follow_up(*, db: Db, interview: Interview, follow_up_id: int, text: str, prober: Prober) -> StepResult:
    """Commit the follow-up's answer, then probe the whole answer again for what is still missing."""
    follow_up = _commit_follow_up(db, interview, follow_up_id, interview.answer_follow_up, text)
    step = _probe(db, interview, follow_up.question_id, prober)
    step.kept_out = reply_missed(interview, follow_up)
    return step


KEEP_LABEL = "Keep it as my answer"
"""The Review button that confirms what was kept out; the notices below name it."""
UNTIL_CONFIRMED = (f"It stays out until you confirm it: on Review, press “{KEEP_LABEL}”, or change it "
                   "there.")
REPLY_MISSED = ("Your reply is saved, but {why}, so the prompt leaves it out and lists the question as open. "
                + UNTIL_CONFIRMED)
ANSWER_OFF = ("Your answer is saved, but {why}, so the prompt leaves it out and lists the question as open. "
              + UNTIL_CONFIRMED)


def reply_missed(interview: Interview, follow_up: FollowUp) -> str | None:
    """What to tell the expert when their reply does not answer its follow-up (what the assembler reads before it
    places a reply, elicit.core.assembly.unconfirmed); None when it does, or they kept it."""
    held = reply_unconfirmed(interview, follow_up)
    return REPLY_MISSED.format(why=held.why) if held else None


def answer_off(interview: Interview, question_id: str) -> str | None:
    """What to tell the expert when their answer looks off its question (a simulation about another case)."""
    held = answer_unconfirmed(interview, interview.guide.question(question_id))
    return ANSWER_OFF.format(why=held.why) if held else None


def keep_as_answer(*, db: Db, interview: Interview, item: Unconfirmed, actor: Actor = Actor()) -> None:
    """The expert keeps what was kept out (a follow-up's reply, or an answer's revision) as their answer, as they
    saw it: the prompt places it from now on, and the Unknown it made goes. StaleError, and nothing kept, when it
    changed meanwhile (another tab)."""
    follow_up = interview.follow_up(item.follow_up_id) if item.follow_up_id is not None else None
    now = reply_unconfirmed(interview, follow_up) if follow_up else \
        answer_unconfirmed(interview, interview.guide.question(item.question_id))
    if now is None or (now.key, now.said) != (item.key, item.said):
        raise StaleError("what you kept was changed in another tab or window, so nothing was kept; the page now "
                         "shows where the interview stands")
    if follow_up is not None:
        _commit_follow_up(db, interview, follow_up.id, interview.confirm_follow_up, author=editing.label_of(db, actor))
    else:
        editing.require_open(db, interview.id)
        store.confirm_answer(db=db, interview_id=interview.id, question_id=item.question_id, revision=item.revision)
        interview.confirm_answer(item.question_id)
    editing.note_edit(db, actor, interview.id, why="an answer was kept as it stands")


def change_kept_out(*, db: Db, interview: Interview, question_id: str, text: str, prober: Prober,
                    follow_up_id: int | None = None, actor: Actor = Actor()) -> Unconfirmed | None:
    """The expert changes what was kept out: a follow-up's reply gets a new revision, an answer a new revision
    probed as the wizard's Next does. The new text is checked again: returns why it is still kept out (None when
    the prompt now places it)."""
    if follow_up_id is None:
        submit_answer(db=db, interview=interview, question_id=question_id, raw=text, prober=prober)
        return answer_unconfirmed(interview, interview.guide.question(question_id))
    revise_follow_up(db=db, interview=interview, follow_up_id=follow_up_id, text=text, actor=actor)
    return reply_unconfirmed(interview, interview.follow_up(follow_up_id))


def skip_follow_up(*, db: Db, interview: Interview, follow_up_id: int) -> FollowUp:
    """The expert moves on; the gap becomes an open question of the prompt."""
    return _commit_follow_up(db, interview, follow_up_id, interview.skip_follow_up)


def revise_follow_up(*, db: Db, interview: Interview, follow_up_id: int, text: str, actor: Actor = Actor()
                     ) -> FollowUp | None:
    """A new revision of a follow-up's answer (also keeps one said about an earlier answer); None if unchanged."""
    follow_up = _commit_follow_up(db, interview, follow_up_id, interview.revise_follow_up, text,
                                  author=editing.label_of(db, actor))
    if follow_up is not None:
        editing.note_edit(db, actor, interview.id, why="a follow-up answer was revised")
        index(db, interview)
    return follow_up


def remove_follow_up(*, db: Db, interview: Interview, follow_up_id: int, actor: Actor = Actor()) -> FollowUp:
    """Take a follow-up's answer out of the prompt; the removal is a revision, and the history keeps the text."""
    follow_up = _commit_follow_up(db, interview, follow_up_id, interview.remove_follow_up,
                                  author=editing.label_of(db, actor))
    editing.note_edit(db, actor, interview.id, why="a follow-up answer was removed")
    index(db, interview)
    return follow_up


def draft(*, db: Db, interview: Interview) -> MegaPrompt:
    """The mega-prompt as it stands, with the changes people made to its statements."""
    return statements.assembled(db, interview).prompt


def finish(*, db: Db, interview: Interview) -> tuple[MegaPrompt, int]:
    """Save a prompt version and mark the interview complete; returns the prompt and its version number.

    Follow-ups still waiting are skipped first, so they appear as the prompt's open questions. When the prompt
    says what the latest version says, no version is added: that version is returned.
    """
    _skip_waiting(db, interview)
    versions = store.list_prompt_versions(db=db, interview_id=interview.id)
    prompt = statements.assembled(db, interview, version=len(versions) + 1).prompt
    latest = MegaPrompt.model_validate_json(versions[-1].document_json) if versions else None
    if latest is not None and (latest.sections, latest.open_questions) == (prompt.sections, prompt.open_questions):
        store.update_interview(db=db, interview_id=interview.id, status="complete")
        return latest, versions[-1].version
    record = store.save_prompt_version(db=db, interview_id=interview.id, markdown=to_markdown(prompt),
                                       document_json=to_json(prompt))
    store.update_interview(db=db, interview_id=interview.id, status="complete")
    index(db, interview, record.markdown)
    return prompt, record.version


def _skip_waiting(db: Db, interview: Interview) -> None:
    """Skip what still waits; one answered in another tab meanwhile is kept, and the interview read again."""
    stale = False
    for follow_up in interview.pending_follow_ups():
        try:
            skip_follow_up(db=db, interview=interview, follow_up_id=follow_up.id)
        except StaleError:
            stale = True
    if stale:
        fresh = load_interview(db=db, interview_id=interview.id)
        interview.history, interview.follow_ups = fresh.history, fresh.follow_ups


def answer_from(db: Db, interview: Interview, given: dict[str, Any], prober: Prober) -> tuple[set[str], list[str]]:
    """Answer every question from `given`, committed and probed one by one; the follow-ups the prober would ask
    are skipped and become open questions, questions not in `given` are skipped. Returns the probers' sources
    and the fallback notices, if any.
    """
    sources: set[str] = set()
    notices: list[str] = []

    def answered(question_id: str, value: Any) -> None:
        try:
            step = submit_answer(db=db, interview=interview, question_id=question_id, raw=value, prober=prober)
        except AnswerError as exc:
            raise AnswerError(f"answer to {question_id!r}: {exc}") from None
        sources.add(step.source)
        notices.extend([step.notice] if step.notice else [])

    walk(interview, given, answer=answered,
         skip=lambda question_id: skip_question(db=db, interview=interview, question_id=question_id),
         follow_up=lambda item: skip_follow_up(db=db, interview=interview, follow_up_id=item.id))
    return sources, notices


# --- what the wizard reads and keeps besides answers -------------------------------------------------------

InterviewRecord = store.InterviewRecord


def record(*, db: Db, interview_id: str) -> store.InterviewRecord:
    """The stored interview (who, what, its status); InterviewNotFoundError if there is none."""
    return store.get_interview(db=db, interview_id=interview_id)


def new_resume_link(*, db: Db, interview_id: str) -> str:
    """A fresh resume token for the interview; the old link stops working."""
    return store.rotate_token(db=db, interview_id=interview_id)


def follow_up_item(follow_up_id: int) -> str:
    """The draft slot of a follow-up's reply."""
    return store.follow_up_item(follow_up_id)


def keep_draft(*, db: Db, interview_id: str, item: str, value: Any) -> None:
    """What the expert has typed but not yet sent, kept so a reload or a crash does not lose it."""
    store.save_draft(db=db, interview_id=interview_id, item=item, value=value)


def drafts(*, db: Db, interview_id: str) -> dict[str, Any]:
    return store.drafts(db=db, interview_id=interview_id)
