"""The request guard in front of Streamlit, as ASGI sees it: what reaches the app and what never does."""

from __future__ import annotations

import asyncio
import subprocess

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg

from elicit.adapters.config import get_settings
from elicit.ui.routes.origins import client_address, is_https, origin_allowed
from elicit.ui.server import Pacer, RequestGuard
from tests.conftest import ROOT


def _scope(kind: str = "websocket", host: str = "127.0.0.1:8501", origin: str | None = "http://127.0.0.1:8501",
           peer: str = "127.0.0.1", **headers: str) -> dict:
    pairs = [(b"host", host.encode())] + ([(b"origin", origin.encode())] if origin else [])
    pairs += [(name.replace("_", "-").encode(), value.encode()) for name, value in headers.items()]
    return {"type": kind, "path": "/_stcore/stream", "headers": pairs, "client": (peer, 5000), "scheme": "ws",
            "method": "GET"}


def _message(kind: str) -> dict:
    message = BackMsg()
    if kind == "clear_cache":
        message.clear_cache = True
    else:
        message.rerun_script.query_string = ""
    return {"type": "websocket.receive", "bytes": message.SerializeToString()}


def test_a_browser_cannot_clear_the_caches_every_visitor_shares():
    seen = []

    async def app(scope, receive, send):
        while (message := await receive())["type"] != "websocket.disconnect":
            seen.append(BackMsg.FromString(message["bytes"]).WhichOneof("type"))

    incoming = [_message("clear_cache"), _message("rerun_script"), _message("clear_cache"),
                {"type": "websocket.disconnect"}]

    async def receive():
        return incoming.pop(0)

    async def send(_message):
        pass

    asyncio.run(RequestGuard(app)(_scope(), receive, send))
    assert seen == ["rerun_script"]


def test_one_client_asking_for_runs_without_pause_waits_its_turn_and_others_do_not(monkeypatch):
    """The attack of bench_crowd: a client's sessions ask for runs as fast as they can. Within the burst they run
    at once; beyond it each waits its turn (as `asyncio.sleep` on that client's own connection), and another
    client in the same moment does not wait at all."""
    monkeypatch.setenv("ELICIT_MAX_RUNS_PER_CLIENT", "4")
    get_settings.cache_clear()
    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep(seconds):
        slept.append(round(seconds, 2))
        await real_sleep(0)

    monkeypatch.setattr("elicit.ui.server.asyncio.sleep", sleep)
    runs = []

    async def app(scope, receive, send):
        while (message := await receive())["type"] != "websocket.disconnect":
            runs.append(BackMsg.FromString(message["bytes"]).WhichOneof("type"))

    def connection(count: int):
        incoming = [_message("rerun_script") for _ in range(count)] + [{"type": "websocket.disconnect"}]

        async def receive():
            return incoming.pop(0)

        return receive

    async def send(_message):
        pass

    guard = RequestGuard(app)
    crowd = _scope(X_Forwarded_For="10.9.9.9")
    asyncio.run(guard(crowd, connection(12), send))
    assert len(runs) == 12  # nothing is dropped: every run asked for is run, the later ones later
    assert slept[0] > 0 and len(slept) == 4 and slept == sorted(slept)  # 8 in the burst, then each waits longer
    slept.clear()
    asyncio.run(guard(_scope(X_Forwarded_For="10.9.9.10"), connection(3), send))
    assert slept == []  # someone else is not kept waiting
    get_settings.cache_clear()


def test_the_pacer_refills_at_its_rate(monkeypatch):
    monkeypatch.setenv("ELICIT_MAX_RUNS_PER_CLIENT", "2")
    get_settings.cache_clear()
    pacer = Pacer()
    assert [pacer.wait_for("a", now=0.0) for _ in range(4)] == [0, 0, 0, 0]  # a burst of twice the rate
    assert pacer.wait_for("a", now=0.0) == 0.5  # the fifth waits for half a second's refill
    assert pacer.wait_for("a", now=10.0) == 0  # a quiet while later the bucket is full again
    pacer.forget("a")
    assert pacer.wait_for("a", now=10.0) == 0
    get_settings.cache_clear()


@pytest.mark.parametrize(("origin", "host", "allowed"), [
    ("http://127.0.0.1:8501", "127.0.0.1:8501", True),
    ("http://127.0.0.1:9999", "127.0.0.1:8501", False),
    ("http://localhost:8501", "127.0.0.1:8501", False),
    ("http://localhost", "localhost:80", True),
    ("http://[::1]:8501", "[::1]:8501", True),
    ("http://evil.example:8501", "evil.example:8501", False),  # DNS rebinding: same-origin, foreign host
    ("https://elicit.example", "10.0.0.5:8501", True),  # listed
    ("not a url", "127.0.0.1:8501", False),
], ids=["own", "other port", "other name", "default port", "ipv6", "rebound", "listed", "garbage"])
def test_which_origins_may_connect(monkeypatch, origin, host, allowed):
    monkeypatch.setenv("ELICIT_ALLOWED_ORIGINS", "https://elicit.example")
    get_settings.cache_clear()
    assert origin_allowed(origin, _scope(host=host, origin=origin)) is allowed


@pytest.mark.parametrize(("peer", "forwarded", "proto", "address", "https"), [
    ("203.0.113.9", "10.0.0.1", "https", "203.0.113.9", False),  # an untrusted peer cannot claim anything
    ("127.0.0.1", "10.0.0.1", "https", "10.0.0.1", True),
    ("127.0.0.1", "6.6.6.6, 10.0.0.1", "http", "10.0.0.1", False),  # the proxy's own entry is the last one
], ids=["untrusted", "trusted", "spoofed chain"])
def test_forwarded_headers_only_from_a_trusted_proxy(monkeypatch, peer, forwarded, proto, address, https):
    monkeypatch.setenv("ELICIT_TRUSTED_PROXIES", "127.0.0.1")
    get_settings.cache_clear()
    scope = _scope(peer=peer, x_forwarded_for=forwarded, x_forwarded_proto=proto)
    assert (client_address(scope), is_https(scope)) == (address, https)


@pytest.mark.parametrize(("env", "args", "address"), [
    ({}, [], "127.0.0.1"),
    ({"ELICIT_BIND_ADDRESS": "0.0.0.0"}, [], "0.0.0.0"),
    ({}, ["ADDRESS=10.1.2.3", "PORT=9123"], "10.1.2.3"),
], ids=["loopback by default", "the setting", "one run"])
def test_make_run_listens_on_loopback_unless_told_otherwise(monkeypatch, env, args, address):
    monkeypatch.delenv("ELICIT_BIND_ADDRESS", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    command = subprocess.run(["make", "-s", "-n", "-o", ".venv/.installed-stamp", "run", *args],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert f"--server.address={address}" in command
    assert "--server.port=9123" in command if "PORT=9123" in args else "--server.port=8501" in command


@pytest.mark.parametrize("preset", ["", "   "], ids=["empty", "spaces"])
def test_a_blank_preset_setup_code_is_no_code_at_all(monkeypatch, tmp_path, preset):
    from elicit.ui.routes import signin

    monkeypatch.setenv("ELICIT_SETUP_CODE", preset)
    monkeypatch.setenv("ELICIT_SETUP_CODE_FILE", str(tmp_path / "setup-code.txt"))
    get_settings.cache_clear()
    try:
        code = signin.setup_code()
        assert len(code) >= 20 and (tmp_path / "setup-code.txt").read_text().strip() == code
        assert signin.setup_code() == code, "the same code until a fresh one is made"
    finally:
        get_settings.cache_clear()


def test_an_origin_with_another_scheme_is_another_origin():
    """Issue 30: https://127.0.0.1:PORT was accepted for an app served over http on that port."""
    assert origin_allowed("http://127.0.0.1:8501", _scope(origin="http://127.0.0.1:8501"))
    assert not origin_allowed("https://127.0.0.1:8501", _scope(origin="https://127.0.0.1:8501"))
    wss = {**_scope(origin="https://127.0.0.1:8501"), "scheme": "wss"}
    assert origin_allowed("https://127.0.0.1:8501", wss) and not origin_allowed("http://127.0.0.1:8501", wss)
