"""Every chart the pages draw is named by a summary that says what it plots: the measure (an
indicator, a series, an axis in the reader's words, never a map coordinate or a column
name) and its highest value, read back from the chart's own data."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.widgets import a11y
from dashboard.wiring import navigation
from pipelines.access.scope import Viewer
from pipelines.paths import REPO_ROOT

APP = REPO_ROOT / "dashboard" / "app.py"
COORD = Viewer.coordinator("test")
PARAMS = {"partners": {"partner": "KAZNU"}, "indicator": {"code": "ENR-1"}}
RUNS = [
    (navigation.BY_NAME[name].path, PARAMS.get(name, {}))
    for name in (*navigation.FIGURE_PAGES, "indicator")
]
SNAKE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
COORDINATES = ("Latitude", "Longitude", "lat", "lon")


def _array(value):
    """A trace's array as plotly writes it: a list, or base64 typed data."""
    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            data = data.reshape([int(n) for n in str(value["shape"]).split(",")])
        return data.tolist()
    return value


def _numbers(values) -> list[float]:
    out = []
    for v in _array(values) or []:
        if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v:
            out.append(float(v))
    return out


def _measures(spec: dict) -> dict[str, list[float]]:
    """What each trace of the chart plots, from the chart's data as the browser gets it: the
    value axis of a bar, line or funnel, else the first column of its custom data (a map's
    markers, a timeline's sizes). Legend samples and unscaled map areas plot nothing."""
    layout = spec.get("layout", {})
    found: dict[str, list[float]] = {}
    for trace in spec["data"]:
        kind = trace.get("type", "scatter")
        if trace.get("hoverinfo") == "skip" or (
            kind == "choropleth" and not trace.get("showscale")
        ):
            continue
        horizontal = trace.get("orientation") == "h" or (
            kind == "funnel" and "orientation" not in trace
        )
        values = _numbers(trace.get("x" if horizontal else "y"))
        if not values or kind == "scattergeo":
            values = _numbers([row[0] for row in _array(trace.get("customdata")) or []])
        if not values:
            continue
        axis = layout.get(("xaxis" if horizontal else "yaxis"), {}).get("title", {})
        measure = trace.get("meta") or trace.get("name") or axis.get("text")
        found.setdefault(measure, []).extend(values)
    return found


def _charts(at: AppTest) -> list[tuple[str, dict]]:
    """Each plotly chart of the page with the text drawn just before it in its box."""
    pairs, last = [], None

    def walk(node) -> None:
        nonlocal last
        kind = getattr(node, "type", None)
        if kind == "text":
            last = node.value
        elif kind == "plotly_chart":
            pairs.append((last, json.loads(node.proto.spec)))
            last = None
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return pairs


@pytest.fixture(scope="module")
def drawn(demo_dir) -> list[tuple[str, str, dict]]:
    out = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LESLIE_DATA_DIR", str(demo_dir.root))
        mp.setattr("dashboard.wiring.session.current_viewer", lambda: COORD)
        for page, params in RUNS:
            at = AppTest.from_file(str(APP), default_timeout=240)
            at.switch_page(page)
            for key, value in params.items():
                at.query_params[key] = value
            at.run()
            assert not at.exception, (page, [e.message for e in at.exception])
            out += [(page, summary, spec) for summary, spec in _charts(at)]
    return out


def test_every_chart_summary_names_its_measure_and_its_highest_value(drawn):
    pages = {page for page, _, _ in drawn}
    assert pages == {page for page, _ in RUNS}, "a page drew no chart"
    assert len(drawn) >= 12
    for page, summary, _ in drawn:  # first: no chart is summarised by a coordinate
        where = (page, summary)
        assert summary and summary.startswith("Chart: "), where
        assert not any(re.search(rf"\b{c}\b", summary) for c in COORDINATES), where
        assert not SNAKE.search(summary), where
        assert "T00:00" not in summary, where  # a month reads as a day, not a time
    for page, summary, spec in drawn:
        where = (page, summary)
        measures = _measures(spec)
        assert measures, where
        for measure, values in measures.items():
            named = re.search(
                re.escape(f"{measure}: highest value ") + r"(-?[\d,]+(?:\.\d+)?)", summary
            )
            assert named, (where, measure)
            assert float(named[1].replace(",", "")) == pytest.approx(max(values), abs=0.006), where


def test_the_map_summary_names_the_indicator_it_plots(drawn):
    """The Countries page's map sizes partners by an indicator: its summary names that
    indicator (as the markers' hover text does) and its largest partner, never a latitude."""
    found = [
        (summary, trace)
        for page, summary, spec in drawn
        for trace in spec["data"]
        if page == "pages/countries.py"
        and trace.get("type") == "scattergeo"
        and trace.get("hoverinfo") != "skip"
    ]
    assert len(found) == 1
    summary, markers = found[0]
    assert "Latitude" not in summary and "Longitude" not in summary, summary
    hover = [t.split("<br>") for t in markers["text"]]
    indicator = hover[0][1].rsplit(": ", 1)[0]
    assert indicator == "ENR-1 · Learners enrolled"
    values = {place: float(v.rsplit(": ", 1)[1].replace(",", "")) for place, v in hover}
    top = max(values, key=values.get)
    assert f"{indicator}: highest value {values[top]:,.0f} ({top})" in summary, summary


def test_a_summary_reads_a_figure_in_the_readers_language():
    fig = go.Figure(go.Bar(x=["UPV", "KAZNU", "FPI"], y=[134, 1400.5, 151], name="Learners"))
    assert a11y.chart_summary("Learners by partner", fig, "en") == (
        "Chart: Learners by partner. Learners: highest value 1,400.5 (KAZNU), lowest value "
        "134 (UPV). Every value is in the table below the chart."
    )
    assert "1 400,5 (KAZNU)" in a11y.chart_summary("x", fig, "ru").replace("\u00a0", " ")
    assert a11y.chart_summary("x", go.Figure(), "en") == (
        "Chart: x. Its numbers are in the table below the chart."
    )


def test_a_map_is_summarised_by_its_markers_value_not_its_coordinates():
    fig = go.Figure()
    fig.add_trace(go.Choropleth(locations=["KAZ"], z=[1], showscale=False, name="Central Asia"))
    fig.add_trace(
        go.Scattergeo(
            lat=[53.3, 43.2],
            lon=[69.4, 76.9],
            text=["KOKSU (Kokshetau)<br>x", "KazNU (Almaty)<br>y"],
            customdata=[[4.0], [9.0]],
            meta="Learners enrolled",
        )
    )
    fig.add_trace(go.Scattergeo(lat=[None], lon=[None], name="10", hoverinfo="skip"))
    assert a11y.chart_summary("Map", fig, "en") == (
        "Chart: Map. Learners enrolled: highest value 9 (KazNU (Almaty)), lowest value 4 "
        "(KOKSU (Kokshetau)). Every value is in the table below the chart."
    )


def test_labels_read_as_words():
    fig = go.Figure(
        go.Scatter(
            x=pd.to_datetime(["2024-05-04", "2024-06-01"]),
            y=["general_public", "general_public"],
            customdata=[[58, "UPV"], [3, "UCY"]],
            text=["Soil day", "Open day"],
            meta="Reach",
            name="press",
        )
    )
    summary = a11y.chart_summary("Reach", fig, "en")
    assert "Reach: highest value 58 (press, Soil day), lowest value 3 (press, Open day)" in summary


def test_a_month_reads_as_its_day():
    fig = go.Figure(
        go.Bar(x=pd.to_datetime(["2026-07-01", "2026-08-01"]), y=[2, 27], name="Enrollments")
    )
    assert "Enrollments: highest value 27 (2026-08-01), lowest value 2 (2026-07-01)" in (
        a11y.chart_summary("Per month", fig, "en")
    )
