"""Overview: every indicator against its target, time elapsed, and progress over time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.widgets import charts, ui
from dashboard.wiring.cached_queries import query
from dashboard.wiring.run_context import Context
from pipelines.metrics import compare


def render(ctx: Context) -> None:
    project, w = ctx.project, ctx.words
    ui.page_header(ctx, w.t("dashboard.nav.overview"), w._fact("project.title", project.title))
    time_elapsed(ctx)
    values = query(ctx, "indicators")
    if not values:
        ui.empty(w.t("dashboard.overview.indicators_what"), ctx)
        return
    ui.status_legend(project, w)
    for start in range(0, len(values), 3):
        for column, value in zip(st.columns(3), values[start : start + 3], strict=False):
            with column:
                ui.indicator_card(ctx, value, key=f"overview-{value.code}")
    if (box := ui.section_when_opened(w.t("dashboard.overview.as_table"), "as-table")) is not None:
        with box:
            table = ui.indicator_table(project, values, w)
            ui.table_with_download(table, "indicators", "overview-table", words=w)
    trajectory(ctx, values)


def time_elapsed(ctx: Context) -> None:
    project, w = ctx.project, ctx.words
    days = compare.elapsed(project, ctx.as_of)
    st.progress(
        days.share,
        text=w.t(
            "dashboard.overview.elapsed",
            day=w.number(days.day),
            total=w.number(days.total),
            share=w.percent(days.share),
            start=w.date(project.start, "medium"),
            end=w.date(project.end, "medium"),
        ),
    )


def trajectory(ctx: Context, values) -> None:
    project, w = ctx.project, ctx.words
    st.subheader(w.t("dashboard.overview.trajectory"))
    names = {v.code: f"{v.code} · {w.indicator(v.code)}" for v in values}
    code = st.selectbox(
        w.t("dashboard.col.indicator"),
        list(names),
        format_func=names.get,
        key="overview_indicator",
        width=420,
    )
    chosen = next(v for v in values if v.code == code)
    trend = query(ctx, "trajectory", code)
    if trend["actual"].isna().all() and trend["expected"].isna().all():
        ui.empty(w.indicator(code), ctx)
        return
    if project.indicator(code).is_stock:
        st.caption(w.t("dashboard.overview.stock"))
    table = pd.DataFrame(
        {
            w.t("dashboard.col.month_end"): [w.date(m, "medium") for m in trend["month"]],
            w.t("dashboard.col.actual_cumulative"): [
                w.number(x if pd.notna(x) else None, chosen.unit) for x in trend["actual"]
            ],
            w.t("dashboard.col.expected"): [
                w.number(x if pd.notna(x) else None, chosen.unit) for x in trend["expected"]
            ],
        }
    )
    ui.chart(
        charts.trajectory(trend, w.indicator(code), chosen.unit, ctx.as_of, words=w),
        table,
        w.t("dashboard.overview.trajectory_of", indicator=names[code]),
        "overview-trajectory",
        words=w,
    )


ui.run_page(render)
