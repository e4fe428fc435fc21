"""Sign-in over HTTP against the real server: first-start owner setup, the cookie, failed logins, headers."""

from __future__ import annotations

import pytest

from tests.support.browser import SETUP_CODE, streamlit_server
from tests.support.visitor import call


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
