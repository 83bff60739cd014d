"""Targets over time and the status rules, on hand-computed dates."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pipelines.metrics import progress
from pipelines.metrics.progress import Window


def test_linear_curve_counts_whole_days(project):
    ind = project.indicator("ENR-1")
    # 2024-01-01..2026-12-31 is 1096 days; 2026-11-29 is day 1064
    assert progress.curve(ind, project, dt.date(2026, 11, 29)) == pytest.approx(1064 / 1096)
    assert progress.curve(ind, project, dt.date(2023, 12, 31)) == 0
    assert progress.curve(ind, project, dt.date(2027, 1, 1)) == 1


def test_per_period_targets_make_a_piecewise_curve(project):
    ind = project.indicator("MOD-1")  # P1 = 6, P2 = 12 of 12
    assert progress.curve(ind, project, dt.date(2025, 6, 30)) == pytest.approx(0.5)
    # 2025-06-30 -> 2026-11-29 is 517 of the 549 days of P2
    assert progress.curve(ind, project, dt.date(2026, 11, 29)) == pytest.approx(
        0.5 + 0.5 * 517 / 549
    )
    total = 12.0
    assert progress.expected_to_date(ind, project, total, Window(), dt.date(2026, 11, 29)) == 11.7
    p1 = project.period("P1")
    assert progress.window_target(ind, project, total, Window(p1.start, p1.end)) == 6


def test_period_share_of_a_linear_target(project):
    ind = project.indicator("ENR-1")
    p1 = project.period("P1")  # 547 days of 1096
    assert progress.window_target(ind, project, 1200, Window(p1.start, p1.end)) == round(
        1200 * 547 / 1096, 1
    )
    # expected inside P1 on 2024-12-31: 366 days
    assert progress.expected_to_date(
        ind, project, 1200, Window(p1.start, p1.end), dt.date(2024, 12, 31)
    ) == round(1200 * 366 / 1096, 1)


def test_shares_are_not_prorated(project):
    ind = project.indicator("ENR-4")
    p2 = project.period("P2")
    assert progress.window_target(ind, project, 50, Window(p2.start, p2.end)) == 50
    assert progress.expected_to_date(ind, project, 50, Window(), dt.date(2024, 6, 1)) == 50


@pytest.mark.parametrize(
    ("actual", "target", "expected", "status"),
    [
        (100, 100, 50, "achieved"),
        (120, 100, 100, "achieved"),
        (90, 100, 100, "on_track"),  # exactly 90 % of expected
        (89.9, 100, 100, "at_risk"),
        (60, 100, 100, "at_risk"),  # exactly 60 %
        (59.9, 100, 100, "off_track"),
        (0, 100, 10, "off_track"),
        (0, 100, 0, "not_started"),  # nothing expected yet
        (3, 100, 0, "on_track"),
        (None, 50, 50, "not_started"),  # a share with no learners
        (10, None, None, None),  # no target applies
    ],
)
def test_status_rules(project, actual, target, expected, status):
    assert progress.status(project, actual, target, expected) == status


def test_thresholds_come_from_configuration(project):
    strict = dataclasses.replace(
        project, status=dataclasses.replace(project.status, on_track=0.95, at_risk=0.8)
    )
    assert progress.status(strict, 90, 100, 100) == "at_risk"
    assert progress.status(strict, 79, 100, 100) == "off_track"
