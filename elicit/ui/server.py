"""The app as served: Streamlit's ASGI app with the sign-in routes, checked origins and hosts, bounded sessions.

`make run` starts it with `streamlit run elicit/ui/server.py`; any ASGI server can serve `app` too.
"""

from __future__ import annotations

import logging
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
    - a browser's request to clear the server's caches, which would clear them for everyone.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.sessions: Counter[str] = Counter()

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
            await self.app(scope, _without_cache_clearing(receive), send)
        finally:
            self.sessions[client] -= 1
            if self.sessions[client] <= 0:
                del self.sessions[client]


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


def _without_cache_clearing(receive: Receive) -> Receive:
    """The browser's messages, less any `clear_cache`: Streamlit's caches are shared by every visitor."""
    async def filtered() -> Message:
        while True:
            message = await receive()
            data = message.get("bytes") if message["type"] == "websocket.receive" else None
            if not data or not _clears_cache(data):
                return message
            log.warning("ignored a browser's request to clear the server's caches")

    return filtered


def _clears_cache(data: bytes) -> bool:
    try:
        return BackMsg.FromString(data).WhichOneof("type") == "clear_cache"
    except Exception:  # not a message Streamlit could read either; it deals with it
        return False


app = st.App(str(APP_SCRIPT), routes=ROUTES + welcome.ROUTES, lifespan=lifespan,
             middleware=[Middleware(RequestGuard), Middleware(SecurityHeaders)])
