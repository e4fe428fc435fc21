"""Rebuilding an interview from the database, the one source of truth, below every use case that needs one:
interviews, statements and the rest load through here, so none of them has to import another to read one."""

from __future__ import annotations

import logging

from elicit.adapters import store
from elicit.adapters.config import Settings, get_settings
from elicit.adapters.store import Db
from elicit.core.guides import Guide, get_guide
from elicit.core.interview import Answer, FollowUp, FollowUpStatus, Interview, Limits, Origin, value_from_storage

log = logging.getLogger(__name__)


def _limits(settings: Settings) -> Limits:
    return Limits(per_question=settings.max_follow_ups_per_question,
                  per_interview=settings.max_follow_ups_per_interview)


def new_interview(guide: Guide, record: store.InterviewRecord, settings: Settings) -> Interview:
    return Interview(guide=guide, expert=record.expert, topic=record.topic, id=record.id, path=record.path,
                     created_at=record.created_at, limits=_limits(settings), max_chars=settings.max_answer_chars)


def load_interview(*, db: Db, interview_id: str) -> Interview:
    """Rebuild an interview from the database, the one source of truth."""
    return _rebuild(db, store.get_interview(db=db, interview_id=interview_id))


def load_by_token(*, db: Db, token: str) -> Interview:
    return _rebuild(db, store.find_interview_by_token(db=db, token=token))


def _rebuild(db: Db, record: store.InterviewRecord) -> Interview:
    guide = get_guide(record.guide_id)
    interview = new_interview(guide, record, get_settings())
    known = {q.id: q for q in guide.questions}
    for question_id, revisions in store.answer_revisions(db=db, interview_id=record.id).items():
        if question_id not in known:
            log.warning("interview %s has an answer to %r, which guide %s no longer asks", record.id,
                        question_id, guide.id)
            continue
        interview.history[question_id] = [
            Answer(r.question_id, value_from_storage(known[question_id], store.answer_value(r)), r.text, r.revision,
                   Origin(r.origin), r.skipped, r.confirmed)
            for r in revisions
        ]
    interview.follow_ups = [
        FollowUp(f.question_id, f.check, f.element, f.reason, f.ask, f.source, FollowUpStatus(f.status), f.answer, f.id,
                 f.revision, f.confirmed)
        for f in store.list_follow_ups(db=db, interview_id=record.id)
    ]
    return interview
