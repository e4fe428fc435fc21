"""Benchmark of the first visit of every page, per role, each beside a bare Streamlit page with the same widgets.

A first visit is a new browser session opening a page's address: the time from the browser sending the script's
first "rerun" to its receiving the server's "script finished", both stamped by the browser itself (`PageClock`).
That is the server's time plus a loopback hop, plus whatever of the page's drawing the browser did in between
on the thread that reads the frames. Each visit gets a fresh browser context, so nothing of an earlier session
helps. The data are the role walk's (tests/browser/test_role_walk.py): an owner, a consultant and a reviewer,
finished playbooks, one in review with a comment, and the expert's link to an interview with all 42 of its
answers in, not yet finished (the review of a whole interview).

The bare page is one Streamlit script with no app logic and no database (`BARE_MIX`): it renders, with static
filler, the mix of elements the app's page showed, counted off the page by their `data-testid` once it settled
(so many markdown blocks, captions, buttons, download buttons, select boxes, tabs, expanders... in the main area
and the sidebar, and as many menu entries), with as many characters of Markdown, code and text as the app sent,
passed to it in the address (`?mix=...`). Each address is visited app, bare, app, bare... for `--rounds` rounds
(5 unless set); the figures are the min and the median of each, and their ratios. Aims: every page within 3x
its bare page (median / median), the review of a whole interview within 2x. The machine's load average is
printed at the start and the end: read the figures with it.

Run with `make bench` (or `python tests/benchmarks/bench_pages.py [--rounds N] [--port N] [--bare-port N]
[--only WORD]`).
"""

from __future__ import annotations

import base64
import os
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.timing import bare_port, number_flag, port_flag  # noqa: E402

PAGE_AIM = 3.0
REVIEW_AIM = 2.0
ROUNDS = number_flag("--rounds") or 5
"""Each address is visited this many times (each a new session), each visit followed by one of its bare page."""

# The elements of a settled page: the first data-testid inside each element's container (a caption is a
# markdown block holding a caption), and the blocks that hold elements, in the main area and the sidebar.
COUNT_ELEMENTS = """() => {
  const mix = {};
  const add = (key, n) => { if (n) mix[key] = (mix[key] || 0) + n; };
  const regions = {m: document.querySelector("[data-testid='stMain']"),
                   s: document.querySelector("[data-testid='stSidebarUserContent']")};
  for (const [region, root] of Object.entries(regions)) {
    if (!root) continue;
    for (const box of root.querySelectorAll("[data-testid='stElementContainer']")) {
      const inner = box.querySelector("[data-testid]");
      let kind = inner ? inner.dataset.testid : "empty";
      if (kind === "stMarkdown" && inner.querySelector("[data-testid='stCaptionContainer']")) kind = "stCaption";
      if (kind === "stAlertContainer" || kind.startsWith("stAlert")) kind = "stAlert";
      add(region + "." + kind, 1);
    }
    for (const kind of ["stExpander", "stTabs", "stTab", "stPopover", "stHorizontalBlock", "stForm"]) {
      add(region + "." + kind, root.querySelectorAll(`[data-testid='${kind}']`).length);
    }
  }
  add("nav", document.querySelectorAll("[data-testid='stSidebarNavLink']").length);
  add("error", document.querySelectorAll("[data-testid='stException']").length);
  return mix;
}"""

BARE_MIX = '''
"""A bare Streamlit page: the elements named in ?mix= (region.kind:count,...; region.kind~chars:n), static filler."""
import streamlit as st

mix = {}
for part in st.query_params.get("mix", "").split(","):
    if ":" in part:
        name, count = part.rsplit(":", 1)
        mix[name] = int(count)
PARAGRAPH = "The quick brown fox jumps over the lazy dog and keeps running through the field. " * 5 + "\\n\\n"


def text(kind, k):
    """Filler in paragraphs, as long as the app's elements of this kind were, shared among them (a line at least)."""
    region, n = k[:1], mix.get(k[:1] + "." + kind, 1)
    size = mix.get(f"{region}.{kind}~chars", 0) // max(n, 1)
    return (PARAGRAPH * (size // len(PARAGRAPH) + 1))[:max(size, 20)].strip()


ELEMENTS = {
    "stMarkdown": lambda k: st.markdown(text("stMarkdown", k)),
    "stCaption": lambda k: st.caption(text("stCaption", k)),
    "stHeading": lambda k: st.subheader(f"A heading {k}"),
    "stText": lambda k: st.text(text("stText", k)),
    "stCode": lambda k: st.code(text("stCode", k), language=None),
    "stButton": lambda k: st.button(f"Button {k}", key=k),
    "stDownloadButton": lambda k: st.download_button(f"Download {k}", b"x", file_name="x.txt", key=k,
                                                     on_click="ignore"),
    "stLinkButton": lambda k: st.link_button(f"Link {k}", "https://example.com/"),
    "stPageLink": lambda k: st.page_link(home, label=f"Page link {k}"),
    "stSelectbox": lambda k: st.selectbox(f"Select {k}", ["one", "two", "three"], key=k),
    "stMultiSelect": lambda k: st.multiselect(f"Pick {k}", ["one", "two", "three"], key=k),
    "stTextArea": lambda k: st.text_area(f"Text area {k}", key=k),
    "stTextInput": lambda k: st.text_input(f"Text input {k}", key=k),
    "stNumberInput": lambda k: st.number_input(f"Number {k}", key=k),
    "stCheckbox": lambda k: st.checkbox(f"Check {k}", key=k),
    "stRadio": lambda k: st.radio(f"Radio {k}", ["one", "two"], key=k),
    "stSlider": lambda k: st.slider(f"Slider {k}", key=k),
    "stProgress": lambda k: st.progress(0.5, text=f"Progress {k}"),
    "stAlert": lambda k: st.info(f"A note {k}."),
    "stMetric": lambda k: st.metric(f"Metric {k}", 42),
    "stDataFrame": lambda k: st.dataframe({"a": [1, 2, 3], "b": ["x", "y", "z"]}),
    "stTable": lambda k: st.table({"a": [1, 2], "b": ["x", "y"]}),
    "stJson": lambda k: st.json({"a": 1}),
    "stHtml": lambda k: st.html("<style>.x{}</style>"),
    "stFileUploader": lambda k: st.file_uploader(f"Upload {k}", key=k),
}


def blocks(region, where):
    """Expanders, tabs and popovers, empty: the elements the app shows inside them are shown on their own."""
    for n in range(mix.get(f"{region}.stExpander", 0)):
        where.expander(f"Expander {n}")
    tabs, sets = mix.get(f"{region}.stTab", 0), mix.get(f"{region}.stTabs", 0)
    for n in range(sets):
        where.tabs([f"Tab {n}.{t}" for t in range(max(tabs // sets + (n < tabs % sets), 1))])
    for n in range(mix.get(f"{region}.stPopover", 0)):
        where.popover(f"Popover {n}")


def elements(region, where):
    with where:
        blocks(region, where)
        shown = [(kind, n) for kind in ELEMENTS for n in range(mix.get(f"{region}.{kind}", 0))]
        shown.sort(key=lambda item: item[0] not in ("stButton", "stDownloadButton"))  # rows hold buttons first
        rows = min(mix.get(f"{region}.stHorizontalBlock", 0), len(shown))  # an empty row is not drawn
        for kind, n in shown[:rows]:
            with st.container(horizontal=True):
                ELEMENTS[kind](f"{region}{kind}{n}")
        for kind, n in shown[rows:]:
            ELEMENTS[kind](f"{region}{kind}{n}")


def render():
    elements("m", st.container())
    elements("s", st.sidebar)


home = st.Page(render, title="Home", default=True)
menu = [home] + [st.Page(lambda: None, title=f"Page {n}", url_path=f"p{n}") for n in range(1, mix.get("nav", 0))]
st.navigation(menu, position="sidebar" if mix.get("nav") else "hidden").run()
'''
BARE_KINDS = ("stMarkdown stCaption stHeading stText stCode stButton stDownloadButton stLinkButton stPageLink "
              "stSelectbox stMultiSelect stTextArea stTextInput stNumberInput stCheckbox stRadio stSlider stProgress "
              "stAlert stMetric stDataFrame stTable stJson stHtml stFileUploader stExpander stTabs stTab stPopover "
              "stHorizontalBlock").split()
EVERY_KIND = {**{f"m.{kind}": 1 for kind in BARE_KINDS}, "nav": 8}
"""The bare server's warm-up visit shows each kind once, so no timed visit pays for a first import."""


class PageClock:
    """Times a page's first run off the browser's own timestamps of its websocket frames (Chrome DevTools
    Protocol), and adds up the characters of text each kind of element was sent with, by region.

    The time runs from the browser sending its first "rerun script" to the first "script finished" that is not
    an early finish for a rerun (a page that switches to another on the server finishes once it is drawn).
    Playwright's own websocket events (bench_wizard.FrameClock) are stamped when Python handles them, which can
    be after the frame went by: at times that gave a first visit of 9-12 ms. The browser handles the frames on
    the page's main thread, where it also draws what they carry, so a page that sends 40,000 characters of
    Markdown gets its later frames, "script finished" among them, later than one that sends a line: the bare
    page is given as much text of each kind (`~chars` in its mix), so that the ratio is what the app's own work
    adds.
    """

    KINDS = {"markdown": "stMarkdown", "code": "stCode", "text": "stText"}

    def __init__(self, page) -> None:
        self.started: float | None = None
        self.ms: float | None = None
        self.chars: dict[str, int] = {}
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.on("Network.webSocketFrameSent", self._sent)
        self.cdp.on("Network.webSocketFrameReceived", self._received)
        self.cdp.send("Network.enable")

    @staticmethod
    def _payload(event: dict) -> bytes | None:
        frame = event["response"]
        return base64.b64decode(frame["payloadData"]) if frame.get("opcode") == 2 else None

    def _sent(self, event: dict) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        if (payload := self._payload(event)) is None or self.started is not None:
            return
        if BackMsg.FromString(payload).HasField("rerun_script"):
            self.started = event["timestamp"]

    def _received(self, event: dict) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if (payload := self._payload(event)) is None:
            return
        message = ForwardMsg.FromString(payload)
        if message.HasField("script_finished"):
            done = message.script_finished != ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
            if done and self.started is not None and self.ms is None:
                self.ms = (event["timestamp"] - self.started) * 1000
        elif message.HasField("delta") and message.delta.HasField("new_element"):
            self._count(message)

    def _count(self, message) -> None:
        from streamlit.proto.Markdown_pb2 import Markdown

        element = message.delta.new_element
        field = element.WhichOneof("type")
        region = {0: "m", 1: "s"}.get(message.metadata.delta_path[0] if message.metadata.delta_path else -1)
        if field not in self.KINDS or region is None:
            return
        kind, body = self.KINDS[field], getattr(element, field)
        if field == "markdown" and body.element_type == Markdown.Type.CAPTION:
            kind = "stCaption"
        key = f"{region}.{kind}~chars"
        self.chars[key] = self.chars.get(key, 0) + len(body.code_text if field == "code" else body.body)


def visit(browser, url: str, cookie: tuple[str, str, str] | None = None) -> tuple[float, dict[str, int]]:
    """One first visit in a fresh context: its milliseconds and the elements it showed once settled, with the
    characters of text they were sent with."""
    from tests.support.browser import settle

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if cookie is not None:
        context.add_cookies([{"name": cookie[0], "value": cookie[1], "url": cookie[2]}])
    try:
        page = context.new_page()
        clock = PageClock(page)
        page.goto(url)
        settle(page)
        mix = {**page.evaluate(COUNT_ELEMENTS), **clock.chars}
    finally:
        context.close()
    if mix.pop("error", 0):
        raise RuntimeError(f"{url} shows an exception")
    if clock.ms is None:
        raise RuntimeError(f"{url}: no script run was seen")
    return clock.ms, mix


def steady_visit(browser, url: str, cookie: tuple[str, str, str] | None = None) -> tuple[float, dict[str, int]]:
    """A visit, made again once (and said) when the page did not settle within the wait: on a busy machine the
    browser now and then misses the app's connected state."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return visit(browser, url, cookie)
    except PlaywrightTimeout:
        print(f"  (a visit of {url[:80]} did not settle in 30 s; visited again)", flush=True)
        return visit(browser, url, cookie)


def first_visit_ms(browser, url: str, cookie: tuple[str, str, str] | None = None) -> float:
    return visit(browser, url, cookie)[0]


def mix_query(mix: dict[str, int]) -> str:
    return quote(",".join(f"{name}:{count}" for name, count in sorted(mix.items())))


def unmatched(mix: dict[str, int]) -> list[str]:
    """Kinds of element the bare page has no call for (it leaves them out; the report names them)."""
    return sorted(name for name in mix if name != "nav" and "~" not in name and name.split(".", 1)[1] not in BARE_KINDS)


def visits(seeded: dict) -> dict[str, str | None]:
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


def address_of(name: str, role: str | None, base: str, seeded: dict) -> str:
    if role is not None:
        return f"{base}{name.split(' ', 1)[1]}"
    link = seeded["review"] if "review of" in name else seeded["invitations"]["phone"]
    return f"{base}/interview?i={link}"


def measure(folder: str, only: str | None) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    from elicit.ui.common import COOKIE
    from tests.browser.test_role_walk import seed
    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server

    url = f"sqlite:///{folder}/pages.db"
    seeded = seed(url)
    script = Path(folder) / "bare_mix.py"
    script.write_text(BARE_MIX, encoding="utf-8")
    app, base = start_server(url, port=port_flag())
    bare, bare_base = None, ""
    results: dict[str, dict] = {}
    try:
        bare, bare_base = start_server("sqlite://", script=script, port=bare_port())
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            # each process's very first run imports what its pages need: no visitor's first visit
            visit(browser, f"{base}/", (COOKIE, seeded["owner"], base))
            visit(browser, f"{bare_base}/?mix={mix_query(EVERY_KIND)}")
            for name, role in visits(seeded).items():
                if only and only not in name:
                    continue
                address = address_of(name, role, base, seeded)
                cookie = (COOKIE, seeded[role], base) if role else None
                app_ms, bare_ms, mix = [], [], None
                for _ in range(ROUNDS):
                    ms, seen = steady_visit(browser, address, cookie)
                    app_ms.append(ms)
                    mix = mix or seen
                    bare_ms.append(steady_visit(browser, f"{bare_base}/?mix={mix_query(mix)}")[0])
                results[name] = {"app": app_ms, "bare": bare_ms, "mix": mix}
                print(f"  {name}: app {min(app_ms):6.1f} / {statistics.median(app_ms):6.1f} ms, "
                      f"bare {min(bare_ms):6.1f} / {statistics.median(bare_ms):6.1f} ms", flush=True)
            browser.close()
    finally:
        stop_server(app)
        if bare is not None:
            stop_server(bare)
    return results


def load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> None:
    only = next((sys.argv[n + 1] for n, arg in enumerate(sys.argv[:-1]) if arg == "--only"), None)
    start_load = load()
    print(f"load average at the start: {start_load} (1, 5, 15 minutes; {os.cpu_count()} cores)", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        results = measure(folder, only)
    end_load = load()
    print()
    print(f"first visit, server (websocket), {ROUNDS} rounds of app then bare: min / median in ms")
    print(f"  {'app min':>8} {'median':>7}  {'bare min':>8} {'median':>7}  {'ratio':>6} {'min/min':>7}  page")
    ratios: dict[str, float] = {}
    for name, r in sorted(results.items(), key=lambda item: -statistics.median(item[1]["app"])):
        app_med, bare_med = statistics.median(r["app"]), statistics.median(r["bare"])
        ratios[name] = app_med / bare_med
        print(f"  {min(r['app']):8.1f} {app_med:7.1f}  {min(r['bare']):8.1f} {bare_med:7.1f}  "
              f"{ratios[name]:5.2f}x {min(r['app']) / min(r['bare']):6.2f}x  {name}")
    for name, r in results.items():
        if missing := unmatched(r["mix"]):
            print(f"  (the bare page of {name} leaves out {', '.join(missing)})")
    print(f"load average at the end: {end_load}")
    if not ratios:
        return
    pages = {name: ratio for name, ratio in ratios.items() if "review of" not in name}
    if pages:
        worst = max(pages, key=pages.get)
        print(f"every page within {PAGE_AIM:.0f}x its bare page (median / median): worst {pages[worst]:.2f}x ({worst}); "
              f"{'met' if pages[worst] <= PAGE_AIM else 'NOT met'}")
    review = next((ratio for name, ratio in ratios.items() if "review of" in name), None)
    if review is not None:
        print(f"the expert's review of a whole interview within {REVIEW_AIM:.0f}x its bare page: {review:.2f}x; "
              f"{'met' if review <= REVIEW_AIM else 'NOT met'}")


if __name__ == "__main__":
    main()
