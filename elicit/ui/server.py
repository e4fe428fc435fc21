"""The app as served: Streamlit's ASGI app with the sign-in routes, checked origins and hosts, bounded sessions.

`make run` starts it with `streamlit run elicit/ui/server.py`; any ASGI server can serve `app` too.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.proto.BackMsg_pb2 import BackMsg

from elicit.adapters.config import get_settings
from elicit.ui.routes.origins import client_address, host_allowed, origin_allowed, origin_listed
from elicit.ui.routes import welcome
from elicit.ui.routes.signin import ROUTES, lifespan

log = logging.getLogger(__name__)
STREAM = "/_stcore/stream"
NOT_A_PAGE = ("/_stcore", "/static", "/auth", "/media", "/component", "/app/static", "/favicon")

APP_SCRIPT = Path(__file__).resolve().parents[2] / "app.py"
# Images only from the app itself: Markdown that points an image elsewhere (a classic way to leak data
# from a prompt) is never fetched. Streamlit's own front end needs inline styles and scripts.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; "
       "frame-src 'self' blob: data:; worker-src 'self' blob:; media-src 'self' blob: data:; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"same-origin")]


class SecurityHeaders:
    """Adds the Content-Security-Policy and friends to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _refuse(scope: Scope, send: Send, status: int, text: str) -> None:
    """An HTTP answer to a request or a websocket upgrade (before it is accepted), saying what was wrong."""
    body, kind = text.encode(), "websocket.http.response" if scope["type"] == "websocket" else "http.response"
    if scope["type"] == "websocket" and "websocket.http.response" not in scope.get("extensions", {}):
        await send({"type": "websocket.close", "code": 1008})  # the server answers the upgrade with 403
        return
    await send({"type": f"{kind}.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": f"{kind}.body", "body": body})


class RequestGuard:
    """Refuses what a hostile neighbour would send, before Streamlit sees it.

    - a Host that is not this machine as its people reach it (DNS rebinding), on every request;
    - a websocket whose Origin is neither the app's own nor listed in ELICIT_ALLOWED_ORIGINS (403);
    - more open sessions from one client address than ELICIT_MAX_SESSIONS_PER_CLIENT (429, and the page says so);
    - more script runs a second from one client address than ELICIT_MAX_RUNS_PER_CLIENT (they wait their turn);
    - a browser's request to clear the server's caches, which would clear them for everyone.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.sessions: Counter[str] = Counter()
        self.pacer = Pacer()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host")
        if not host_allowed(host):
            log.warning("refused a request for the host %r", host)
            await _refuse(scope, send, 400, f"This server does not answer to {host!r}. Its administrator can list "
                          "the address people use in ELICIT_ALLOWED_ORIGINS.")
            return
        client = client_address(scope)
        if scope["type"] == "websocket":
            await self._stream(scope, receive, send, client)
        elif self._too_many(client) and self._is_page(scope):
            await _refuse(scope, send, 429, self._too_many_text())
        else:
            await self.app(scope, receive, send)

    def _too_many(self, client: str) -> bool:
        return self.sessions[client] >= get_settings().max_sessions_per_client

    def _too_many_text(self) -> str:
        return (f"Too many open sessions from your address (at most {get_settings().max_sessions_per_client}). "
                "Close some of this app's tabs or windows, then reload the page.")

    @staticmethod
    def _is_page(scope: Scope) -> bool:
        accept = Headers(scope=scope).get("accept", "")
        return scope["method"] == "GET" and "text/html" in accept and not scope["path"].startswith(NOT_A_PAGE)

    async def _stream(self, scope: Scope, receive: Receive, send: Send, client: str) -> None:
        origin = Headers(scope=scope).get("origin")
        if not origin_allowed(origin, scope):
            log.warning("refused a websocket from the origin %r", origin)
            await _refuse(scope, send, 403, "This origin may not open a session here.")
            return
        if not scope["path"].endswith(STREAM):
            await self.app(scope, receive, send)
            return
        if self._too_many(client):
            await _refuse(scope, send, 429, self._too_many_text())
            return
        scope = _as_listed_origin(scope, origin)
        self.sessions[client] += 1
        try:
            await self.app(scope, _screened(receive, client, self.pacer), send)
        finally:
            self.sessions[client] -= 1
            if self.sessions[client] <= 0:
                del self.sessions[client]
                self.pacer.forget(client)


def _as_listed_origin(scope: Scope, origin: str | None) -> Scope:
    """A websocket from a listed origin reaches Streamlit with that origin's host as its Host.

    Streamlit admits a same-host origin at once, but for any other it looks up this machine's public
    address on the internet first; the origin has been checked here already. Links the app shows
    (st.context.url) then name the address people use, as they should behind a proxy.
    """
    netloc = urlsplit(origin).netloc if origin and origin_listed(origin) else None
    if not netloc:
        return scope
    headers = [(name, value) for name, value in scope["headers"] if name != b"host"] + [(b"host", netloc.encode())]
    return {**scope, "headers": headers}


class Pacer:
    """Script runs per client address, as a token bucket: each address may ask for `max_runs_per_client` runs a
    second over a burst of twice that; a run asked for beyond it waits its turn on that client's own websocket.

    A person's clicks and typing ask for a few runs a second at most. One client holding its 30 sessions and asking
    each for runs without pause (bench_crowd) would otherwise take every core from everyone else.
    """

    def __init__(self) -> None:
        self.tokens: dict[str, float] = {}
        self.seen: dict[str, float] = {}

    def wait_for(self, client: str, now: float | None = None) -> float:
        """Take a run for this client; returns how long it must wait first (0 within its rate)."""
        rate = get_settings().max_runs_per_client
        now = time.monotonic() if now is None else now
        burst = 2 * rate
        tokens = min(burst, self.tokens.get(client, burst) + (now - self.seen.get(client, now)) * rate) - 1
        self.tokens[client], self.seen[client] = tokens, now
        return 0.0 if tokens >= 0 else -tokens / rate

    def forget(self, client: str) -> None:
        self.tokens.pop(client, None)
        self.seen.pop(client, None)


def _screened(receive: Receive, client: str, pacer: Pacer) -> Receive:
    """The browser's messages, less any `clear_cache` (Streamlit's caches are shared by every visitor), each
    request for a script run paced per client address (`Pacer`)."""
    async def filtered() -> Message:
        while True:
            message = await receive()
            data = message.get("bytes") if message["type"] == "websocket.receive" else None
            kind = _kind(data) if data else None
            if kind == "clear_cache":
                log.warning("ignored a browser's request to clear the server's caches")
                continue
            if kind == "rerun_script" and (wait := pacer.wait_for(client)):
                await asyncio.sleep(wait)
            return message

    return filtered


def _kind(data: bytes) -> str | None:
    try:
        return BackMsg.FromString(data).WhichOneof("type")
    except Exception:  # not a message Streamlit could read either; it deals with it
        return None


app = st.App(str(APP_SCRIPT), routes=ROUTES + welcome.ROUTES, lifespan=lifespan,
             middleware=[Middleware(RequestGuard), Middleware(SecurityHeaders)])
