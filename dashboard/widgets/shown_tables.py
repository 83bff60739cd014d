"""Tables shared by several pages, in words (names, dates, vocabulary), numbers kept as
numbers where people sort by them; and the one way a page draws a table (``show``,
``editor``).

Streamlit's table toolbar has its own "Download as CSV" and clipboard copy, which write each
cell raw (a partner's ``=HYPERLINK(...)`` title becomes a formula) and leave no audit entry.
The project's settings turn that export off (``client.disableDataExport`` in
``.streamlit/config.toml``); ``show`` and ``editor`` keep it off when the app was started
without them. A table's file comes only from the project's CSV button (``ui.csv_later``:
formula-safe cells, audited).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from pipelines.words.present import Words

NO_EXPORT = "client.disableDataExport"
_RESTARTED = "_tables_export_restart"


def _export_off() -> None:
    """Turn the toolbar's export off for every session. The browser reads the setting when
    a run starts, so a run that found it on starts again before any table is drawn (once a
    session: a setting that would not stay off never loops)."""
    if not st.get_option(NO_EXPORT):
        st.set_option(NO_EXPORT, True)
        if not st.session_state.get(_RESTARTED):
            st.session_state[_RESTARTED] = True
            st.rerun()


def show(data: Any, **options: Any) -> Any:
    """``st.dataframe`` with the toolbar's export off (its options passed on)."""
    _export_off()
    return st.dataframe(data, **options)


def editor(data: Any, **options: Any) -> Any:
    """``st.data_editor`` with the toolbar's export off (its options passed on)."""
    _export_off()
    return st.data_editor(data, **options)


def activity_table(w: Words, listed: pd.DataFrame) -> pd.DataFrame:
    """The dissemination activities: date, partner, type, title, where, participants, reach,
    evidence link."""
    return pd.DataFrame(
        {
            w.t("dashboard.col.date"): [
                w.date(pd.Timestamp(d).date(), "medium") for d in listed["date"]
            ],
            w.t("dashboard.col.partner"): [w.partner(p, True) for p in listed["partner_code"]],
            w.t("dashboard.col.activity_type"): [
                w.vocab("activity_type", t) for t in listed["activity_type"]
            ],
            w.t("dashboard.col.title"): listed["title"].astype(str),
            w.t("dashboard.dissemination.event_country"): [
                w.country(c) for c in listed["event_country"]
            ],
            w.t("dashboard.dissemination.participants"): listed["participants"],
            w.t("dashboard.dissemination.reach"): listed["reach"],
            w.t("dashboard.col.evidence"): listed["url"],
        }
    )
