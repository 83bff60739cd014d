"""Targets, expected-to-date values and status: the rules of the data contract, in one place.

A target applies to a scope: the consortium target with no filter, a partner's own target
(summed over a country's partners) when configured, none for an SDG; a share (ENR-4) keeps its
target in every scope. Over time a target accumulates along a curve: linear over the project,
or through the cumulative per-period targets when they are configured. A period (or any date
window) gets the part of the curve that falls inside it; a stock (module counts) gets the
cumulative value at the window's end.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from pipelines.config import Indicator, Project
from pipelines.rounding import rounded

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """A reporting window: a period, a date range, or the whole project (lo/hi None)."""

    lo: dt.date | None = None
    hi: dt.date | None = None


def scope_target(
    ind: Indicator,
    project: Project,
    partner: str | None = None,
    country: str | None = None,
    sdg: int | None = None,
) -> float | None:
    if ind.target is None:
        return None
    if ind.kind == "share":
        return ind.target
    if sdg is not None:
        return None
    if partner is not None:
        return ind.partner_targets.get(partner.upper())
    if country is not None:
        values = [
            ind.partner_targets[p] for p in project.partners_in(country) if p in ind.partner_targets
        ]
        return sum(values) if values else None
    return ind.target


def curve(ind: Indicator, project: Project, day: dt.date) -> float:
    """Share of the whole-project target expected by the end of ``day`` (0..1)."""
    if day < project.start:
        return 0.0
    if day >= project.end:
        return 1.0
    total_days = (project.end - project.start).days + 1
    if not ind.period_targets or not ind.target:
        return ((day - project.start).days + 1) / total_days
    # piecewise linear through (start, 0) and (period end, cumulative target / total)
    points = [(project.start - ONE_DAY, 0.0)]
    for period in sorted(project.periods, key=lambda p: p.end):
        if period.id.upper() in ind.period_targets:
            points.append((period.end, ind.period_targets[period.id.upper()] / ind.target))
    if points[-1][0] < project.end:
        points.append((project.end, 1.0))
    for (d0, v0), (d1, v1) in itertools.pairwise(points):
        if d0 < day <= d1:
            return v0 + (v1 - v0) * (day - d0).days / (d1 - d0).days
    return 1.0


def window_target(
    ind: Indicator, project: Project, total: float | None, window: Window
) -> float | None:
    """The part of a scope's total target that falls within a window."""
    if total is None:
        return None
    if ind.kind == "share" or (window.lo is None and window.hi is None):
        return total
    lo = window.lo or project.start
    hi = window.hi or project.end
    if ind.is_stock:
        return rounded(total * curve(ind, project, hi), 1)
    return rounded(total * (curve(ind, project, hi) - curve(ind, project, lo - ONE_DAY)), 1)


def expected_to_date(
    ind: Indicator, project: Project, total: float | None, window: Window, as_of: dt.date
) -> float | None:
    if total is None:
        return None
    lo = window.lo or project.start
    hi = window.hi or project.end
    if ind.kind == "share":
        return total if as_of >= lo else 0.0
    until = min(as_of, hi)
    if until < lo:
        return 0.0
    if ind.is_stock:
        return rounded(total * curve(ind, project, until), 1)
    return rounded(total * (curve(ind, project, until) - curve(ind, project, lo - ONE_DAY)), 1)


def status(
    project: Project, actual: float | None, target: float | None, expected: float | None
) -> str | None:
    """achieved / on_track / at_risk / off_track / not_started; None when no target applies."""
    if target is None:
        return None
    if actual is None:
        return "not_started"
    if actual >= target:
        return "achieved"
    if not expected:
        return "not_started" if actual == 0 else "on_track"
    ratio = actual / expected
    if ratio >= project.status.on_track:
        return "on_track"
    if ratio >= project.status.at_risk:
        return "at_risk"
    return "off_track"


def progress_share(actual: float | None, target: float | None) -> float | None:
    if actual is None or not target:
        return None
    return actual / target
