"""SDGs: what the project contributes to each goal it supports, in the goal's own colour."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from dashboard import charts, ui
from dashboard.context import Context
from dashboard.data import query
from pipelines.metrics.indicators import Filters, number
from pipelines.words.cells import safe_csv_bytes

# the indicators of data contract v1 that tell an SDG's story (shown when configured)
MEASURES = {
    "MOD-1": "Modules developed",
    "ENR-1": "Learners enrolled",
    "ENR-3": "Credentials awarded",
    "DIS-1": "Activities",
    "DIS-3": "People reached",
}


def render(ctx: Context) -> None:
    project = ctx.project
    ui.page_header(
        ctx,
        "Sustainable Development Goals",
        "a module, enrollment or activity counts for every SDG it names",
    )

    # the SDG view shows every contribution measure, whatever the work package filter
    whole = Filters(**{**ctx.filters.__dict__, "work_package": None})
    values = query(ctx, "indicators", by="sdg", filters=whole)
    measures = {c: n for c, n in MEASURES.items() if c in {i.code for i in project.indicators}}
    rows = []
    for sdg in project.sdgs:
        if ctx.filters.sdg is not None and sdg.goal != ctx.filters.sdg:
            continue
        found = {v.code: v.actual for v in values if v.scope == str(sdg.goal)}
        rows.append(
            {
                "goal": sdg.goal,
                "sdg": sdg.short_name,
                **{name: number(found.get(code)) or 0 for code, name in measures.items()},
            }
        )
    table = pd.DataFrame(rows)

    if table.empty or not table[list(measures.values())].to_numpy().any():
        ui.empty("contributions to the SDGs", ctx)
    else:
        ui.chart(
            charts.sdg_contribution(project, table, list(measures.values())),
            table,
            "contribution by SDG",
            "sdg-contribution",
        )

    columns = st.columns(3)
    for i, sdg in enumerate(s for s in project.sdgs if s.goal in set(table.get("goal", []))):
        row = table[table["goal"] == sdg.goal].iloc[0]
        ink = charts.text_colour(sdg.colour)
        with columns[i % 3], st.container(border=True):
            st.markdown(
                f'<div class="leslie-sdg" data-goal="{sdg.goal}" style="background:{sdg.colour};'
                f'color:{ink};padding:8px 12px;border-radius:6px;margin-bottom:8px">'
                f'<div style="font-size:1.6rem;font-weight:700;line-height:1.1">SDG {sdg.goal}</div>'
                f'<div style="font-weight:600">{html.escape(sdg.short_name)}</div></div>',
                unsafe_allow_html=True,
            )
            left, right = st.columns(2)
            for j, name in enumerate(measures.values()):
                (left if j % 2 == 0 else right).metric(name, ui.fmt(row[name]))
            if sdg.targets:
                st.markdown(
                    "**UN targets addressed**\n"
                    + "\n".join(f"- **{t.code}** {t.text}" for t in sdg.targets)
                )
            st.caption(sdg.title)

    st.download_button(
        "Download CSV",
        data=safe_csv_bytes(table),
        file_name="leslie-sdg-panels.csv",
        mime="text/csv",
        key="csv-sdg-panels",
        icon=":material/download:",
    )


ui.run_page(render)
