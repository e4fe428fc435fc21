"""The plain HTTP routes beside Streamlit: sign-in, setup, sign-out and welcome, and the origin checks."""
