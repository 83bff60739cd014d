"""Marts materialised at build time, for analysts, reports and the notebook.

``mart_partial`` holds each indicator's partial sums per partner (and per partner and SDG) and
month for the whole project and each reporting period (the engine reads them for whole
periods of approved data); ``mart_indicator_progress`` adds them up into
every indicator per consortium, partner, country, region and SDG with actual, target,
expected-to-date, progress and status (approved data, as of the build date). The partials
are the indicator SQL's own sums and the progress rows are made by the engine the CLI uses,
so their figures are the CLI's. An incremental build recomputes the partials of the partners
whose data changed only. Work packages are a column: the indicators of a WP.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa

from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.metrics.facts import facts_sql
from pipelines.metrics.indicators import Filters, compute
from pipelines.paths import sql_file
from pipelines.warehouse.tables import create_table

MART_SCHEMA = pa.schema(
    [
        ("breakdown", pa.string()),
        ("scope", pa.string()),
        ("period_id", pa.string()),
        ("code", pa.string()),
        ("name", pa.string()),
        ("unit", pa.string()),
        ("work_package", pa.string()),
        ("actual", pa.float64()),
        ("target", pa.float64()),
        ("expected", pa.float64()),
        ("progress", pa.float64()),
        ("status", pa.string()),
        ("as_of", pa.date32()),
    ]
)
PARTIAL_SCHEMA = pa.schema(
    [
        ("period_id", pa.string()),
        ("sql_by", pa.string()),
        ("partner_code", pa.string()),
        ("scope_key", pa.string()),
        ("code", pa.string()),
        ("month", pa.date32()),
        ("actual", pa.float64()),
        ("base", pa.float64()),
    ]
)
BREAKDOWNS = ("all", "partner", "country", "region", "sdg")
BUILDER = Viewer.coordinator("build")


def _periods(project: Project) -> list[str | None]:
    return [None, *(p.id for p in project.periods)]


def update_partials(
    con: duckdb.DuckDBPyConnection, project: Project, partners: list[str] | None
) -> None:
    """Recompute the partials of ``partners`` (None: every partner) and keep the others."""
    if partners is None:
        con.execute("DROP TABLE IF EXISTS mart_partial")
        create_table(con, "mart_partial", [], PARTIAL_SCHEMA)
    else:
        con.execute(
            "DELETE FROM mart_partial WHERE list_contains($partners, partner_code)",
            {"partners": partners},
        )
    con.execute(sql_file("marts/partials_in_scope.sql"))  # the engine reads them through it
    sql = "INSERT INTO mart_partial " + facts_sql(project, "marts/indicator_partials.sql")
    for period in _periods(project):
        filters = Filters(period=period).normalised(project)
        window = filters.window(project)
        for sql_by in ("partner", "sdg"):
            for partner in partners if partners is not None else [None]:
                params = {**filters.sql_params(window), "partner": partner, "by": sql_by}
                con.execute(sql, {**params, "period_id": period or "ALL"})


def build_marts(con: duckdb.DuckDBPyConnection, project: Project, as_of: dt.date) -> None:
    """mart_indicator_progress from the partials (run update_partials first: the engine reads
    whole periods of approved data from them); ``memo`` shares each period's partner rows
    between the consortium, partner, country and region breakdowns."""
    memo: dict = {}
    rows = []
    for period in _periods(project):
        for by in BREAKDOWNS:
            for v in compute(
                con, project, BUILDER, Filters(period=period), by=by, as_of=as_of, memo=memo
            ):
                rows.append(
                    {
                        "breakdown": by,
                        "scope": v.scope,
                        "period_id": period or "ALL",
                        "code": v.code,
                        "name": v.name,
                        "unit": v.unit,
                        "work_package": v.work_package,
                        "actual": v.actual,
                        "target": v.target,
                        "expected": v.expected,
                        "progress": v.progress,
                        "status": v.status,
                        "as_of": as_of,
                    }
                )
    con.execute("DROP TABLE IF EXISTS mart_indicator_progress")
    create_table(con, "mart_indicator_progress", rows, MART_SCHEMA)
