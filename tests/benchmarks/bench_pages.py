"""Benchmark of the first visit of every page, per role, on the server, beside the first visit of a bare page.

A first visit is a new browser session opening a page's address: the time from the browser asking for the
script's first run to the server's "script finished" message, read off the websocket frames (the server's
time plus a loopback hop, without the browser's own drawing). Each visit gets a fresh browser context, so
nothing of an earlier session helps. The data are the role walk's (tests/browser/test_role_walk.py): an owner, a
consultant and a reviewer, finished playbooks, one in review with a comment. Aim: every page under 1.5 s.

Run with `make bench` (or `python tests/benchmarks/bench_pages.py`).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_wizard import BARE, FrameClock  # noqa: E402
from tests.benchmarks.timing import bare_port, port_flag  # noqa: E402

AIM_MS = 1500
REVIEW_AIM_MS = 1000
ROUNDS = 3
"""Each page is visited this many times (each a new session); its figure is the median."""


def first_visit_ms(browser, url: str, cookie: tuple[str, str, str] | None = None) -> float:
    from tests.support.browser import settle

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if cookie is not None:
        context.add_cookies([{"name": cookie[0], "value": cookie[1], "url": cookie[2]}])
    page = context.new_page()
    clock = FrameClock(page)
    page.goto(url)
    settle(page)
    context.close()
    return clock.samples[0]


def visits(base: str, seeded: dict) -> dict[str, str | None]:
    """Address -> the role whose session opens it (None: the expert on their link)."""
    one = seeded["first"]
    menu = {"reviewer": ["", "library", "review", "compare", "guides", "lint"],
            "consultant": ["", "library", "review", "compare", "guides", "lint", "settings"],
            "owner": ["", "library", "review", "compare", "guides", "lint", "people", "settings"]}
    found: dict[str, str | None] = {}
    for role, paths in menu.items():
        for path in paths + [f"playbook?id={one}", f"try?id={one}", f"interview?id={one}", f"review?id={one}"]:
            found[f"{role} /{path}"] = role
    found["expert /interview?i=... (a question)"] = None
    found["expert /interview?i=... (the review of a whole interview)"] = None
    return found


def app_pages(folder: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    from elicit.ui.common import COOKIE
    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server
    from tests.browser.test_role_walk import seed

    url = f"sqlite:///{folder}/pages.db"
    seeded = seed(url)
    process, base = start_server(url, port=port_flag())
    figures: dict[str, float] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            for name, role in visits(base, seeded).items():
                path = name.split(" ", 1)[1]
                link = seeded["review"] if "review of" in name else seeded["invitations"]["phone"]
                address = f"{base}/interview?i={link}" if role is None else f"{base}{path}"
                cookie = (COOKIE, seeded[role], base) if role else None
                figures[name] = statistics.median(first_visit_ms(browser, address, cookie) for _ in range(ROUNDS))
            browser.close()
    finally:
        stop_server(process)
    return figures


def bare_page(folder: str) -> float:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server

    script = Path(folder) / "bare.py"
    script.write_text(BARE)
    process, bare_base = start_server("sqlite://", script=script, port=bare_port())
    port = int(bare_base.rsplit(":", 1)[1])
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            first_visit_ms(browser, f"http://127.0.0.1:{port}")  # the process's very first run imports everything
            figure = statistics.median(first_visit_ms(browser, f"http://127.0.0.1:{port}") for _ in range(ROUNDS))
            browser.close()
    finally:
        stop_server(process)
    return figure


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        bare = bare_page(folder)
        figures = app_pages(folder)
    slowest = max(figures, key=figures.get)
    for name, ms in sorted(figures.items(), key=lambda item: -item[1]):
        print(f"  {ms:7.1f} ms  {name}")
    print(f"first visit of a page (server, websocket): slowest {figures[slowest]:6.1f} ms ({slowest}), "
          f"median {statistics.median(figures.values()):6.1f} ms over {len(figures)} pages; bare page {bare:6.1f} ms; "
          f"aim < {AIM_MS} ms: {'met' if figures[slowest] < AIM_MS else 'NOT met'} (medians of {ROUNDS})")
    review = next(ms for name, ms in figures.items() if "review of" in name)
    print(f"the expert's review of a whole interview, first visit: {review:6.1f} ms; "
          f"aim < {REVIEW_AIM_MS} ms: {'met' if review < REVIEW_AIM_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
