"""Countries: a map of the partners sized by an indicator, the countries side by side, and
the split between the EU and Central Asia. The map works offline (static/topojson)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.widgets import charts, ui
from dashboard.wiring.cached_queries import query
from dashboard.wiring.run_context import Context
from pipelines.metrics import compare
from pipelines.words.present import Words


def region_name(words: Words, region: str) -> str:
    """'EU' / 'Central Asia' (project.toml) in the reader's language."""
    return words.t(f"pages_b.region.{region.lower().replace(' ', '_')}")


def render(ctx: Context) -> None:
    w = ctx.words
    ui.page_header(ctx, w.t("dashboard.nav.countries"))

    overall = query(ctx, "indicators")
    if not overall:
        ui.empty(w.t("pages_b.countries.what_indicators"), ctx)
        return
    names = {v.code: f"{v.code} · {w.indicator(v.code)}" for v in overall}
    code = st.selectbox(
        w.t("pages_b.countries.size_by"),
        list(names),
        format_func=names.get,
        key="countries_indicator",
        width=420,
    )
    partner_map(ctx, code, names)
    compared(ctx, names)
    regions(ctx)


def partner_map(ctx: Context, code: str, names: dict[str, str]) -> None:
    """The partners on the map; those outside the viewer's scope grey, without a figure."""
    project, w = ctx.project, ctx.words
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
                "name": w.partner(p.code),
                "institution": w.partner_full(p.code),
                "city": p.city,
                "country": w.country(p.country),
                "lat": p.lat,
                "lon": p.lon,
                "value": by_partner.get(p.code) if p.code in by_partner else None,
            }
            for p in project.partners
        ]
    )
    markers["value"] = markers["value"].astype("Float64")
    countries = pd.DataFrame(
        [
            {
                "iso3": c.iso3,
                "name": w.country(c.iso2),
                "region": c.region,
                "region_name": region_name(w, c.region),
            }
            for c in project.countries
        ]
    )
    col = lambda k: w.t(f"pages_b.col.{k}")  # noqa: E731
    table = markers[["partner", "institution", "city", "country", "lat", "lon", "value"]].rename(
        columns={
            "partner": w.t("dashboard.col.partner"),
            "institution": col("institution"),
            "city": col("city"),
            "country": col("country"),
            "lat": col("lat"),
            "lon": col("lon"),
            "value": w.t("dashboard.col.actual"),
        }
    )
    ui.chart(
        charts.partner_map(project, markers, countries, names[code], words=w),
        table,
        w.t("pages_b.countries.map_name", code=code),
        "countries-map",
        words=w,
    )
    if len(visible) < len(project.partners):
        st.caption(w.t("pages_b.countries.grey"))


def compared(ctx: Context, names: dict[str, str]) -> None:
    """Each country's figures side by side, then with targets and status."""
    project, w = ctx.project, ctx.words
    st.subheader(w.t("pages_b.countries.compared"))
    if not ctx.viewer.visible_countries(project):
        st.info(w.t("pages_b.countries.no_countries"), icon=":material/lock:")
        return
    country, region = w.t("pages_b.col.country"), w.t("pages_b.col.region")
    col = lambda k: w.t(f"dashboard.col.{k}")  # noqa: E731
    rows = [
        {
            country: f"{w.country(v.scope)} ({v.scope})",
            region: region_name(w, project.country(v.scope).region),
            "code": v.code,
            col("indicator"): f"{v.code} · {w.indicator(v.code)}",
            col("actual"): w.number(v.actual, v.unit),
            col("target"): w.number(v.target, v.unit),
            col("status"): w.status(v.status),
        }
        for v in query(ctx, "indicators", by="country")
    ]
    table = pd.DataFrame(rows)
    wide = table.pivot(index=[country, region], columns="code", values=col("actual"))
    wide = wide.reset_index()
    wide = wide[[country, region, *[c for c in names if c in wide.columns]]]
    wide.columns.name = None
    ui.table_with_download(wide, w.t("pages_b.countries.compared"), "countries-table", words=w)
    label = w.t("pages_b.countries.with_status")
    if (box := ui.section_when_opened(label, "with-status")) is not None:
        with box:
            ui.table_with_download(table.drop(columns="code"), label, "countries-status", words=w)


def regions(ctx: Context) -> None:
    """The share of each count indicator between the EU and Central Asia."""
    project, w = ctx.project, ctx.words
    title = w.t("pages_b.countries.regions")
    st.subheader(title)
    if not ctx.viewer.visible_regions(project):
        st.info(w.t("pages_b.countries.no_regions"), icon=":material/lock:")
        return
    values = query(ctx, "indicators", by="region")
    shares = compare.region_shares(project, values)
    per_region = pd.DataFrame(
        [
            {
                "region": region_name(w, v.scope),
                "share_pct": shares.get((v.scope, v.code)),
                "code": v.code,
                "indicator": f"{v.code} · {w.indicator(v.code)}",
                "kind": project.indicator(v.code).kind,
                "actual": v.actual,
                "shown": w.number(v.actual, v.unit),
                "target": w.number(v.target, v.unit),
                "status": w.status(v.status),
            }
            for v in values
        ]
    )
    counts = per_region[per_region["share_pct"].notna()]
    col = lambda k: w.t(f"dashboard.col.{k}")  # noqa: E731
    table = per_region[["region", "indicator", "shown", "target", "status"]].rename(
        columns={
            "region": w.t("pages_b.col.region"),
            "indicator": col("indicator"),
            "shown": col("actual"),
            "target": col("target"),
            "status": col("status"),
        }
    )
    if counts.empty:
        ui.empty(w.t("pages_b.countries.what_regions"), ctx)
        ui.table_with_download(table, title, "regions-table", words=w)
    else:
        ui.chart(charts.region_shares(counts, words=w), table, title, "regions", words=w)


ui.run_page(render)
