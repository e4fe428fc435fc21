"""The LLM call log: one row per call to a language model, with credentials redacted before anything is stored."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel, select

from elicit.adapters.config import get_settings
from elicit.adapters.store.columns import _interview_key, _timestamp
from elicit.adapters.store.engine import Db, _begin_write, _commit, _require

LLM_CALL_STATUSES = ("ok", "error", "fallback")
SECRET_KEYS = frozenset({"api_key", "api-key", "x-api-key", "authorization"})


class LLMCallRecord(SQLModel, table=True):
    """One call to a language model, logged so nothing the model did is invisible (never a key)."""

    __tablename__ = "llm_call"
    id: int | None = Field(default=None, primary_key=True)
    interview_id: str | None = _interview_key(nullable=True)
    purpose: str
    model: str
    host: str
    mode: str | None = None
    status: str
    error: str | None = None
    latency_ms: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    request_json: str | None = None
    response_json: str | None = None
    created_at: datetime = _timestamp()


def log_llm_call(*, db: Db, **fields: Any) -> LLMCallRecord:
    """Log one LLM call; request and response may be JSON text or JSON-able, and keys are redacted."""
    unknown = sorted(set(fields) - set(LLMCallRecord.model_fields))
    if unknown:
        raise TypeError(f"log_llm_call got unknown fields: {', '.join(unknown)}")
    _require(fields.get("status"), LLM_CALL_STATUSES, "LLM call status")
    for name in ("request_json", "response_json", "error"):
        if fields.get(name) is not None:
            fields[name] = _redacted_text(fields[name], as_json=name != "error")
    _begin_write(db)
    return _commit(db, LLMCallRecord(**fields))


def last_llm_mode(*, db: Db, host: str, model: str) -> str | None:
    """The structured-output mode of the newest successful call to this host and model, if any."""
    query = (
        select(LLMCallRecord.mode)
        .where(LLMCallRecord.host == host, LLMCallRecord.model == model, LLMCallRecord.status == "ok",
               LLMCallRecord.mode.is_not(None), LLMCallRecord.mode != "stream")
        .order_by(LLMCallRecord.id.desc())
        .limit(1)
    )
    return db.exec(query).first()


def llm_usage(*, db: Db, interview_id: str) -> dict[str, int]:
    """An interview's LLM totals: calls, failed calls, prompt and completion tokens."""
    rows = db.exec(select(LLMCallRecord).where(LLMCallRecord.interview_id == interview_id)).all()
    return {"calls": len(rows), "failed": sum(r.status != "ok" for r in rows),
            "prompt_tokens": sum(r.prompt_tokens or 0 for r in rows),
            "completion_tokens": sum(r.completion_tokens or 0 for r in rows)}


def list_llm_calls(*, db: Db, interview_id: str | None = None, purpose: str | None = None) -> list[LLMCallRecord]:
    """Logged LLM calls, oldest first, optionally of one interview and one purpose."""
    query = select(LLMCallRecord).order_by(LLMCallRecord.id)
    if interview_id is not None:
        query = query.where(LLMCallRecord.interview_id == interview_id)
    if purpose is not None:
        query = query.where(LLMCallRecord.purpose == purpose)
    return list(db.exec(query).all())


# --- redaction ------------------------------------------------------------------------------------------


def _redacted_text(value: Any, *, as_json: bool) -> str:
    """`value` as text with secrets removed: credential-named JSON keys and the configured API key."""
    if as_json and isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            pass
    text = json.dumps(_redacted(value), ensure_ascii=False) if as_json and not isinstance(value, str) else str(value)
    api_key = get_settings().llm_api_key
    secret = api_key.get_secret_value() if api_key else ""
    return text.replace(secret, "[redacted]") if secret else text


def _redacted(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: "[redacted]" if str(key).lower() in SECRET_KEYS else _redacted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    return value
