"""Browser-test helpers: run `streamlit run app.py` on a free port and drive Debian's Chromium with Playwright."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.support.paths import ROOT, require

CHROMIUM = Path("/usr/bin/chromium")
SERVER = ROOT / "elicit" / "ui" / "server.py"  # the app with its sign-in routes and security headers
ARTIFACTS = ROOT / "artifacts"
PASSWORD = "correct horse battery"
SETUP_CODE = "setup-code-for-tests"
"""ELICIT_SETUP_CODE of every server the tests start (the first-start form asks for it)."""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def require_browser() -> None:
    """Skip (or fail under ELICIT_REQUIRE_ALL_TESTS=1) where Chromium or Playwright is missing."""
    require(CHROMIUM.exists() or shutil.which("chromium") is not None,
            "Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require(False, "the playwright package is not installed (pip install -e '.[dev]')")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database_url: str, port: int | None = None, env: dict[str, str] | None = None,
                 script: Path = SERVER, setup_code: str | None = SETUP_CODE) -> tuple[subprocess.Popen, str]:
    """Start the app as `make run` serves it, on 127.0.0.1 with its own database; returns it once healthy.

    `script` serves another Streamlit script the same way (the benchmarks compare with a bare page).
    The first-start setup code is `setup_code` (None: the server makes one up and prints it, see `log_of`).
    """
    environment = {**os.environ, "ELICIT_DATABASE_URL": database_url, **(env or {})}
    if "ELICIT_SETUP_CODE_FILE" not in environment:  # tests/conftest.py sets one; a bench run may not
        environment["ELICIT_SETUP_CODE_FILE"] = str(Path(tempfile.mkdtemp(prefix="elicit-code-")) / "code.txt")
    environment.pop("ELICIT_SETUP_CODE", None)
    if setup_code is not None:
        environment["ELICIT_SETUP_CODE"] = setup_code
    ARTIFACTS.mkdir(exist_ok=True)
    for attempt in range(1 if port else PORT_ATTEMPTS):
        chosen = port or free_port()
        command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless=true",
                   f"--server.port={chosen}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
                   "--server.fileWatcherType=none"]
        with open(log_of(chosen), "a") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(f"http://127.0.0.1:{chosen}/_stcore/health", process)
            return process, f"http://127.0.0.1:{chosen}"
        except RuntimeError:
            stop_server(process)
            # the OS gave the port to someone else between our probe and Streamlit's bind: take another
            if port or attempt == PORT_ATTEMPTS - 1 or "not available" not in log_of(chosen).read_text(errors="replace"):
                raise
    raise RuntimeError("no free port")


PORT_ATTEMPTS = 5
"""Tries at a port the OS gave: on a busy machine another job can bind it before Streamlit does."""


def log_of(port: int) -> Path:
    """The console output of the server the tests started on `port`."""
    return ARTIFACTS / f"streamlit-{port}.log"


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def streamlit_server(database_url: str, env: dict[str, str] | None = None):
    """The app on a free port with its own database; yields the base URL once healthy, stops it after."""
    process, url = start_server(database_url, env=env)
    try:
        yield url
    finally:
        stop_server(process)


def _wait_healthy(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}; see artifacts/streamlit-*.log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"streamlit did not become healthy within {seconds:.0f} s")


@contextmanager
def chromium(width: int = 1280, height: int = 900):
    """A headless Chromium page; downloads allowed."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def settle(page, timeout: float = 30_000) -> None:
    """Wait as Streamlit's own tests do: connected, script finished, no skeletons left.

    A short pause first lets a rerun that a click started mark the app as running, so the wait that
    follows is for that run and not for the one before it.
    """
    page.wait_for_timeout(250)
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_function("document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0",
                           timeout=timeout)


def set_up_owner(page, base: str, name: str, email: str, password: str) -> None:
    """Create the owner on the first start through its form (with the tests' setup code); signed in after."""
    page.goto(f"{base}/auth/setup")
    page.get_by_label(re.compile("^Setup code")).fill(SETUP_CODE)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile("^Password")).fill(password)
    page.get_by_role("button", name="Create the owner account").click()
    page.wait_for_url(re.compile(r"/$"))


def start_interview(page, base: str, guide_title: str, expert: str, topic: str) -> str:
    """Start an interview from the Home page as an expert would; returns the page's address (`...?i=...`)."""
    page.goto(base)
    settle(page)
    page.get_by_role("combobox").first.click()
    page.get_by_role("option", name=guide_title).click()
    page.get_by_label("The expert's name").fill(expert)
    page.get_by_label("The topic").fill(topic)
    page.get_by_role("button", name="Start interview").click()
    page.wait_for_url("**/interview?i=*")
    settle(page)
    return page.url


def links_to(page, host: str) -> list[str]:
    """Every link on the page that leads to `host` (a host only typed text names: no such link should exist)."""
    return page.locator("a[href]").evaluate_all(
        "(links, host) => links.map(a => a.getAttribute('href')).filter(h => h.includes(host))", host)


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- a team's steps, as its people take them in the browser ------------------------------------------------


def go(page, url: str) -> None:
    page.goto(url)
    settle(page)


def click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).first.click()
    settle(page)


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    settle(page)


def add_person(page, name: str, email: str, role: str, team: str = "Food") -> None:
    """The owner invites a person on People; the person sets their password on the link, in their own browser."""
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Email", exact=True).fill(email)
    if role == "reviewer":
        page.get_by_label("Role").click()
        page.get_by_role("option", name=re.compile("^reviewer")).click()
    page.get_by_label(re.compile("^Team")).fill(team)
    click(page, "Invite")
    # the address reads as typed, with an invisible word joiner before its @ so it is never made a link
    local, domain = email.split("@")
    page.get_by_text(re.compile(rf"Added {re.escape(name)} \({re.escape(local)}\u2060?@{re.escape(domain)}\)")).wait_for()
    link = re.search(r"\S+/auth/welcome\?t=\S+", page.locator("[data-testid='stCode']").last.inner_text()).group(0)
    welcome = page.context.browser.new_context().new_page()  # the person, in their own browser, sets a password
    welcome.goto(link)
    welcome.get_by_label(re.compile("^Your password")).fill(PASSWORD)
    welcome.get_by_role("button", name="Set my password and sign in").click()
    welcome.wait_for_url(re.compile(r"/$"))
    welcome.context.close()


def invite(page, base: str, expert: str, short: bool = False) -> str:
    """The consultant starts an interview from Home (on the short path when `short`); returns the expert's link."""
    go(page, base)
    page.get_by_label("The expert's name").fill(expert)
    page.get_by_label("The topic").fill(f"recalls by {expert}")
    if short:
        page.get_by_text(re.compile("^Short: about")).click()
    click(page, "Start interview")
    page.get_by_text("Send this link to the expert").wait_for()
    return re.search(r"\S+/interview\?i=\S+", page.locator("[data-testid='stCode']").first.inner_text()).group(0)


def complete(page, answer: str) -> None:
    """The expert answers what a text box asks, picks the first option of a choice, skips the rest, finishes."""
    for _ in range(80):
        if page.get_by_role("heading", name="Review your prompt").count():
            break
        if page.get_by_role("button", name="Skip this").count():
            click(page, "Skip this")
        elif page.get_by_role("textbox", name="Your answer", exact=True).count():
            page.get_by_role("textbox", name="Your answer", exact=True).fill(answer)
            click(page, "Next")
        elif page.get_by_role("radio").count():
            page.get_by_role("radio").first.click(force=True)
            click(page, "Next")
        else:
            click(page, "Skip")
    shot(page, "team-expert-before-finish")
    click(page, "Finish")
    page.get_by_text("Saved as version 1").wait_for()
