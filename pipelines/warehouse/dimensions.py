"""The project's facts as warehouse tables (partners, countries, SDGs, periods, indicators,
vocabularies), declared once: a table is a name, its typed columns and the rows read from
``project.toml``. The build loads them before the core tables, which join them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from pipelines.config import Project
from pipelines.warehouse.tables import create_table

TEXT, REAL, INT, DATE, BOOL = pa.string(), pa.float64(), pa.int32(), pa.date32(), pa.bool_()


@dataclass(frozen=True)
class Dimension:
    name: str
    columns: tuple[tuple[str, pa.DataType], ...]
    rows: Callable[[Project, dt.date], Iterable[dict]]

    def load(self, con: duckdb.DuckDBPyConnection, project: Project, as_of: dt.date) -> None:
        create_table(con, self.name, list(self.rows(project, as_of)), pa.schema(self.columns))


def _partners(project: Project, _as_of: dt.date) -> Iterable[dict]:
    regions = {c.iso2: c.region for c in project.countries}
    for p in project.partners:
        yield {
            "partner_code": p.code,
            "name": p.name,
            "short_name": p.short_name,
            "type": p.type,
            "city": p.city,
            "country": p.country,
            "region": regions[p.country],
            "lat": p.lat,
            "lon": p.lon,
            "role": p.role,
        }


def _indicators(project: Project, _as_of: dt.date) -> Iterable[dict]:
    for i in project.indicators:
        yield {
            "code": i.code,
            "name": i.name,
            "definition": i.definition,
            "unit": i.unit,
            "source": i.source,
            "work_package": i.work_package,
            "direction": i.direction,
            "kind": i.kind,
            "target": i.target,
            "illustrative": i.illustrative,
        }


def _meta(project: Project, as_of: dt.date) -> Iterable[dict]:
    for key, value in (
        ("acronym", project.acronym),
        ("title", project.title),
        ("number", project.number),
        ("start", project.start.isoformat()),
        ("end", project.end.isoformat()),
        ("as_of", as_of.isoformat()),
    ):
        yield {"key": key, "value": value}


DIMENSIONS = (
    Dimension(
        "dim_partner",
        (
            ("partner_code", TEXT),
            ("name", TEXT),
            ("short_name", TEXT),
            ("type", TEXT),
            ("city", TEXT),
            ("country", TEXT),
            ("region", TEXT),
            ("lat", REAL),
            ("lon", REAL),
            ("role", TEXT),
        ),
        _partners,
    ),
    Dimension(
        "dim_country",
        (("iso2", TEXT), ("iso3", TEXT), ("name", TEXT), ("region", TEXT)),
        lambda project, _: (
            {"iso2": c.iso2, "iso3": c.iso3, "name": c.name, "region": c.region}
            for c in project.countries
        ),
    ),
    Dimension(
        "dim_sdg",
        (("goal", INT), ("short_name", TEXT), ("title", TEXT), ("colour", TEXT)),
        lambda project, _: (
            {"goal": s.goal, "short_name": s.short_name, "title": s.title, "colour": s.colour}
            for s in project.sdgs
        ),
    ),
    Dimension(
        "dim_sdg_target",
        (("goal", INT), ("code", TEXT), ("text", TEXT)),
        lambda project, _: (
            {"goal": s.goal, "code": t.code, "text": t.text}
            for s in project.sdgs
            for t in s.targets
        ),
    ),
    Dimension(
        "dim_work_package",
        (("code", TEXT), ("title", TEXT), ("lead", TEXT)),
        lambda project, _: (
            {"code": w.code, "title": w.title, "lead": w.lead} for w in project.work_packages
        ),
    ),
    Dimension(
        "dim_period",
        (
            ("period_id", TEXT),
            ("name", TEXT),
            ("start_date", DATE),
            ("end_date", DATE),
            ("report", TEXT),
        ),
        lambda project, _: (
            {
                "period_id": p.id,
                "name": p.name,
                "start_date": p.start,
                "end_date": p.end,
                "report": p.report,
            }
            for p in project.periods
        ),
    ),
    Dimension(
        "dim_indicator",
        (
            ("code", TEXT),
            ("name", TEXT),
            ("definition", TEXT),
            ("unit", TEXT),
            ("source", TEXT),
            ("work_package", TEXT),
            ("direction", TEXT),
            ("kind", TEXT),
            ("target", REAL),
            ("illustrative", BOOL),
        ),
        _indicators,
    ),
    Dimension(
        "dim_indicator_sdg",
        (("code", TEXT), ("goal", INT)),
        lambda project, _: (
            {"code": i.code, "goal": g} for i in project.indicators for g in i.sdg_goals
        ),
    ),
    Dimension(
        "ref_vocabulary",
        (("name", TEXT), ("value", TEXT)),
        lambda project, _: (
            {"name": k, "value": v} for k, values in project.vocabularies.items() for v in values
        ),
    ),
    Dimension("meta_project", (("key", TEXT), ("value", TEXT)), _meta),
)


def load_dimensions(con: duckdb.DuckDBPyConnection, project: Project, as_of: dt.date) -> None:
    """Every table of DIMENSIONS, in order."""
    for dimension in DIMENSIONS:
        dimension.load(con, project, as_of)
