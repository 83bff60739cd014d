"""Statuses, evidence and justifications of the work plan, as the agency checks them.

A deliverable goes Pending -> Draft -> Submitted; "late" is computed from its due date and the
submission date (or today, ``LESLIE_TODAY``, while it is not submitted), and a late deliverable
counts as justified only with a written justification. A milestone is reached on a date with its
evidence; a risk has a status and a note. Every change is checked against the one permission
table (lead partners change their own deliverables up to Draft; the coordinator submits and
updates milestones and risks; National Offices read), appended to the history and audited.
A refused evidence file changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.config import Deliverable, Milestone, Project, Risk, today
from pipelines.errors import LeslieError, UsageError
from pipelines.paths import DataDir
from pipelines.workplan import history
from pipelines.workplan.evidence import Evidence, EvidenceRefused, check_file, check_url, keep

DELIVERABLE_STATUSES = ("pending", "draft", "submitted")
MILESTONE_STATUSES = ("pending", "reached")
RISK_STATUSES = ("open", "mitigated", "occurred", "closed")
MAX_JUSTIFICATION = 4000


class WorkPlanError(LeslieError):
    """A change the work plan does not allow (a status it cannot take, submitting without
    evidence, an empty justification)."""


@dataclass(frozen=True)
class EvidenceItem:
    name: str | None
    sha256: str | None
    url: str | None
    type: str | None
    size: int | None
    at: str
    by: str

    def as_dict(self) -> dict[str, str]:
        if self.url:
            return {"url": self.url}
        return {"name": self.name or "", "sha256": self.sha256 or ""}


@dataclass(frozen=True)
class _Fold:
    status: str
    status_on: dt.date | None
    justification: str | None
    evidence: tuple[EvidenceItem, ...]
    history: tuple[history.Event, ...]


def _fold(events: list[history.Event], initial: str) -> _Fold:
    status, status_on, justification = initial, None, None
    evidence: list[EvidenceItem] = []
    for e in events:
        if e.status:
            status, status_on = e.status, e.on_day
        if e.justification:
            justification = e.justification
        if e.has_evidence:
            evidence.append(
                EvidenceItem(
                    e.evidence_name,
                    e.evidence_sha256,
                    e.evidence_url,
                    e.evidence_type,
                    e.evidence_bytes,
                    e.at,
                    e.by,
                )
            )
    return _Fold(status, status_on, justification, tuple(evidence), tuple(events))


@dataclass(frozen=True)
class DeliverableState:
    item: Deliverable
    status: str
    submitted_on: dt.date | None
    late: bool
    justification: str | None
    evidence: tuple[EvidenceItem, ...]
    history: tuple[history.Event, ...]

    @property
    def justified(self) -> bool:
        return self.late and bool(self.justification)

    def as_dict(self) -> dict[str, Any]:
        d = self.item
        return {
            "code": d.code,
            "title": d.title,
            "wp": d.wp,
            "lead": d.lead,
            "type": d.type,
            "dissemination": d.dissemination,
            "due": d.due.isoformat(),
            "status": self.status,
            "late": self.late,
            "submitted_on": self.submitted_on.isoformat() if self.submitted_on else None,
            "justification": self.justification,
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class MilestoneState:
    item: Milestone
    status: str
    reached_on: dt.date | None
    late: bool
    justification: str | None
    evidence: tuple[EvidenceItem, ...]
    history: tuple[history.Event, ...]

    def as_dict(self) -> dict[str, Any]:
        m = self.item
        return {
            "code": m.code,
            "title": m.title,
            "wp": m.wp,
            "due": m.due.isoformat(),
            "verification": m.verification,
            "status": self.status,
            "late": self.late,
            "reached_on": self.reached_on.isoformat() if self.reached_on else None,
            "justification": self.justification,
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class RiskState:
    item: Risk
    status: str
    updated_on: dt.date | None
    justification: str | None
    evidence: tuple[EvidenceItem, ...]
    history: tuple[history.Event, ...]

    def as_dict(self) -> dict[str, Any]:
        r = self.item
        return {
            "code": r.code,
            "description": r.description,
            "wp": r.wp,
            "likelihood": r.likelihood,
            "impact": r.impact,
            "mitigation": r.mitigation,
            "status": self.status,
            "updated_on": self.updated_on.isoformat() if self.updated_on else None,
            "justification": self.justification,
            "evidence": [e.as_dict() for e in self.evidence],
        }


# ------------------------------------------------------------------------------ reading


def _by_code(data_dir: DataDir, kind: str) -> dict[str, list[history.Event]]:
    found: dict[str, list[history.Event]] = {}
    for e in history.events(data_dir, kind):
        found.setdefault(e.code, []).append(e)
    return found


def _check_filters(project: Project, wp: str | None, partner: str | None) -> None:
    if wp and wp.upper() not in project.wp_codes:
        raise UsageError(key="workplan.unknown_wp", wp=wp, known=", ".join(project.wp_codes))
    if partner and partner.upper() not in project.partner_codes:
        raise UsageError(key="workplan.unknown_partner", partner=partner)


def deliverable_state(
    item: Deliverable, events: list[history.Event], day: dt.date
) -> DeliverableState:
    f = _fold(events, "pending")
    submitted_on = f.status_on if f.status == "submitted" else None
    late = submitted_on > item.due if submitted_on else day > item.due
    return DeliverableState(
        item, f.status, submitted_on, late, f.justification, f.evidence, f.history
    )


def deliverables(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    *,
    wp: str | None = None,
    partner: str | None = None,
    day: dt.date | None = None,
) -> list[DeliverableState]:
    """The deliverables this viewer may see (a partner its own, a National Office its
    country's), in the order of the work plan."""
    viewer.validate(project)
    viewer.require("see_workplan")
    _check_filters(project, wp, partner)
    reach = viewer.partners_for("see_workplan", project)
    events = _by_code(data_dir, "deliverable")
    day = day or today()
    return [
        deliverable_state(d, events.get(d.code, []), day)
        for d in project.work_plan.deliverables
        if (reach is None or d.lead in reach)
        and (not wp or d.wp == wp.upper())
        and (not partner or d.lead == partner.upper())
    ]


def milestone_state(item: Milestone, events: list[history.Event], day: dt.date) -> MilestoneState:
    f = _fold(events, "pending")
    reached_on = f.status_on if f.status == "reached" else None
    late = reached_on > item.due if reached_on else day > item.due
    return MilestoneState(item, f.status, reached_on, late, f.justification, f.evidence, f.history)


def milestones(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    *,
    wp: str | None = None,
    day: dt.date | None = None,
) -> list[MilestoneState]:
    viewer.validate(project)
    viewer.require("see_workplan")
    _check_filters(project, wp, None)
    events = _by_code(data_dir, "milestone")
    day = day or today()
    return [
        milestone_state(m, events.get(m.code, []), day)
        for m in project.work_plan.milestones
        if not wp or m.wp == wp.upper()
    ]


def risks(
    data_dir: DataDir, project: Project, viewer: Viewer, *, wp: str | None = None
) -> list[RiskState]:
    viewer.validate(project)
    viewer.require("see_workplan")
    _check_filters(project, wp, None)
    events = _by_code(data_dir, "risk")
    out = []
    for r in project.work_plan.risks:
        if wp and r.wp != wp.upper():
            continue
        f = _fold(events.get(r.code, []), "open")
        updated_on = f.history[-1].on_day if f.history else None
        out.append(RiskState(r, f.status, updated_on, f.justification, f.evidence, f.history))
    return out


# ------------------------------------------------------------------------------ writing


def _justification(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = " ".join(text.split())
    if not cleaned:
        raise WorkPlanError(key="workplan.justification.empty")
    if len(cleaned) > MAX_JUSTIFICATION:
        raise WorkPlanError(key="workplan.justification.too_long", limit=MAX_JUSTIFICATION)
    return cleaned


def _evidence(
    data_dir: DataDir, project: Project, viewer: Viewer, code: str, evidence: Evidence | None
) -> Callable[[], dict | None]:
    """Check the evidence now (refusing before anything is written); return what keeps it."""
    if evidence is None:
        return lambda: None
    if evidence.url is not None:
        url = check_url(evidence.url)
        return lambda: {"url": url}
    max_bytes = project.access.max_upload_mb * 2**20
    try:
        kind = check_file(evidence, max_bytes)
    except EvidenceRefused as exc:
        audit.record_refused_upload(
            data_dir,
            viewer.username,
            evidence.name,
            evidence.data or b"",
            exc.key or "refused",
            item=code,
        )
        raise

    def store() -> dict:
        kept = keep(data_dir, evidence, kind)
        return {
            "name": kept.name,
            "sha256": kept.sha256,
            "size": kept.size,
            "type": kept.type,
            "path": kept.path,
        }

    return store


def _day(on: dt.date | None) -> dt.date:
    now = today()
    if on is not None and on > now:
        raise WorkPlanError(key="workplan.future_date", day=on.isoformat())
    return on or now


def _commit(
    data_dir: DataDir,
    viewer: Viewer,
    kind: str,
    code: str,
    day: dt.date,
    status: str | None,
    justification: str | None,
    store: Callable[[], dict | None],
    channel: str,
) -> None:
    kept = store()
    history.record(
        data_dir,
        item_kind=kind,
        code=code,
        on_day=day,
        by=viewer.username,
        status=status,
        justification=justification,
        evidence=kept,
    )
    detail: dict[str, Any] = {"kind": kind, "channel": channel, "on": day.isoformat()}
    if status:
        detail["status"] = status
    if justification:
        detail["justification"] = justification
    if kept:
        detail["evidence"] = kept.get("url") or kept.get("sha256")
    audit.record(data_dir, viewer.username, "workplan_update", code, **detail)


def _nothing(status: str | None, justification: str | None, evidence: Evidence | None) -> None:
    if status is None and justification is None and evidence is None:
        raise UsageError(key="workplan.nothing_to_change")


def update_deliverable(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    code: str,
    *,
    status: str | None = None,
    evidence: Evidence | None = None,
    justification: str | None = None,
    on: dt.date | None = None,
    channel: str = "cli",
) -> DeliverableState:
    """Change a deliverable's status, add evidence, or write its justification.

    A lead partner may take its own deliverable between Pending and Draft, add evidence and
    write the justification; only the coordinator submits (which needs evidence) or changes
    a submitted deliverable. ``on``: the day it counts from (default today)."""
    viewer.validate(project)
    _nothing(status, justification, evidence)
    try:
        item = project.work_plan.deliverable(code)
    except KeyError:
        raise UsageError(key="workplan.unknown_deliverable", code=code) from None
    current = deliverable_state(item, _by_code(data_dir, "deliverable").get(item.code, []), today())
    status = _new_status(status, DELIVERABLE_STATUSES, current.status, item.code)
    if status == "submitted" or current.status == "submitted":
        viewer.require("submit_deliverable", item.lead, project)
    else:
        viewer.require("draft_deliverable", item.lead, project)
    text = _justification(justification)
    store = _evidence(data_dir, project, viewer, item.code, evidence)
    if status == "submitted" and not current.evidence and evidence is None:
        raise WorkPlanError(key="workplan.submit_without_evidence", code=item.code)
    _commit(data_dir, viewer, "deliverable", item.code, _day(on), status, text, store, channel)
    return deliverable_state(item, _by_code(data_dir, "deliverable")[item.code], today())


def update_milestone(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    code: str,
    *,
    status: str | None = None,
    evidence: Evidence | None = None,
    justification: str | None = None,
    on: dt.date | None = None,
    channel: str = "cli",
) -> MilestoneState:
    """Mark a milestone reached (with its evidence, on a day), or add evidence or a note."""
    viewer.validate(project)
    _nothing(status, justification, evidence)
    try:
        item = project.work_plan.milestone(code)
    except KeyError:
        raise UsageError(key="workplan.unknown_milestone", code=code) from None
    viewer.require("update_milestone")
    current = milestone_state(item, _by_code(data_dir, "milestone").get(item.code, []), today())
    status = _new_status(status, MILESTONE_STATUSES, current.status, item.code)
    text = _justification(justification)
    store = _evidence(data_dir, project, viewer, item.code, evidence)
    if status == "reached" and not current.evidence and evidence is None:
        raise WorkPlanError(key="workplan.reached_without_evidence", code=item.code)
    _commit(data_dir, viewer, "milestone", item.code, _day(on), status, text, store, channel)
    return milestone_state(item, _by_code(data_dir, "milestone")[item.code], today())


def update_risk(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    code: str,
    *,
    status: str | None = None,
    evidence: Evidence | None = None,
    justification: str | None = None,
    channel: str = "cli",
) -> RiskState:
    """Change a critical risk's status, or add a note or evidence of its mitigation."""
    viewer.validate(project)
    _nothing(status, justification, evidence)
    try:
        item = project.work_plan.risk(code)
    except KeyError:
        raise UsageError(key="workplan.unknown_risk", code=code) from None
    viewer.require("update_risk")
    current = risks(data_dir, project, viewer, wp=item.wp)
    now = next(r for r in current if r.item.code == item.code)
    status = _new_status(status, RISK_STATUSES, now.status, item.code)
    text = _justification(justification)
    store = _evidence(data_dir, project, viewer, item.code, evidence)
    _commit(data_dir, viewer, "risk", item.code, _day(None), status, text, store, channel)
    return next(r for r in risks(data_dir, project, viewer) if r.item.code == item.code)


# ------------------------------------------------------------------ work packages


@dataclass(frozen=True)
class WorkPackageState:
    """A work package as the agency pays it: complete when every deliverable is submitted
    and every milestone reached; its share of the lump sum is paid then."""

    code: str
    title: str
    share: float | None
    deliverables: int
    submitted: int
    milestones: int
    reached: int
    late_unjustified: int

    @property
    def complete(self) -> bool:
        return (
            self.deliverables + self.milestones > 0
            and self.submitted == self.deliverables
            and self.reached == self.milestones
        )


def work_packages(
    data_dir: DataDir, project: Project, viewer: Viewer, *, day: dt.date | None = None
) -> list[WorkPackageState]:
    """Each work package's progress (the whole consortium's: the coordinator's view)."""
    viewer.validate(project)
    if not viewer.reaches_all("see_workplan"):
        viewer.require("submit_deliverable")  # raises: the totals are the coordinator's
    day = day or today()
    ds = deliverables(data_dir, project, viewer, day=day)
    ms = milestones(data_dir, project, viewer, day=day)
    return [
        WorkPackageState(
            code=wp.code,
            title=wp.title,
            share=wp.share,
            deliverables=sum(1 for d in ds if d.item.wp == wp.code),
            submitted=sum(1 for d in ds if d.item.wp == wp.code and d.status == "submitted"),
            milestones=sum(1 for m in ms if m.item.wp == wp.code),
            reached=sum(1 for m in ms if m.item.wp == wp.code and m.status == "reached"),
            late_unjustified=sum(
                1 for d in ds if d.item.wp == wp.code and d.late and not d.justification
            ),
        )
        for wp in project.work_packages
    ]


def open_share(states: list[WorkPackageState]) -> float:
    """The share of the lump sum whose work package is not complete yet (0 when no work
    package has a share)."""
    return round(sum(s.share or 0 for s in states if not s.complete), 6)


def _new_status(
    status: str | None, allowed: tuple[str, ...], current: str, code: str
) -> str | None:
    """The status asked for, in lower case: one of ``allowed`` and not the one it has."""
    if status is None:
        return None
    status = status.lower()
    if status not in allowed:
        raise UsageError(key="workplan.bad_status", status=status, allowed=", ".join(allowed))
    if status == current:
        raise WorkPlanError(key="workplan.same_status", code=code, status=status)
    return status
