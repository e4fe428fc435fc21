"""Stored playbooks: the prompt an export uses, importing a playbook's JSON, and starting an upgrade interview."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from elicit import store, workflow
from elicit.assembly import SCHEMA_VERSION, MegaPrompt, to_json, to_markdown
from elicit.errors import AnswerError
from elicit.exports import transcript
from elicit.guides import Guide, get_guide
from elicit.interview import Interview
from elicit.linting import NOT_NEEDED, set_aside


def latest(*, db, interview_id: str) -> tuple[MegaPrompt, Interview]:
    """The latest saved version of an interview's prompt, or the draft when none is saved, with the interview."""
    interview = workflow.load_interview(db=db, interview_id=interview_id)
    versions = store.list_prompt_versions(db=db, interview_id=interview.id)
    if versions:
        return MegaPrompt.model_validate_json(versions[-1].document_json), interview
    return workflow.draft(db=db, interview=interview), interview


def export_inputs(*, db, interview_id: str) -> tuple[MegaPrompt, dict[str, Any]]:
    """What every export needs: the prompt and the interview's transcript."""
    prompt, interview = latest(db=db, interview_id=interview_id)
    return prompt, transcript(interview)


# --- import ------------------------------------------------------------------------------------------


def _unknown_keys(given: Any, kept: Any, where: str = "") -> list[str]:
    """Fields of the file the model would drop: importing them would lose data."""
    if isinstance(given, dict) and isinstance(kept, dict):
        found = [f"{where}{k}" for k in given if k not in kept]
        return found + [p for k in given if k in kept for p in _unknown_keys(given[k], kept[k], f"{where}{k}.")]
    if isinstance(given, list) and isinstance(kept, list):
        return [p for n, (g, k) in enumerate(zip(given, kept)) for p in _unknown_keys(g, k, f"{where}{n}.")]
    return []


def parse_playbook(text: str, name: str = "the file") -> MegaPrompt:
    """A playbook's JSON, validated; AnswerError says what is wrong when it is not one this version reads whole."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswerError(f"{name}: not JSON ({exc.msg}, line {exc.lineno}); export it with --format json") from None
    version = (data.get("metadata") or {}).get("schema_version") if isinstance(data, dict) else None
    if version is not None and version != SCHEMA_VERSION:
        raise AnswerError(f"{name}: schema version {version!r}; this version of elicit reads {SCHEMA_VERSION!r}")
    try:
        prompt = MegaPrompt.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise AnswerError(f"{name}: {'.'.join(map(str, first['loc'])) or 'document'}: {first['msg']}; "
                          "see elicit/schema/megaprompt.schema.json") from None
    unknown = _unknown_keys(data, prompt.model_dump(mode="json"))
    if unknown:
        raise AnswerError(f"{name}: fields this version does not know: {', '.join(unknown[:5])}; "
                          "importing would lose them")
    return prompt


def import_playbook(*, db, prompt: MegaPrompt) -> tuple[str, int]:
    """Store an imported playbook as a new, finished interview whose version 1 is the document exactly as given.

    The guide must be one this installation has. Returns the new interview's id and the version number.
    """
    guide = get_guide(prompt.metadata.guide_id)
    record, _token = store.create_interview(db=db, guide_id=guide.id, guide_version=prompt.metadata.guide_version,
                                            expert=prompt.metadata.expert, topic=prompt.metadata.topic)
    version = store.save_prompt_version(db=db, interview_id=record.id, markdown=to_markdown(prompt),
                                        document_json=to_json(prompt))
    store.update_interview(db=db, interview_id=record.id, status="complete")
    return record.id, version.version


# --- upgrade ------------------------------------------------------------------------------------------


def start_upgrade(*, db, guide: Guide, expert: str, topic: str, missing: list[str]) -> tuple[Interview, str]:
    """An interview that asks only for what a linted prompt is missing: the other questions are set aside."""
    if not missing:
        raise AnswerError("the prompt already has all ten elements; there is nothing to upgrade")
    interview, token = workflow.start_interview(db=db, guide=guide, expert=expert, topic=topic)
    for question_id in set_aside(guide, missing):
        workflow.skip_question(db=db, interview=interview, question_id=question_id, note=NOT_NEEDED)
    return interview, token
