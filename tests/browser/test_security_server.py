"""Attacks on the app as `make run` serves it, over real HTTP and raw websocket handshakes: each one now fails.

A security tester found each of these with a working exploit against a server on 127.0.0.1; the server
here listens on loopback only, as the tests' servers always do.
"""

from __future__ import annotations

import asyncio
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.requests import Request
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from elicit.adapters import store
from elicit.adapters.config import get_settings
from elicit.ui.routes import signin
from tests.support.browser import SETUP_CODE, free_port, log_of, start_server, stop_server, streamlit_server
from tests.support.visitor import Visitor

PROXY = "https://elicit.proxy.example"
PASSWORD = "correct horse battery"
FOREIGN = "http://127.0.0.1:9999"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('security') / 'security.db'}"
    env = {"ELICIT_ALLOWED_ORIGINS": PROXY, "ELICIT_TRUSTED_PROXIES": "127.0.0.1",
           "ELICIT_MAX_SESSIONS_PER_CLIENT": "3"}
    with streamlit_server(url, env=env) as base:
        yield base, url


def handshake(base: str, origin: str | None, headers: dict[str, str] | None = None) -> int:
    """The status of a raw websocket upgrade of the app's stream: 101 when it was accepted."""
    try:
        with connect(f"{base.replace('http', 'ws', 1)}/_stcore/stream", origin=origin, additional_headers=headers,
                     open_timeout=15, proxy=None):
            return 101
    except InvalidStatus as exc:
        return exc.response.status_code


def accounts_in(url: str) -> list[str]:
    engine = store.open_database(url)
    with store.session(engine) as db:
        roles = [account.role for account in store.list_accounts(db=db)]
    engine.dispose()
    return roles


@pytest.mark.parametrize(("origin", "status"), [
    ("own", 101),
    (None, 101),  # a program, not a browser: it carries no one's cookies
    (FOREIGN, 403),  # a page on another port of the same host: cookies ignore ports
    ("http://localhost:9999", 403),
    ("http://0.0.0.0:9999", 403),
    ("http://evil.example", 403),
    ("null", 403),
    (PROXY, 101),  # listed in ELICIT_ALLOWED_ORIGINS
], ids=["own origin", "no origin", "another port", "localhost port", "0.0.0.0 port", "another host", "null",
        "listed origin"])
def test_the_websocket_opens_only_for_the_apps_own_origin(server, origin, status):
    base, _url = server
    assert handshake(base, base if origin == "own" else origin) == status


def test_a_name_rebound_to_this_machine_is_refused(server):
    base, _url = server
    port = base.rsplit(":", 1)[1]
    rebound = f"http://rebound.example:{port}"
    assert handshake(base, rebound, {"Host": f"rebound.example:{port}"}) in (400, 403)
    status, _, body = Visitor().call(f"{base}/auth/login", headers={"Host": f"rebound.example:{port}"})
    assert status == 400 and "ELICIT_ALLOWED_ORIGINS" in body


def test_sessions_are_bounded_per_client_and_the_page_says_so(server):
    base, _url = server
    crowd = {"X-Forwarded-For": "10.9.9.9"}  # behind the trusted proxy (127.0.0.1), each client is its own
    sockets = [connect(f"{base.replace('http', 'ws', 1)}/_stcore/stream", origin=base, additional_headers=crowd,
                       proxy=None).__enter__() for _ in range(3)]
    try:
        assert handshake(base, base, crowd) == 429
        status, _, body = Visitor(headers={**crowd, "Accept": "text/html"}).call(f"{base}/")
        assert status == 429 and "Too many open sessions" in body
        assert handshake(base, base, {"X-Forwarded-For": "10.9.9.10"}) == 101  # someone else is not kept waiting
    finally:
        for socket in sockets:
            socket.close()
    deadline = time.monotonic() + 10
    while handshake(base, base, crowd) != 101:
        assert time.monotonic() < deadline, "closed sessions were not given back"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def owner(server):
    """The first start attacked: setups without the code or from another origin, then ten at once with it."""
    base, url = server
    setup = f"{base}/auth/setup"
    details = {"name": "Olu", "email": "olu@example.com", "password": PASSWORD}
    refused = {
        "no code": Visitor().call(setup, details)[0],
        "wrong code": Visitor().call(setup, {**details, "code": "guessed"})[0],
        "another origin": Visitor().call(setup, {**details, "code": SETUP_CODE}, headers={"Origin": FOREIGN})[0],
        "no token": Visitor().call(setup, {**details, "code": SETUP_CODE, "csrf": ""})[0],
    }
    roles_before = accounts_in(url)

    def race(n: int) -> int:
        return Visitor().call(setup, {**details, "email": f"owner{n}@example.com", "code": SETUP_CODE})[0]

    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(race, range(10)))
    return {"refused": refused, "before": roles_before, "statuses": statuses, "after": accounts_in(url),
            "email": f"owner{statuses.index(303)}@example.com" if 303 in statuses else None}


def test_setup_needs_the_code_from_the_apps_own_page_and_makes_one_owner(owner):
    assert owner["refused"] == {"no code": 400, "wrong code": 400, "another origin": 403, "no token": 403}
    assert owner["before"] == []
    assert owner["after"] == ["owner"] and owner["statuses"].count(303) == 1


def test_sign_in_needs_the_token_and_the_apps_own_origin(server, owner):
    base, _url = server
    login, credentials = f"{base}/auth/login", {"email": owner["email"], "password": PASSWORD}
    visitor = Visitor()
    status, headers, _ = visitor.call(login, {**credentials, "csrf": "forged"})
    assert status == 403 and "elicit_session" not in (headers.get("set-cookie") or "")
    status, headers, _ = visitor.call(login, credentials, headers={"Origin": FOREIGN})
    assert status == 403 and "elicit_session" not in (headers.get("set-cookie") or "")
    assert visitor.call(login, credentials, headers={"Origin": base})[0] == 303


def test_sign_out_is_a_post_from_the_apps_own_page(server, owner):
    base, url = server
    visitor = Visitor()
    assert visitor.call(f"{base}/auth/login", {"email": owner["email"], "password": PASSWORD})[0] == 303
    engine, token = store.open_database(url), visitor.cookie("elicit_session")

    def signed_in() -> bool:
        with store.session(engine) as db:
            return store.account_for_session(db=db, token=token) is not None

    assert visitor.call(f"{base}/auth/logout")[0] == 200 and signed_in()  # a link signs nobody out
    assert visitor.call(f"{base}/auth/logout", {}, headers={"Origin": FOREIGN})[0] == 403 and signed_in()
    assert visitor.call(f"{base}/auth/logout", {})[0] == 303 and not signed_in()
    engine.dispose()


def test_cookies_are_secure_behind_a_trusted_https_proxy(server, owner):
    base, _url = server
    _, plain_headers, _ = Visitor().call(f"{base}/auth/login")
    _, https_headers, _ = Visitor(headers={"X-Forwarded-Proto": "https"}).call(f"{base}/auth/login")
    assert "Secure" not in plain_headers["set-cookie"] and "Secure" in https_headers["set-cookie"]


def test_the_setup_code_is_printed_at_first_start(tmp_path):
    port = free_port()
    process, base = start_server(f"sqlite:///{tmp_path / 'first.db'}", port=port, setup_code=None)
    try:
        deadline = time.monotonic() + 10
        while not (found := re.findall(r"setup code: (\S+)", log_of(port).read_text())):
            assert time.monotonic() < deadline, "the server printed no setup code"
            time.sleep(0.2)
        details = {"name": "Olu", "email": "olu@example.com", "password": PASSWORD}
        assert Visitor().call(f"{base}/auth/setup", {**details, "code": SETUP_CODE})[0] == 400
        assert Visitor().call(f"{base}/auth/setup", {**details, "code": found[-1]})[0] == 303
    finally:
        stop_server(process)


def test_a_broken_database_gets_a_calm_page_without_its_path(tmp_path, monkeypatch):
    """In process, as the server calls the route (a bare 500 before)."""
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database" * 500)
    monkeypatch.setenv("ELICIT_DATABASE_URL", f"sqlite:///{path}")
    get_settings.cache_clear()
    scope = {"type": "http", "method": "GET", "path": "/auth/login", "headers": [(b"host", b"127.0.0.1:8501")],
             "query_string": b"", "client": ("127.0.0.1", 5000), "scheme": "http", "server": ("127.0.0.1", 8501)}
    response = asyncio.run(signin.sign_in(Request(scope)))
    body = response.body.decode()
    assert response.status_code == 503 and "cannot be reached" in body and "broken.db" not in body


def test_a_strangers_guesses_over_http_lock_the_stranger_not_the_owner(server, owner):
    base, _url = server
    login = f"{base}/auth/login"
    stranger, home = {"X-Forwarded-For": "10.5.5.5"}, {"X-Forwarded-For": "10.5.5.6"}
    answers = {_alert(Visitor(headers=stranger).call(login, {"email": owner["email"], "password": f"guess {n}"})[2])
               for n in range(5)}
    right = {"email": owner["email"], "password": PASSWORD}
    status, _, body = Visitor(headers=stranger).call(login, right)
    assert status == 401 and "too many attempts" in body
    unknown = Visitor(headers=stranger).call(login, {"email": "nobody@example.com", "password": "guess"})[2]
    assert len(answers) == 1 and _alert(unknown) == _alert(body) == answers.pop()  # one message for all
    assert Visitor(headers=home).call(login, right)[0] == 303  # the owner, from elsewhere, still gets in


def _alert(page: str) -> str:
    return re.search(r'role="alert">([^<]*)<', page).group(1)


def test_a_welcome_link_takes_a_password_only_from_the_apps_own_page(server, owner):
    """A page elsewhere cannot post a password of its choosing to someone's welcome link and sign in as them."""
    from elicit.services import accounts
    from elicit.core.access import Role

    base, url = server
    engine = store.open_database(url)
    with store.session(engine) as db:
        _account, token = accounts.invite_user(db=db, email="wil@example.com", name="Wil", role=Role.REVIEWER)
    engine.dispose()
    link, chosen = f"{base}/auth/welcome?t={token}", {"password": "chosen by the attacker"}
    for forged in (Visitor().call(link, {**chosen, "csrf": "forged"}),
                   Visitor().call(link, chosen, headers={"Origin": FOREIGN})):
        assert forged[0] == 403 and "elicit_session" not in (forged[1].get("set-cookie") or "")
    visitor = Visitor()
    status, headers, _ = visitor.call(link, {"password": PASSWORD}, headers={"Origin": base})
    assert status == 303 and visitor.cookie("elicit_session")
    assert Visitor().call(link)[0] == 404  # used once
