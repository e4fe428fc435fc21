"""The app as served: Streamlit's ASGI app with the sign-in routes and security headers on every response.

`make run` starts it with `streamlit run elicit/ui/server.py`; any ASGI server can serve `app` too.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from elicit.ui.signin import ROUTES

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


app = st.App(str(APP_SCRIPT), routes=ROUTES, middleware=[Middleware(SecurityHeaders)])
