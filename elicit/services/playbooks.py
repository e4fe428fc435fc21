"""Stored playbooks: the prompt an export uses, importing a playbook's JSON, and starting an upgrade interview."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from elicit.adapters import store
from elicit.services import interviews
from elicit.core.access import Actor
from elicit.core.assembly import SCHEMA_VERSION, MegaPrompt, prompt_inputs, task_line, to_markdown
from elicit.core.errors import AnswerError, InputFileError
from elicit.adapters.exports.transcript import transcript
from elicit.adapters.exports.document import TRANSCRIPT_KEY, stored_transcript, to_json_document
from elicit.adapters.exports.transcript import Transcript
from elicit.core.anatomy import ELEMENT_IDS
from elicit.core.guides import Guide, builtin_guides, get_guide
from elicit.core.interview import Interview, Origin
from elicit.core.linting import NOT_NEEDED, drafted_answers, set_aside
from elicit.adapters.store import Db


def latest(*, db: Db, interview_id: str) -> tuple[MegaPrompt, Interview]:
    """The latest saved version of an interview's prompt, or the draft when none is saved, with the interview."""
    interview = interviews.load_interview(db=db, interview_id=interview_id)
    versions = store.list_prompt_versions(db=db, interview_id=interview.id)
    if versions:
        return MegaPrompt.model_validate_json(versions[-1].document_json), interview
    return interviews.draft(db=db, interview=interview), interview


def teach_back_cases(*, db: Db, interview_id: str) -> list[dict[str, Any]]:
    """The teach-back cases of Try it: each scenario, the prompt's answer and the expert's correction."""
    return [{"id": t.id, "scenario": t.scenario, "answer": t.data.get("answer", ""), "wrong": t.data.get("wrong", ""),
             "better": t.data.get("better", ""), "outcome": t.outcome}
            for t in store.list_trials(db=db, interview_id=interview_id, kind="teach_back")]


def export_inputs(*, db: Db, interview_id: str) -> tuple[MegaPrompt, dict[str, Any]]:
    """What every export needs: the prompt and the interview's transcript (with the teach-back corrections).

    An imported playbook brings its transcript along in its JSON; that one is used.
    """
    prompt, interview = latest(db=db, interview_id=interview_id)
    versions = store.list_prompt_versions(db=db, interview_id=interview.id)
    brought = stored_transcript(versions[-1].document_json) if versions else None
    corrections = teach_back_cases(db=db, interview_id=interview.id)
    if brought:
        return prompt, {**brought, "teach_back": brought.get("teach_back", []) + corrections}
    return prompt, transcript(interview, corrections)


# --- import ------------------------------------------------------------------------------------------


def _unknown_keys(given: Any, kept: Any, where: str = "") -> list[str]:
    """Fields of the file the model would drop: importing them would lose data."""
    if isinstance(given, dict) and isinstance(kept, dict):
        found = [f"{where}{k}" for k in given if k not in kept]
        return found + [p for k in given if k in kept for p in _unknown_keys(given[k], kept[k], f"{where}{k}.")]
    if isinstance(given, list) and isinstance(kept, list):
        return [p for n, (g, k) in enumerate(zip(given, kept)) for p in _unknown_keys(g, k, f"{where}{n}.")]
    return []


MAX_METADATA_CHARS = 500
"""The longest title, domain, expert or topic an import keeps (the app's fields take 200-300; names are indexed)."""
MAX_INTEGER = 2**31 - 1
"""Version and position numbers are 32-bit integers in the database."""
ELEMENT_ORDER = list(ELEMENT_IDS)


class _DuplicateKeyError(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose key appears twice is ambiguous (which value wins?): refuse it instead of guessing."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _DuplicateKeyError(key)
        data[key] = value
    return data


def _without_nul(value: Any) -> Any:
    """NUL characters removed from every string, as they are from answers (PostgreSQL cannot store them)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    return value


def _too_large(value: Any, where: str = "") -> str | None:
    """The path of the first whole number the database cannot hold, if any."""
    if isinstance(value, int) and not isinstance(value, bool):
        return None if abs(value) <= MAX_INTEGER else (where.rstrip(".") or "document")
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    return next((found for k, v in items if (found := _too_large(v, f"{where}{k}."))), None)


def _loads(text: str, name: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{name}: not JSON ({exc.msg}, line {exc.lineno}); export it with --format json") from None
    except _DuplicateKeyError as exc:
        raise InputFileError(f"{name}: the key {str(exc)!r} appears twice in one object; keep one of them") from None
    except RecursionError:
        raise InputFileError(f"{name}: nested too deeply to be a playbook; export it with --format json") from None


def _check_content(prompt: MegaPrompt, name: str) -> None:
    """What the schema cannot say: the ten sections each once, a guide this installation has, bounded fields."""
    elements = [section.element for section in prompt.sections]
    if sorted(elements) != sorted(ELEMENT_ORDER):
        missing = [e for e in ELEMENT_ORDER if e not in elements]
        unknown = sorted({e for e in elements if e not in ELEMENT_ORDER})
        repeated = sorted({e for e in elements if e in ELEMENT_ORDER and elements.count(e) > 1})
        wrong = "; ".join(f"{label}: {', '.join(ids)}" for label, ids in
                          (("missing", missing), ("unknown", unknown), ("repeated", repeated)) if ids)
        raise InputFileError(f"{name}: sections must be the ten elements, each once ({wrong}); "
                          "export it again with --format json")
    for field in ("title", "domain", "expert", "topic"):
        size = len(getattr(prompt.metadata, field))
        if size > MAX_METADATA_CHARS:
            raise InputFileError(f"{name}: metadata.{field} is {size:,} characters; at most {MAX_METADATA_CHARS} "
                              "fit, shorten it")
    guides = builtin_guides()
    if prompt.metadata.guide_id not in guides:
        raise InputFileError(f"{name}: metadata.guide_id: this installation has no guide "
                          f"{prompt.metadata.guide_id!r} (it has {', '.join(guides)}); add that guide to "
                          "interview_guides/ first, or import on the installation that made the file")


def parse_playbook(text: str, name: str = "the file") -> MegaPrompt:
    """A playbook's JSON, validated; AnswerError says what is wrong when it is not one this version reads whole."""
    return parse_document(text, name)[0]


def _checked_transcript(brought: Any, name: str) -> dict[str, Any] | None:
    if brought is None:
        return None
    try:
        return Transcript.model_validate(brought).model_dump(mode="json", by_alias=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputFileError(f"{name}: {'.'.join(map(str, [TRANSCRIPT_KEY, *first['loc']]))}: {first['msg']}; "
                          "see elicit/core/schema/megaprompt.schema.json") from None


def parse_document(text: str, name: str = "the file") -> tuple[MegaPrompt, dict[str, Any] | None]:
    """The playbook and the transcript it carries (None when it carries none), both validated."""
    if not text.strip():
        raise InputFileError(f"{name}: the file is empty; export a playbook with `elicit export ID --format json`")
    data = _without_nul(_loads(text, name))
    if not isinstance(data, dict):
        kind = {list: "list", str: "string", bool: "true/false", type(None): "null"}.get(type(data), "number")
        raise InputFileError(f"{name}: holds a JSON {kind}, not a playbook (an object with metadata and sections); "
                          "export it with --format json")
    metadata = data.get("metadata")
    version = metadata.get("schema_version") if isinstance(metadata, dict) else None
    if version is not None and version not in READABLE_SCHEMAS:
        raise InputFileError(f"{name}: schema version {version!r}; this version of elicit reads "
                          f"{' or '.join(map(repr, READABLE_SCHEMAS))}")
    if (where := _too_large(data)) is not None:
        raise InputFileError(f"{name}: {where}: the number is too large (at most {MAX_INTEGER:,})")
    data = {**data}
    brought = _checked_transcript(data.pop(TRANSCRIPT_KEY, None), name)
    try:
        prompt = MegaPrompt.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputFileError(f"{name}: {'.'.join(map(str, first['loc'])) or 'document'}: {first['msg']}; "
                          "see elicit/core/schema/megaprompt.schema.json") from None
    unknown = _unknown_keys(data, prompt.model_dump(mode="json"))
    if unknown:
        raise InputFileError(f"{name}: fields this version does not know: {', '.join(unknown[:5])}; "
                          "importing would lose them")
    _check_content(prompt, name)
    return _current_shape(prompt), brought


READABLE_SCHEMAS = ("1", SCHEMA_VERSION)
"""Version 1 had no task line, inputs or unknowns; it is read whole and given them from its guide."""


def _current_shape(prompt: MegaPrompt) -> MegaPrompt:
    """A version-1 playbook in today's shape: the task line and input slots its guide declares."""
    if prompt.metadata.schema_version == SCHEMA_VERSION:
        return prompt
    guide = get_guide(prompt.metadata.guide_id)
    prompt.task = prompt.task or task_line(guide, prompt.metadata.topic)
    prompt.inputs = prompt.inputs or prompt_inputs(guide)
    prompt.metadata.schema_version = SCHEMA_VERSION
    return prompt


def import_playbook(*, db: Db, prompt: MegaPrompt, transcript: dict[str, Any] | None = None,
                    actor: Actor | None = None) -> tuple[str, int]:
    """Store an imported playbook as a new, finished interview whose version 1 is the document exactly as given
    (with the transcript it brought, which its exports then carry).

    The guide must be one this installation has. It belongs to the importing account (and its team), or, run
    without one, to the workspace owner when there is one; it is indexed for the library's search at once.
    Returns the new interview's id and the version number.
    """
    guide = get_guide(prompt.metadata.guide_id)
    record, _token = store.create_interview(db=db, guide_id=guide.id, guide_version=prompt.metadata.guide_version,
                                            expert=prompt.metadata.expert, topic=prompt.metadata.topic)
    owner = actor.user_id if actor is not None and actor.user_id else store.owner_account_id(db=db)
    if owner is not None:
        store.assign_interview(db=db, interview_id=record.id, owner_id=owner,
                               team_id=actor.team_id if actor is not None else None)
    markdown = to_markdown(prompt)
    version = store.save_prompt_version(db=db, interview_id=record.id, markdown=markdown,
                                        document_json=to_json_document(prompt, transcript))
    store.update_interview(db=db, interview_id=record.id, status="complete")
    said = [statement.text for statement in prompt.statements()]
    store.index_playbook(db=db, interview_id=record.id,
                         content="\n".join([prompt.metadata.topic, prompt.metadata.expert, *said, markdown]))
    return record.id, version.version


# --- upgrade ------------------------------------------------------------------------------------------


def start_upgrade(*, db: Db, guide: Guide, expert: str, topic: str, missing: list[str],
                  text: str = "") -> tuple[Interview, str]:
    """An interview that asks only for what a linted prompt is missing. The original prompt's parts (`text`) are
    carried over as drafted answers to the questions not asked, so they stay in the prompt; the rest are set aside."""
    if not missing:
        raise AnswerError("the prompt already has all ten elements; there is nothing to upgrade")
    interview, token = interviews.start_interview(db=db, guide=guide, expert=expert, topic=topic)
    drafted = drafted_answers(guide, missing, text) if text.strip() else {}
    for question_id in set_aside(guide, missing):
        if question_id in drafted:
            interviews.save_answer(db=db, interview=interview, question_id=question_id, raw=drafted[question_id],
                                 origin=Origin.DRAFTED)
        else:
            interviews.skip_question(db=db, interview=interview, question_id=question_id, note=NOT_NEEDED)
    return interview, token
