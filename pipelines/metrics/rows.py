"""The rows behind an indicator's figure: which submission, which partner, which row of the
partner's spreadsheet, and what each row adds to the figure (``counted``).

Rows are listed only for the partners the viewer may see one by one (``scoped(...).listed``):
a partner sees its own rows even on a consortium figure, never another partner's. Within
that reach, ``counted`` adds up to the figure (for ENR-4, ``women`` / ``counted`` is the
share). ``source_row`` is the row number in the submitted file (the header is row 1), as the
intake kept it.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.errors import UsageError
from pipelines.metrics.indicators import Filters
from pipelines.metrics.queries import scoped
from pipelines.paths import sql_file

SOURCES = {"enrollments": "enrollments", "modules": "modules", "dissemination": "activities"}


def indicator_rows(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    code: str,
) -> pd.DataFrame:
    """The rows behind ``code`` for this filter, within the viewer's partners."""
    viewer.require("see_rows")
    try:
        indicator = project.indicator(code)
    except KeyError as exc:
        raise UsageError(key="dashboard.error.unknown_indicator", code=code) from exc
    s = scoped(project, viewer, filters)
    source = SOURCES.get(indicator.source)
    if source is None or not s.listed:
        return pd.DataFrame(columns=["submission_id", "partner_code", "source_row", "counted"])
    params = s.params(code=indicator.code, partners=list(s.listed))
    if source == "modules":
        params = {k: params[k] for k in ("code", "basis", "partners", "partner", "country", "sdg")}
    return con.execute(sql_file(f"queries/indicator_rows_{source}.sql"), params).df()


def rows_total(rows: pd.DataFrame, code: str) -> float | None:
    """What the listed rows add up to, as the figure reads (a share for ENR-4)."""
    if rows.empty:
        return None
    if code == "ENR-4":
        whole = rows["counted"].sum()
        return round(100 * rows["women"].sum() / whole, 1) if whole else None
    return float(rows["counted"].sum())
