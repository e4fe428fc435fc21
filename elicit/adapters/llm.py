"""The language model: the only importer of `openai`; structured output with fallbacks, streaming, transcription.

Every HTTP call is noted as a `CallLog` in `LLMClient.calls` (model, mode, tokens, latency, outcome, never the
key); the caller stores them. Failures raise `LLMError` with a message a person can act on.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import json_repair
import openai
from pydantic import BaseModel, ValidationError

from elicit.adapters.config import Settings
from elicit.core.errors import LLMError

T = TypeVar("T", bound=BaseModel)
MODES = ("json_schema", "json_object", "text")
"""The structured-output ladder: strict schema, then JSON mode with the schema in the instructions, then plain text."""
_KNOWN_MODES: dict[tuple[str, str], str] = {}  # (host, model) -> the mode that last worked, for this process


class Unsupported(Exception):
    """The server rejected this structured-output mode (a 400): the next mode on the ladder is tried."""


@dataclass
class CallLog:
    """One HTTP call to the model, as the usage log keeps it."""

    purpose: str
    model: str
    host: str
    mode: str | None
    status: str
    latency_ms: int
    error: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    request_json: str | None = None
    response_json: str | None = None

    def fields(self) -> dict[str, Any]:
        return asdict(self)


def host_of(url: str | None) -> str:
    """The host (and port) of a base URL, the name a person recognises; never any credentials in it."""
    parts = urlsplit(url or "")
    return parts.hostname + (f":{parts.port}" if parts.port else "") if parts.hostname else (url or "")


def remember_mode(host: str, model: str, mode: str) -> None:
    if mode in MODES:
        _KNOWN_MODES[(host, model)] = mode


def known_mode(host: str, model: str) -> str | None:
    return _KNOWN_MODES.get((host, model))


def forget_modes() -> None:
    """Forget every remembered mode (tests, or after the server changed)."""
    _KNOWN_MODES.clear()


def _error_message(exc: Exception, settings: Settings, host: str) -> str:
    """What went wrong, in words a person can act on; never the server's text (it may echo a key)."""
    if isinstance(exc, openai.APITimeoutError):
        return f"{host} did not answer within {settings.llm_timeout:g} s; raise ELICIT_LLM_TIMEOUT or try later"
    if isinstance(exc, openai.APIConnectionError):
        return f"could not connect to {host}; check that the server runs and ELICIT_LLM_BASE_URL is right"
    if isinstance(exc, openai.AuthenticationError):
        return f"{host} refused the key (401); check ELICIT_LLM_API_KEY"
    if isinstance(exc, openai.PermissionDeniedError):
        return f"{host} denied access (403); check the key's permissions"
    if isinstance(exc, openai.NotFoundError):
        return f"{host} does not know the model {settings.llm_model!r} (404); check ELICIT_LLM_MODEL"
    if isinstance(exc, openai.RateLimitError):
        return f"{host} is rate-limiting (429) after {settings.llm_retries} retries; try again in a minute"
    if isinstance(exc, openai.APIStatusError):
        return f"{host} answered with an error ({exc.status_code}); try again later"
    return f"the call to {host} failed ({type(exc).__name__})"


class LLMClient:
    """A client for one configured server and model; `calls` collects the log of every HTTP call made."""

    def __init__(self, settings: Settings):
        if not settings.llm_configured:
            raise LLMError("no language model is configured; set ELICIT_LLM_BASE_URL and ELICIT_LLM_MODEL")
        self.settings, self.model, self.host = settings, settings.llm_model, host_of(settings.llm_url)
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"  # local servers
        self._client = openai.OpenAI(base_url=settings.llm_url, api_key=key, timeout=settings.llm_timeout,
                                     max_retries=settings.llm_retries)
        self.calls: list[CallLog] = []

    def drain(self) -> list[CallLog]:
        """The calls logged since the last drain."""
        calls, self.calls = self.calls, []
        return calls

    # --- one logged call ---------------------------------------------------------------------

    def _call(self, purpose: str, mode: str | None, request: dict[str, Any], send) -> Any:
        """Send once, log it, and translate the SDK's errors (a 400 on a structured mode is Unsupported)."""
        started = time.monotonic()
        log = CallLog(purpose, self.model, self.host, mode, "ok", 0, request_json=json.dumps(request))
        self.calls.append(log)
        try:
            response = send()
        except openai.BadRequestError as exc:
            self._failed(log, started, f"{self.host} rejected the request (400)")
            if mode in ("json_schema", "json_object"):
                raise Unsupported(mode) from exc
            raise LLMError(log.error) from exc
        except openai.OpenAIError as exc:
            self._failed(log, started, _error_message(exc, self.settings, self.host))
            raise LLMError(log.error) from exc
        log.latency_ms = round((time.monotonic() - started) * 1000)
        return response, log

    def _failed(self, log: CallLog, started: float, message: str) -> None:
        log.status, log.error = "error", message
        log.latency_ms = round((time.monotonic() - started) * 1000)

    # --- structured output ---------------------------------------------------------------------

    def structured(self, purpose: str, messages: list[dict[str, str]], schema: type[T]) -> T:
        """A validated `schema` instance, down the ladder from the mode known to work; LLMError otherwise."""
        known = known_mode(self.host, self.model)
        ladder = MODES[MODES.index(known):] if known else MODES
        for mode in ladder:
            try:
                result = self._ask(purpose, mode, messages, schema)
            except Unsupported:
                continue
            remember_mode(self.host, self.model, mode)
            return result
        raise LLMError(f"{self.host} accepted none of the ways to ask for structured output; try another model")

    def _ask(self, purpose: str, mode: str, messages: list[dict[str, str]], schema: type[T]) -> T:
        """Ask in one mode; repair and validate the JSON, and re-ask once with the validation error."""
        messages = _with_schema(messages, schema) if mode != "json_schema" else messages
        content = self._content(purpose, mode, messages, schema)
        try:
            return _validated(content, schema)
        except (ValidationError, ValueError) as exc:
            self.calls[-1].status, self.calls[-1].error = "error", "the reply did not match the schema"
            retry = messages + [{"role": "assistant", "content": content},
                                {"role": "user", "content": _reask(exc)}]
        content = self._content(purpose, mode, retry, schema)
        try:
            return _validated(content, schema)
        except (ValidationError, ValueError) as exc:
            self.calls[-1].status, self.calls[-1].error = "error", "the reply did not match the schema"
            raise LLMError(f"{self.host} gave output that did not fit, even when asked again") from exc

    def _content(self, purpose: str, mode: str, messages: list[dict[str, str]], schema: type[BaseModel]) -> str:
        """The reply's text; a refusal or a reply cut off by the length limit is an LLMError."""
        request = {"model": self.model, "messages": messages, "temperature": 0}
        chat = self._client.chat.completions.with_raw_response
        if mode == "json_schema":
            send = lambda: chat.parse(**request, response_format=schema)  # noqa: E731
        elif mode == "json_object":
            send = lambda: chat.create(**request, response_format={"type": "json_object"})  # noqa: E731
        else:
            send = lambda: chat.create(**request)  # noqa: E731
        raw, log = self._call(purpose, mode, {**request, "mode": mode}, send)
        return self._read(raw.http_response.json() if hasattr(raw, "http_response") else json.loads(raw.text), log)

    def _read(self, data: dict[str, Any], log: CallLog) -> str:
        usage = data.get("usage") or {}
        log.prompt_tokens, log.completion_tokens = usage.get("prompt_tokens"), usage.get("completion_tokens")
        choice = (data.get("choices") or [{}])[0]
        message = choice.get("message") or {}
        log.response_json = json.dumps({"content": message.get("content"), "finish_reason": choice.get("finish_reason")})
        if message.get("refusal"):
            self._mark(log, "the model refused to answer")
        if choice.get("finish_reason") == "length":
            self._mark(log, "the reply was cut off by the length limit")
        if not message.get("content"):
            self._mark(log, "the reply was empty")
        return message["content"]

    def _mark(self, log: CallLog, message: str) -> None:
        log.status, log.error = "error", message
        raise LLMError(f"{self.host}: {message}")

    # --- text, streaming, audio, connection ---------------------------------------------------------

    def stream_text(self, purpose: str, messages: list[dict[str, str]]) -> Iterator[str]:
        """Yield the reply as it arrives; the call is logged (with usage) when the stream ends."""
        request = {"model": self.model, "messages": messages, "temperature": 0.2}
        send = lambda: self._client.chat.completions.create(  # noqa: E731
            **request, stream=True, stream_options={"include_usage": True})
        stream, log = self._call(purpose, "stream", request, send)
        started, parts = time.monotonic() - log.latency_ms / 1000, []
        try:
            for chunk in stream:
                if chunk.usage:
                    log.prompt_tokens, log.completion_tokens = chunk.usage.prompt_tokens, chunk.usage.completion_tokens
                for choice in chunk.choices:
                    if choice.delta and getattr(choice.delta, "refusal", None):
                        self._mark(log, "the model refused to answer")
                    if choice.delta and choice.delta.content:
                        parts.append(choice.delta.content)
                        yield choice.delta.content
                    if choice.finish_reason == "length":
                        self._mark(log, "the reply was cut off by the length limit")
        except openai.OpenAIError as exc:
            self._failed(log, started, _error_message(exc, self.settings, self.host))
            raise LLMError(log.error) from exc
        except GeneratorExit:  # the reader stopped (a click during generation): keep what arrived, marked
            self._failed(log, started, "the stream was interrupted before it ended")
            log.response_json = json.dumps({"content": "".join(parts), "interrupted": True})
            raise
        log.latency_ms = round((time.monotonic() - started) * 1000)
        log.response_json = json.dumps({"content": "".join(parts)})
        if not parts:
            self._mark(log, "the reply was empty")

    def transcribe(self, audio: bytes, filename: str = "answer.wav") -> str:
        """The text of a recorded answer, through the server's audio transcription endpoint."""
        request = {"model": self.settings.llm_transcription_model, "file": filename, "bytes": len(audio)}
        send = lambda: self._client.audio.transcriptions.create(  # noqa: E731
            model=self.settings.llm_transcription_model, file=(filename, audio))
        result, log = self._call("transcribe", None, request, send)
        log.model = self.settings.llm_transcription_model
        log.response_json = json.dumps({"text": result.text})
        return result.text

    def check_connection(self) -> str:
        """One line saying the server answers and knows the model; LLMError says plainly what is wrong."""
        page, _log = self._call("connection_test", None, {"model": self.model, "endpoint": "models"},
                                self._client.models.list)
        models = [m.id for m in page.data]
        if models and self.model not in models:
            offered = ", ".join(models[:8])
            return f"Connected to {self.host}, but it does not list the model {self.model!r} (it offers: {offered})."
        return f"Connected to {self.host}; the model {self.model!r} is available."


def _with_schema(messages: list[dict[str, str]], schema: type[BaseModel]) -> list[dict[str, str]]:
    """The instructions plus the JSON schema, for servers that can't enforce one."""
    rule = ("\n\nReply with one JSON object only, no prose and no code fence, valid against this JSON schema:\n"
            + json.dumps(schema.model_json_schema(), separators=(",", ":")))
    return [{**messages[0], "content": messages[0]["content"] + rule}] + messages[1:]


def _validated(content: str, schema: type[T]) -> T:
    """Repair common JSON damage (fences, trailing commas, quotes), then validate against the schema."""
    data = json_repair.loads(content)
    if not isinstance(data, dict):
        raise ValueError("the reply was not a JSON object")
    return schema.model_validate(data)


def _reask(exc: Exception) -> str:
    detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5]) \
        if isinstance(exc, ValidationError) else str(exc)
    return f"That reply was not valid ({detail}). Reply again with the corrected JSON object only."
