"""Learners: the enrollment -> completion -> credential funnel and who the learners are."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, ui
from dashboard.context import Context
from dashboard.data import query
from pipelines.metrics.indicators import number

FUNNEL = {"ENR-1": "Learners enrolled", "ENR-2": "Learners completed", "ENR-3": "Credentials"}
VIEWS = ["Gender", "Learner type", "Partner", "Country", "Over time"]  # one drawn at a time
BREAKDOWN_SERIES = {
    "learners_enrolled": "Learners enrolled",
    "learners_completed": "Learners completed",
    "credentials": "Credentials",
}


def render(ctx: Context) -> None:
    project = ctx.project
    ui.page_header(ctx, "Learners")

    values = {v.code: v for v in query(ctx, "indicators")}
    enrolled = values.get("ENR-1")
    completed = values.get("ENR-2")
    if enrolled is None or not enrolled.actual:
        ui.empty("learners", ctx)
        return

    rate = (
        (completed.actual / enrolled.actual) if completed and completed.actual is not None else None
    )
    cols = st.columns(5)
    for col, code in zip(cols, ("ENR-1", "ENR-2", "ENR-3", "ENR-4"), strict=False):
        if code in values:
            v = values[code]
            col.metric(f"{v.code} · {v.name}", ui.fmt(v.actual, v.unit))
    cols[4].metric(
        "Completion rate",
        ui.pct(rate),
        help="Learners who completed at least one module / learners enrolled, in this view.",
    )

    stages = [FUNNEL[c] for c in FUNNEL if c in values]
    numbers = [number(values[c].actual) or 0 for c in FUNNEL if c in values]
    ui.chart(
        charts.funnel(stages, numbers, "From enrollment to credential"),
        pd.DataFrame({"stage": stages, "value": numbers}),
        "learner funnel",
        "learners-funnel",
    )

    view = st.segmented_control(
        "Breakdown", VIEWS, default=VIEWS[0], key="learners_view", required=True
    )

    def _with_rate(df: pd.DataFrame) -> pd.DataFrame:
        out = df.copy()
        base = out["learners_enrolled"].astype("Float64")
        out["completion_rate_pct"] = (100 * out["learners_completed"] / base.where(base > 0)).round(
            1
        )
        return out

    def _breakdown(dimension: str, label: str, key: str) -> None:
        df = query(ctx, "learner_breakdown", dimension)
        if df.empty:
            ui.empty(f"learners by {label}", ctx)
            return
        df = _with_rate(df).rename(columns={"value": label})
        ui.chart(
            charts.grouped_bars(df, label, BREAKDOWN_SERIES, f"Learners by {label}"),
            df,
            f"learners by {label}",
            key,
        )

    def _by_scope(by: str, label: str, key: str) -> None:
        found = [v for v in query(ctx, "indicators", by=by) if v.code in FUNNEL]
        if not found:
            ui.empty(f"learners by {label}", ctx)
            return
        wide: dict[str, dict] = {}
        for v in found:
            name = project.country(v.scope).name if by == "country" else v.scope
            wide.setdefault(name, {label: name})[FUNNEL[v.code]] = number(v.actual)
        df = pd.DataFrame(list(wide.values()))
        series = {FUNNEL[c]: FUNNEL[c] for c in FUNNEL if FUNNEL[c] in df.columns}
        ui.chart(
            charts.grouped_bars(
                df, label, series, f"Learners by {label}", horizontal=by == "partner"
            ),
            df,
            f"learners by {label}",
            key,
        )

    if view == "Gender":
        st.caption("F women, M men, X other, U undisclosed. ENR-4 counts F among F+M+X.")
        _breakdown("gender", "gender", "learners-gender")
    elif view == "Learner type":
        _breakdown("learner_type", "learner type", "learners-type")
    elif view == "Partner":
        if ctx.viewer.visible_partners(project):
            _by_scope("partner", "partner", "learners-partner")
        else:
            st.info(
                "Figures per partner are not available to your account.", icon=":material/lock:"
            )
    elif view == "Country":
        if ctx.viewer.visible_countries(project):
            _by_scope("country", "country", "learners-country")
        else:
            st.info(
                "Figures per country are not available to your account.", icon=":material/lock:"
            )
    else:
        flows = query(ctx, "enrollment_monthly")
        if flows.empty:
            ui.empty("enrollments over time", ctx)
        else:
            ui.chart(
                charts.monthly_flows(flows, "Enrollments, completions and credentials per month"),
                flows,
                "learners per month",
                "learners-time",
            )


ui.run_page(render)
