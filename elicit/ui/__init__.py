"""The Streamlit UI: the only importer of streamlit; one module per page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
ICON = HERE / "icon.png"
HOME = HERE / "home_page.py"
INTERVIEW = HERE / "interview_page.py"
PLAYBOOK = HERE / "playbook_page.py"
GUIDES = HERE / "guides_page.py"
SETTINGS = HERE / "settings_page.py"
TRYOUT = HERE / "tryout_page.py"
LINT = HERE / "lint_page.py"
LIBRARY = HERE / "library_page.py"
REVIEW = HERE / "review_page.py"
COMPARE = HERE / "compare_page.py"
TEAM = HERE / "team_page.py"


def pages() -> list:
    return [
        st.Page(HOME, title="Home", icon=":material/home:", default=True),
        st.Page(INTERVIEW, title="Interview", icon=":material/forum:", url_path="interview"),
        st.Page(PLAYBOOK, title="Playbook", icon=":material/menu_book:", url_path="playbook"),
        st.Page(TRYOUT, title="Try it", icon=":material/science:", url_path="try"),
        st.Page(LIBRARY, title="Library", icon=":material/local_library:", url_path="library"),
        st.Page(REVIEW, title="Review", icon=":material/rate_review:", url_path="review"),
        st.Page(COMPARE, title="Compare experts", icon=":material/compare_arrows:", url_path="compare"),
        st.Page(GUIDES, title="Interview guides", icon=":material/list_alt:", url_path="guides"),
        st.Page(LINT, title="Lint a prompt", icon=":material/rule:", url_path="lint"),
        st.Page(TEAM, title="People", icon=":material/group:", url_path="people"),
        st.Page(SETTINGS, title="Settings", icon=":material/settings:", url_path="settings"),
    ]
