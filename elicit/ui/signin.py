"""Sign-in over plain HTTP routes: the owner's first-start form, sign in and sign out, an HttpOnly session cookie.

The password never travels over Streamlit's websocket: the forms post to these routes, which set or clear
the cookie and send the browser back to the app, where `st.context.cookies` reads it.
"""

from __future__ import annotations

import html
import logging
from functools import cache
from string import Template

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from elicit import accounts, store
from elicit.config import get_settings
from elicit.errors import ElicitError
from elicit.ui.common import COOKIE

log = logging.getLogger(__name__)
PAGE = Template("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title · elicit</title>
<style>
body{font-family:system-ui,sans-serif;background:#f6f7f9;color:#1f2933;margin:0;display:flex;
justify-content:center;padding:8vh 16px}
main{background:#fff;border-radius:10px;padding:28px 32px;max-width:380px;width:100%;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 6px}p{color:#52606d;line-height:1.45}label{display:block;margin:14px 0 4px;
font-weight:600}input{width:100%;box-sizing:border-box;padding:10px;border:1px solid #cbd2d9;border-radius:6px;
font-size:1rem}button{margin-top:20px;width:100%;padding:11px;border:0;border-radius:6px;background:#2f5d8a;
color:#fff;font-size:1rem;cursor:pointer}.error{background:#fdecea;color:#8a1c1c;padding:10px;border-radius:6px}
</style></head><body><main><h1>$title</h1><p>$intro</p>$error
<form method="post">$fields<button type="submit">$button</button></form></main></body></html>""")
FIELD = Template('<label for="$name">$label</label><input id="$name" name="$name" type="$type" '
                 'autocomplete="$autocomplete" required>')
SIGN_IN_FIELDS = [("email", "Email", "email", "username"), ("password", "Password", "password", "current-password")]
SETUP_FIELDS = [("name", "Your name", "text", "name"), ("email", "Email", "email", "username"),
                ("password", "Password (10 characters or more)", "password", "new-password")]


def _page(title: str, intro: str, fields: list[tuple[str, str, str, str]], button: str, error: str = "",
          status: int = 200) -> HTMLResponse:
    inputs = "".join(FIELD.substitute(name=n, label=label, type=t, autocomplete=a) for n, label, t, a in fields)
    shown = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
    body = PAGE.substitute(title=html.escape(title), intro=html.escape(intro), error=shown, fields=inputs,
                           button=html.escape(button))
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def _signed_in(token: str) -> Response:
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, token, max_age=store.SESSION_DAYS * 86_400, httponly=True, samesite="lax",
                        secure=False, path="/")
    return response


@cache
def _engine(url: str):
    return store.open_database(url)


def _with_db(action):
    """Run a database action in a worker thread (routes are async; the store is not)."""
    def run():
        with store.session(_engine(get_settings().database_url)) as db:
            return action(db)
    return run_in_threadpool(run)


async def sign_in(request: Request) -> Response:
    intro = "Sign in to interview experts, review playbooks and share them with your team."
    if await _with_db(lambda db: accounts.needs_owner(db=db)):
        return RedirectResponse("/auth/setup", status_code=303)
    if request.method == "GET":
        return _page("Sign in", intro, SIGN_IN_FIELDS, "Sign in")
    form = await request.form()
    try:
        _account, token = await _with_db(lambda db: accounts.sign_in(
            db=db, email=str(form.get("email", "")), password=str(form.get("password", ""))))
    except ElicitError as exc:
        return _page("Sign in", intro, SIGN_IN_FIELDS, "Sign in", error=str(exc).capitalize(), status=401)
    return _signed_in(token)


async def set_up(request: Request) -> Response:
    intro = "This is the first start. Create the owner account: the owner adds consultants and reviewers."
    if not await _with_db(lambda db: accounts.needs_owner(db=db)):
        return RedirectResponse("/auth/login", status_code=303)
    if request.method == "GET":
        return _page("Set up elicit", intro, SETUP_FIELDS, "Create the owner account")
    form = await request.form()

    def create(db):
        account = accounts.create_owner(db=db, email=str(form.get("email", "")), name=str(form.get("name", "")),
                                        password=str(form.get("password", "")))
        return store.start_login_session(db=db, account_id=account.id)

    try:
        token = await _with_db(create)
    except ElicitError as exc:
        return _page("Set up elicit", intro, SETUP_FIELDS, "Create the owner account", error=str(exc).capitalize(),
                     status=400)
    return _signed_in(token)


async def sign_out(request: Request) -> Response:
    token = request.cookies.get(COOKIE)
    if token:
        await _with_db(lambda db: store.end_login_session(db=db, token=token))
    response = RedirectResponse("/auth/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


ROUTES = [
    Route("/auth/login", sign_in, methods=["GET", "POST"]),
    Route("/auth/setup", set_up, methods=["GET", "POST"]),
    Route("/auth/logout", sign_out, methods=["GET", "POST"]),
]
