"""Partners: a scorecard (partners x indicators, status as colour, icon and text) and a
detail view per partner compared with the consortium median."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard.widgets import charts, shown_tables, ui
from dashboard.widgets.shown_tables import activity_table
from dashboard.wiring.cached_queries import query
from dashboard.wiring.run_context import Context
from pipelines.metrics import compare
from pipelines.metrics.indicators import IndicatorValue
from pipelines.words.present import Words


def render(ctx: Context) -> None:
    w = ctx.words
    ui.page_header(ctx, w.t("dashboard.nav.partners"))
    if not ctx.viewer.visible_partners(ctx.project):
        st.info(w.t("dashboard.learners.no_partner"), icon=":material/lock:")
        return
    st.subheader(w.t("dashboard.partners.scorecard"))
    values = query(ctx, "indicators", by="partner")
    if not values:
        ui.empty(w.t("dashboard.partners.what"), ctx)
        return
    scorecard(ctx, values)
    st.subheader(w.t("dashboard.partners.detail"))
    listed = list(dict.fromkeys(v.scope for v in values))
    default = ctx.filters.partner if ctx.filters.partner in listed else listed[0]
    chosen = st.selectbox(
        w.t("dashboard.filter.partner"),
        listed,
        index=listed.index(default),
        format_func=lambda c: f"{w.partner(c, True)} · {w.partner_full(c)}",
        key="partners_detail",
    )
    detail(ctx, chosen)


# ----------------------------------------------------------------------------- scorecard


def scorecard(ctx: Context, values) -> None:
    """One row per partner, one column per indicator: a coloured mark, the status icon and
    the figure in each cell (plain text: a styled table costs every run a page of CSS)."""
    project, w = ctx.project, ctx.words
    codes = list(dict.fromkeys(v.code for v in values))
    cells: dict[str, dict[str, str]] = {}
    for v in values:
        cells.setdefault(w.partner(v.scope, with_code=True), {})[v.code] = _cell(ctx, v)
    column = w.t("dashboard.col.partner")
    matrix = pd.DataFrame.from_dict(cells, orient="index")[codes]
    matrix.index.name = column
    matrix = matrix.reset_index()
    marks = " · ".join(f"{mark(w, s)} {w.status(s)}" for s in project.status.labels)
    st.caption(f"{w.t('dashboard.status.legend')} {marks}")
    legend = " · ".join(f"{c}: {w.indicator(c)}" for c in codes)
    st.caption(w.t("dashboard.partners.scorecard_note") + " " + legend)
    shown_tables.show(
        matrix,
        hide_index=True,
        height=35 * (len(matrix) + 1) + 3,
        column_config={c: st.column_config.TextColumn(c, help=w.indicator(c)) for c in codes},
    )
    st.download_button(
        w.t("dashboard.download_csv"),
        data=ui.csv_later(lambda: ui.indicator_table(project, values, w)),
        file_name="leslie-scorecard.csv",
        mime="text/csv",
        key="csv-scorecard",
        icon=":material/download:",
        on_click="ignore",  # built on click: a rerun would drop the file being built
    )


def mark(w: Words, status: str | None) -> str:
    """The status as a coloured mark (the colour the legend and the cards use)."""
    return w.t(f"dashboard.status.mark.{status}") if status else ""


def _cell(ctx: Context, v: IndicatorValue) -> str:
    w = ctx.words
    shown = w.t("dashboard.card.suppressed") if v.suppressed else w.number(v.actual, v.unit)
    icon = ctx.project.status.icons.get(v.status, "") if v.status else ""
    return f"{mark(w, v.status)} {icon} {shown}".strip()


# --------------------------------------------------------------------------- one partner


def detail(ctx: Context, chosen: str) -> None:
    """Who the partner is, its figures against the consortium median, and its trends,
    modules and activities (one drawn at a time)."""
    project, w = ctx.project, ctx.words
    partner = project.partner(chosen)
    st.text(
        w.t(
            "dashboard.partners.about",
            name=w.partner_full(chosen),
            city=partner.city,
            country=w.country(partner.country),
        )
    )
    mine = replace(ctx.filters, partner=chosen, country=None)
    versus_median(ctx, chosen, mine)
    view = st.segmented_control(
        w.t("dashboard.indicator.breakdown"),
        ("trends", "modules", "activities"),
        default="trends",
        format_func=lambda v: w.t(f"dashboard.partners.tab_{v}"),
        key="partners_view",
        required=True,
    )
    {"trends": trends, "modules": modules, "activities": activities}[view](ctx, chosen, mine)


def versus_median(ctx: Context, chosen: str, mine) -> None:
    w = ctx.words
    own = query(ctx, "indicators", filters=mine)
    median = query(ctx, "median")
    share = compare.percent_of_median(own, median)
    labels = {v.code: f"{v.code} · {w.indicator(v.code)}" for v in own}
    chart_data = pd.DataFrame(
        {"indicator": [labels[v.code] for v in own], "of_median_pct": [share[v.code] for v in own]}
    )
    table = pd.DataFrame(
        {
            w.t("dashboard.col.indicator"): [labels[v.code] for v in own],
            w.partner(chosen): [w.number(v.actual, v.unit) for v in own],
            w.t("dashboard.col.median"): [w.number(median.get(v.code), v.unit) for v in own],
            w.t("dashboard.partners.of_median"): [w.number(share[v.code], "%") for v in own],
            w.t("dashboard.col.status"): [w.status(v.status) for v in own],
        }
    )
    title = w.t("dashboard.partners.versus", partner=w.partner(chosen))
    ui.chart(
        charts.versus_median(chart_data, w.partner(chosen), words=w),
        table,
        title,
        "partner-median",
        words=w,
    )
    st.caption(w.t("dashboard.whose.median"))


def trends(ctx: Context, chosen: str, mine) -> None:
    w = ctx.words
    flows = query(ctx, "enrollment_monthly", filters=mine)
    if flows.empty:
        ui.empty(w.t("dashboard.learners.flow_enrollments"))
        return
    title = w.t("dashboard.partners.trend", partner=w.partner(chosen))
    table = pd.DataFrame(
        {
            w.t("dashboard.chart.month"): flows["month"].astype(str),
            **{
                w.t(f"dashboard.learners.flow_{c}"): [w.number(x) for x in flows[c]]
                for c in ("enrollments", "completions", "credentials")
            },
        }
    )
    ui.chart(charts.monthly_flows(flows, title, words=w), table, title, "partner-trend", words=w)


def modules(ctx: Context, chosen: str, mine) -> None:
    w = ctx.words
    found = query(ctx, "module_catalogue", filters=mine)
    if found.empty:
        ui.empty(w.vocab("template", "modules"))
        return
    table = pd.DataFrame(
        {
            w.t("dashboard.col.module_code"): found["module_code"],
            w.t("dashboard.col.title"): found["title"],
            w.t("dashboard.col.status"): [w.vocab("module_status", s) for s in found["status"]],
            "ECTS": [w.number(x, "ECTS") for x in found["ects"]],
            w.t("dashboard.partners.eqf"): [w.number(x) for x in found["eqf_level"]],
            w.t("dashboard.partners.micro"): [w.yes_no(bool(x)) for x in found["micro_credential"]],
            **{
                w.t(f"dashboard.partners.{c}"): [w.number(x) for x in found[c]]
                for c in ("enrolled", "completed", "credentials")
            },
        }
    )
    ui.table_with_download(table, "modules", "partner-modules", words=w)


def activities(ctx: Context, chosen: str, mine) -> None:
    w = ctx.words
    found = query(ctx, "activity_list", filters=mine)
    if found.empty:
        ui.empty(w.t("dashboard.dissemination.what"))
        return
    evidence = w.t("dashboard.col.evidence")
    ui.table_with_download(
        activity_table(w, found),
        "activities",
        "partner-activities",
        column_config={
            evidence: st.column_config.LinkColumn(evidence, display_text=w.t("dashboard.open"))
        },
        words=w,
    )


ui.run_page(render)
