"""The welcome route: a person the owner invited sets their own password on their link, and is signed in.

Kept apart from the sign-in routes (elicit/ui/routes/signin.py), whose page, CSRF check, cookie and database helpers it
reuses: the form is refused unless it comes from this app's own page.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from elicit.services import accounts
from elicit.presenting import WELCOME_PATH as PATH
from elicit.ui.routes.signin import _form_route, _kindly, _page, _with_db

FIELDS = [("password", "Your password (10 characters or more)", "password", "new-password")]
GONE = ("This link is not valid any more: it was used, or is older than 14 days. "
        "Ask the owner of this workspace for a new one, or sign in if you have set your password.")


@_kindly
async def welcome(request: Request) -> Response:
    token = request.query_params.get("t", "")
    account = await _with_db(lambda db: accounts.welcome_account(db=db, token=token))
    if account is None:
        page = _page(request, "Welcome to elicit", GONE, [], "Go to sign in", status=404)
        page.body = page.body.replace(b'<form method="post">', b'<form method="get" action="/auth/login">')
        page.headers["content-length"] = str(len(page.body))
        return page
    intro = f"Hello {account.name}. Choose your password; you sign in with {account.email} and it."
    return await _form_route(request, ("Welcome to elicit", intro, FIELDS, "Set my password and sign in"),
                             act=lambda db, form: accounts.set_own_password(
                                 db=db, token=token, password=form.get("password", ""))[1])


ROUTES = [Route(PATH, welcome, methods=["GET", "POST"])]
