"""SDGs: what the project contributes to each goal it supports, in the goal's own colour, and
beside it the official national figures of the partner countries for the mapped national
indicators (``[context]`` of project.toml): latest value, year, trend and source. Any other
imported country is shown when the reader chooses it. A goal's national figures are drawn
when the reader shows them: every goal's tables and trend charts at once made this the
slowest page to open, and even one goal's cost every visit a table and a chart or more.

Imported text (units, sources, licences) is shown as plain text: in tables as cells, in
Plotly figures with ``<``, ``>`` and ``&`` written as entities (Plotly reads its labels as
HTML: an imported ``<a href>`` would otherwise be drawn as a link)."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from dashboard.widgets import a11y, charts, plain, shown_tables, ui
from dashboard.wiring.cached_queries import query, read
from dashboard.wiring.run_context import Context
from pipelines.context.national import NationalSeries
from pipelines.context.settings import load_settings
from pipelines.context.source_files import MAX_LABEL_CHARS
from pipelines.metrics.indicators import Filters, number
from pipelines.words.catalogue import keys
from pipelines.words.present import Words

# the indicators of data contract v1 that tell an SDG's story (shown when configured)
MEASURES = ("MOD-1", "ENR-1", "ENR-3", "DIS-1", "DIS-3")
PERCENT_UNITS = {"%", "PT", "PERCENT"}
# one colour per country, in the order of [[countries]] (Okabe-Ito, readable for colour-blind)
COUNTRY_COLOURS = ("#E69F00", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#56B4E9", "#F0E442")


def plotly_text(text: str) -> str:
    """Text for a Plotly label, shown as written: Plotly draws ``<a>``, ``<b>`` and the like."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def as_plotly_text(fig: go.Figure) -> go.Figure:
    """The figure with every label it draws (trace names and measures, axis titles) as text."""
    for trace in fig.data:
        if isinstance(trace.name, str):
            trace.name = plotly_text(trace.name)
        if isinstance(trace.meta, str):
            trace.meta = plotly_text(trace.meta)
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        if isinstance(axis.title.text, str):
            axis.title.text = plotly_text(axis.title.text)
    return fig


def _country_choice(ctx: Context, w: Words) -> tuple[str, ...]:
    """The countries whose national figures are shown: the project's unless the reader
    chooses others among every imported country (names in the reader's language)."""
    ours = [c.iso2 for c in ctx.project.countries]
    imported = read(ctx.data_dir, "national_countries")
    others = sorted((c for c in imported if c not in ours), key=w.country)
    if not others:
        return tuple(ours)
    chosen = st.multiselect(
        w.t("context_sources.sdgs.countries"),
        [*ours, *others],
        default=ours,
        format_func=w.country,
        help=w.t("context_sources.sdgs.countries_help"),
        key="sdgs_countries",
    )
    return tuple(chosen)


def render(ctx: Context) -> None:
    w = ctx.words
    project = ctx.project
    ui.page_header(ctx, w.t("context.sdgs.title"), w.t("context.sdgs.intro"))
    whole = Filters(**{**ctx.filters.__dict__, "work_package": None})
    values = query(ctx, "indicators", by="sdg", filters=whole)
    found = {(v.scope, v.code): v.actual for v in values}  # None where withheld (public view)
    withheld = {(v.scope, v.code) for v in values if v.suppressed}
    goals = [s for s in project.sdgs if ctx.filters.sdg in (None, s.goal)]
    measures = [c for c in MEASURES if c in {i.code for i in project.indicators}]
    table = pd.DataFrame(
        [
            {
                w.t("context.sdgs.col_sdg"): w.sdg(s.goal),
                **{w.indicator(c): number(found.get((str(s.goal), c))) for c in measures},
            }
            for s in goals
        ]
    )
    if table.empty or not table.iloc[:, 1:].fillna(0).to_numpy().any():
        st.info(w.t("context.sdgs.no_results"), icon=":material/info:")
    else:
        ui.chart(
            _contribution(project, w, goals, measures, found),
            table,
            w.t("context.sdgs.chart_title"),
            "sdg-contribution",
        )
    countries = _country_choice(ctx, w)
    national = read(ctx.data_dir, "national_series", countries)
    mapping = load_settings(ctx.project)  # project.toml's [context], read once per run
    for sdg in goals:
        mapped = mapping.for_goal(sdg.goal)
        _goal_panel(ctx, w, sdg, found, withheld, measures, national, countries, mapped)
    st.download_button(
        w.t("context.sdgs.download"),
        data=ui.csv_later(table),
        file_name="leslie-sdg-panels.csv",
        mime="text/csv",
        key="csv-sdg-panels",
        icon=":material/download:",
        on_click="ignore",  # built on click: a rerun would drop the file being built
    )


def _contribution(project, w: Words, goals, measures, found) -> go.Figure:
    """One small bar chart per measure, bars in the SDGs' official colours."""
    names = [w.indicator(c) for c in measures]
    fig = make_subplots(rows=1, cols=len(measures), subplot_titles=names)
    for col, code in enumerate(measures, 1):
        values = [number(found.get((str(s.goal), code))) for s in goals]  # no bar if withheld
        fig.add_trace(
            go.Bar(
                x=[w.t("context.sdgs.goal_short", goal=s.goal) for s in goals],
                y=values,
                marker={"color": [s.colour for s in goals]},
                text=[w.count(v) if v is not None else "" for v in values],
                textposition="outside",
                cliponaxis=False,
                showlegend=False,
                name=names[col - 1],
            ),
            row=1,
            col=col,
        )
    fig.update_annotations(font={"size": 13})
    fig.update_layout(height=380, margin={"l": 10, "r": 10, "t": 80, "b": 10})
    fig.update_layout(title={"text": w.t("context.sdgs.chart_title")})
    return fig


def _goal_panel(
    ctx: Context, w: Words, sdg, found, withheld, measures, national, countries, mapped
) -> None:
    """One goal: the project's figures, its targets and, when shown, the national figures
    of its ``mapped`` national indicators."""
    ink = charts.text_colour(sdg.colour)
    with st.container(border=True):
        st.markdown(
            f'<div class="leslie-sdg" data-goal="{sdg.goal}" style="background:{sdg.colour};'
            f'color:{ink};padding:8px 12px;border-radius:6px;margin-bottom:8px">'
            f'<div style="font-size:1.4rem;font-weight:700">{html.escape(w.sdg(sdg.goal))}</div>'
            "</div>",
            unsafe_allow_html=True,
        )
        left, right = st.columns([2, 3])
        with left:
            st.markdown(f"**{w.t('context.sdgs.project_side')}**")
            cols = st.columns(2)
            for j, code in enumerate(measures):
                unit = ctx.project.indicator(code).unit
                shown = w.number(found.get((str(sdg.goal), code)), unit)
                if (str(sdg.goal), code) in withheld:
                    shown = w.t("context.public.withheld")
                cols[j % 2].metric(w.indicator(code), shown)
            if sdg.targets:
                st.markdown(f"**{w.t('context.sdgs.targets')}**")
                for t in sdg.targets:
                    st.text(f"{t.code}  {w.sdg_target(t.code, t.text)}")
        with right:
            st.markdown(f"**{w.t('context.sdgs.national_side')}**")
            if not any(national.get(i.code) for i in mapped):
                st.caption(w.t("context.sdgs.no_national"))
                return
            shown = st.toggle(
                w.t("context.sdgs.show_national"),
                help=w.t("context.sdgs.show_national_help"),
                key=f"sdgs_national_{sdg.goal}",
            )
            for ind in mapped if shown else ():
                _national_indicator(w, ind, national.get(ind.code, []), ctx, countries)


def indicator_name(w: Words, code: str, english: str) -> str:
    key = f"context.indicator.{code}"
    return w.t(key) if key in keys() else english


def unit_label(w: Words, unit_code: str, unit: str) -> str:
    key = f"context.unit.{unit_code}"
    return w.t(key) if key in keys() else bounded(unit)


def bounded(text: str) -> str:
    """Imported text as long as a label may be (figures imported before labels were bounded
    may hold longer ones)."""
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def value_text(w: Words, s: NationalSeries, value: float) -> str:
    if s.unit_code in PERCENT_UNITS:
        return w.number(value, "%")
    return f"{w.decimal(value, 2 if abs(value) < 10 else 1)} {unit_label(w, s.unit_code, s.unit)}"


def year_text(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}/{last}"


def _trend(w: Words, group: list[NationalSeries], unit: str, countries) -> go.Figure:
    fig = go.Figure()
    for s in group:
        colour = COUNTRY_COLOURS[countries.index(s.country) % len(COUNTRY_COLOURS)]
        fig.add_trace(
            go.Scatter(
                x=[p[0] for p in s.points],
                y=[p[2] for p in s.points],
                mode="lines+markers",
                name=w.country(s.country),
                line={"color": colour},
            )
        )
    label = "%" if unit == "%" else unit_label(w, unit, group[0].unit)
    fig.update_layout(height=240, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    years = {p[0] for s in group for p in s.points}
    fig.update_xaxes(title=w.t("context.sdgs.col_year"), tickformat="d")
    if max(years) - min(years) < 6:  # few years: one tick per year, never a year twice
        fig.update_xaxes(dtick=1)
    fig.update_yaxes(title=label)
    return fig


def _national_indicator(
    w: Words, ind, series: list[NationalSeries], ctx: Context, countries
) -> None:
    # an imported code and name: their characters, never Markdown or HTML
    name = indicator_name(w, ind.code, ind.name)
    st.markdown(f"**{plain.literal(ind.code)}** · {plain.literal(name)}")
    if not series:
        st.caption(w.t("context.sdgs.no_national_indicator"))
        return
    rows = [
        {
            w.t("context.sdgs.col_country"): w.country(s.country),
            w.t("context.sdgs.col_latest"): value_text(w, s, s.latest[2]),
            w.t("context.sdgs.col_year"): year_text(s.latest[0], s.latest[1]),
            w.t("context.sdgs.col_source"): f"{bounded(s.source)} ({bounded(s.licence)})",
        }
        for s in series
    ]
    shown_tables.show(pd.DataFrame(rows), hide_index=True, width="stretch")
    units: dict[str, list[NationalSeries]] = {}
    for s in series:  # one chart per unit: an index and a percentage do not share an axis
        units.setdefault("%" if s.unit_code in PERCENT_UNITS else s.unit_code, []).append(s)
    for n, (unit, group) in enumerate(units.items()):
        fig = _trend(w, group, unit, list(countries))
        # each line is a country: the measure is the indicator in its unit
        fig.update_traces(meta=f"{name} ({fig.layout.yaxis.title.text})")
        summary = a11y.chart_summary(name, fig, w.lang)  # plain text: read as written
        ui.figure(as_plotly_text(fig), name, f"national-{ind.code}-{n}", summary=summary, words=w)
    st.caption(
        w.t("context.sdgs.beside", linked=", ".join(w.indicator(c) for c in ind.project_indicators))
    )


ui.run_page(render)
