"""The usage log of language-model calls: where each call is stored, what the last working mode was, the totals."""

from __future__ import annotations

from elicit.adapters import llm, store
from elicit.adapters.store import Db


def seed_mode(db: Db, client: llm.LLMClient) -> None:
    """Start from the structured-output mode the log says last worked for this server and model."""
    if llm.known_mode(client.host, client.model) is None:
        mode = store.last_llm_mode(db=db, host=client.host, model=client.model)
        if mode:
            llm.remember_mode(client.host, client.model, mode)


def record_llm_calls(db: Db, client: llm.LLMClient, interview_id: str | None, fell_back: bool = False) -> None:
    """Store the client's logged calls; the failed call a fallback replaced is marked "fallback"."""
    calls = client.drain()
    for n, call in enumerate(calls):
        fields = call.fields()
        if fell_back and n == len(calls) - 1 and fields["status"] == "error":
            fields["status"] = "fallback"
        store.log_llm_call(db=db, interview_id=interview_id, **fields)


def totals(*, db: Db, interview_id: str) -> dict[str, int]:
    """The interview's calls, failures and tokens so far."""
    return store.llm_usage(db=db, interview_id=interview_id)


def usage_line(usage: dict[str, int]) -> str | None:
    """The interview's LLM totals in one line, or None when the model was never called."""
    if not usage["calls"]:
        return None
    failed = f", {usage['failed']} fell back or failed" if usage["failed"] else ""
    return (f"Assistant use: {usage['calls']} call{'s' if usage['calls'] != 1 else ''}{failed}; "
            f"{usage['prompt_tokens']:,} prompt and {usage['completion_tokens']:,} completion tokens.")
