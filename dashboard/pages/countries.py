"""Countries: a map of the partners sized by an indicator, the countries side by side, and
the split between the EU and Central Asia. The map works offline (static/topojson)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, ui
from dashboard.context import Context
from dashboard.data import query
from pipelines.metrics.indicators import number


def render(ctx: Context) -> None:
    project = ctx.project
    ui.page_header(ctx, "Countries")

    overall = query(ctx, "indicators")
    if not overall:
        ui.empty("the indicators of this work package", ctx)
        return
    names = {v.code: f"{v.code} · {v.name}" for v in overall}
    code = st.selectbox(
        "Size the partners by",
        list(names),
        format_func=names.get,
        key="countries_indicator",
        width=420,
    )

    # -------------------------------------------------------------------------------- the map
    visible = set(ctx.viewer.visible_partners(project))
    by_partner = {}
    if visible:
        by_partner = {
            v.scope: v.actual for v in query(ctx, "indicators", by="partner") if v.code == code
        }
    markers = pd.DataFrame(
        [
            {
                "partner": p.code,
                "name": p.short_name,
                "institution": p.name,
                "city": p.city,
                "country": p.country,
                "lat": p.lat,
                "lon": p.lon,
                "value": by_partner.get(p.code) if p.code in by_partner else None,
            }
            for p in project.partners
        ]
    )
    markers["value"] = markers["value"].astype("Float64")
    countries = pd.DataFrame(
        [{"iso3": c.iso3, "name": c.name, "region": c.region} for c in project.countries]
    )
    ui.chart(
        charts.partner_map(project, markers, countries, names[code]),
        markers[["partner", "institution", "city", "country", "lat", "lon", "value"]],
        f"partners by {code}",
        "countries-map",
    )
    if len(visible) < len(project.partners):
        st.caption("Grey markers: partners whose figures are not in your scope.")

    # -------------------------------------------------------------------- country comparison
    st.subheader("Countries compared")
    if ctx.viewer.visible_countries(project):
        per_country = query(ctx, "indicators", by="country")
        table = pd.DataFrame(
            [
                {
                    "country": f"{project.country(v.scope).name} ({v.scope})",
                    "region": project.country(v.scope).region,
                    "code": v.code,
                    "indicator": v.name,
                    "actual": number(v.actual),
                    "target": number(v.target),
                    "status": ui.status_text(project, v.status),
                }
                for v in per_country
            ]
        )
        wide = table.pivot(
            index=["country", "region"], columns="code", values="actual"
        ).reset_index()
        wide = wide[["country", "region", *[c for c in names if c in wide.columns]]]
        wide.columns.name = None
        ui.table_with_download(wide, "countries compared", "countries-table")
        with st.expander("With targets and status"):
            ui.table_with_download(table, "countries with status", "countries-status")
    else:
        st.info("Figures per country are not available to your account.", icon=":material/lock:")

    # --------------------------------------------------------------------- EU / Central Asia
    st.subheader("EU and Central Asia")
    if not ctx.viewer.visible_regions(project):
        st.info("The split by region is shown to the coordinator only.", icon=":material/lock:")
        return
    per_region = query(ctx, "indicators", by="region")
    regions = pd.DataFrame(
        [
            {
                "region": v.scope,
                "code": v.code,
                "indicator": f"{v.code} · {v.name}",
                "kind": project.indicator(v.code).kind,
                "actual": number(v.actual),
                "target": number(v.target),
                "status": ui.status_text(project, v.status),
            }
            for v in per_region
        ]
    )
    counts = regions[(regions["kind"] != "share") & regions["actual"].notna()].copy()
    totals = counts.groupby("code")["actual"].transform("sum")
    counts["share_pct"] = (100 * counts["actual"] / totals.where(totals > 0)).round(1)
    counts = counts[counts["share_pct"].notna()]
    if counts.empty:
        ui.empty("the regions", ctx)
        ui.table_with_download(regions.drop(columns="kind"), "regions", "regions-table")
    else:
        ui.chart(
            charts.region_shares(counts),
            regions.drop(columns="kind"),
            "EU and Central Asia",
            "regions",
        )


ui.run_page(render)
