"""Benchmark of one wizard step on the server: Next clicked to the next question rendered, through AppTest.

Compared, in the same run, with a bare Streamlit page showing the same widgets, so the ratio says what the
product adds on top of Streamlit itself. Run with `make bench`.
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

BARE = '''
import streamlit as st
st.markdown("**the topic**")
st.caption("With the expert")
st.progress(0.3, text="30% done")
with st.expander("What your answers cover"):
    st.progress(0.5, text="Role")
st.markdown("**Stage 1 of 7: Your role**")
st.caption("intro")
st.subheader("What is your role?")
st.caption("why")
with st.expander("See an example answer"):
    st.text("example")
st.text_area("Your answer", key="a", height=170)
with st.container(horizontal=True):
    st.button("Back"); st.button("Skip"); st.button("Next", key="next")
'''
TEXT_ANSWER = ("I lead incident response for a payments company with 14 years in operations; when I see error "
               "rates above 2% for five minutes I page the on-call lead, and in March 2024 that rule caught a "
               "bad deploy within eight minutes.")


def _time(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def bare_step_ms(repeat: int) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(BARE, default_timeout=30).run()
    samples = []
    for n in range(repeat):
        at.text_area(key="a").input(f"{TEXT_ANSWER} {n}")
        samples.append(_time(lambda: at.button(key="next").click().run()))
    return statistics.median(samples)


def wizard_step_ms(repeat: int) -> float:
    """Answer the general guide's text questions in turn; a fresh interview when they run out."""
    from streamlit.testing.v1 import AppTest

    from elicit.guides import Kind, get_guide

    samples: list[float] = []
    while len(samples) < repeat:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
        at.selectbox(key="home_guide").set_value("general")
        at.text_input(key="home_expert").input("Bench")
        at.text_input(key="home_topic").input("benchmark")
        at.button(key="home_start").click().run()
        for question in get_guide("general").questions:
            if len(samples) >= repeat or question.kind is not Kind.TEXT:
                break
            at.text_area(key=f"iv_text_{question.id}").input(TEXT_ANSWER)
            samples.append(_time(lambda: at.button(key="iv_next").click().run()))
            while any(b.key == "iv_fu_skip" for b in at.button):
                at.button(key="iv_fu_skip").click().run()
    return statistics.median(samples)


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's "missing ScriptRunContext" chatter
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ELICIT_DATABASE_URL"] = f"sqlite:///{folder}/bench.db"
        bare = bare_step_ms(20)
        wizard = wizard_step_ms(20)
    print(f"wizard step (Next -> next question, server): {wizard:7.1f} ms median")
    print(f"bare Streamlit page, same widgets:          {bare:7.1f} ms median   ratio {wizard / bare:.2f}x")


if __name__ == "__main__":
    main()
