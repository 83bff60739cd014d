"""One rounding rule: halves away from zero on the decimal written, wherever a figure shows.

The hand-computed cases are the ones where Python's ``round`` (halves to even, on the binary
value) gives another answer, so a return to ``round`` or ``.round`` fails here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from pipelines.access.scope import Viewer
from pipelines.cli.indicators import human_table
from pipelines.metrics.indicators import Filters, compute, number
from pipelines.reports import collect
from pipelines.reports.text import ReportWords
from pipelines.rounding import as_percent, half_up, percent, rounded
from pipelines.warehouse.build import read_warehouse
from pipelines.words.present import Words


@pytest.mark.parametrize(
    ("value", "places", "expected", "bankers"),
    [
        (12.5, 0, 13.0, 12),
        (0.125, 2, 0.13, 0.12),
        (2.675, 2, 2.68, 2.67),
        (57.15, 1, 57.2, 57.1),
        (0.5, 0, 1.0, 0),
        (-2.5, 0, -3.0, -2),
    ],
)
def test_halves_round_away_from_zero(value, places, expected, bankers):
    assert round(value, places) == bankers  # what the rule replaces
    assert rounded(value, places) == expected
    assert float(half_up(value, places)) == expected


def test_percent_of_a_part():
    assert percent(1143, 2000) == 57.2  # 57.15: round() gives 57.1
    assert percent(1, 8) == 12.5
    assert percent(1, 8, 0) == 13.0
    assert percent(4, 7) == 57.1  # 57.142857...
    assert percent(3, 0) is None
    assert percent(None, 5) is None


def test_a_share_in_percent():
    assert as_percent(0.57145) == 57.1  # 57.145 at one place
    assert as_percent(0.5715) == 57.2
    assert as_percent(0.125, 0) == 13.0
    assert as_percent(None) is None


def test_figures_keep_two_places_by_the_same_rule():
    assert number(0.125) == 0.13
    assert number(2.675) == 2.68
    assert number(3000.0) == 3000


def test_the_cli_and_a_report_print_the_same_percent(tiny_dir, project):
    """ENR-4 of the tiny data set in P2 and a 57.15 % that only the half-up
    rule prints as 57.2 %, through the command line's table and a report's wording."""
    viewer = Viewer.coordinator("t")
    as_of = dt.date(2026, 11, 29)
    with read_warehouse(tiny_dir.warehouse) as con:
        values = compute(con, project, viewer, Filters(period="P2"), as_of=as_of)
        data = collect(con, project, viewer, Filters(period="P2"), as_of=as_of)
    share = next(v for v in values if v.code == "ENR-4")
    assert share.actual == 66.7  # two thirds
    half = replace(share, actual=percent(1143, 2000))
    report = ReportWords(data)
    for v, shown in ((share, "66.7\u00a0%"), (half, "57.2\u00a0%")):
        cli_line = next(
            line for line in human_table([v], Words("en", project), project).splitlines()[1:]
        )
        assert f" {shown} " in f" {cli_line} "
        assert report.value(v).replace("\u202f", "\u00a0") == shown
