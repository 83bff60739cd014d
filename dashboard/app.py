"""LESLIE Impact dashboard: ``streamlit run dashboard/app.py`` (data from LESLIE_DATA_DIR).

The entry point only wires things: the page list for whoever is signed in. Each page under
pages/ draws the shared sidebar filters (kept in the URL) and one view from the query
functions, through ``ui.run_page``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.widgets import a11y  # noqa: E402
from dashboard.widgets.ui import friendly_errors  # noqa: E402
from dashboard.wiring import cookie, per_run, session  # noqa: E402
from dashboard.wiring.language import current_words  # noqa: E402
from dashboard.wiring.navigation import check_pages, flat, menu  # noqa: E402

check_pages()  # a page listed but missing stops here, not silently later

st.set_page_config(
    page_title="LESLIE Impact",
    page_icon=str(ROOT / "dashboard" / "static" / "leslie-icon.png"),
    layout="wide",
)
with per_run.one_run():  # one account lookup and one warehouse connection for the run
    viewer = session.current_viewer()
    words = current_words(viewer)
    cookie.sync()  # write or clear the session cookie this run decided on
    pages, groups = flat(menu(viewer, words))
    statement = a11y.statement_page()
    page = st.navigation([*pages, statement], expanded=True)  # one list: valid menu markup
    a11y.set_document_language(words.lang)
    a11y.menu_group_style(groups)
    a11y.sidebar_footer(statement)
    with friendly_errors():  # pages written as plain scripts get messages instead of tracebacks
        page.run()
