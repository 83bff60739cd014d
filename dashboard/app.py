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

from dashboard import session  # noqa: E402
from dashboard.navigation import menu  # noqa: E402
from dashboard.ui import friendly_errors  # noqa: E402

st.set_page_config(
    page_title="LESLIE Impact",
    page_icon=str(ROOT / "dashboard" / "static" / "leslie-icon.png"),
    layout="wide",
)
page = st.navigation(menu(session.current_viewer()), expanded=True)  # 13 pages: no "View more"
with friendly_errors():  # pages written as plain scripts get messages instead of tracebacks
    page.run()
