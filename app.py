"""Streamlit entry point: page config and navigation over the pages in elicit/ui."""

import streamlit as st

from elicit.ui import ICON, pages

st.set_page_config(page_title="elicit", page_icon=str(ICON), layout="centered")
st.navigation(pages()).run()
