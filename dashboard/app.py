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

from dashboard import cookie, session  # noqa: E402
from dashboard.language import current_words  # noqa: E402
from dashboard.navigation import check_pages, menu  # noqa: E402
from dashboard.ui import friendly_errors, set_document_language  # noqa: E402

check_pages()  # a page listed but missing stops here, not silently later

st.set_page_config(
    page_title="LESLIE Impact",
    page_icon=str(ROOT / "dashboard" / "static" / "leslie-icon.png"),
    layout="wide",
)
viewer = session.current_viewer()
words = current_words(viewer)
set_document_language(words.lang)
cookie.sync()  # write or clear the session cookie this run decided on
page = st.navigation(menu(viewer, words))
with friendly_errors():  # pages written as plain scripts get messages instead of tracebacks
    page.run()
