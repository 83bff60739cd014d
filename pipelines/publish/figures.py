"""The public figures: each published measure per SDG, country and whole reporting period,
with totals, after disclosure control. One computation for the page and the open data.

Figures come from the same SQL definition as every other view (``marts/indicator_actuals``),
on approved data only. Periods are the configured reporting periods and the whole project:
no other date window is offered, so two windows cannot be differenced.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.config import Project
from pipelines.errors import ConfigError
from pipelines.metrics.indicators import Filters, actual_rows, share_percent
from pipelines.publish.disclosure import TOTAL, Key, protect, share_allowed

BASE = "/base"  # a share indicator's denominator in the cube: "ENR-4/base"
DIMENSIONS = ("sdg", "country", "period")


@dataclass(frozen=True)
class PublicSettings:
    measures: tuple[str, ...]
    share: str | None
    min_base: int
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
    unknown = [c for c in (*measures, share or "") if c and c not in codes]
    if unknown:
        raise ConfigError(f"[public]: indicator {unknown[0]} is not configured")
    return PublicSettings(
        measures, share, int(raw.get("min_base", 20)), str(raw.get("licence", "CC-BY-4.0")),
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


def public_figures(con: duckdb.DuckDBPyConnection, project: Project) -> list[Figure]:
    """Every published cell of every measure, withheld cells marked (value None)."""
    settings = public_settings(project)
    cube = raw_cube(con, project)
    minimum = project.access.public_min_count
    figures: list[Figure] = []
    for measure in settings.measures:
        hidden = protect(cube[measure], levels(project), minimum)
        for key, value in sorted(cube[measure].items()):
            shown = key not in hidden
            figures.append(
                Figure(
                    measure, *key, value if shown else None, "published" if shown else "suppressed"
                )
            )
    if settings.share:
        women, base = cube[settings.share], cube[settings.share + BASE]
        for key in sorted(base):
            ok = share_allowed(women[key], base[key], minimum, settings.min_base)
            value = share_percent(women[key], base[key]) if ok else None
            figures.append(Figure(settings.share, *key, value, "published" if ok else "suppressed"))
    return figures
