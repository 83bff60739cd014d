"""The public figures: each published measure per SDG, country and whole reporting period,
with totals, after disclosure control. One computation for the page and the open data.

Figures come from the same SQL definition as every other view (``marts/indicator_actuals``),
on approved data only. Periods are the configured reporting periods and the whole project:
no other date window is offered, so two windows cannot be differenced.

A share (women among learners) is published with its part as a count (``ENR-4/count``),
both protected together with the whole they belong to (``[public] share_whole``, the
learners enrolled): a fourth dimension splits each cell into the part, the rest of the
share's base and the learners outside the base, so that no published count or share bounds
a withheld one. Each figure carries its target and the value expected by the reporting date
for its scope (``pipelines/metrics/progress.py``), empty where no target applies.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.config import Project
from pipelines.config import today as reporting_day
from pipelines.errors import ConfigError
from pipelines.metrics.indicators import Filters, actual_rows
from pipelines.metrics.progress import Window, expected_to_date, scope_target, window_target
from pipelines.publish.disclosure import COVER, OVERLAP, SUM, TOTAL, Key, protect, share_allowed
from pipelines.rounding import percent

BASE = "/base"  # a share indicator's denominator in the cube: "ENR-4/base"
COUNT = "/count"  # a share's part, published as a count: "ENR-4/count"
DIMENSIONS = ("sdg", "country", "period")
# a learner or an activity may count under several SDGs (or none listed) and periods; each
# belongs to one partner's country; the share's groups split a cell's learners exactly
RELATIONS = (OVERLAP, SUM, COVER)
PART, REST, OUTSIDE = "part", "rest", "outside"  # the share cube's fourth dimension


@dataclass(frozen=True)
class PublicSettings:
    measures: tuple[str, ...]
    share: str | None
    min_base: int
    share_whole: str | None
    licence: str
    licence_title: str
    licence_path: str


def public_settings(project: Project) -> PublicSettings:
    """``[public]`` of project.toml, checked against the configured indicators."""
    with Path(project.source).open("rb") as fh:
        raw = tomllib.load(fh).get("public", {})
    codes = {i.code for i in project.indicators}
    measures = tuple(str(m).upper() for m in raw.get("measures", []))
    share = str(raw["share"]).upper() if raw.get("share") else None
    whole = str(raw["share_whole"]).upper() if raw.get("share_whole") and share else None
    unknown = [c for c in (*measures, share or "", whole or "") if c and c not in codes]
    if unknown:
        raise ConfigError(f"[public]: indicator {unknown[0]} is not configured")
    if whole and whole not in measures:
        raise ConfigError(f"[public]: share_whole {whole} must be one of the measures")
    return PublicSettings(
        measures, share, int(raw.get("min_base", 20)), whole,
        str(raw.get("licence", "CC-BY-4.0")),
        str(raw.get("licence_title", "")), str(raw.get("licence_path", "")),
    )  # fmt: skip


@dataclass(frozen=True)
class Figure:
    measure: str
    sdg: str  # goal number or ALL
    country: str  # ISO2 or ALL
    period: str  # period id or ALL
    value: float | None  # None when withheld
    status: str  # "published" | "suppressed"
    target: float | None = None  # the scope's target over the period; None when none applies
    expected: float | None = None  # the value expected by the reporting date

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def levels(project: Project) -> list[list[str]]:
    return [
        [str(g) for g in project.sdg_goals] + [TOTAL],
        [c.iso2 for c in project.countries] + [TOTAL],
        [p.id for p in project.periods] + [TOTAL],
    ]


def raw_cube(con: duckdb.DuckDBPyConnection, project: Project) -> dict[str, dict[Key, float]]:
    """measure -> (sdg, country, period) -> value, every cell filled (0 when no fact)."""
    country_of = {p.code: p.country for p in project.partners}
    sdgs, countries, periods = levels(project)
    shares = {i.code for i in project.indicators if i.kind == "share"}
    wanted = set(public_settings(project).measures) | shares | {s + BASE for s in shares}
    cube: dict[str, dict[Key, float]] = {m: {} for m in wanted}
    for sdg in sdgs:
        for period in periods:
            f = Filters(
                sdg=None if sdg == TOTAL else int(sdg), period=None if period == TOTAL else period
            ).normalised(project)
            rows = actual_rows(con, project, f, f.window(project), "partner")
            for m in wanted:
                for c in countries:
                    cube[m][(sdg, c, period)] = 0.0
            for partner, code, actual, base in rows:
                if code in wanted and partner in country_of:
                    for c in (country_of[partner], TOTAL):
                        cube[code][(sdg, c, period)] += actual or 0.0
                        if code in shares:
                            cube[code + BASE][(sdg, c, period)] += base or 0.0
    return cube


def share_cells(
    cube: dict[str, dict[Key, float]], settings: PublicSettings
) -> tuple[dict[Key, float], list[str]]:
    """The share's cube with a fourth dimension: its part, the rest of its base and (with a
    whole) the learners outside the base; the total of that dimension is the whole (or the
    base). Returns the cells and the fourth dimension's levels."""
    share = settings.share or ""
    part, base = cube[share], cube[share + BASE]
    whole = cube[settings.share_whole] if settings.share_whole else base
    groups = [PART, REST, *([OUTSIDE] if settings.share_whole else [])]
    cells: dict[Key, float] = {}
    for key, b in base.items():
        cells[(*key, PART)] = part[key]
        cells[(*key, REST)] = b - part[key]
        if settings.share_whole:
            cells[(*key, OUTSIDE)] = max(whole[key] - b, 0.0)
        cells[(*key, TOTAL)] = whole[key] if settings.share_whole else b
    return cells, [*groups, TOTAL]


def public_figures(
    con: duckdb.DuckDBPyConnection, project: Project, as_of: dt.date | None = None
) -> list[Figure]:
    """Every published cell of every measure, withheld cells marked (value None)."""
    settings = public_settings(project)
    cube = raw_cube(con, project)
    minimum = project.access.public_min_count
    day = as_of or reporting_day()
    hidden: dict[str, set[Key]] = {}
    share_hidden: set[Key] = set()
    if settings.share:
        cells, groups = share_cells(cube, settings)
        share_hidden = protect(cells, [*levels(project), groups], minimum, [*RELATIONS, SUM])
        hidden[settings.share + COUNT] = {k[:3] for k in share_hidden if k[3] == PART}
        if settings.share_whole:
            hidden[settings.share_whole] = {k[:3] for k in share_hidden if k[3] == TOTAL}
        else:
            hidden[settings.share + BASE] = {k[:3] for k in share_hidden if k[3] == TOTAL}
    figures: list[Figure] = []
    for measure in settings.measures:
        withheld = hidden.get(measure)
        if withheld is None:
            withheld = protect(cube[measure], levels(project), minimum, RELATIONS)
        figures += _figures(project, measure, cube[measure], withheld, day, measure)
    if settings.share:
        extra = [settings.share + COUNT] + ([] if settings.share_whole else [settings.share + BASE])
        for measure in extra:
            source = cube[settings.share if measure.endswith(COUNT) else measure]
            figures += _figures(project, measure, source, hidden[measure], day, None)
        women, base = cube[settings.share], cube[settings.share + BASE]
        shares = {}
        for key in base:
            ok = share_allowed(women[key], base[key], minimum, settings.min_base) and not (
                {(*key, PART), (*key, REST)} & share_hidden
            )
            shares[key] = percent(women[key], base[key]) if ok else None
        for f in _figures(project, settings.share, shares, set(), day, settings.share):
            figures.append(f)
    return figures


def _figures(
    project: Project,
    measure: str,
    values: dict[Key, float | None],
    withheld: set[Key],
    day: dt.date,
    indicator: str | None,
) -> list[Figure]:
    out = []
    for key, value in sorted(values.items()):
        shown = key not in withheld and value is not None
        target = expected = None
        if indicator:
            target, expected = _target(project, indicator, key, day)
        out.append(Figure(measure, *key, value if shown else None,
                          "published" if shown else "suppressed", target, expected))  # fmt: skip
    return out


def _target(project: Project, code: str, key: Key, day: dt.date) -> tuple[float | None, ...]:
    """The target of one cell's scope over its period, and the value expected by ``day``."""
    ind = project.indicator(code)
    sdg, country, period = key
    total = scope_target(ind, project, country=None if country == TOTAL else country,
                         sdg=None if sdg == TOTAL else int(sdg))  # fmt: skip
    chosen = None if period == TOTAL else project.period(period)
    window = Window(chosen.start, chosen.end) if chosen else Window()
    return (
        window_target(ind, project, total, window),
        expected_to_date(ind, project, total, window, day),
    )
