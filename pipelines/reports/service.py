"""Report functions that open the warehouse themselves, for the dashboard's Reports page.

Each call opens one short-lived read-only connection and returns plain data (ReportData,
lists of dataclasses); nothing here keeps a connection or knows about Streamlit.
"""

from __future__ import annotations

import datetime as dt

from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.metrics.indicators import Filters
from pipelines.paths import DataDir
from pipelines.reports.collect import collect
from pipelines.reports.frozen import FrozenReport, Restatement, latest_frozen, load_frozen
from pipelines.reports.frozen import restatements as compare
from pipelines.reports.model import ReportData
from pipelines.reports.narratives import attach
from pipelines.reports.work_plan import attach_work_plan
from pipelines.warehouse.build import read_warehouse, require_current


def report_data(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    as_of: dt.date | None = None,
) -> ReportData:
    """Today's report for a period (or date range) and scope, within the viewer's reach.

    Rebuilt first when the figures are not current (the settings, the SQL or the ledger moved
    since the build); FiguresOutOfDate, saying why, when this process cannot rebuild them."""
    require_current(data_dir, project)
    with read_warehouse(data_dir.warehouse) as con:
        data = collect(con, project, viewer, filters, as_of=as_of)
    return attach_work_plan(data_dir, project, attach(data_dir, project, data))


def restated_since_frozen(
    data_dir: DataDir, project: Project, viewer: Viewer, current: ReportData
) -> tuple[FrozenReport | None, list[Restatement]]:
    """The last frozen report of the same period and scope, and what changed since."""
    card = latest_frozen(data_dir, project, viewer, current)
    if card is None:
        return None, []
    frozen = load_frozen(data_dir, project, viewer, card.frozen_id)
    return card, compare(current, frozen)
