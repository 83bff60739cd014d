"""Audit log (coordinator): who signed in, uploaded, decided, changed accounts or exported,
newest first, with filters; the whole log since a date as CSV (the export is logged too)."""

from __future__ import annotations

import streamlit as st

from dashboard import ui
from dashboard.audit_view import entries_table, export_bytes, export_name
from dashboard.context import Context
from pipelines.access import audit
from pipelines.errors import AccessDenied

ALL = ""
SHOWN = 1000


def render(ctx: Context) -> None:
    viewer = ctx.viewer
    st.title("Audit log")
    if not viewer.can("see_audit"):
        raise AccessDenied("Only the coordinator can read the audit log")
    st.caption(
        "Every sign-in, upload, review decision, account change and export. The log is "
        "append-only: entries are never changed or deleted."
    )
    left, middle, right = st.columns(3)
    action = left.selectbox(
        "Action",
        [ALL, *audit.ACTIONS],
        format_func=lambda a: "All actions" if a == ALL else a,
        key="audit_action",
    )
    who = middle.text_input("Who (account handle contains)", key="audit_who")
    since = right.date_input("Since (UTC)", value=None, key="audit_since", format="YYYY-MM-DD")
    found = audit.entries(ctx.data_dir, viewer, since=since, limit=SHOWN, action=action or None)
    table = entries_table(found, who)
    note = f" (the newest {SHOWN:,})" if len(found) == SHOWN else ""
    st.caption(f"{len(table):,} entries{note}, newest first.")
    st.dataframe(
        table,
        hide_index=True,
        column_config={"detail": st.column_config.TextColumn(width="large")},
    )
    st.download_button(
        "Download the log as CSV" + (f" (since {since:%d %b %Y})" if since else ""),
        data=lambda: export_bytes(ctx.data_dir, viewer, since),
        file_name=export_name(since),
        mime="text/csv",
        key="audit_export",
        icon=":material/download:",
        on_click="ignore",
        help="Every action since the date (the action and who filters do not apply); "
        "the export itself is logged.",
    )


ui.run_page(render)
