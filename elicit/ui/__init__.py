"""The Streamlit UI: the only importer of streamlit; one module per page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent


def pages() -> list:
    return [st.Page(HERE / "guides_page.py", title="Interview guides", icon="📋", default=True)]
