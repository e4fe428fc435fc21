"""Sign-in over plain HTTP routes: the owner's first-start form, sign in and sign out, an HttpOnly session cookie.

The password never travels over Streamlit's websocket: the forms post to these routes, which set or clear
the cookie and send the browser back to the app, where `st.context.cookies` reads it.
"""

from __future__ import annotations

import hmac
import html
import logging
import importlib
import secrets
import threading
from collections.abc import Callable
from contextlib import asynccontextmanager
from functools import cache
from string import Template

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from elicit import services
from elicit.services import accounts
from elicit.adapters.config import get_settings
from elicit.core.errors import ElicitError
from elicit.core.guides import builtin_guides
from elicit.ui.common import COOKIE
from elicit.ui.routes.origins import client_address, origin_allowed, secure_cookies
from elicit.services import Db

log = logging.getLogger(__name__)
CSRF_COOKIE = "elicit_csrf"
CSRF_FIELD = "csrf"
SETUP_FREE_FAILURES = 5
"""Wrong setup codes one client address may enter before each further one locks it for a growing while."""
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
HIDDEN = Template('<input type="hidden" name="$name" value="$value">')
SIGN_IN_FIELDS = [("email", "Email", "email", "username"), ("password", "Password", "password", "current-password")]
SETUP_FIELDS = [("code", "Setup code (printed in the server's console)", "text", "one-time-code"),
                ("name", "Your name", "text", "name"), ("email", "Email", "email", "username"),
                ("password", "Password (10 characters or more)", "password", "new-password")]
SIGN_IN_INTRO = "Sign in to interview experts, review playbooks and share them with your team."
SETUP_INTRO = ("This is the first start. Create the owner account: the owner adds consultants and reviewers. "
               "The setup code is printed in the console where the server was started; on that machine it is also "
               "in the file data/setup-code.txt, and the command \u201celicit setup-code\u201d prints a fresh one.")
FORGED = ("This form was not sent from this app's own page, or the page is too old. Reload it and try again.")
UNAVAILABLE = ("The database cannot be reached right now, so nothing was changed. Try again in a minute; if it "
               "goes on, tell whoever runs this server (its log says what is wrong).")
WRONG_CODE = ("the setup code is wrong; copy it from the console where the server was started, from "
              "data/setup-code.txt, or run \u201celicit setup-code\u201d for a fresh one (where ELICIT_SETUP_CODE is "
              "set, it is that) and try again")


def setup_code() -> str:
    """The one-time code that creating the owner needs: ELICIT_SETUP_CODE, or the one kept in the setup-code file
    (read each time, so a fresh one from `elicit setup-code` works without a restart)."""
    return _preset_code() or accounts.setup_code_in(get_settings().setup_code_file)


def _preset_code() -> str:
    """ELICIT_SETUP_CODE, blank when unset or only spaces (a blank code must never open the setup)."""
    preset = get_settings().setup_code
    return preset.get_secret_value().strip() if preset else ""


def _page(request: Request, title: str, intro: str, fields: list[tuple[str, str, str, str]], button: str,
          error: str = "", status: int = 200) -> HTMLResponse:
    """A form page; its hidden CSRF token matches the cookie it sets (kept when the browser has one)."""
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    inputs = "".join(FIELD.substitute(name=n, label=label, type=t, autocomplete=a) for n, label, t, a in fields)
    inputs += HIDDEN.substitute(name=CSRF_FIELD, value=html.escape(token))
    shown = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
    body = PAGE.substitute(title=html.escape(title), intro=html.escape(intro), error=shown, fields=inputs,
                           button=html.escape(button))
    response = HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure_cookies(request.scope),
                        path="/auth")
    return response


def _message(title: str, text: str, status: int) -> HTMLResponse:
    body = PAGE.substitute(title=html.escape(title), intro=html.escape(text), error="", fields="",
                           button="").replace('<form method="post"><button type="submit"></button></form>', "")
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


async def _checked_form(request: Request) -> dict[str, str] | None:
    """The posted form when it comes from the app's own page: its Origin, and a CSRF token matching the cookie."""
    if not origin_allowed(request.headers.get("origin"), request.scope):
        log.warning("refused a form posted from the origin %r", request.headers.get("origin"))
        return None
    form = {key: str(value) for key, value in (await request.form()).items()}
    cookie, sent = request.cookies.get(CSRF_COOKIE, ""), form.get(CSRF_FIELD, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), sent.encode()):
        return None
    return form


def _signed_in(request: Request, token: str) -> Response:
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, token, max_age=accounts.SESSION_DAYS * 86_400, httponly=True, samesite="lax",
                        secure=secure_cookies(request.scope), path="/")
    return response


@cache
def _engine(url: str):
    return services.open_database(url)


def _with_db(action):
    """Run a database action in a worker thread (routes are async; the store is not)."""
    def run():
        with services.session(_engine(get_settings().database_url)) as db:
            return action(db)
    return run_in_threadpool(run)


def _kindly(route):
    """A route whose unexpected failure (a database that cannot be read, say) is a calm page, never a bare 500."""
    async def run(request: Request) -> Response:
        try:
            return await route(request)
        except Exception:
            log.exception("the sign-in route %s failed", request.url.path)
            _engine.cache_clear()  # a database repaired or replaced is opened afresh next time
            return _message("Not available", UNAVAILABLE, 503)
    run.__name__ = route.__name__
    return run


@_kindly
async def sign_in(request: Request) -> Response:
    if await _with_db(lambda db: accounts.needs_owner(db=db)):
        return RedirectResponse("/auth/setup", status_code=303)
    client = client_address(request.scope)
    return await _form_route(request, ("Sign in", SIGN_IN_INTRO, SIGN_IN_FIELDS, "Sign in"), refused=401,
                             act=lambda db, form: accounts.sign_in(db=db, email=form.get("email", ""),
                                                                   password=form.get("password", ""),
                                                                   client=client)[1])


async def _form_route(request: Request, page: tuple[str, str, list[tuple[str, str, str, str]], str], *,
                      act: Callable[[object, dict[str, str]], str], refused: int = 400) -> Response:
    """A form page that signs someone in: GET shows it; a POST from the app's own page runs `act` (which returns
    a session token) and signs in; a forged POST or a refused `act` shows the page again, saying why."""
    if request.method == "GET":
        return _page(request, *page)
    form = await _checked_form(request)
    if form is None:
        return _page(request, *page, error=FORGED, status=403)
    try:
        token = await _with_db(lambda db: act(db, form))
    except ElicitError as exc:
        return _page(request, *page, error=_sentence(exc), status=refused)
    return _signed_in(request, token)


def _sentence(exc: Exception) -> str:
    text = str(exc)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _create_owner(db: Db, form: dict[str, str], client: str) -> str:
    token = accounts.set_up_owner(db=db, code=form.get("code", ""), expected=setup_code(), client=client,
                                  free=SETUP_FREE_FAILURES, email=form.get("email", ""), name=form.get("name", ""),
                                  password=form.get("password", ""), wrong=WRONG_CODE)
    get_settings().setup_code_file.unlink(missing_ok=True)  # used once: nothing is left to open the setup with
    return token


@_kindly
async def set_up(request: Request) -> Response:
    if not await _with_db(lambda db: accounts.needs_owner(db=db)):
        return RedirectResponse("/auth/login", status_code=303)
    client = client_address(request.scope)
    return await _form_route(request, ("Set up elicit", SETUP_INTRO, SETUP_FIELDS, "Create the owner account"),
                             act=lambda db, form: _create_owner(db, form, client))


@_kindly
async def sign_out(request: Request) -> Response:
    """GET asks (a link cannot sign anyone out); the POST of that page's form signs out."""
    if request.method == "GET":
        return _page(request, "Sign out", "Sign out of elicit in this browser?", [], "Sign out")
    if await _checked_form(request) is None:
        return _page(request, "Sign out", "Sign out of elicit in this browser?", [], "Sign out", error=FORGED,
                     status=403)
    token = request.cookies.get(COOKIE)
    if token:
        await _with_db(lambda db: accounts.sign_out(db=db, token=token))
    response = RedirectResponse("/auth/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def announce_setup_code(needs_owner: bool, port: object) -> None:
    """Print how to create the owner on the first start, as Jupyter prints its token."""
    if not needs_owner:
        return
    where = f"http://127.0.0.1:{port}/auth/setup" if port else "/auth/setup on this server"
    code = "the one in ELICIT_SETUP_CODE" if _preset_code() else setup_code()
    kept = "" if _preset_code() else (f"  It is kept in {get_settings().setup_code_file}; "
                                      "`elicit setup-code` prints a fresh one.\n")
    print(f"\n  elicit: first start. To create the owner account, open {where}\n"
          f"  and enter the setup code: {code}\n{kept}", flush=True)


@asynccontextmanager
async def lifespan(_app):
    """At start: on a database without an owner, print the setup code to the console."""
    from streamlit import config

    try:
        needs_owner = await _with_db(lambda db: accounts.needs_owner(db=db))
    except Exception:
        log.exception("could not open the database at start; the sign-in pages will say so")
        needs_owner = False
    announce_setup_code(needs_owner, config.get_option("server.port"))
    threading.Thread(target=_warm, name="elicit-warm-imports", daemon=True).start()
    yield None


WARM = ("pandas", "elicit.adapters.exports", "elicit.services.playbooks", "elicit.services.library", "elicit.core.linting",
        "elicit.core.reviewing", "elicit.services.drafting", "elicit.services.trial_runs", "elicit.services.reviews",
        "elicit.ui.parts.downloads", "elicit.ui.parts.expert_review", "elicit.ui.parts.trials")
"""What the pages import that costs most the first time (pandas and the openai SDK about 0.35 s each, the parts of
the Playbook and Review pages 20 ms each): imported once in the background at start, with the built-in guides
read, so no person's first visit to a page pays for it."""


def _warm() -> None:
    for name in WARM:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a failed warm-up only means the first visit imports it itself
            log.exception("could not import %s ahead of the first visit", name)
    try:
        builtin_guides()
    except Exception:  # noqa: BLE001 - a broken guide is the pages' to report
        log.exception("could not read the built-in guides ahead of the first visit")


ROUTES = [
    Route("/auth/login", sign_in, methods=["GET", "POST"]),
    Route("/auth/setup", set_up, methods=["GET", "POST"]),
    Route("/auth/logout", sign_out, methods=["GET", "POST"]),
]
