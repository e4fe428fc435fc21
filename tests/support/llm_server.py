"""A small OpenAI-compatible HTTP server for tests: scripted replies, streaming, usage and injectable faults.

It speaks just enough of the API for the real `openai` SDK: `/v1/models`, `/v1/chat/completions`
(plain, JSON mode, JSON schema, SSE streaming, usage), `/v1/responses` (plain), `/v1/audio/transcriptions`,
and Anthropic's `/v1/messages` (plain) for Anthropic's SDK. Replies come
from a queue (`script`), else from `responder(body)`. Faults are injected per request (`faults`,
consumed one per request) or for every request (`fault`):

    slow        sleep past the client's timeout, then answer
    429         status 429 with `retry-after: 0`
    500         status 500
    malformed   content that is not JSON
    refusal     a refusal instead of content
    length      finish_reason "length" with the content cut off
    drop        close the connection without an answer
    400_schema  status 400 when the request asks for a JSON schema
    400_format  status 400 when the request asks for any response format (schema or JSON mode)
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = ("slow", "429", "500", "malformed", "refusal", "length", "drop", "400_schema", "400_format")
MODEL = "test-model"
SLOW_TIMEOUT = 0.5
"""The client timeout while the server is slow (it sleeps `delay`, 2 s, before it answers)."""
TIMEOUT = 60
"""The client timeout otherwise: longer than the 30 s an AppTest run may take (tests/support/apptest.py), so on a
stalled machine the run fails saying it timed out, instead of the app's calm "could not read the document" line
standing in for a reply that was on its way (and a test failing later, on an empty box)."""


def probe_reply(body: dict[str, Any]) -> str:
    """The default reply: a probe verdict asking for a concrete case, valid against the probe schema."""
    return json.dumps({"satisfied": False, "gaps": [{"element": "examples", "check": "concrete_instance",
                                                     "reason": "No real case was described."}],
                       "follow_up": "When did this last happen, and what did you do?"})


def tokens(text: str) -> int:
    return max(1, len(text) // 4)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (a timeout test) is expected; say nothing."""


class LLMServer:
    """The server and its script; `url` is the base URL to give the SDK."""

    def __init__(self) -> None:
        self.script: deque[str] = deque()
        self.faults: deque[str] = deque()
        self._fault: str | None = None
        self.on_slow: Callable[[], None] = lambda: None
        self.responder: Callable[[dict[str, Any]], str] = probe_reply
        self.transcript = "We call the client within the hour, because silence reads as guilt."
        self.requests: list[dict[str, Any]] = []
        self.delay = 2.0
        self.generation = 0
        """Bumped by `reset`: a request a slow fault held past the end of its test answers no later test."""
        self.httpd = _QuietServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def fault(self) -> str | None:
        return self._fault

    @fault.setter
    def fault(self, value: str | None) -> None:
        """A test that makes the server slow gets a client timeout shorter than the delay; the others get a
        timeout long enough for a busy machine, so no test depends on how fast the machine answers."""
        self._fault = value
        if value == "slow":
            self.on_slow()

    def start(self) -> "LLMServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def reset(self) -> None:
        self.generation += 1
        self.script.clear(), self.faults.clear(), self.requests.clear()
        self._fault, self.responder = None, probe_reply

    def next_fault(self) -> str | None:
        return self.faults.popleft() if self.faults else self.fault

    def reply_for(self, body: dict[str, Any]) -> str:
        return self.script.popleft() if self.script else self.responder(body)

    def chat_requests(self) -> list[dict[str, Any]]:
        return [r["body"] for r in self.requests if r["path"].endswith("/chat/completions")]


def _completion(content: str | None, body: dict, finish: str = "stop", refusal: str | None = None) -> dict:
    prompt = sum(tokens(str(m.get("content") or "")) for m in body.get("messages", []))
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": body["model"],
            "choices": [{"index": 0, "finish_reason": finish,
                         "message": {"role": "assistant", "content": content, "refusal": refusal}}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": tokens(content or refusal or ""),
                      "total_tokens": prompt + tokens(content or "")}}


def _response(content: str, body: dict) -> dict:
    """A Responses API reply (`POST /v1/responses`): one assistant message of output text."""
    used = tokens(str(body.get("instructions") or "")) + tokens(json.dumps(body.get("input") or ""))
    return {"id": "resp_test", "object": "response", "created_at": int(time.time()), "model": body["model"],
            "status": "completed", "output": [{"type": "message", "id": "msg_test", "status": "completed",
                                               "role": "assistant",
                                               "content": [{"type": "output_text", "text": content,
                                                            "annotations": []}]}],
            "parallel_tool_calls": False, "tool_choice": "auto", "tools": [],
            "usage": {"input_tokens": used, "output_tokens": tokens(content), "total_tokens": used + tokens(content)}}


def _anthropic_message(content: str, body: dict) -> dict:
    """An Anthropic Messages reply (`POST /v1/messages`, as Anthropic's SDK calls it): one text block."""
    used = tokens(str(body.get("system") or "")) + tokens(json.dumps(body.get("messages") or []))
    return {"id": "msg_test", "type": "message", "role": "assistant", "model": body["model"],
            "content": [{"type": "text", "text": content}], "stop_reason": "end_turn", "stop_sequence": None,
            "usage": {"input_tokens": used, "output_tokens": tokens(content)}}


def _handler(server: LLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def _send(self, status: int, data: dict, headers: dict[str, str] | None = None) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("content-length") or 0))

        def do_GET(self) -> None:
            server.requests.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": None})
            if self.path.rstrip("/").endswith("/models"):
                return self._send(200, {"object": "list", "data": [{"id": MODEL, "object": "model", "created": 0,
                                                                     "owned_by": "tests"}]})
            self._send(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            raw = self._body()
            is_chat = self.path.endswith("/chat/completions")
            is_responses = self.path.rstrip("/").endswith("/responses")
            is_messages = self.path.rstrip("/").endswith("/v1/messages")
            body = json.loads(raw) if is_chat or is_responses or is_messages else {}
            server.requests.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
            generation, fault = server.generation, server.next_fault()
            if self._fault_before(fault, body, generation):
                return
            if self.path.endswith("/audio/transcriptions"):
                return self._send(200, {"text": server.transcript})
            if is_responses:
                return self._send(200, _response(server.reply_for(body), body))
            if is_messages:
                return self._send(200, _anthropic_message(server.reply_for(body), body))
            if not is_chat:
                return self._send(404, {"error": {"message": "not found"}})
            content = server.reply_for(body)
            if body.get("stream"):
                return self._stream(content, body, fault)
            self._send(200, self._shaped(fault, content, body))

        def _fault_before(self, fault: str | None, body: dict, generation: int) -> bool:
            """Faults that replace the answer; True when one was sent (or, for a request held past the end of
            its test, none will be: its client gave up long ago, and the next test's script is not its reply)."""
            if fault == "slow":
                time.sleep(server.delay)
                if server.generation != generation:
                    self.close_connection = True
                    return True
            elif fault == "drop":
                self.close_connection = True
                self.connection.shutdown(2)
                return True
            elif fault in ("429", "500"):
                self._send(int(fault), {"error": {"message": f"injected {fault}"}}, {"retry-after": "0"})
                return True
            elif (fault == "400_schema" and (body.get("response_format") or {}).get("type") == "json_schema") or \
                    (fault == "400_format" and body.get("response_format")):
                self._send(400, {"error": {"message": "response_format json_schema is not supported"}})
                return True
            return False

        def _shaped(self, fault: str | None, content: str, body: dict) -> dict:
            if fault == "malformed":
                return _completion('{"satisfied": tru, "gaps": [', body)
            if fault == "refusal":
                return _completion(None, body, refusal="I can't help with that.")
            if fault == "length":
                return _completion(content[: len(content) // 2], body, finish="length")
            return _completion(content, body)

        def _stream(self, content: str, body: dict, fault: str | None = None) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("connection", "close")
            self.end_headers()
            self.close_connection = True
            base = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 0, "model": body["model"]}
            words = content.split(" ") if fault != "refusal" else []
            for n, word in enumerate(words):
                piece = word if n == len(words) - 1 else word + " "
                self._event({**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
            if fault == "refusal":
                self._event({**base, "choices": [{"index": 0, "delta": {"refusal": "I can't help with that."},
                                                  "finish_reason": None}]})
            finish = "length" if fault == "length" else "stop"
            self._event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
            if (body.get("stream_options") or {}).get("include_usage"):
                usage = _completion(content, body)["usage"]
                self._event({**base, "choices": [], "usage": usage})
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

        def _event(self, data: dict) -> None:
            self.wfile.write(f"data: {json.dumps(data)}\n\n".encode())
            self.wfile.flush()

    return Handler


API_KEY = "sk-test-NEVER-STORE-7f3a9c"


def configure(llm_server: LLMServer, monkeypatch: Any) -> Iterator[LLMServer]:
    """Configure the product to use the test server, with no retries and a timeout no busy machine reaches (a
    slow server comes with a short one). The body of the `llm_env` fixture (tests/conftest.py)."""
    from elicit.adapters import llm
    from elicit.adapters.config import get_settings

    llm_server.reset()
    for name, value in {"ELICIT_LLM_BASE_URL": llm_server.url, "ELICIT_LLM_MODEL": MODEL,
                        "ELICIT_LLM_API_KEY": API_KEY, "ELICIT_LLM_TIMEOUT": str(TIMEOUT), "ELICIT_LLM_RETRIES": "0"}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()

    def short_timeout() -> None:
        if float(os.environ["ELICIT_LLM_TIMEOUT"]) <= SLOW_TIMEOUT:  # the test set a shorter one itself
            return
        monkeypatch.setenv("ELICIT_LLM_TIMEOUT", str(SLOW_TIMEOUT))
        get_settings.cache_clear()

    llm_server.on_slow = short_timeout
    llm.forget_modes()
    yield llm_server
    llm.forget_modes()
    get_settings.cache_clear()
