"""Sign-in over HTTP against the real server: first-start owner setup, the cookie, failed logins, headers."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.browser import SETUP_CODE, streamlit_server


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Visitor:
    """A browser as the sign-in routes see it: its own cookies, redirects not followed, forms posted with their token."""

    def __init__(self, headers: dict[str, str] | None = None):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(self.jar))
        self.headers = headers or {}

    def call(self, url: str, form: dict | None = None, headers: dict[str, str] | None = None):
        """(status, headers, body); a form is posted with the CSRF token of the page at `url` unless it has one."""
        if form is not None and "csrf" not in form:
            found = CSRF.search(self.call(url)[2])
            form = {**form, "csrf": found.group(1)} if found else form
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(url, data=data, headers={**self.headers, **(headers or {})})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)


def call(url: str, form: dict | None = None):
    """(status, headers, body) of one request from a fresh visitor."""
    return Visitor().call(url, form)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('signin') / 'signin.db'}"
    with streamlit_server(url) as base_url:
        yield base_url


def test_first_start_asks_for_the_owner_then_signs_in_with_a_cookie(base):
    status, headers, _ = call(f"{base}/auth/login")
    assert (status, headers["location"]) == (303, "/auth/setup")
    status, _, body = call(f"{base}/auth/setup", {"code": SETUP_CODE, "name": "Olu", "email": "olu@example.com",
                                                  "password": "short"})
    assert status == 400 and "at least 10" in body
    status, headers, _ = call(f"{base}/auth/setup", {"code": SETUP_CODE, "name": "Olu", "email": "olu@example.com",
                                                     "password": "correct horse battery"})
    cookie = headers["set-cookie"]
    assert status == 303 and cookie.startswith("elicit_session=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert call(f"{base}/auth/setup")[1]["location"] == "/auth/login"  # only once

    status, _, body = call(f"{base}/auth/login", {"email": "olu@example.com", "password": "wrong password!"})
    assert status == 401 and "wrong" in body
    status, headers, _ = call(f"{base}/auth/login", {"email": "OLU@example.com", "password": "correct horse battery"})
    assert status == 303 and "elicit_session=" in headers["set-cookie"]


def test_user_text_in_the_form_is_escaped(base):
    _, _, body = call(f"{base}/auth/login", {"email": "<script>alert(1)</script>", "password": "x"})
    assert "<script>alert(1)</script>" not in body


def test_every_response_carries_the_security_headers(base):
    for path in ("/", "/auth/login", "/_stcore/health"):
        _, headers, _ = call(f"{base}{path}")
        assert "img-src 'self' data: blob:" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff"
