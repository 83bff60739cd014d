"""Shares and comparisons beside a figure, with hand-computed values: what the pages lay out.

Each case is chosen where a half decides the last digit, so the one rounding rule shows."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pipelines.metrics import compare
from pipelines.metrics.indicators import IndicatorValue


def _v(code: str, actual: float | None, scope: str = "all", unit: str = "learners"):
    return IndicatorValue(code, code, unit, actual, None, None, None, None, scope, "WP2")


def test_percent_of_the_median():
    own = [_v("ENR-1", 1143), _v("ENR-2", 30), _v("DIS-1", None), _v("MOD-1", 4)]
    median = {"ENR-1": 2000.0, "ENR-2": 0.0, "DIS-1": 12.0}
    assert compare.percent_of_median(own, median) == {
        "ENR-1": 57.2,  # 57.15
        "ENR-2": None,  # a median of nothing
        "DIS-1": None,  # nothing of its own
        "MOD-1": None,  # no median
    }


def test_region_shares_of_counts_only(project):
    values = [
        _v("ENR-1", 1143, "EU"),
        _v("ENR-1", 857, "CA"),
        _v("DIS-1", 1, "EU"),
        _v("DIS-1", 7, "CA"),
        _v("ENR-4", 60.0, "EU", "%"),  # a share: regions' shares do not add up
        _v("ENR-4", 40.0, "CA", "%"),
        _v("MOD-1", 0, "EU"),  # nothing anywhere yet: no share
        _v("MOD-1", 0, "CA"),
        _v("ENR-3", None, "EU"),
    ]
    assert compare.region_shares(project, values) == {
        ("EU", "ENR-1"): 57.2,  # 57.15
        ("CA", "ENR-1"): 42.9,  # 42.85
        ("EU", "DIS-1"): 12.5,
        ("CA", "DIS-1"): 87.5,
    }


def test_share_of_the_consortium():
    mine = [_v("ENR-1", 1), _v("ENR-4", 50.0, unit="%"), _v("DIS-1", 3), _v("DIS-2", None)]
    everyone = [_v("ENR-1", 8), _v("ENR-4", 57.1, unit="%"), _v("DIS-1", 0), _v("DIS-2", 40)]
    assert compare.share_of_consortium(mine, everyone) == {
        "ENR-1": 12.5,
        "ENR-4": None,  # a percentage is no part of a percentage
        "DIS-1": None,
        "DIS-2": None,
    }


def test_completion_rates():
    assert compare.rate(1, 8) == 0.125
    assert compare.rate(25, 37) == 25 / 37  # shown as 68 % (67.57...)
    assert compare.rate(None, 3) is None
    assert compare.rate(3, 0) is None
    assert compare.rates([1, 2, 0], [8, 0, 5]) == [0.125, None, 0.0]


def test_project_time_elapsed(project):
    # 2024-01-01 .. 2026-12-31: 366 + 365 + 365 days
    assert compare.elapsed(project, dt.date(2023, 6, 1)) == compare.Elapsed(1, 1096, 0.0)
    assert compare.elapsed(project, dt.date(2024, 1, 1)) == compare.Elapsed(1, 1096, 1 / 1096)
    assert compare.elapsed(project, dt.date(2025, 1, 1)) == compare.Elapsed(367, 1096, 367 / 1096)
    assert compare.elapsed(project, dt.date(2027, 3, 1)) == compare.Elapsed(1096, 1096, 1.0)


def test_funnel_totals():
    modules = pd.DataFrame(
        {"enrolled": [10, 0, 5], "completed": [4, 0, 5], "credentials": [3, 0, 1]}
    )
    assert compare.funnel_totals(modules) == [15, 9, 4]
    assert compare.funnel_totals(modules.iloc[0:0]) == [0, 0, 0]
