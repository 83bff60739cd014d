"""The Reports page's cached report data, keyed on the published warehouse and project file.

``warehouse`` and ``project_file`` are file identities (inode, mtime) and part of the cache
key: Streamlit leaves every parameter whose name starts with ``_`` out of the key, so they
must not have one, or a download would show the previous build after an ingest.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from pipelines.access.scope import Viewer
from pipelines.config import load_project
from pipelines.metrics.indicators import Filters
from pipelines.paths import DataDir
from pipelines.reports.model import ReportData
from pipelines.reports.service import report_data


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def cached_report(
    root: str,
    warehouse: tuple[int, int] | None,
    project_file: tuple[int, int] | None,
    narratives: tuple[int, int] | None,
    viewer: Viewer,
    filters: Filters,
    as_of: dt.date,
) -> ReportData:
    """Report data per warehouse build, project file, narratives file, scope, filter, date."""
    directory = DataDir(Path(root))
    project = load_project(directory.project_file)
    return report_data(directory, project, viewer, filters, as_of)
