"""An HTTP client as a browser is to the sign-in routes: cookies kept, redirects not followed, forms with their token."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request


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
