"""Reports: preview a period's report for a scope, download it (Excel, Word, PDF), freeze it
(coordinator), download frozen reports, and see what changed since the last frozen one.

The files are built from the previewed ReportData only when a download button is clicked,
so what is downloaded is what is shown. The library checks the viewer's scope on every call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import session, ui
from pipelines.access.scope import Viewer
from pipelines.config import load_project
from pipelines.metrics.indicators import Filters, number
from pipelines.paths import DataDir
from pipelines.reports import (
    FORMATS,
    MIME_TYPES,
    available_scopes,
    file_name,
    freeze,
    list_frozen,
    load_frozen,
    render,
)
from pipelines.reports.model import ReportData
from pipelines.reports.service import report_data, restated_since_frozen
from pipelines.reports.text import period_label, scope_name, summary_sentences
from pipelines.warehouse.build import identity

FORMAT_LABELS = {"xlsx": "Excel", "docx": "Word", "pdf": "PDF"}
FORMAT_ICONS = {
    "xlsx": ":material/table_view:",
    "docx": ":material/article:",
    "pdf": ":material/picture_as_pdf:",
}
DATES = "DATES"


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def _report(
    root: str,
    _warehouse: tuple[int, int] | None,
    _project_file: tuple[int, int] | None,
    viewer: Viewer,
    filters: Filters,
    as_of: dt.date,
) -> ReportData:
    """Cached per warehouse build, viewer scope, filter and date (identities are the key)."""
    directory = DataDir(Path(root))
    project = load_project(directory.project_file)
    return report_data(directory, project, viewer, filters, as_of)


def _download_buttons(data: ReportData, key: str) -> None:
    """One button per format; each file is built only when its button is clicked."""
    for column, fmt in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        column.download_button(
            f"{FORMAT_LABELS[fmt]} (.{fmt})",
            data=lambda fmt=fmt: render(data, fmt),
            file_name=file_name(data, fmt),
            mime=MIME_TYPES[fmt],
            key=f"{key}-{fmt}",
            icon=FORMAT_ICONS[fmt],
            on_click=session.record_download,
            args=("report_download", file_name(data, fmt)),
            help="The file is built when you click (a few seconds).",
            width="stretch",
        )


ctx = ui.require_context()
project, viewer = ctx.project, ctx.viewer
ui.page_header(ctx, "Reports", "the periodic technical report, in Excel, Word and PDF")

scopes = available_scopes(project, viewer)
if not scopes:
    st.info("Reports are not available to your account.", icon=":material/lock:")
    st.stop()

# ---------------------------------------------------------------------------- choices
periods = [p.id for p in project.periods]
default_period = ctx.filters.period if ctx.filters.period in periods else None
if default_period is None:
    started = [p.id for p in project.periods if p.start <= ctx.as_of]
    default_period = started[-1] if started else periods[0]
scope_keys = [s.code or "" for s in scopes]
wanted = ctx.filters.partner or ctx.filters.country or ""
left, middle, right = st.columns([1.2, 2.5, 1.3])
period = left.selectbox(
    "Reporting period",
    [*periods, DATES],
    index=periods.index(default_period),
    format_func=lambda p: "Date range…" if p == DATES else f"{p}: {project.period(p).name}",
    key="rep_period",
)
scope_key = middle.selectbox(
    "Scope",
    scope_keys,
    index=scope_keys.index(wanted) if wanted in scope_keys else 0,
    format_func=lambda k: scopes[scope_keys.index(k)].label,
    key="rep_scope",
)
pending = right.toggle(
    "Include pending uploads",
    key="rep_pending",
    disabled=not viewer.sees_pending,
    help="Provisional figures: uploads not yet approved by the coordinator.",
)
chosen = scopes[scope_keys.index(scope_key)]
filters = Filters(
    partner=chosen.code if chosen.kind == "partner" else None,
    country=chosen.code if chosen.kind == "country" else None,
    basis="with_pending" if pending else "official",
)
if period == DATES:
    lo, hi = st.columns(2)
    start = lo.date_input("From", project.start, key="rep_from", format="YYYY-MM-DD")
    end = hi.date_input("To", min(ctx.as_of, project.end), key="rep_to", format="YYYY-MM-DD")
    filters = replace(filters, date_from=start, date_to=end)
else:
    filters = replace(filters, period=period)

with st.spinner("Collecting the figures…"):
    data = _report(
        str(ctx.data_dir.root),
        identity(ctx.data_dir.warehouse),
        identity(ctx.data_dir.project_file),
        Viewer(viewer.role, viewer.username, viewer.partner, viewer.country),
        filters,
        ctx.as_of,
    )

# ---------------------------------------------------------------------------- preview
st.subheader(f"{period_label(data)} · {data.scope.label}")
st.caption(
    f"Data as of ledger position {data.ledger_position} (warehouse built {data.built_at}), "
    f"{len(data.submissions)} submissions; expected-to-date values as of {data.as_of}."
)
if data.basis == "with_pending":
    st.warning("Including pending uploads: provisional figures.", icon=":material/pending:")

st.markdown("**Download**")
_download_buttons(data, "rep-live")

with st.expander("Summary of the period (as written in the report)", expanded=True):
    for sentence in summary_sentences(data):
        st.markdown(f"- {sentence}")

tab_ind, tab_partner, tab_results, tab_catalogue, tab_sources = st.tabs(
    ["Indicators", "By partner", "Achieved results", "Catalogue", "Data sources"]
)
with tab_ind:
    ui.table_with_download(
        ui.indicator_table(project, data.indicators), "report indicators", "rep-ind"
    )
with tab_partner:
    ui.table_with_download(
        ui.indicator_table(project, data.by_partner), "report by partner", "rep-partner"
    )
with tab_results:
    activities = pd.DataFrame([a.__dict__ for a in data.activities])
    if activities.empty:
        ui.empty("dissemination activities in this period", ctx)
    else:
        ui.table_with_download(
            activities,
            "table of achieved results",
            "rep-results",
            column_config={"url": st.column_config.LinkColumn("evidence", display_text="open")},
        )
with tab_catalogue:
    catalogue = pd.DataFrame([m.__dict__ for m in data.catalogue])
    if catalogue.empty:
        ui.empty("modules", ctx)
    else:
        ui.table_with_download(catalogue, "report catalogue", "rep-catalogue")
with tab_sources:
    sources = pd.DataFrame([s.__dict__ for s in data.submissions])
    if sources.empty:
        st.info("No submission behind these figures yet.", icon=":material/info:")
    else:
        ui.table_with_download(sources, "report data sources", "rep-sources")

# ---------------------------------------------------------------------------- freeze
if viewer.role == "coordinator" and period != DATES:
    st.subheader("Freeze this report")
    st.caption(
        "Freezing records these figures and the ledger position behind them. A frozen report "
        "downloads with the same figures forever, even after partners correct their data."
    )
    sure = st.checkbox(
        f"I am submitting the {period} report for {chosen.label} to the EU agency",
        key="rep_freeze_sure",
    )
    if st.button("Freeze", key="rep_freeze", disabled=not sure, icon=":material/lock:"):
        with st.spinner("Freezing…"):
            made = freeze(ctx.data_dir, project, viewer, filters)
        st.success(f"Frozen as {made.frozen_id}.", icon=":material/lock:")

# ---------------------------------------------------------------------- restatements
st.subheader("Changes since the last frozen report")
card, changes = restated_since_frozen(ctx.data_dir, project, viewer, data)
if card is None:
    st.caption("No frozen report of this period and scope yet.")
elif not changes:
    st.success(
        f"The current figures equal the frozen report {card.frozen_id} (frozen {card.frozen_at}).",
        icon=":material/check_circle:",
    )
else:
    st.warning(
        f"{len(changes)} figure(s) differ from the frozen report {card.frozen_id} "
        f"(frozen {card.frozen_at} at ledger position {card.ledger_position}): partners have "
        "corrected data since. These are restatements of what was reported.",
        icon=":material/change_history:",
    )
    table = pd.DataFrame(
        [
            {
                "breakdown": c.breakdown,
                "scope": scope_name(data, c.breakdown, c.scope),
                "code": c.code,
                "indicator": c.name,
                "frozen": number(c.frozen),
                "current": number(c.current),
                "change": number(c.change),
            }
            for c in changes
        ]
    )
    ui.table_with_download(table, "restatements", "rep-restated")

# ------------------------------------------------------------------------ frozen list
st.subheader("Frozen reports")
frozen = list_frozen(ctx.data_dir, project, viewer)
if not frozen:
    st.caption("No frozen report that you may open yet.")
else:
    listing = pd.DataFrame(
        [
            {
                "id": c.frozen_id,
                "period": c.period,
                "scope": c.scope.label,
                "basis": c.basis,
                "ledger position": c.ledger_position,
                "frozen at": c.frozen_at,
                "frozen by": c.frozen_by,
            }
            for c in frozen
        ]
    )
    st.dataframe(listing, hide_index=True)
    pick = st.selectbox("Download a frozen report", [c.frozen_id for c in frozen], key="rep_frozen")
    _download_buttons(load_frozen(ctx.data_dir, project, viewer, pick), f"rep-frozen-{pick}")
