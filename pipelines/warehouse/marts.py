"""Marts materialised at build time, for analysts, reports and the notebook.

``mart_indicator_progress`` holds every indicator per consortium, partner, country, region and
SDG, for the whole project and each reporting period, with actual, target, expected-to-date,
progress and status (approved data, as of the build date). It is made by the same engine as the
CLI, so its figures are the CLI's. Work packages are a column: the indicators of a WP.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa

from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.metrics.indicators import Filters, compute

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


def build_marts(con: duckdb.DuckDBPyConnection, project: Project, as_of: dt.date) -> None:
    viewer = Viewer.coordinator("build")
    memo: dict = {}  # consortium, country and region figures reuse the per-partner query
    rows = []
    for period in [None, *(p.id for p in project.periods)]:
        for by in ("all", "partner", "country", "region", "sdg"):
            for v in compute(
                con, project, viewer, Filters(period=period), by=by, as_of=as_of, memo=memo
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
    con.register("_mart_rows", pa.Table.from_pylist(rows, schema=MART_SCHEMA))
    con.execute("CREATE TABLE mart_indicator_progress AS SELECT * FROM _mart_rows")
    con.unregister("_mart_rows")
