"""Benchmark of one wizard step on the server: Next clicked to the next question rendered.

Two measurements, each against a bare Streamlit page showing the same widgets in the same run, so the ratio
says what the product adds on top of Streamlit itself:

- in process, through AppTest (the script and its callbacks, no browser, no websocket);
- through the real server with Chromium clicking: the time between the browser sending the rerun message
  and receiving the server's "script finished" message, read off the websocket frames, which is the
  server's time for the step plus a loopback hop, without the browser's own rendering.

Run with `make bench` (or `python tests/benchmarks/bench_wizard.py [apptest|server]`).
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.timing import bare_port, port_flag  # noqa: E402

# The widgets the wizard shows on a text question: header, progress, the coverage meter's ten bars, the stage,
# the question, an example, the answer and four buttons, inside a navigation of eleven pages.
BARE = '''
import streamlit as st

def question():
    st.markdown("**the topic**")
    st.caption("With the expert · the guide. Every answer is saved when you press Next.")
    st.progress(0.3, text="30% done")
    with st.expander("What your answers cover: 3 of 10 parts"):
        for n in range(10):
            st.progress(n / 10, text=f"Part {n}")
    st.markdown("**Stage 1 of 7: Your role**")
    st.caption("intro")
    st.subheader("What is your role?")
    st.caption("why")
    with st.expander("See an example answer"):
        st.text("example")
    st.text_area("Your answer", key="a", height=170)
    with st.container(horizontal=True):
        st.button("Back"); st.button("Skip"); st.button("Next", key="next")
    st.button("Review the prompt so far", type="tertiary")

def other():
    st.write("other")

pages = [st.Page(question, title="Question", default=True)] + [
    st.Page(other, title=f"Page {n}", url_path=f"p{n}") for n in range(10)]
page = st.navigation(pages)
with st.sidebar:
    st.caption("Working alone.")
page.run()
'''
WARM_UP = 5  # the first runs in a process fill Streamlit's and SQLAlchemy's caches
REPEAT = 40
TEXT_ANSWER = ("I lead incident response for a payments company with 14 years in operations; when I see error "
               "rates above 2% for five minutes I page the on-call lead, and in March 2024 that rule caught a "
               "bad deploy within eight minutes.")


def _time(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


# --- in process (AppTest) ------------------------------------------------------------------------------------


def bare_step_ms(repeat: int) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(BARE, default_timeout=30).run()
    samples = []
    for n in range(repeat + WARM_UP):
        at.text_area(key="a").input(f"{TEXT_ANSWER} {n}")
        samples.append(_time(lambda: at.button(key="next").click().run()))
    return statistics.median(samples[WARM_UP:])


def wizard_step_ms(repeat: int) -> float:
    """Answer the general guide's text questions in turn; a fresh interview when they run out."""
    from streamlit.testing.v1 import AppTest

    from elicit.core.guides import Kind, get_guide

    samples: list[float] = []
    while len(samples) < repeat + WARM_UP:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
        at.selectbox(key="home_guide").set_value("general")
        at.text_input(key="home_expert").input("Bench")
        at.text_input(key="home_topic").input("benchmark")
        at.button(key="home_start").click().run()
        for question in get_guide("general").questions:
            if len(samples) >= repeat + WARM_UP or question.kind is not Kind.TEXT:
                break
            at.text_area(key=f"iv_text_{question.id}").input(TEXT_ANSWER)
            samples.append(_time(lambda: at.button(key="iv_next").click().run()))
            while any(b.key == "iv_fu_skip" for b in at.button):
                at.button(key="iv_fu_skip").click().run()
    return statistics.median(samples[WARM_UP:])


# --- through the server (websocket frames) -------------------------------------------------------------------


class FrameClock:
    """Times each rerun the browser asks for until the server says the script finished."""

    def __init__(self, page) -> None:
        self.started: float | None = None
        self.samples: list[float] = []
        page.on("websocket", self._watch)

    def _watch(self, socket) -> None:
        socket.on("framesent", self._sent)
        socket.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        if isinstance(payload, bytes):
            message.ParseFromString(payload)
            if message.HasField("rerun_script"):
                self.started = time.perf_counter()

    def _received(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = ForwardMsg()
        if not isinstance(payload, bytes) or self.started is None:
            return
        message.ParseFromString(payload)
        if message.HasField("script_finished"):
            self.samples.append((time.perf_counter() - self.started) * 1000)
            self.started = None


def _click_next(page, clock: FrameClock, text: str, label: str = "Your answer") -> None:
    from tests.support.browser import settle

    page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("button", name="Next", exact=True).click()
    settle(page)


def bare_server_ms(repeat: int, folder: str) -> float:
    from tests.support.browser import chromium, settle, start_server, stop_server

    script = Path(folder) / "bare.py"
    script.write_text(BARE)
    process, bare_base = start_server("sqlite://", script=script, port=bare_port())
    port = int(bare_base.rsplit(":", 1)[1])
    try:
        with chromium() as page:
            clock = FrameClock(page)
            page.goto(f"http://127.0.0.1:{port}")
            settle(page)
            for n in range(repeat + WARM_UP):
                _click_next(page, clock, f"{TEXT_ANSWER} {n}")
    finally:
        stop_server(process)
    return statistics.median(_steps(clock.samples, repeat))


def wizard_server_ms(repeat: int, database_url: str) -> float:
    from elicit.core.guides import Kind, get_guide
    from tests.support.browser import chromium, settle, start_interview, start_server, stop_server

    process, base = start_server(database_url, port=port_flag())
    text_asks = [q.ask for q in get_guide("general").questions if q.kind is Kind.TEXT]
    steps: list[float] = []
    try:
        with chromium() as page:
            clock = FrameClock(page)
            while len(steps) < repeat + WARM_UP:
                start_interview(page, base, get_guide("general").title, "Bench", "benchmark")
                while len(steps) < repeat + WARM_UP:
                    heading = page.locator("[data-testid='stHeading'] h3").first.inner_text()
                    if heading not in text_asks:
                        break
                    clock.samples.clear()
                    _click_next(page, clock, TEXT_ANSWER)
                    steps.extend(clock.samples[-1:])  # the rerun of the Next click
                    while page.get_by_role("button", name="Skip this").count():
                        page.get_by_role("button", name="Skip this").click()
                        settle(page)
    finally:
        stop_server(process)
    return statistics.median(steps[WARM_UP:])


def _steps(samples: list[float], repeat: int) -> list[float]:
    """The reruns of the Next clicks, warm-up left out."""
    return samples[-repeat:]


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's "missing ScriptRunContext" chatter
    which = sys.argv[1:] or ["apptest", "server"]
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ELICIT_DATABASE_URL"] = f"sqlite:///{folder}/bench.db"
        if "apptest" in which:
            bare, wizard = bare_step_ms(REPEAT), wizard_step_ms(REPEAT)
            print(f"in process (AppTest): wizard step {wizard:6.1f} ms, bare page {bare:6.1f} ms, "
                  f"ratio {wizard / bare:.2f}x (medians of {REPEAT})")
        if "server" in which:
            bare = bare_server_ms(REPEAT, folder)
            wizard = wizard_server_ms(REPEAT, f"sqlite:///{folder}/server.db")
            print(f"server (websocket):   wizard step {wizard:6.1f} ms, bare page {bare:6.1f} ms, "
                  f"ratio {wizard / bare:.2f}x (medians of {REPEAT})")


if __name__ == "__main__":
    main()
