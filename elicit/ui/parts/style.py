"""The app's few style rules: on a phone the header stays small so the question, the answer box and Next fit."""

from __future__ import annotations

import streamlit as st

PHONE_CSS = """
<style>
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding: 3.25rem 0.85rem 3rem 0.85rem; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 1.55rem; padding: 0.2rem 0 0.4rem 0; }
  [data-testid="stMainBlockContainer"] h2 { font-size: 1.3rem; }
  [data-testid="stMainBlockContainer"] h3 { font-size: 1.1rem; padding: 0.25rem 0; }
  [data-testid="stVerticalBlock"] { gap: 0.55rem; }
  [data-testid="stCaptionContainer"] { font-size: 0.8rem; }
  .stProgress p { font-size: 0.8rem; }
}
</style>
"""


def render_style() -> None:
    st.html(PHONE_CSS)
