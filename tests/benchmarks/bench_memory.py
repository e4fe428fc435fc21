"""Benchmark of the server's memory per active interview session: RSS of the app as served, with 1 to 20 sessions open.

The app runs as `make run` serves it (tests/support/browser.py `start_server`, a temp SQLite database). One headless
Chromium opens N contexts, each its own Streamlit session: it starts an interview on the Home page and answers
a few questions, and its page stays open. The server's resident memory (VmRSS, and Pss from smaps_rollup, of the
process and any children) is read after a short settle at 1, 5, 10 and 20 sessions; MB per session is the slope
of a least-squares line through those points. The same is done for a bare Streamlit page with similar widgets
(bench_wizard.BARE), each session typing into it and pressing Next, so the product's own share shows.
Run with `make bench`; it takes a few minutes.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from elicit.core.guides import Kind, get_guide  # noqa: E402
from tests.benchmarks.bench_wizard import BARE, TEXT_ANSWER  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, settle, start_server, stop_server  # noqa: E402

COUNTS = (1, 5, 10, 20)
GUIDE = "crisis_management"
ANSWERED = 3
"""Questions each interview session answers before it is left open: two texts and a choice."""
SETTLE_SECONDS = 3
WAIT_MS = 120_000
"""How long a step may take: the machine is shared, and 20 open pages are busy too."""
AIM_MB = 30
ANSWERS = yaml.safe_load((ROOT / "tests" / "data" / f"answers_{GUIDE}.yaml").read_text(encoding="utf-8"))


# --- the server's memory ------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def _tree(pid: int) -> list[int]:
    """The process and every descendant (`streamlit run` serves in-process, but check rather than assume)."""
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        queue += _children(current)
    return pids


def _kib(path: str, field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB", Path(path).read_text(), re.MULTILINE)
    return int(match.group(1)) if match else 0


def memory_mb(pid: int) -> tuple[float, float]:
    """RSS and PSS of the process tree in MB, the median of three readings a second apart."""
    readings = []
    for _ in range(3):
        pids = _tree(pid)
        rss = sum(_kib(f"/proc/{p}/status", "VmRSS") for p in pids) / 1024
        pss = sum(_kib(f"/proc/{p}/smaps_rollup", "Pss") for p in pids) / 1024
        readings.append((rss, pss))
        time.sleep(1)
    return statistics.median(r[0] for r in readings), statistics.median(r[1] for r in readings)


# --- one session each --------------------------------------------------------------------------------------


def click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click(timeout=WAIT_MS)
    settle(page, WAIT_MS)


def skip_follow_ups(page) -> None:
    while page.get_by_text("One more thing").count():
        click(page, "Skip this")


def interview_session(page, base: str, n: int) -> None:
    """Home: pick the guide, name the expert and the topic, start; then answer the first few questions."""
    page.goto(base, timeout=WAIT_MS)
    settle(page, WAIT_MS)
    page.get_by_role("combobox").first.click()
    page.get_by_role("option", name=re.compile("Crisis management")).click()
    page.get_by_label("The expert's name").fill(f"Expert {n}")
    page.get_by_label("The topic").fill(f"the first 48 hours of recall {n}")
    click(page, "Start interview")
    page.wait_for_url("**/interview?i=*", timeout=WAIT_MS)
    settle(page, WAIT_MS)
    for question in get_guide(GUIDE).questions[:ANSWERED]:
        answer(page, question.kind, ANSWERS[question.id])
        click(page, "Next")
        skip_follow_ups(page)


def answer(page, kind: Kind, value) -> None:
    if kind is Kind.CHOICE:
        page.get_by_role("radiogroup", name="Your answer").get_by_text(value, exact=True).click()
    else:
        page.get_by_label("Your answer", exact=True).fill(value)


def bare_session(page, base: str, n: int) -> None:
    """The bare page: type an answer and press Next as many times as an interview session answers."""
    page.goto(base, timeout=WAIT_MS)
    settle(page, WAIT_MS)
    for step in range(ANSWERED):
        page.get_by_label("Your answer", exact=True).fill(f"{TEXT_ANSWER} {n}.{step}")
        click(page, "Next")


# --- the measurement ---------------------------------------------------------------------------------------


def measure(process, base: str, session) -> list[tuple[int, float, float]]:
    """(sessions, RSS MB, PSS MB) at each count in COUNTS, every session's page kept open."""
    from playwright.sync_api import sync_playwright

    points, contexts = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for count in COUNTS:
                while len(contexts) < count:
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    contexts.append(context)
                    open_session(context.new_page(), base, len(contexts), session)
                time.sleep(SETTLE_SECONDS)
                points.append((count, *memory_mb(process.pid)))
                print(f"  {count:>3} sessions: RSS {points[-1][1]:7.1f} MB   PSS {points[-1][2]:7.1f} MB", flush=True)
        finally:
            for context in contexts:
                context.close()
            browser.close()
    return points


def open_session(page, base: str, n: int, session) -> None:
    """One session; a step that times out on the busy machine is reported, and its page stays open all the same."""
    from playwright.sync_api import Error

    page.set_default_timeout(WAIT_MS)
    try:
        session(page, base, n)
    except Error as exc:
        print(f"  session {n} stopped early: {str(exc).splitlines()[0]}", flush=True)


def slope(points: list[tuple[int, float, float]], column: int) -> float:
    return statistics.linear_regression([p[0] for p in points], [p[column] for p in points]).slope


def run(name: str, script: Path, session, folder: str) -> list[tuple[int, float, float]]:
    print(f"{name}:", flush=True)
    process, base = start_server(f"sqlite:///{folder}/{name.replace(' ', '_')}.db", script=script)
    try:
        return measure(process, base, session)
    finally:
        stop_server(process)


def print_table(results: dict[str, list[tuple[int, float, float]]]) -> None:
    print(f"\n{'server':<14}" + "".join(f"{f'{c} RSS':>10}" for c in COUNTS) + f"{'MB/session RSS':>16}{'PSS':>8}")
    for name, points in results.items():
        print(f"{name:<14}" + "".join(f"{p[1]:>10.1f}" for p in points)
              + f"{slope(points, 1):>16.2f}{slope(points, 2):>8.2f}")
    app = slope(results["app"], 1)
    print(f"app per session {app:.1f} MB (aim < {AIM_MB} MB); the bare page's share "
          f"{slope(results['bare page'], 1):.1f} MB")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare.py"
        bare.write_text(BARE, encoding="utf-8")
        results = {"app": run("app", ROOT / "elicit" / "ui" / "server.py", interview_session, folder),
                   "bare page": run("bare page", bare, bare_session, folder)}
    print_table(results)


if __name__ == "__main__":
    main()
