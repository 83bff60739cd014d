"""Learners: the distinct learners from enrollment to completion, the credentials awarded,
and who the learners are (gender, learner type, partner, country, over time)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.widgets import charts, ui
from dashboard.wiring.cached_queries import query
from dashboard.wiring.run_context import Context
from pipelines.metrics import compare

FUNNEL = ("ENR-1", "ENR-2", "ENR-3")
SERIES = {"ENR-1": "learners_enrolled", "ENR-2": "learners_completed", "ENR-3": "credentials"}
VIEWS = ("gender", "learner_type", "partner", "country", "time")  # one drawn at a time


def render(ctx: Context) -> None:
    w = ctx.words
    ui.page_header(ctx, w.t("dashboard.nav.learners"))
    values = {v.code: v for v in query(ctx, "indicators")}
    enrolled = values.get("ENR-1")
    if enrolled is None or not enrolled.actual:
        ui.empty(w.t("dashboard.learners.what"), ctx)
        return
    headline(ctx, values)
    funnel(ctx, values)
    view = st.segmented_control(
        w.t("dashboard.learners.breakdown"),
        VIEWS,
        default=VIEWS[0],
        format_func=lambda v: w.t(f"dashboard.learners.view_{v}"),
        key="learners_view",
        required=True,
    )
    DRAW[view](ctx)


def headline(ctx: Context, values) -> None:
    """ENR-1..4 and the completion rate, as cards in one row."""
    w = ctx.words
    completed, enrolled = values.get("ENR-2"), values["ENR-1"]
    rate = compare.rate(completed.actual if completed else None, enrolled.actual)
    cols = st.columns(5)
    for col, code in zip(cols, ("ENR-1", "ENR-2", "ENR-3", "ENR-4"), strict=False):
        if code in values:
            v = values[code]
            col.metric(f"{v.code} · {w.indicator(v.code)}", w.number(v.actual, v.unit))
    cols[4].metric(
        w.t("dashboard.learners.rate"),
        w.percent(rate),
        help=w.t("dashboard.learners.rate_help"),
    )


def funnel(ctx: Context, values) -> None:
    """Distinct learners enrolled and completed, then the credentials awarded."""
    w = ctx.words
    codes = [c for c in FUNNEL if c in values]
    stages = [w.indicator(c) for c in codes]
    numbers = [values[c].actual or 0 for c in codes]
    table = pd.DataFrame(
        {
            w.t("dashboard.learners.stage"): stages,
            w.t("dashboard.col.actual"): [w.number(n) for n in numbers],
        }
    )
    title = w.t("dashboard.learners.funnel")
    ui.chart(
        charts.funnel(stages, numbers, title, words=w), table, title, "learners-funnel", words=w
    )


def _series(ctx: Context) -> dict[str, str]:
    return {column: ctx.words.indicator(code) for code, column in SERIES.items()}


def _by_learner(ctx: Context, dimension: str) -> None:
    w = ctx.words
    label = w.t(f"dashboard.learners.view_{dimension}")
    df = query(ctx, "learner_breakdown", dimension)
    if df.empty:
        ui.empty(label, ctx)
        return
    if dimension == "gender":
        st.caption(w.t("dashboard.learners.gender_note"))
    named = df.assign(value=[w.vocab(dimension, v) for v in df["value"]])
    table = pd.DataFrame(
        {
            label: named["value"],
            **{name: [w.number(x) for x in df[col]] for col, name in _series(ctx).items()},
            w.t("dashboard.learners.rate"): [
                w.percent(r)
                for r in compare.rates(df["learners_completed"], df["learners_enrolled"])
            ],
        }
    )
    title = w.t("dashboard.learners.by", by=label)
    ui.chart(
        charts.grouped_bars(named, "value", _series(ctx), title, words=w),
        table,
        title,
        f"learners-{dimension}",
        words=w,
    )


def _by_scope(ctx: Context, by: str) -> None:
    w, project = ctx.words, ctx.project
    label = w.t(f"dashboard.learners.view_{by}")
    allowed = ctx.viewer.visible_partners if by == "partner" else ctx.viewer.visible_countries
    if not allowed(project):
        st.info(w.t(f"dashboard.learners.no_{by}"), icon=":material/lock:")
        return
    found = [v for v in query(ctx, "indicators", by=by) if v.code in SERIES]
    if not found:
        ui.empty(label, ctx)
        return
    wide: dict[str, dict] = {}
    for v in found:
        name = ui.scope_name(w, v.scope)
        wide.setdefault(name, {"value": name})[SERIES[v.code]] = v.actual
    df = pd.DataFrame(list(wide.values()))
    table = pd.DataFrame(
        {label: df["value"], **{n: [w.number(x) for x in df[c]] for c, n in _series(ctx).items()}}
    )
    title = w.t("dashboard.learners.by", by=label)
    ui.chart(
        charts.grouped_bars(df, "value", _series(ctx), title, horizontal=by == "partner", words=w),
        table,
        title,
        f"learners-{by}",
        words=w,
    )


def _over_time(ctx: Context) -> None:
    w = ctx.words
    flows = query(ctx, "enrollment_monthly")
    if flows.empty:
        ui.empty(w.t("dashboard.learners.view_time"), ctx)
        return
    title = w.t("dashboard.learners.per_month")
    table = pd.DataFrame(
        {
            w.t("dashboard.chart.month"): flows["month"].astype(str),
            **{
                w.t(f"dashboard.learners.flow_{c}"): [w.number(x) for x in flows[c]]
                for c in ("enrollments", "completions", "credentials")
            },
        }
    )
    ui.chart(charts.monthly_flows(flows, title, words=w), table, title, "learners-time", words=w)


DRAW = {
    "gender": lambda ctx: _by_learner(ctx, "gender"),
    "learner_type": lambda ctx: _by_learner(ctx, "learner_type"),
    "partner": lambda ctx: _by_scope(ctx, "partner"),
    "country": lambda ctx: _by_scope(ctx, "country"),
    "time": _over_time,
}


ui.run_page(render)
