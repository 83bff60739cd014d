"""Partners: a scorecard (partners x indicators, status as colour, icon and text) and a
detail view per partner compared with the consortium median."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import charts, ui
from dashboard.context import Context
from dashboard.data import query
from pipelines.metrics.indicators import number
from pipelines.words.cells import safe_csv_bytes


def render(ctx: Context) -> None:
    project = ctx.project
    ui.page_header(ctx, "Partners")

    visible = ctx.viewer.visible_partners(project)
    if not visible:
        st.info("Figures per partner are not available to your account.", icon=":material/lock:")
        return

    # ------------------------------------------------------------------------------ scorecard
    st.subheader("Scorecard")
    values = query(ctx, "indicators", by="partner")
    if not values:
        ui.empty("the partners you can see", ctx)
        return
    codes = list(dict.fromkeys(v.code for v in values))
    names = {v.code: v.name for v in values}
    cells: dict[str, dict[str, str]] = {}
    status: dict[str, dict[str, str | None]] = {}
    rows = []
    for v in values:
        shown = "suppressed" if v.suppressed else ui.fmt(v.actual, v.unit)
        icon = project.status.icons.get(v.status, "") if v.status else ""
        cells.setdefault(v.scope, {})[v.code] = f"{icon} {shown}".strip()
        status.setdefault(v.scope, {})[v.code] = v.status
        rows.append(
            {
                "partner": v.scope,
                "code": v.code,
                "indicator": v.name,
                "actual": number(v.actual),
                "target": number(v.target),
                "status": ui.status_text(project, v.status),
            }
        )
    matrix = pd.DataFrame.from_dict(cells, orient="index")[codes]
    matrix.index.name = "partner"
    matrix = matrix.reset_index()

    def _colour(column: pd.Series) -> list[str]:
        if column.name == "partner":
            return [""] * len(column)
        out = []
        for partner in matrix["partner"]:
            state = status[partner].get(column.name)
            out.append(
                f"background-color: {project.status.colours[state]}; color: #000" if state else ""
            )
        return out

    ui.status_legend(project)
    st.caption(
        "Each cell: status icon and actual value; the colour repeats the status. Cells without "
        "a colour have no per-partner target. " + " · ".join(f"{c}: {names[c]}" for c in codes)
    )
    st.dataframe(matrix.style.apply(_colour), hide_index=True, height=35 * (len(matrix) + 1) + 3)
    st.download_button(
        "Download CSV",
        data=safe_csv_bytes(pd.DataFrame(rows)),
        file_name="leslie-scorecard.csv",
        mime="text/csv",
        key="csv-scorecard",
        icon=":material/download:",
    )

    # --------------------------------------------------------------------------- one partner
    st.subheader("One partner in detail")
    listed = list(dict.fromkeys(v.scope for v in values))
    default = ctx.filters.partner if ctx.filters.partner in listed else listed[0]
    chosen = st.selectbox(
        "Partner",
        listed,
        index=listed.index(default),
        format_func=lambda c: f"{project.partner(c).short_name} · {project.partner(c).name}",
        key="partners_detail",
    )
    partner = project.partner(chosen)
    st.markdown(
        f"**{partner.name}** · {partner.city}, {project.country(partner.country).name} · "
        f"{partner.type.upper()} · {partner.role.replace('_', ' ')}"
    )
    mine = replace(ctx.filters, partner=chosen, country=None)
    own = query(ctx, "indicators", filters=mine)
    median = query(ctx, "median")
    comparison = pd.DataFrame(
        [
            {
                "code": v.code,
                "indicator": f"{v.code} · {v.name}",
                "unit": v.unit,
                "partner": number(v.actual),
                "consortium_median": median.get(v.code),
                "of_median_pct": (
                    round(100 * v.actual / median[v.code], 1)
                    if v.actual is not None and median.get(v.code)
                    else None
                ),
                "status": ui.status_text(project, v.status),
            }
            for v in own
        ]
    )
    ui.chart(
        charts.versus_median(comparison, partner.short_name),
        comparison,
        f"{chosen} compared with the consortium median",
        "partner-median",
    )
    st.caption("The consortium median is the median over all partners; no other partner is named.")

    trend_tab, modules_tab, activities_tab = st.tabs(["Trends", "Modules", "Activities"])
    with trend_tab:
        flows = query(ctx, "enrollment_monthly", filters=mine)
        if flows.empty:
            ui.empty(f"enrollments of {partner.short_name}")
        else:
            ui.chart(
                charts.monthly_flows(flows, f"{partner.short_name}: enrollments and completions"),
                flows,
                f"{chosen} monthly enrollments",
                "partner-trend",
            )
    with modules_tab:
        modules = query(ctx, "module_catalogue", filters=mine)
        if modules.empty:
            ui.empty(f"modules led by {partner.short_name}")
        else:
            shown = modules[
                [
                    "module_code",
                    "title",
                    "status",
                    "ects",
                    "eqf_level",
                    "micro_credential",
                    "enrolled",
                    "completed",
                    "credentials",
                ]
            ]
            ui.table_with_download(shown, f"{chosen} modules", "partner-modules")
    with activities_tab:
        activities = query(ctx, "activity_list", filters=mine)
        if activities.empty:
            ui.empty(f"dissemination activities of {partner.short_name}")
        else:
            shown = activities[
                ["date", "activity_type", "title", "event_country", "participants", "reach", "url"]
            ]
            ui.table_with_download(
                shown,
                f"{chosen} activities",
                "partner-activities",
                column_config={"url": st.column_config.LinkColumn("evidence", display_text="open")},
            )


ui.run_page(render)
