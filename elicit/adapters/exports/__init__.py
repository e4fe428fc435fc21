"""Exports: a MegaPrompt (and its interview's transcript) in every format the people and tools that use it read.

Text a person typed is made safe to render in every text export (`safety`); the JSON keeps it exactly.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
import zipfile
from datetime import UTC, datetime
from typing import Any

from elicit.core.assembly import MegaPrompt, to_markdown, to_text
from elicit.adapters.exports.chain import DEFAULT_STYLE, STYLES, to_chain_json, to_chain_yaml
from elicit.adapters.exports.common import unclashed
from elicit.adapters.exports.condensed import CUSTOM_GPT_LIMIT, condensed, to_short_text
from elicit.adapters.exports.chat import to_anthropic, to_dotprompt, to_langfuse, to_openai, to_responses
from elicit.adapters.exports.document import json_schema, to_json_document
from elicit.adapters.exports.finetune import MIN_EXAMPLES, TooFewExamplesError, from_teach_back, to_jsonl
from elicit.adapters.exports.formats import CHAIN_YAML, FORMATS, Format, UnknownFormatError, describe, file_name
from elicit.adapters.exports.promptfoo import DEFAULT_PROVIDER, to_promptfoo
from elicit.adapters.exports.readable import to_html
from elicit.adapters.exports.safety import neutralised
from elicit.adapters.exports.skill import skill_files, skill_name
from elicit.adapters.exports.transcript import TRANSCRIPT_SCHEMA, transcript, transcript_markdown

__all__ = ["CHAIN_YAML", "DEFAULT_PROVIDER", "DEFAULT_STYLE", "FORMATS", "Format", "MIN_EXAMPLES", "STYLES",
           "TRANSCRIPT_SCHEMA", "TooFewExamplesError", "UnknownFormatError", "describe", "file_name",
           "json_schema", "length_warning", "render", "transcript", "transcript_markdown", "CUSTOM_GPT_LIMIT",
           "condensed", "to_short_text"]

BUNDLE_SCHEMA = "elicit-bundle/1"
FILE_MODE = 0o644
"""Files in the zips are readable by everyone who unpacks them (zipfile's default is 0600)."""


def length_warning(prompt: MegaPrompt, limit: int) -> str | None:
    """A warning when the plain-text prompt is longer than a custom assistant's instructions take."""
    size = _plain_length(prompt)
    if size <= limit:
        return None
    return (f"the plain-text prompt is {size:,} characters, over the {limit:,} a custom assistant's instructions "
            "take (a custom GPT takes 8,000): use the condensed plain text (txt-short), attach the Markdown as a "
            "knowledge file, or use the Agent Skill")


_LENGTHS: dict[str, int] = {}
_LENGTHS_LOCK = threading.Lock()
LENGTHS_KEPT = 64


def _plain_length(prompt: MegaPrompt) -> int:
    """The plain-text prompt's length, remembered by the prompt's JSON (0.5 ms to write, against 9-24 ms to make
    the text safe and render it): the Playbook page asks on every run."""
    key = prompt.model_dump_json()
    with _LENGTHS_LOCK:
        known = _LENGTHS.get(key)
    if known is None:
        known = len(to_text(neutralised(prompt)))
        with _LENGTHS_LOCK:
            if len(_LENGTHS) >= LENGTHS_KEPT:
                _LENGTHS.pop(next(iter(_LENGTHS)))
            _LENGTHS[key] = known
    return known


def _teach_back(data: dict[str, Any] | None) -> list:
    return from_teach_back((data or {}).get("teach_back", []))


def _text(fmt: str, prompt: MegaPrompt, data: dict[str, Any] | None, options: dict[str, Any]) -> str:
    style = options.get("style") or DEFAULT_STYLE
    if fmt != "json":  # the JSON document is the record: its input names stay as the guide gave them
        prompt = unclashed(prompt)
    renderers = {
        "md": lambda: to_markdown(neutralised(prompt)), "txt": lambda: to_text(neutralised(prompt)),
        "txt-short": lambda: to_short_text(neutralised(prompt), options.get("limit") or CUSTOM_GPT_LIMIT),
        "json": lambda: to_json_document(prompt, data if options.get("with_transcript") else None),
        "openai": lambda: to_openai(prompt), "responses": lambda: to_responses(prompt),
        "anthropic": lambda: to_anthropic(prompt), "langfuse": lambda: to_langfuse(prompt),
        "dotprompt": lambda: to_dotprompt(prompt), "chain": lambda: to_chain_json(prompt, style),
        "chain-yaml": lambda: to_chain_yaml(prompt, style),
        "promptfoo": lambda: to_promptfoo(prompt, options.get("provider") or DEFAULT_PROVIDER, _teach_back(data)),
        "jsonl": lambda: to_jsonl(prompt, _teach_back(data)), "html": lambda: to_html(prompt)}
    if fmt not in renderers:
        raise UnknownFormatError(f"no export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return renderers[fmt]()


def _zip(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | FILE_MODE) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def to_skill(prompt: MegaPrompt) -> bytes:
    """The Agent Skill as a zip of its folder (named as the skill)."""
    name = skill_name(prompt)
    return _zip({f"{name}/{path}": text for path, text in skill_files(prompt).items()})


_BUNDLED = {"prompt.md": "md", "prompt.txt": "txt", "prompt-short.txt": "txt-short", "prompt.json": "json", "openai.json": "openai",
            "responses.json": "responses", "anthropic.json": "anthropic", "langfuse.json": "langfuse",
            "playbook.prompt": "dotprompt", "chain.json": "chain", "chain.yaml": "chain-yaml",
            "promptfooconfig.yaml": "promptfoo", "finetune.jsonl": "jsonl", "playbook.html": "html"}


def to_bundle(prompt: MegaPrompt, interview_transcript: dict[str, Any] | None = None) -> bytes:
    """One zip: every format, the Agent Skill's folder, the transcript (JSON, Markdown) and MANIFEST.json."""
    data = interview_transcript or transcript(None)
    files: dict[str, str | bytes] = {}
    left_out = []
    for path, fmt in _BUNDLED.items():
        try:
            files[path] = _text(fmt, prompt, data, {})
        except TooFewExamplesError as exc:
            left_out.append({"path": path, "reason": str(exc)})
    files["transcript.json"] = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    files["transcript.md"] = transcript_markdown(data)
    name = skill_name(prompt)
    files.update({f"skill/{name}/{path}": text for path, text in skill_files(prompt).items()})
    files["MANIFEST.json"] = json.dumps(_manifest(prompt, files, left_out), indent=2, ensure_ascii=False) + "\n"
    return _zip(files)


def _described(path: str) -> tuple[str, str]:
    """A bundled file's format and what it is for."""
    fmt = _BUNDLED.get(path, "skill" if path.startswith("skill/") else "transcript")
    if fmt == "transcript":
        return fmt, "every question, answer revision, follow-up and teach-back correction of the interview"
    return fmt, describe(fmt).use


def _manifest(prompt: MegaPrompt, files: dict[str, str | bytes], left_out: list[dict[str, str]]) -> dict[str, Any]:
    listed = []
    for path, content in files.items():
        raw = content.encode("utf-8") if isinstance(content, str) else content
        fmt, use = _described(path)
        listed.append({"path": path, "format": fmt, "bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest(),
                       "use": use})
    meta = prompt.metadata
    return {"schema": BUNDLE_SCHEMA, "title": meta.title, "interview_id": meta.interview_id, "version": meta.version,
            "made": datetime.now(UTC).isoformat(timespec="seconds"), "files": listed, "left_out": left_out}


def render(fmt: str, prompt: MegaPrompt, interview_transcript: dict[str, Any] | None = None,
           **options: Any) -> bytes:
    """The export as bytes (UTF-8 for the text formats); UnknownFormatError names the formats there are.

    Options: `style` (the chain's placeholder style), `provider` (promptfoo's), `with_transcript` (JSON).
    """
    if fmt == "bundle":
        return to_bundle(prompt, interview_transcript)
    if fmt == "skill":
        return to_skill(prompt)
    return _text(fmt, prompt, interview_transcript, options).encode("utf-8")
