"""The playbook's JSON: the MegaPrompt, optionally with the interview's transcript, and its strict JSON Schema.

The schema says `additionalProperties: false` on every object, as `elicit import` refuses any field it would
drop; regenerate the published file with `python -c 'from elicit.adapters.exports.document import write_json_schema;
write_json_schema()'`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from elicit.core.assembly import SCHEMA_PATH, MegaPrompt, json_schema as loose_schema, to_json
from elicit.adapters.exports.transcript import Transcript

TRANSCRIPT_KEY = "transcript"


def _closed(node: Any) -> None:
    """Every object schema with properties refuses properties it does not name."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
        for value in node.values():
            _closed(value)
    elif isinstance(node, list):
        for value in node:
            _closed(value)


def json_schema() -> dict[str, Any]:
    """The published, strict JSON Schema of the JSON export (elicit/core/schema/megaprompt.schema.json)."""
    schema = loose_schema()
    transcript = Transcript.model_json_schema(by_alias=True, ref_template="#/$defs/{model}")
    schema.setdefault("$defs", {}).update(transcript.pop("$defs", {}))
    schema["$defs"]["Transcript"] = transcript
    schema["properties"][TRANSCRIPT_KEY] = {
        "$ref": "#/$defs/Transcript",
        "description": "the interview's transcript, when the export was asked for it (--transcript)"}
    _closed(schema)
    return schema


def write_json_schema(path: Path = SCHEMA_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(json_schema(), indent=2) + "\n", encoding="utf-8")


def to_json_document(prompt: MegaPrompt, transcript: dict[str, Any] | None = None) -> str:
    """The JSON export; with the transcript under `transcript` when one is given, so an import keeps it."""
    if transcript is None:
        return to_json(prompt)
    data = json.loads(to_json(prompt))
    data[TRANSCRIPT_KEY] = Transcript.model_validate(transcript).model_dump(mode="json", by_alias=True)
    return json.dumps(data, indent=2, ensure_ascii=False)


def stored_transcript(document_json: str) -> dict[str, Any] | None:
    """The transcript an imported playbook brought with it, if any."""
    data = json.loads(document_json)
    return data.get(TRANSCRIPT_KEY) if isinstance(data, dict) else None
