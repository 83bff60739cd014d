"""The national figures beside each project SDG: per mapped national indicator and country,
one headline series (the whole country; the breakdown chosen in ``[context]``, else the
figure without breakdown, else the breakdown reported most often), oldest year first."""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb

from pipelines.config import Project
from pipelines.context.settings import NationalIndicator, load_settings
from pipelines.paths import sql_file


@dataclass(frozen=True)
class NationalSeries:
    indicator: str
    country: str
    series: str
    breakdown: dict[str, str]
    unit: str
    unit_code: str
    source: str
    licence: str
    points: tuple[tuple[int, int, float], ...]  # (year, last year, value)

    @property
    def latest(self) -> tuple[int, int, float]:
        return self.points[-1]


def has_context(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ctx_national'"
    ).fetchall()
    return bool(found[0][0])


def national_countries(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every country (ISO 3166-1 alpha-2) with whole-country figures in the warehouse."""
    if not has_context(con):
        return []
    return [r[0] for r in con.execute(sql_file("queries/context_countries.sql")).fetchall()]


def national_series(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    countries: tuple[str, ...] | list[str] | None = None,
) -> dict[str, list[NationalSeries]]:
    """indicator code -> the headline series of each country that reports it: the project's
    countries, or the ``countries`` chosen (any imported country), in that order."""
    settings = load_settings(project)
    if not settings.indicators or not has_context(con):
        return {}
    codes = [i.code for i in settings.indicators]
    frame = con.execute(sql_file("queries/context_national.sql"), {"indicators": codes}).df()
    order = [c.iso2 for c in project.countries] if countries is None else list(countries)
    out: dict[str, list[NationalSeries]] = {}
    for ind in settings.indicators:
        picked = frame[frame["indicator"] == ind.code]
        found = [_headline(ind, country, picked[picked["country"] == country]) for country in order]
        out[ind.code] = [s for s in found if s is not None]
    return out


def _headline(ind: NationalIndicator, country: str, rows) -> NationalSeries | None:
    if rows.empty:
        return None
    wanted = ind.select.get(country, {})
    groups = []
    for (series, dis), g in rows.groupby(["series", "disaggregation"], sort=True):
        dims = json.loads(dis) if dis else {}
        if all(dims.get(k) == v for k, v in wanted.items()):
            groups.append((len(dims) - len(wanted), -len(g), series, dis, dims, g))
    if not groups:
        return None
    _, _, series, _, dims, g = min(groups, key=lambda t: t[:4])
    first = g.iloc[0]
    return NationalSeries(
        ind.code, country, series, dims, str(first["unit"] or ind.unit),
        str(first["unit_code"] or ind.unit),
        str(first["source"]), str(first["licence"]),
        tuple((int(r.year), int(r.year_end), float(r.value)) for r in g.itertuples()),
    )  # fmt: skip
