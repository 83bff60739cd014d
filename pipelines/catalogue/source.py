"""The modules of the catalogue as rows (dicts), read from the warehouse."""

from __future__ import annotations

import duckdb

from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.metrics.indicators import Filters
from pipelines.metrics.queries import module_catalogue


def rows(frame) -> list[dict]:
    """DataFrame records as plain Python values: NaN/NaT as None, arrays as lists."""
    out = []
    for record in frame.to_dict("records"):
        out.append({k: _plain(v) for k, v in record.items()})
    return out


def _plain(value: object) -> object:
    if _missing(value):
        return None
    if hasattr(value, "tolist") and not hasattr(value, "date"):  # numpy arrays and scalars
        return value.tolist()
    return value


def _missing(value: object) -> bool:
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):  # lists and arrays compare element-wise
        return False


def modules(con: duckdb.DuckDBPyConnection, project: Project, viewer: Viewer) -> list[dict]:
    """Every module the viewer may see (the official basis), ordered by code."""
    return rows(module_catalogue(con, project, viewer, Filters()))
