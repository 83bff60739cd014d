"""The rows behind an indicator's figure: which submission, which partner, which row of the
partner's spreadsheet, and what each row adds to the figure (``counted``).

Rows are listed only for the partners the viewer may see one by one (``scoped(...).listed``):
a partner sees its own rows even on a consortium figure, never another partner's. Within
that reach, ``counted`` adds up to the figure (for ENR-4, ``women`` / ``counted`` is the
share). ``source_row`` is the row number in the submitted file (the header is row 1), as the
intake kept it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.errors import UsageError
from pipelines.metrics.indicators import Filters
from pipelines.metrics.queries import scoped
from pipelines.paths import sql_file

SOURCES = {"enrollments": "enrollments", "modules": "modules", "dissemination": "activities"}


ROWS_SHOWN = 1000  # rows listed on a page; the summary counts them all


@dataclass(frozen=True)
class RowsPage:
    """The first rows behind a figure, how many there are in all and what all of them add up
    to (a share for ENR-4), from one query."""

    rows: pd.DataFrame
    count: int
    total: float | None


def _rows_sql(
    project: Project, viewer: Viewer, filters: Filters, code: str
) -> tuple[str, dict] | None:
    """The rows query of ``code`` and its parameters; None when the viewer lists no rows."""
    viewer.require("see_rows")
    try:
        indicator = project.indicator(code)
    except KeyError as exc:
        raise UsageError(key="dashboard.error.unknown_indicator", code=code) from exc
    s = scoped(project, viewer, filters)
    source = SOURCES.get(indicator.source)
    if source is None or not s.listed:
        return None
    params = s.params(code=indicator.code, partners=list(s.listed))
    if source == "modules":
        params = {k: params[k] for k in ("code", "basis", "partners", "partner", "country", "sdg")}
    sql = sql_file(f"queries/indicator_rows_{source}.sql").rstrip().rstrip(";")
    return sql, params


def indicator_rows(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    code: str,
    limit: int | None = None,
) -> pd.DataFrame:
    """The rows behind ``code`` for this filter, within the viewer's partners (the first
    ``limit`` of them in file order when given: a page lists a thousand, not a million)."""
    found = _rows_sql(project, viewer, filters, code)
    if found is None:
        return pd.DataFrame(columns=["submission_id", "partner_code", "source_row", "counted"])
    sql, params = found
    if limit is not None:
        sql, params = f"{sql}\nLIMIT $limit", {**params, "limit": int(limit)}
    return con.execute(sql, params).df()


def rows_page(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    code: str,
    limit: int = ROWS_SHOWN,
) -> RowsPage:
    """The first ``limit`` rows behind ``code`` with the count and total of all of them,
    added up in SQL in the same pass: a page lists a thousand rows, not a million."""
    found = _rows_sql(project, viewer, filters, code)
    if found is None:
        return RowsPage(indicator_rows(con, project, viewer, filters, code), 0, None)
    sql, params = found
    women = "sum(women) OVER ()" if code == "ENR-4" else "NULL"
    frame = con.execute(
        f"SELECT *, count(*) OVER () AS _rows, sum(counted) OVER () AS _counted, "
        f"{women} AS _women FROM ({sql}) LIMIT $limit",
        {**params, "limit": int(limit)},
    ).df()
    if frame.empty:
        return RowsPage(frame.drop(columns=["_rows", "_counted", "_women"]), 0, None)
    count, counted, part = (frame[c].iloc[0] for c in ("_rows", "_counted", "_women"))
    rows = frame.drop(columns=["_rows", "_counted", "_women"])
    if code == "ENR-4":
        return RowsPage(rows, int(count), round(100 * part / counted, 1) if counted else None)
    return RowsPage(rows, int(count), float(counted))


def rows_total(rows: pd.DataFrame, code: str) -> float | None:
    """What the listed rows add up to, as the figure reads (a share for ENR-4)."""
    if rows.empty:
        return None
    if code == "ENR-4":
        whole = rows["counted"].sum()
        return round(100 * rows["women"].sum() / whole, 1) if whole else None
    return float(rows["counted"].sum())
