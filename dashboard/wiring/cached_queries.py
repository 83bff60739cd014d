"""Cached calls of the query functions: the misses of one run share one read-only connection.

This is the dashboard's one cache of what is read from the warehouse: the signed-in pages
call ``query``, the public pages and the national series ``read``; both go through
``_cached``. (The Reports page keeps its own, ``report_cache``: its key adds the narratives
and the work plan history.)

Results are cached by the warehouse file's identity (a new build is a new identity, so it
shows at once), the fingerprint of the settings and SQL in force (a settings change shows at
once too), the viewer's scope, the filters and the reporting date. Connections are never
kept across runs (``dashboard.wiring.per_run``): a build in progress publishes with an atomic
replace, and the next run reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.wiring import per_run
from dashboard.wiring.run_context import Context, project_of, settings_of
from pipelines.access.scope import Viewer
from pipelines.catalogue.public import ready_modules
from pipelines.context.national import national_countries, national_series
from pipelines.metrics import queries, rows
from pipelines.metrics.indicators import Filters
from pipelines.paths import DataDir
from pipelines.publish.figures import public_figures
from pipelines.warehouse.build import identity


def _with_as_of(function: Callable[..., Any]) -> Callable[..., Any]:
    def call(con, project, viewer, filters, as_of, *args, **kwargs):
        return function(con, project, viewer, filters, *args, as_of=as_of, **kwargs)

    return call


def _without_filters(function: Callable[..., Any]) -> Callable[..., Any]:
    def call(con, project, viewer, filters, as_of, *args, **kwargs):
        return function(con, project, viewer)

    return call


def _plain(function: Callable[..., Any]) -> Callable[..., Any]:
    def call(con, project, viewer, filters, as_of, *args, **kwargs):
        return function(con, project, viewer, filters, *args, **kwargs)

    return call


def _everyone(function: Callable[..., Any]) -> Callable[..., Any]:
    """A read that is the same for every viewer (the public pages, national series)."""

    def call(con, project, viewer, filters, as_of, *args, **kwargs):
        return function(con, project, *args, **kwargs)

    return call


QUERIES: dict[str, Callable[..., Any]] = {
    "indicators": _with_as_of(queries.indicator_values),
    "median": _with_as_of(queries.consortium_median),
    "trajectory": _with_as_of(queries.indicator_trajectory),
    "enrollment_monthly": _plain(queries.enrollment_monthly),
    "learner_breakdown": _plain(queries.learner_breakdown),
    "module_catalogue": _plain(queries.module_catalogue),
    "activity_list": _plain(queries.activity_list),
    "activity_summary": _plain(queries.activity_summary),
    "submissions": _plain(queries.submissions),
    "latest_submissions": _plain(queries.latest_submissions),
    "indicator_rows": _plain(rows.indicator_rows),
    "indicator_rows_page": _plain(rows.rows_page),
    "build_status": _without_filters(queries.build_status),
    "check_results": _without_filters(queries.check_results),
    "public_figures": _everyone(public_figures),
    "ready_modules": _everyone(ready_modules),
    "national_series": _everyone(national_series),
    "national_countries": _everyone(lambda con, project: national_countries(con)),
}


@st.cache_data(max_entries=1024, ttl=3600, show_spinner=False)
def _cached(
    name: str,
    root: str,
    warehouse_identity: tuple[int, int] | None,
    settings: str,
    viewer: Viewer | None,
    filters: Filters | None,
    as_of: dt.date | None,
    args: tuple,
    kwargs: tuple,
) -> Any:
    directory = DataDir(Path(root))
    project = project_of(directory)
    with per_run.warehouse(directory.warehouse, warehouse_identity) as con:
        return QUERIES[name](con, project, viewer, filters, as_of, *args, **dict(kwargs))


def query(ctx: Context, name: str, *args: Any, filters: Filters | None = None, **kwargs: Any):
    """Run a query function of ``pipelines.metrics.queries`` for this page's context (cached)."""
    viewer = Viewer(ctx.viewer.role, "", ctx.viewer.partner, ctx.viewer.country)
    return _cached(
        name,
        str(ctx.data_dir.root),
        identity(ctx.data_dir.warehouse),
        settings_of(ctx.data_dir),
        viewer,
        filters or ctx.filters,
        ctx.as_of,
        args,
        tuple(sorted(kwargs.items())),
    )


def read(directory: DataDir, name: str, *args: Any) -> Any:
    """A read that is the same for every viewer (public figures, the public catalogue,
    national series), cached like ``query`` on the warehouse's identity and the settings."""
    return _cached(
        name,
        str(directory.root),
        identity(directory.warehouse),
        settings_of(directory),
        None,
        None,
        None,
        args,
        (),
    )
