"""Dissemination: activities over time, their reach and participants by type, audience and
country, with the evidence links."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, ui
from dashboard.context import Context
from dashboard.data import query

SERIES = {"activities": "Activities", "participants": "Participants (events)", "reach": "Reach"}


def render(ctx: Context) -> None:
    project = ctx.project
    ui.page_header(ctx, "Dissemination")

    values = [
        v for v in query(ctx, "indicators") if project.indicator(v.code).source == "dissemination"
    ]
    if values:
        for col, v in zip(st.columns(len(values)), values, strict=True):
            col.metric(f"{v.code} · {v.name}", ui.fmt(v.actual, v.unit))

    types = query(ctx, "activity_summary", "activity_type")
    if types.empty:
        ui.empty("dissemination activities", ctx)
        return

    st.subheader("Timeline")
    listed = query(ctx, "activity_list")
    if listed.empty:
        st.info("The activity list is not available to your account.", icon=":material/lock:")
    else:
        order = [
            t for t in project.vocabulary("activity_type") if t in set(listed["activity_type"])
        ]
        ui.chart(
            charts.activity_timeline(listed, order),
            listed,
            "activities",
            "dissemination-timeline",
            column_config={"url": st.column_config.LinkColumn("evidence", display_text="open")},
        )
    months = query(ctx, "activity_summary", "month")
    ui.chart(
        charts.grouped_bars(months, "value", {"activities": "Activities"}, "Activities per month"),
        months.rename(columns={"value": "month"}),
        "activities per month",
        "dissemination-months",
    )

    type_tab, audience_tab, country_tab = st.tabs(["By type", "By audience", "By event country"])
    with type_tab:
        ui.chart(
            charts.grouped_bars(
                types, "value", SERIES, "Activities, participants and reach by type"
            ),
            types.rename(columns={"value": "activity_type"}),
            "dissemination by type",
            "dissemination-type",
        )
    with audience_tab:
        audience = query(ctx, "activity_summary", "audience")
        st.caption("An activity with several audiences counts under each of them.")
        ui.chart(
            charts.grouped_bars(audience, "value", SERIES, "By audience", horizontal=True),
            audience.rename(columns={"value": "audience"}),
            "dissemination by audience",
            "dissemination-audience",
        )
    with country_tab:
        where = query(ctx, "activity_summary", "event_country")
        ui.chart(
            charts.grouped_bars(where, "value", SERIES, "By country where it happened"),
            where.rename(columns={"value": "event_country"}),
            "dissemination by event country",
            "dissemination-country",
        )

    if not listed.empty:
        st.subheader("Activities and their evidence")
        ui.table_with_download(
            listed,
            "activity list",
            "dissemination-list",
            column_config={
                "url": st.column_config.LinkColumn("evidence", display_text="open"),
                "date": st.column_config.DateColumn("date", format="YYYY-MM-DD"),
            },
        )


ui.run_page(render)
