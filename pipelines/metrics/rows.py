"""The rows behind an indicator's figure: which submission, which partner, which row of the
partner's spreadsheet, and what each row adds to the figure (``counted``; for a share also
``base``, what it adds to the denominator).

The rows come from the indicator's own facts (``facts_sql(..., records=True)``): the same
SELECT that computes the figure, each fact naming the row it comes from, so that for any
configured indicator, an added one included, ``counted`` adds up to the figure (a share:
``counted`` / ``base``). A distinct count lists one row of each learner or module.

Rows are listed only for the partners the viewer may see one by one (``scoped(...).listed``):
a partner sees its own rows even on a consortium figure, never another partner's.
``source_row`` is the row number in the submitted file (the header is row 1), as the intake
kept it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.errors import UsageError
from pipelines.metrics.facts import facts_sql
from pipelines.metrics.indicators import Filters
from pipelines.metrics.queries import scoped
from pipelines.rounding import percent

SOURCES = {"enrollments": "enrollments", "modules": "modules", "dissemination": "activities"}
TOTALS = ("_rows", "_counted", "_base")


ROWS_SHOWN = 1000  # rows listed on a page; the summary counts them all


@dataclass(frozen=True)
class RowsPage:
    """The first rows behind a figure, how many there are in all and what all of them add up
    to (a share when the indicator is one), from one query."""

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
    params = s.params(by="partner", partners=list(s.listed))
    reader = f"queries/indicator_rows_{source}.sql"
    sql = facts_sql(project, reader, codes=[indicator.code], records=True)
    return sql.rstrip().rstrip(";"), params


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
        columns = ["submission_id", "partner_code", "source_row", "counted", "base"]
        return pd.DataFrame(columns=columns)
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
    frame = con.execute(
        f"SELECT *, count(*) OVER () AS _rows, sum(counted) OVER () AS _counted, "
        f"sum(base) OVER () AS _base FROM ({sql}) LIMIT $limit",
        {**params, "limit": int(limit)},
    ).df()
    rows = frame.drop(columns=list(TOTALS))
    if frame.empty:
        return RowsPage(rows, 0, None)
    count, counted, base = (frame[c].iloc[0] for c in TOTALS)
    return RowsPage(rows, int(count), _total(counted, None if pd.isna(base) else base))


def rows_total(rows: pd.DataFrame) -> float | None:
    """What the listed rows add up to, as the figure reads (a share when they carry a base)."""
    if rows.empty:
        return None
    base = rows["base"].dropna()
    return _total(rows["counted"].sum(), base.sum() if len(base) else None)


def _total(counted: float, base: float | None) -> float | None:
    """The figure made of the rows' sums: a share of its base (rounded as the figure is)
    when there is one, else the sum."""
    if base is not None:
        return percent(counted, base)
    return float(counted)
