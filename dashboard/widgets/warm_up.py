"""The browser's code for charts and tables, started while a person signs in.

Streamlit loads the code that draws a chart (Plotly) or a table (the data grid) the first
time a page holds one, and Chromium then compiles and starts it: seconds on a slow machine,
paid by whichever page comes first after signing in. The sign-in page draws one empty chart
and one empty table in a box that takes no room and is hidden from everyone, screen readers
included (``display: none``), so that work is done while the person types their password.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.widgets import shown_tables
from dashboard.widgets.a11y import WARM_BOX  # hidden by the accessibility style sheet


def start_chart_and_table_code() -> None:
    """An empty chart and an empty table in the hidden box."""
    with st.container(key=WARM_BOX):
        st.plotly_chart(go.Figure(), key="leslie-warm-up-chart", config={"staticPlot": True})
        shown_tables.show(pd.DataFrame({"-": []}), key="leslie-warm-up-table", hide_index=True)
