"""Shares and comparisons of figures: what a page shows beside a figure, computed here once.

Percent of the consortium median, each region's share of a count, a scope's share of the
consortium, completion rates, the project time elapsed and a funnel's totals. Every
percentage goes through the one rounding rule (``pipelines.rounding``), so the dashboard,
the reports and the command line show the same value; the pages only lay these out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from pipelines.config import Project
from pipelines.metrics.indicators import IndicatorValue
from pipelines.rounding import percent

FUNNEL_STAGES = ("enrolled", "completed", "credentials")


def percent_of_median(
    values: Iterable[IndicatorValue], median: dict[str, float | None]
) -> dict[str, float | None]:
    """code -> a scope's figure as a percentage of the consortium median (None without one)."""
    return {v.code: percent(v.actual, median.get(v.code)) for v in values}


def region_shares(
    project: Project, values: Iterable[IndicatorValue]
) -> dict[tuple[str, str], float]:
    """(region, code) -> the region's percentage of the count's total over the regions.

    Shares (percent indicators) do not add up, so they have none; nor has a count whose
    regions have nothing yet."""
    counted = [
        v for v in values if v.actual is not None and project.indicator(v.code).kind != "share"
    ]
    totals: dict[str, float] = {}
    for v in counted:
        totals[v.code] = totals.get(v.code, 0) + v.actual
    out: dict[tuple[str, str], float] = {}
    for v in counted:
        share = percent(v.actual, totals[v.code]) if totals[v.code] > 0 else None
        if share is not None:
            out[(v.scope, v.code)] = share
    return out


def share_of_consortium(
    mine: Iterable[IndicatorValue], everyone: Iterable[IndicatorValue]
) -> dict[str, float | None]:
    """code -> a partner's or country's percentage of the consortium's count (None for a
    share indicator or without a consortium figure)."""
    totals = {v.code: v.actual for v in everyone}
    return {v.code: None if v.unit == "%" else percent(v.actual, totals.get(v.code)) for v in mine}


def rate(part: float | None, whole: float | None) -> float | None:
    """``part`` as a share of ``whole`` (a completion rate, 0.676), None without both; the
    words show it as a percentage, rounding by the one rule (``Words.percent``)."""
    if part is None or not whole:
        return None
    return part / whole


def rates(parts: Sequence[float], wholes: Sequence[float]) -> list[float | None]:
    """Row by row ``rate`` of two equally long columns."""
    return [rate(p, w) for p, w in zip(parts, wholes, strict=True)]


@dataclass(frozen=True)
class Elapsed:
    """How far into the project the reporting date is: day ``day`` of ``total``, and that
    as a share between 0 and 1 (0 before the start, 1 after the end)."""

    day: int
    total: int
    share: float


def elapsed(project: Project, as_of: dt.date) -> Elapsed:
    """The project's day at ``as_of`` (its first day is day 1) of all its days."""
    total = (project.end - project.start).days + 1
    day = (min(max(as_of, project.start), project.end) - project.start).days + 1
    share = min(day / total, 1.0) if as_of >= project.start else 0.0
    return Elapsed(day, total, share)


def funnel_totals(modules: pd.DataFrame) -> list[int]:
    """Enrolled, completed and credentials summed over the modules listed."""
    return [int(modules[stage].sum()) for stage in FUNNEL_STAGES]
