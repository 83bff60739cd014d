"""The work plan in a period's report: deliverables, milestones and critical risks as part A
of the technical report lists them (Funding & Tenders Portal), in the report's scope.

For a reporting period, the deliverables and milestones due by its end; for a date range,
those due by its last day. A partner's report lists the deliverables it leads, a country's
those its partners lead; milestones and risks belong to the consortium's report only (they
have no lead partner). The scope was checked against the viewer when the report was
collected; the statuses are the work plan's as of the report's date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.paths import DataDir
from pipelines.reports.model import DeliverableRow, MilestoneRow, ReportData, RiskRow
from pipelines.workplan import service


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def attach_work_plan(data_dir: DataDir, project: Project, data: ReportData) -> ReportData:
    """``data`` with the work plan's tables for its period (or range) and scope."""
    reader = Viewer.coordinator("report")  # the scope below is the report's own
    day = dt.date.fromisoformat(data.as_of)
    end = data.period["end"] if data.period else data.date_to
    last = dt.date.fromisoformat(end) if end else None
    scope = data.scope
    if scope.kind == "partner":
        leads = {scope.code}
    elif scope.kind == "country":
        leads = set(project.partners_in(scope.code or ""))
    else:
        leads = None
    deliverables = [
        DeliverableRow(
            code=d.item.code,
            title=d.item.title,
            wp=d.item.wp,
            lead=d.item.lead,
            type=d.item.type,
            dissemination=d.item.dissemination,
            due=d.item.due.isoformat(),
            status=d.status,
            submitted_on=_iso(d.submitted_on),
            late=d.late,
            justification=d.justification,
        )
        for d in service.deliverables(data_dir, project, reader, day=day)
        if (last is None or d.item.due <= last) and (leads is None or d.item.lead in leads)
    ]
    milestones: list[MilestoneRow] = []
    risks: list[RiskRow] = []
    if scope.kind == "consortium":
        milestones = [
            MilestoneRow(
                code=m.item.code,
                title=m.item.title,
                wp=m.item.wp,
                due=m.item.due.isoformat(),
                verification=m.item.verification,
                status=m.status,
                reached_on=_iso(m.reached_on),
                late=m.late,
            )
            for m in service.milestones(data_dir, project, reader, day=day)
            if last is None or m.item.due <= last
        ]
        risks = [
            RiskRow(
                code=r.item.code,
                description=r.item.description,
                wp=r.item.wp,
                likelihood=r.item.likelihood,
                impact=r.item.impact,
                mitigation=r.item.mitigation,
                status=r.status,
                note=r.justification,
            )
            for r in service.risks(data_dir, project, reader)
        ]
    return dataclasses.replace(data, deliverables=deliverables, milestones=milestones, risks=risks)
