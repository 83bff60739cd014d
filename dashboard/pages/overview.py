"""Overview: every indicator against its target, time elapsed, and progress over time."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, ui
from dashboard.context import Context
from dashboard.data import query


def render(ctx: Context) -> None:
    project = ctx.project
    ui.page_header(ctx, "Overview", project.title)

    elapsed_days = (min(max(ctx.as_of, project.start), project.end) - project.start).days + 1
    total_days = (project.end - project.start).days + 1
    share = max(0.0, min(elapsed_days / total_days, 1.0)) if ctx.as_of >= project.start else 0.0
    st.progress(
        share,
        text=f"Time elapsed: day {max(elapsed_days, 0):,} of {total_days:,} "
        f"({share * 100:.0f} % of the project, {project.start:%d %b %Y} – {project.end:%d %b %Y})",
    )

    values = query(ctx, "indicators")
    if not values:
        ui.empty("the indicators of this work package", ctx)
        return

    ui.status_legend(project)
    for start in range(0, len(values), 3):
        for column, value in zip(st.columns(3), values[start : start + 3], strict=False):
            with column:
                ui.indicator_card(project, value)

    with st.expander("All indicators as a table"):
        ui.table_with_download(ui.indicator_table(project, values), "indicators", "overview-table")

    st.subheader("Cumulative progress against the expected trajectory")
    names = {v.code: f"{v.code} · {v.name}" for v in values}
    code = st.selectbox(
        "Indicator", list(names), format_func=names.get, key="overview_indicator", width=420
    )
    chosen = next(v for v in values if v.code == code)
    trend = query(ctx, "trajectory", code)
    if trend["actual"].isna().all() and trend["expected"].isna().all():
        ui.empty(chosen.name.lower(), ctx)
    else:
        if project.indicator(code).is_stock:
            st.caption("Modules are a current count: only today's value is known.")
        table = trend.rename(
            columns={"month": "month_end", "actual": "actual_cumulative", "expected": "expected"}
        )
        ui.chart(
            charts.trajectory(trend, chosen.name, chosen.unit, ctx.as_of),
            table,
            f"{code} cumulative progress",
            "overview-trajectory",
        )


ui.run_page(render)
