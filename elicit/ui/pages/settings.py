"""Settings: which prober is active, the configuration (never a key), and a button that tests the connection."""

import streamlit as st

from elicit.services import connection
from elicit.adapters.config import get_settings
from elicit.presenting import plain
from elicit.ui.common import callback, current_account, database, guarded, render_flash, team_mode
from elicit.ui.parts.identity import admit

RESULT_KEY = "st_connection_result"


@callback
def on_test_connection() -> None:
    with database() as db:
        if team_mode(db) and current_account(db) is None:
            return
        st.session_state[RESULT_KEY] = connection.check_connection(db=db, settings=get_settings())


def render_result() -> None:
    result = st.session_state.get(RESULT_KEY)
    if result is None:
        return
    worked, message = result
    (st.success if worked else st.error)(plain(message))


@guarded
def render_page() -> None:
    settings = get_settings()
    st.title("Settings")
    if admit() is None:  # the configuration and the connection test are for the team, not for anyone passing by
        return
    st.markdown(f"**{plain(connection.active_prober(settings))}**")
    problem = connection.configuration_problem(settings)
    if problem:
        st.warning(plain(problem))
    st.caption("These come from environment variables (ELICIT_LLM_BASE_URL, ELICIT_LLM_MODEL, ELICIT_LLM_API_KEY, "
               "or OPENAI_API_KEY and OPENAI_BASE_URL) or a .env file; restart the app after changing them.")
    with database() as db:
        rows = connection.details(settings) + [("Structured output", connection.structured_mode(db=db,
                                                                                               settings=settings))]
    st.table({"Setting": [label for label, _ in rows], "Value": [value for _, value in rows]})
    st.button("Test the connection", key="st_test", icon=":material/network_check:", on_click=on_test_connection,
              disabled=not settings.llm_configured)
    render_flash()
    render_result()


render_page()
