"""The LLM client with the real openai SDK over HTTP: the structured-output ladder, repair, faults, streaming."""

from __future__ import annotations

import json

import pytest

from elicit.adapters import llm
from elicit.adapters.config import Settings, get_settings
from elicit.core.errors import LLMError
from elicit.core.probing.llm import ProbeOutput
from tests.support.llm_server import API_KEY, MODEL

MESSAGES = [{"role": "system", "content": "Review the answer."}, {"role": "user", "content": "<answer>x</answer>"}]
VALID = {"satisfied": True, "gaps": [], "follow_up": None}


def client() -> llm.LLMClient:
    return llm.LLMClient(get_settings())


def formats(server) -> list[str | None]:
    return [(body.get("response_format") or {}).get("type") for body in server.chat_requests()]


def test_a_clean_call_uses_the_strict_schema_and_logs_usage(llm_env):
    c = client()
    result = c.structured("probe", MESSAGES, ProbeOutput)
    assert result.satisfied is False and result.gaps[0].check == "concrete_instance"
    assert formats(llm_env) == ["json_schema"]
    [call] = c.drain()
    assert (call.mode, call.status, call.model) == ("json_schema", "ok", MODEL)
    assert call.prompt_tokens > 0 and call.completion_tokens > 0 and call.latency_ms >= 0


def test_the_key_is_sent_to_the_server_and_never_logged(llm_env):
    c = client()
    c.structured("probe", MESSAGES, ProbeOutput)
    assert llm_env.requests[-1]["headers"]["authorization"] == f"Bearer {API_KEY}"
    assert API_KEY not in json.dumps([call.fields() for call in c.drain()])


@pytest.mark.parametrize(("fault", "expected"), [
    ("400_schema", ["json_schema", "json_object"]),
    ("400_format", ["json_schema", "json_object", None]),
], ids=["no-schema-server-uses-json-mode", "no-format-server-uses-text"])
def test_the_ladder_steps_down_and_remembers_the_mode(llm_env, fault, expected):
    llm_env.fault = fault
    c = client()
    assert c.structured("probe", MESSAGES, ProbeOutput).satisfied is False
    assert formats(llm_env) == expected
    assert "JSON schema" in llm_env.chat_requests()[-1]["messages"][0]["content"]
    llm_env.requests.clear()
    c.structured("probe", MESSAGES, ProbeOutput)
    assert formats(llm_env) == expected[-1:], "the mode that worked is asked first next time"


@pytest.mark.parametrize("reply", [
    '```json\n{"satisfied": true, "gaps": [], "follow_up": null}\n```',
    '{"satisfied": true, "gaps": [], "follow_up": null,}',
    "Sure! {'satisfied': true, 'gaps': [], 'follow_up': null}",
], ids=["code-fence", "trailing-comma", "prose-and-single-quotes"])
def test_damaged_json_is_repaired_without_asking_again(llm_env, reply):
    llm_env.fault = "400_format"
    llm_env.script.append(reply)  # schema and JSON mode are rejected before a reply is used: this is plain text
    c = client()
    assert c.structured("probe", MESSAGES, ProbeOutput) == ProbeOutput(**VALID)


def test_invalid_output_is_asked_again_once_with_the_error(llm_env):
    llm_env.script.extend(['{"satisfied": "perhaps"}', json.dumps(VALID)])
    c = client()
    assert c.structured("probe", MESSAGES, ProbeOutput) == ProbeOutput(**VALID)
    second = llm_env.chat_requests()[-1]["messages"]
    assert second[-1]["role"] == "user" and "not valid" in second[-1]["content"] and "satisfied" in second[-1]["content"]
    assert [call.status for call in c.drain()] == ["error", "ok"]


@pytest.mark.parametrize(("fault", "says"), [
    ("slow", "did not answer within 0.5 s"),
    ("429", "rate-limiting (429)"),
    ("500", "answered with an error (500)"),
    ("malformed", "did not fit, even when asked again"),
    ("refusal", "refused"),
    ("length", "cut off"),
    ("drop", "could not connect"),
])
def test_every_fault_is_an_llm_error_that_says_what_happened(llm_env, fault, says):
    llm_env.fault = fault
    c = client()
    with pytest.raises(LLMError, match=says.replace("(", r"\(").replace(")", r"\)")):
        c.structured("probe", MESSAGES, ProbeOutput)
    assert c.drain()[-1].status == "error"


def test_429_is_retried_then_succeeds(llm_env, monkeypatch):
    monkeypatch.setenv("ELICIT_LLM_RETRIES", "2")
    get_settings.cache_clear()
    llm_env.faults.extend(["429", "429"])
    assert client().structured("probe", MESSAGES, ProbeOutput).satisfied is False
    assert len(llm_env.chat_requests()) == 3


def test_a_refused_connection_says_where_it_tried():
    settings = Settings(llm_base_url="http://127.0.0.1:9/v1", llm_model="m", llm_timeout=0.5, llm_retries=0)
    with pytest.raises(LLMError, match=r"could not connect to 127\.0\.0\.1:9"):
        llm.LLMClient(settings).check_connection()


def test_streaming_yields_the_text_and_logs_usage(llm_env):
    llm_env.script.append("You are the first responder on a product recall.")
    c = client()
    chunks = list(c.stream_text("polish", MESSAGES))
    assert len(chunks) > 1 and "".join(chunks) == "You are the first responder on a product recall."
    [call] = c.drain()
    assert call.mode == "stream" and call.completion_tokens > 0 and call.prompt_tokens > 0


@pytest.mark.parametrize(("fault", "says"), [
    ("500", "500"), ("refusal", "refused"), ("length", "cut off"), ("drop", "could not connect"),
    ("slow", "did not answer"),
])
def test_a_failing_stream_is_an_llm_error(llm_env, fault, says):
    llm_env.fault = fault
    c = client()
    with pytest.raises(LLMError, match=says):
        list(c.stream_text("polish", MESSAGES))
    assert c.drain()[-1].status == "error"


def test_transcription_through_the_server(llm_env):
    c = client()
    assert c.transcribe(b"RIFF....WAVE", "answer.wav") == llm_env.transcript
    assert llm_env.requests[-1]["path"].endswith("/audio/transcriptions")
    assert c.drain()[0].purpose == "transcribe"


@pytest.mark.parametrize(("model", "says"), [
    (MODEL, "is available"),
    ("other-model", "does not list the model 'other-model'"),
], ids=["known-model", "unknown-model"])
def test_the_connection_test_says_plainly_what_it_found(llm_env, monkeypatch, model, says):
    monkeypatch.setenv("ELICIT_LLM_MODEL", model)
    get_settings.cache_clear()
    assert says in client().check_connection()


@pytest.mark.parametrize(("env", "configured", "url"), [
    ({}, False, None),
    ({"ELICIT_LLM_MODEL": "m"}, False, None),
    ({"ELICIT_LLM_MODEL": "m", "OPENAI_API_KEY": "k"}, True, "https://api.openai.com/v1"),
    ({"ELICIT_LLM_MODEL": "m", "OPENAI_BASE_URL": "http://localhost:11434/v1/"}, True, "http://localhost:11434/v1"),
    ({"ELICIT_LLM_MODEL": "m", "ELICIT_LLM_BASE_URL": "http://a:1/v1", "OPENAI_BASE_URL": "http://b:2/v1"}, True,
     "http://a:1/v1"),
], ids=["nothing", "model-only", "openai-key", "openai-base-url", "elicit-wins"])
def test_settings_honour_the_standard_openai_variables(monkeypatch, env, configured, url):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    assert (settings.llm_configured, settings.llm_url) == (configured, url)


def test_an_unconfigured_client_says_what_to_set():
    with pytest.raises(LLMError, match="ELICIT_LLM_MODEL"):
        llm.LLMClient(Settings())


def test_an_interrupted_stream_is_logged_as_such(llm_env):
    llm_env.script.append("one two three four five")
    c = client()
    stream = c.stream_text("polish", MESSAGES)
    next(stream)
    stream.close()  # what a click during generation does to the page's reader
    [call] = c.drain()
    assert call.status == "error" and "interrupted" in call.error and json.loads(call.response_json)["interrupted"]
