"""Audit log (coordinator): who signed in, uploaded, decided, changed accounts or exported,
newest first, with filters; the whole log since a date as CSV (the export is logged too)."""

from __future__ import annotations

import streamlit as st

from dashboard.widgets import shown_tables, ui
from dashboard.widgets.audit_view import (
    action_word,
    entries_table,
    export_bytes,
    export_name,
    in_words,
)
from dashboard.wiring.run_context import Context
from pipelines.audit import log as audit
from pipelines.errors import AccessDenied

ALL = ""
SHOWN = 1000


def render(ctx: Context) -> None:
    viewer, w = ctx.viewer, ctx.words
    st.title(w.t("dashboard.nav.audit"))
    if not viewer.can("see_audit"):
        raise AccessDenied(key="pages_a.audit.denied")
    st.caption(w.t("pages_a.audit.intro"))
    left, middle, right = st.columns(3)
    action = left.selectbox(
        w.t("pages_a.audit.action"),
        [ALL, *audit.ACTIONS],
        format_func=lambda a: w.t("pages_a.audit.all_actions") if a == ALL else action_word(w, a),
        key="audit_action",
    )
    who = middle.text_input(w.t("pages_a.audit.who"), key="audit_who")
    since = right.date_input(
        w.t("pages_a.audit.since"), value=None, key="audit_since", format="YYYY-MM-DD"
    )
    found = audit.entries(ctx.data_dir, viewer, since=since, limit=SHOWN, action=action or None)
    table = entries_table(found, who)
    counted = "pages_a.audit.count_capped" if len(found) == SHOWN else "pages_a.audit.count"
    st.caption(w.n(counted, len(table)))
    detail = w.t("pages_a.col.detail")
    shown_tables.show(
        in_words(table, w),
        hide_index=True,
        column_config={detail: st.column_config.TextColumn(width="large")},
    )
    label = (
        w.t("pages_a.audit.download_since", day=w.date(since))
        if since
        else w.t("pages_a.audit.download")
    )
    st.download_button(
        label,
        data=lambda: export_bytes(ctx.data_dir, viewer, since),
        file_name=export_name(since),
        mime="text/csv",
        key="audit_export",
        icon=":material/download:",
        on_click="ignore",
        help=w.t("pages_a.audit.download_help"),
    )


ui.run_page(render)
