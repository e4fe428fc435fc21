"""The app's pages, one module per page; Streamlit runs each file by its path (see elicit/ui/__init__.py)."""
