"""The Reports page's cached report data, keyed on the published warehouse and the settings.

``warehouse`` is the file's identity (inode, mtime: a build is a new file), ``settings`` the
fingerprint of the settings and SQL in force (``pipelines.metrics.freshness``; content, not
modification times); both are part of the cache key: Streamlit leaves every parameter whose
name starts with ``_`` out of the key, so they must not have one, or a download would show
the previous build after an ingest or the previous settings after a change.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from dashboard.wiring.run_context import project_of
from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters
from pipelines.paths import DataDir
from pipelines.reports.model import ReportData
from pipelines.reports.service import report_data
from pipelines.warehouse.build import identity


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def cached_report(
    root: str,
    warehouse: tuple[int, int] | None,
    settings: str,
    narratives: tuple[int, int] | None,
    viewer: Viewer,
    filters: Filters,
    as_of: dt.date,
    work_plan: tuple = (),
) -> ReportData:
    """Report data per warehouse build, settings, narratives file, scope, filter, date and
    work plan history (its file and its write-ahead log: ``work_plan_stamp``)."""
    directory = DataDir(Path(root))
    project = project_of(directory)
    return report_data(directory, project, viewer, filters, as_of)


def work_plan_stamp(directory: DataDir) -> tuple:
    """The work plan history's identity: a change of status, evidence or justification
    changes the report's tables."""
    path = directory.workplan
    return tuple(identity(p) for p in (path, path.with_name(path.name + "-wal")))
