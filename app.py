"""Streamlit entry point: page config and navigation over the pages in elicit/ui."""

import streamlit as st

from elicit.ui import ICON, pages
from elicit.ui.identity import render_account_box

st.set_page_config(page_title="elicit", page_icon=str(ICON), layout="centered")
page = st.navigation(pages())
render_account_box()
page.run()
