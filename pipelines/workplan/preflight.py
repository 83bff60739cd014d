"""Pre-flight of a period's report: what blocks its submission, each with what to do.

Blocking, for the deliverables due in or before the period: a late one without a
justification, one without evidence; for the milestones due in or before the period: one past
its date and not reached. Warnings: late deliverables that are justified (the agency reads the
justification), and, for the final report, the communication activities, whose delivery status
the dissemination data does not record (the Portal needs one delivered and none ongoing or
postponed): the coordinator checks them there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pipelines.access.scope import Viewer
from pipelines.config import Project, today
from pipelines.errors import UsageError
from pipelines.paths import DataDir
from pipelines.words.catalogue import text
from pipelines.workplan import service


@dataclass(frozen=True)
class Finding:
    kind: str  # deliverable | milestone | communication
    code: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return text(self.key, lang, **self.params)

    def as_dict(self, lang: str | None = None) -> dict[str, str]:
        return {
            "kind": self.kind,
            "code": self.code,
            "key": self.key,
            "message": self.message(lang),
        }


@dataclass(frozen=True)
class Preflight:
    period: str
    blocking: tuple[Finding, ...]
    warnings: tuple[Finding, ...]

    @property
    def blocked(self) -> bool:
        return bool(self.blocking)

    def as_dict(self, lang: str | None = None) -> dict[str, list[dict[str, str]]]:
        return {
            "blocking": [f.as_dict(lang) for f in self.blocking],
            "warnings": [f.as_dict(lang) for f in self.warnings],
        }


def preflight(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    period_id: str,
    day: dt.date | None = None,
) -> Preflight:
    """The findings for the report of ``period_id`` as of ``day`` (default today), in the
    order of the work plan: deliverables, then milestones, then communication."""
    try:
        period = project.period(period_id)
    except KeyError:
        raise UsageError(
            key="workplan.unknown_period",
            period=period_id,
            known=", ".join(p.id for p in project.periods),
        ) from None
    day = day or today()
    blocking: list[Finding] = []
    warnings: list[Finding] = []
    for d in service.deliverables(data_dir, project, viewer, day=day):
        item = d.item
        if item.due > period.end:
            continue
        params = {"code": item.code, "title": item.title, "due": item.due.isoformat()}
        if d.late and not d.justification:
            blocking.append(
                Finding("deliverable", item.code, "workplan.preflight.late_unjustified", params)
            )
        elif d.late:
            warnings.append(
                Finding("deliverable", item.code, "workplan.preflight.late_justified", params)
            )
        if not d.evidence:
            blocking.append(
                Finding("deliverable", item.code, "workplan.preflight.no_evidence", params)
            )
    for m in service.milestones(data_dir, project, viewer, day=day):
        item = m.item
        if item.due <= period.end and m.status != "reached" and day > item.due:
            blocking.append(
                Finding(
                    "milestone",
                    item.code,
                    "workplan.preflight.milestone_overdue",
                    {
                        "code": item.code,
                        "title": item.title,
                        "due": item.due.isoformat(),
                        "verification": item.verification,
                    },
                )
            )
    if period.report == "final":
        warnings.append(
            Finding(
                "communication",
                period.id,
                "workplan.preflight.communication_unchecked",
                {"period": period.id},
            )
        )
    return Preflight(period.id, tuple(blocking), tuple(warnings))
