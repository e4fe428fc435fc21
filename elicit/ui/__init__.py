"""The Streamlit UI, an entry point and the only importer of streamlit: `pages/` (one module per page), `parts/`
(what pages compose), `routes/` (the plain HTTP sign-in routes beside Streamlit) and `common` (what every page
shares). It calls the services and presenting, reads the core's objects and the settings, and never imports the
store: every page's data comes through a use case."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
ICON = HERE / "icon.png"
PAGES = HERE / "pages"
HOME = PAGES / "home.py"
INTERVIEW = PAGES / "interview.py"
PLAYBOOK = PAGES / "playbook.py"
GUIDES = PAGES / "guides.py"
SETTINGS = PAGES / "settings.py"
TRYOUT = PAGES / "tryout.py"
LINT = PAGES / "lint.py"
LIBRARY = PAGES / "library.py"
REVIEW = PAGES / "review.py"
COMPARE = PAGES / "compare.py"
TEAM = PAGES / "people.py"


def _all_pages() -> dict[str, dict]:
    return {
        "home": dict(page=HOME, title="Home", icon=":material/home:"),
        "interview": dict(page=INTERVIEW, title="Interview", icon=":material/forum:", url_path="interview"),
        "playbook": dict(page=PLAYBOOK, title="Playbook", icon=":material/menu_book:", url_path="playbook"),
        "try": dict(page=TRYOUT, title="Try it", icon=":material/science:", url_path="try"),
        "library": dict(page=LIBRARY, title="Library", icon=":material/local_library:", url_path="library"),
        "review": dict(page=REVIEW, title="Review", icon=":material/rate_review:", url_path="review"),
        "compare": dict(page=COMPARE, title="Compare experts", icon=":material/compare_arrows:", url_path="compare"),
        "guides": dict(page=GUIDES, title="Interview guides", icon=":material/list_alt:", url_path="guides"),
        "lint": dict(page=LINT, title="Lint a prompt", icon=":material/rule:", url_path="lint"),
        "people": dict(page=TEAM, title="People", icon=":material/group:", url_path="people"),
        "settings": dict(page=SETTINGS, title="Settings", icon=":material/settings:", url_path="settings"),
    }


def pages(menu: list[str] | None = None, by_link: list[str] | None = None) -> dict[str, st.Page]:
    """Every page of the app by name: `menu` in the menu (the first is the default), the rest hidden.

    All are registered whoever looks, so a link to any page always resolves; which of them a person may
    open is `menu` and `by_link`, and `allowed_page` holds any other address to those.
    """
    from elicit.presenting import BY_LINK, MENU

    table = _all_pages()
    menu = list(MENU) if menu is None else menu
    by_link = list(BY_LINK) if by_link is None else by_link
    first = (menu or ["home"])[0]  # a default page answers at "/" only, so the interview (by link) never is one
    order = [first] + [name for name in table if name != first]
    return {name: st.Page(**table[name], default=name == first, visibility="visible" if name in menu else "hidden")
            for name in order}


def open_allowed(chosen: st.Page, table: dict[str, st.Page], names: list[str]) -> None:
    """Run the page asked for if this person may open it; else go to their first page, keeping the link."""
    mine = [table[name] for name in names] or [table["home"]]
    if any(chosen.url_path == page.url_path for page in mine):
        chosen.run()
    else:
        st.switch_page(mine[0], query_params=st.query_params.to_dict())
