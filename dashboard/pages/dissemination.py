"""Dissemination: activities over time, their reach and participants by type, audience and
country, with the evidence links."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.widgets import charts, ui
from dashboard.widgets.shown_tables import activity_table
from dashboard.wiring.cached_queries import query
from dashboard.wiring.run_context import Context

MEASURES = ("activities", "participants", "reach")
BREAKDOWNS = {"activity_type": "activity_type", "audience": "audience", "event_country": None}


def render(ctx: Context) -> None:
    project, w = ctx.project, ctx.words
    ui.page_header(ctx, w.t("dashboard.nav.dissemination"))
    values = [
        v for v in query(ctx, "indicators") if project.indicator(v.code).source == "dissemination"
    ]
    if values:
        for col, v in zip(st.columns(len(values)), values, strict=True):
            col.metric(f"{v.code} · {w.indicator(v.code)}", w.number(v.actual, v.unit))
    types = query(ctx, "activity_summary", "activity_type")
    if types.empty:
        ui.empty(w.t("dashboard.dissemination.what"), ctx)
        return
    listed = query(ctx, "activity_list")
    table = activity_table(w, listed)
    timeline(ctx, listed)
    breakdowns(ctx, types)
    if not listed.empty:
        st.subheader(w.t("dashboard.dissemination.list"))
        ui.table_with_download(
            table,
            "activities",
            "dissemination-list",
            column_config=_links(ctx),
            words=w,
        )


def _series(ctx: Context) -> dict[str, str]:
    return {m: ctx.words.t(f"dashboard.dissemination.{m}") for m in MEASURES}


def _links(ctx: Context) -> dict:
    w = ctx.words
    evidence = w.t("dashboard.col.evidence")
    return {
        evidence: st.column_config.LinkColumn(evidence, display_text=w.t("dashboard.open")),
        w.t("dashboard.dissemination.participants"): st.column_config.NumberColumn(
            format="localized"
        ),
        w.t("dashboard.dissemination.reach"): st.column_config.NumberColumn(format="localized"),
    }


def timeline(ctx: Context, listed: pd.DataFrame) -> None:
    """Activities over time; their numbers are the list at the end of the page (the
    browser gets the list once)."""
    project, w = ctx.project, ctx.words
    st.subheader(w.t("dashboard.dissemination.timeline"))
    if listed.empty:
        st.info(w.t("dashboard.dissemination.no_list"), icon=":material/lock:")
        return
    order = [t for t in project.vocabulary("activity_type") if t in set(listed["activity_type"])]
    named = listed.assign(
        activity_type=[w.vocab("activity_type", t) for t in listed["activity_type"]]
    )
    ui.figure(
        charts.activity_timeline(named, [w.vocab("activity_type", t) for t in order], words=w),
        w.t("dashboard.dissemination.timeline"),
        "dissemination-timeline",
        words=w,
    )
    st.caption(w.t("dashboard.dissemination.numbers_below"))


def breakdowns(ctx: Context, types: pd.DataFrame) -> None:
    """By type, audience and event country: each measure on its own scale."""
    w = ctx.words
    view = st.segmented_control(
        w.t("dashboard.dissemination.by"),
        list(BREAKDOWNS),
        default="activity_type",
        format_func=lambda d: w.t(f"dashboard.dissemination.by_{d}"),
        key="dissemination_view",
        required=True,
    )
    df = types if view == "activity_type" else query(ctx, "activity_summary", view)
    vocabulary = BREAKDOWNS[view]
    names = {v: (w.vocab(vocabulary, v) if vocabulary else w.country(v)) for v in df["value"]}
    if view == "audience":
        st.caption(w.t("dashboard.dissemination.audience_note"))
    table = pd.DataFrame(
        {
            w.t(f"dashboard.dissemination.by_{view}"): [names[v] for v in df["value"]],
            **{label: [w.number(x) for x in df[m]] for m, label in _series(ctx).items()},
        }
    )
    title = w.t("dashboard.dissemination.chart", by=w.t(f"dashboard.dissemination.by_{view}"))
    ui.chart(
        charts.small_multiples(df, "value", _series(ctx), title, w, names),
        table,
        title,
        f"dissemination-{view}",
        words=w,
    )


ui.run_page(render)
