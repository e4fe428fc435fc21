"""Streamlit entry point: page config, the phone-friendly style, and navigation over the pages this person sees."""

import streamlit as st

from elicit.ui import ICON, open_allowed, pages
from elicit.ui.common import one_look
from elicit.ui.parts.identity import navigation, render_account_box
from elicit.ui.parts.style import render_style

st.set_page_config(page_title="elicit", page_icon=str(ICON), layout="centered")
render_style()
with one_look():  # who is looking is read once for the whole run, not by every part that asks
    menu, by_link = navigation()
    table = pages(menu, by_link)
    page = st.navigation(list(table.values()), position="sidebar" if menu else "hidden")
    render_account_box()
    open_allowed(page, table, menu + by_link)
