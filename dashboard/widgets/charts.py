"""Plotly figures of the dashboard, built from the small tables the queries return.

Pure functions (no streamlit), so the benchmark can time them. Colours: the SDGs' official
colours and the status colours come from the project; other categories use the Okabe-Ito
palette, which stays distinguishable with colour-blindness.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from pipelines.config import Project
from pipelines.words.present import Words

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
INK = "#222222"
EXPECTED = "#777777"
REGION_FILL = {"EU": "#C9DDF0", "Central Asia": "#F3DDB8"}
# one colour per series on every chart (a series keeps its colour wherever it appears)
SERIES = {
    "actual": OKABE_ITO[0],
    "expected": EXPECTED,
    "enrolled": OKABE_ITO[0],
    "completed": OKABE_ITO[2],
    "credentials": OKABE_ITO[1],
    "activities": OKABE_ITO[3],
    "participants": OKABE_ITO[4],
    "reach": OKABE_ITO[5],
    "partner": OKABE_ITO[0],
    "median": INK,
}
SERIES |= {"learners_enrolled": SERIES["enrolled"], "learners_completed": SERIES["completed"]}
SERIES |= {"enrollments": SERIES["enrolled"], "completions": SERIES["completed"]}


def colour(series: str, fallback: int = 0) -> str:
    """The series' colour from ``SERIES``; other categories take Okabe-Ito in order."""
    return SERIES.get(series, OKABE_ITO[fallback % len(OKABE_ITO)])


# validated once per process: naming the template on every figure validates all of it
# again (some 25 ms a chart); the figure gets its own copy either way
WHITE = pio.templates["plotly_white"]


def _white(fig: go.Figure) -> None:
    """Give the figure the plotly_white template without validating it again, as plotly
    itself sets its default template."""
    layout = fig.layout
    layout._validate = False
    try:
        layout.template = WHITE
    finally:
        layout._validate = fig._validate


def _layout(fig: go.Figure, height: int = 380, **extra) -> go.Figure:
    _white(fig)
    settings = {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 80, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0},
        "font": {"size": 13},
    }
    fig.update_layout(**{**settings, **extra})
    return fig


def separators(words: Words) -> str:
    """Plotly's decimal and thousands separators for the reader's language ('.,' / ', ')."""
    sample = words.number(1234.5, "ECTS")  # '1,234.5' / '1 234,5'
    return sample[-2] + sample[1] if len(sample) == 7 else ".,"


def _title(text: str) -> dict:
    """Titles sit at the top left, above the legend."""
    return {
        "text": text,
        "x": 0,
        "xanchor": "left",
        "y": 0.98,
        "yanchor": "top",
        "yref": "container",
    }


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on the background (WCAG relative luminance)."""
    rgb = [int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#FFFFFF"


# ------------------------------------------------------------------------------ overview


def trajectory(
    df: pd.DataFrame, name: str, unit: str, as_of: dt.date, words: Words | None = None
) -> go.Figure:
    """Cumulative actual against the expected curve, with today marked."""
    w = words or Words()
    fig = go.Figure()
    if df["expected"].notna().any():
        fig.add_trace(
            go.Scatter(
                x=df["month"],
                y=df["expected"],
                name=w.t("dashboard.chart.expected"),
                mode="lines",
                line={"color": colour("expected"), "dash": "dash", "width": 2},
            )
        )
    known = df[df["actual"].notna()]
    fig.add_trace(
        go.Scatter(
            x=known["month"],
            y=known["actual"],
            name=w.t("dashboard.chart.actual"),
            mode="lines+markers",
            line={"color": colour("actual"), "width": 3},
            marker={"size": 5},
        )
    )
    fig.add_vline(x=as_of.isoformat(), line={"color": "#AAAAAA", "width": 1})
    fig.add_annotation(
        x=as_of.isoformat(),
        y=1,
        yref="paper",
        text=w.t("dashboard.chart.today"),
        showarrow=False,
        yanchor="bottom",
    )
    return _layout(
        fig,
        title=_title(w.t("dashboard.chart.trajectory", name=name)),
        yaxis_title=w.unit(unit),
        xaxis_title=w.t("dashboard.chart.month"),
        separators=separators(w),
    )


# ------------------------------------------------------------------------------ partners


def versus_median(df: pd.DataFrame, partner: str, words: Words | None = None) -> go.Figure:
    """Each indicator of a partner as a share of the consortium median (100 % = median).

    df: indicator (label), of_median_pct (None where there is no median)."""
    w = words or Words()
    shown = df[df["of_median_pct"].notna()]
    fig = go.Figure(
        go.Bar(
            x=shown["of_median_pct"],
            y=shown["indicator"],
            orientation="h",
            marker={"color": colour("partner")},
            text=[w.number(v, "%") for v in shown["of_median_pct"]],
            textposition="outside",
            name=partner,
            meta=w.t("dashboard.partners.of_median_axis"),  # the measure; the name says whose
        )
    )
    fig.add_vline(x=100, line={"color": colour("median"), "dash": "dash"})
    fig.add_annotation(
        x=100, y=1, yref="paper", text=w.t("dashboard.partners.median"), showarrow=False
    )
    return _layout(
        fig,
        height=max(300, 34 * len(shown) + 80),
        title=_title(w.t("dashboard.partners.versus", partner=partner)),
        xaxis_title=w.t("dashboard.partners.of_median_axis"),
        yaxis={"autorange": "reversed"},
        showlegend=False,
        separators=separators(w),
    )


def monthly_flows(df: pd.DataFrame, title: str, words: Words | None = None) -> go.Figure:
    w = words or Words()
    fig = go.Figure()
    for column in ("enrollments", "completions", "credentials"):
        label = w.t(f"dashboard.learners.flow_{column}")
        fig.add_trace(
            go.Bar(x=df["month"], y=df[column], name=label, marker={"color": colour(column)})
        )
    return _layout(
        fig,
        title=_title(title),
        barmode="group",
        yaxis_title=w.t("dashboard.learners.per_month_axis"),
        xaxis_title=w.t("dashboard.chart.month"),
        separators=separators(w),
    )


# ----------------------------------------------------------------------------- countries


def partner_map(
    project: Project,
    markers: pd.DataFrame,
    countries: pd.DataFrame,
    indicator: str,
    words: Words | None = None,
) -> go.Figure:
    """Partner countries outlined and filled by region; partners sized by an indicator.

    markers: partner, name, city, lat, lon, value (None = not in the viewer's scope).
    countries: iso3, name, region (as in project.toml), region_name (in words). Base map
    from the local topojson (no network).
    """
    words = words or Words("en", project)
    fig = go.Figure()
    for region, part in countries.groupby("region", sort=True):
        label = str(part["region_name"].iloc[0]) if "region_name" in part else str(region)
        fig.add_trace(
            go.Choropleth(
                locations=part["iso3"],
                z=[1] * len(part),
                locationmode="ISO-3",
                colorscale=[
                    [0, REGION_FILL.get(region, "#DDDDDD")],
                    [1, REGION_FILL.get(region, "#DDDDDD")],
                ],
                showscale=False,
                marker={"line": {"color": "#555555", "width": 1}},
                text=part["name"],
                hovertemplate="%{text}<extra>" + label + "</extra>",
                name=label,
            )
        )
    largest = markers["value"].max(skipna=True)
    largest = float(largest) if pd.notna(largest) and largest > 0 else 1.0
    sizes = [8 if pd.isna(v) else marker_size(float(v), largest) for v in markers["value"]]
    colours = [("#BBBBBB" if pd.isna(v) else OKABE_ITO[0]) for v in markers["value"]]
    outside = words.t("pages_b.map.not_in_scope")
    labels = [
        f"{n} ({c})<br>{indicator}: " + (outside if pd.isna(v) else words.number(float(v)))
        for n, c, v in zip(markers["name"], markers["city"], markers["value"], strict=True)
    ]
    lat, lon = spread(list(markers["lat"]), list(markers["lon"]))
    fig.add_trace(
        go.Scattergeo(
            lon=lon,
            lat=lat,
            text=labels,
            hovertemplate="%{text}<extra></extra>",
            customdata=[[None if pd.isna(v) else float(v)] for v in markers["value"]],
            meta=indicator,  # what the markers' sizes stand for (the chart's summary names it)
            mode="markers",
            marker={
                "size": sizes,
                "color": colours,
                "opacity": 0.8,
                "line": {"color": "#FFFFFF", "width": 1},
            },
            showlegend=False,
        )
    )
    for value in size_steps(largest):  # the size legend: what a marker's size stands for
        fig.add_trace(
            go.Scattergeo(
                lon=[None],
                lat=[None],
                mode="markers",
                marker={"size": marker_size(value, largest), "color": OKABE_ITO[0], "opacity": 0.8},
                name=words.number(value),
                legendgroup="size",
                legendgrouptitle={"text": indicator},
                showlegend=True,
                hoverinfo="skip",
            )
        )
    fig.update_geos(
        projection_type="natural earth",
        resolution=110,
        showcountries=True,
        countrycolor="#9A9A9A",
        showcoastlines=True,
        coastlinecolor="#9A9A9A",
        showland=True,
        landcolor="#F4F4F2",
        showocean=True,
        oceancolor="#EAF2F8",
        showlakes=False,
        showframe=False,
        lonaxis_range=[-12, 84],
        lataxis_range=[28, 58],
    )
    return _layout(
        fig,
        height=480,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "v", "x": 0.01, "y": 0.02, "itemsizing": "trace"},
        separators=separators(words),
    )


def marker_size(value: float, largest: float) -> float:
    """A marker's diameter: its area grows with the value (10 px at zero, 40 at the largest)."""
    return 10 + 30 * (max(value, 0) / largest) ** 0.5


def size_steps(largest: float) -> list[float]:
    """Three round values for the size legend: the largest rounded down, a half, a tenth."""
    if largest <= 1:
        return [1.0]
    magnitude = 10 ** (len(str(int(largest))) - 1)
    top = max(magnitude, (largest // magnitude) * magnitude)
    return sorted({round(top), round(top / 2), round(max(top / 10, 1))}, reverse=True)


def spread(lat: list[float], lon: list[float], near: float = 0.6, radius: float = 0.7):
    """Partners in one city share a point: place each group of markers closer than ``near``
    degrees evenly on a small circle of ``radius`` degrees around their centre, in the order
    given, so every marker shows. Lone markers stay where they are."""
    out_lat, out_lon = list(lat), list(lon)
    groups: list[list[int]] = []
    for i in range(len(lat)):
        for group in groups:
            j = group[0]
            if abs(lat[i] - lat[j]) < near and abs(lon[i] - lon[j]) < near:
                group.append(i)
                break
        else:
            groups.append([i])
    for group in (g for g in groups if len(g) > 1):
        centre_lat = sum(lat[i] for i in group) / len(group)
        centre_lon = sum(lon[i] for i in group) / len(group)
        for k, i in enumerate(group):
            angle = 2 * math.pi * k / len(group)
            out_lat[i] = centre_lat + radius * math.sin(angle)
            out_lon[i] = centre_lon + radius * math.cos(angle) / math.cos(math.radians(centre_lat))
    return out_lat, out_lon


def region_shares(df: pd.DataFrame, words: Words | None = None) -> go.Figure:
    """Each count indicator split between the regions (share of the consortium total)."""
    words = words or Words()
    fig = go.Figure()
    for i, (region, part) in enumerate(df.groupby("region", sort=True)):
        fig.add_trace(
            go.Bar(
                y=part["indicator"],
                x=part["share_pct"],
                name=str(region),
                meta=words.t("pages_b.regions.axis"),  # the measure; the name is the region
                orientation="h",
                marker={"color": OKABE_ITO[i % len(OKABE_ITO)]},
                text=[words.percent(v / 100) for v in part["share_pct"]],
                textposition="inside",
            )
        )
    return _layout(
        fig,
        height=max(300, 30 * df["indicator"].nunique() + 100),
        barmode="stack",
        title=_title(words.t("pages_b.regions.chart_title")),
        xaxis={"title": words.t("pages_b.regions.axis"), "range": [0, 100]},
        yaxis={"autorange": "reversed"},
        separators=separators(words),
    )


# ------------------------------------------------------------------- modules & learners


def funnel(
    stages: list[str],
    values: list[float],
    title: str,
    words: Words | None = None,
    measure: str | None = None,
) -> go.Figure:
    """Stages as a funnel; ``measure`` names what the stages count (the chart's summary
    says it), the title when not given."""
    fig = go.Figure(
        go.Funnel(
            y=stages,
            x=values,
            meta=measure or title,
            texttemplate="%{value:,}<br>%{percentInitial:.0%}",
            marker={
                "color": [SERIES["enrolled"], SERIES["completed"], SERIES["credentials"]][
                    : len(stages)
                ]
            },
        )
    )
    return _layout(fig, height=300, title=_title(title), separators=separators(words or Words()))


def grouped_bars(
    df: pd.DataFrame,
    category: str,
    series: dict[str, str],
    title: str,
    horizontal=False,
    words: Words | None = None,
) -> go.Figure:
    """Bars per category for a few numeric columns ({column: label})."""
    fig = go.Figure()
    for i, (column, label) in enumerate(series.items()):
        kw = (
            {"y": df[category], "x": df[column]}
            if horizontal
            else {"x": df[category], "y": df[column]}
        )
        fig.add_trace(
            go.Bar(
                **kw,
                name=label,
                orientation="h" if horizontal else "v",
                marker={"color": colour(column, i)},
            )
        )
    extra = {"yaxis": {"autorange": "reversed"}} if horizontal else {}
    return _layout(
        fig,
        height=max(320, 28 * len(df) + 120) if horizontal else 360,
        barmode="group",
        title=_title(title),
        separators=separators(words or Words()),
        **extra,
    )


# ------------------------------------------------------------------------- dissemination


def activity_timeline(df: pd.DataFrame, types: list[str], words: Words | None = None) -> go.Figure:
    """Each activity on its date, one row per type, sized by reach."""
    w = words or Words()
    fig = go.Figure()
    largest = float(df["reach"].max()) if len(df) and df["reach"].max() > 0 else 1.0
    for i, kind in enumerate(types):
        part = df[df["activity_type"] == kind]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["date"],
                y=[kind] * len(part),
                mode="markers",
                name=kind,
                text=part["title"],
                customdata=part[["reach", "partner_code"]],
                meta=w.t("dashboard.dissemination.reach"),  # what the markers' sizes stand for
                hovertemplate="%{x|%d %b %Y} · %{customdata[1]}<br>%{text}<br>"
                + w.t("dashboard.dissemination.reach")
                + " %{customdata[0]:,}<extra></extra>",
                marker={
                    "size": [6 + 24 * (r / largest) ** 0.5 for r in part["reach"].fillna(0)],
                    "color": OKABE_ITO[i % len(OKABE_ITO)],
                    "opacity": 0.75,
                    "line": {"color": "#FFFFFF", "width": 0.5},
                },
                showlegend=False,
            )
        )
    return _layout(
        fig,
        height=max(320, 34 * len(types) + 100),
        title=_title(w.t("dashboard.dissemination.timeline_title")),
        xaxis_title=w.t("dashboard.col.date"),
        separators=separators(w),
    )


def small_multiples(
    df: pd.DataFrame,
    category: str,
    series: dict[str, str],
    title: str,
    words: Words | None = None,
    category_label: dict | None = None,
) -> go.Figure:
    """One panel per measure, each with its own scale: a count of about twenty activities
    and a reach of sixty thousand never share an axis."""
    w = words or Words()
    labels = [category_label.get(v, v) if category_label else v for v in df[category]]
    fig = make_subplots(
        rows=1, cols=len(series), subplot_titles=list(series.values()), shared_yaxes=True
    )
    for col, (column, label) in enumerate(series.items(), 1):
        fig.add_trace(
            go.Bar(
                y=labels,
                x=df[column],
                orientation="h",
                name=label,
                marker={"color": colour(column, col - 1)},
                showlegend=False,
            ),
            row=1,
            col=col,
        )
    fig.update_yaxes(autorange="reversed")
    return _layout(
        fig,
        height=max(320, 30 * len(df) + 120),
        title=_title(title),
        separators=separators(w),
    )
