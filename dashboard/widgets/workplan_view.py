"""What the work-plan page and the home pages show of the work plan, as plain functions the
tests call directly: deliverables, milestones and risks in people's words, what is late, what
needs a justification, what is due in the next days, and each work package's progress.

The library decides (``pipelines.workplan.service``): who sees which deliverable, what is
late, when a work package is complete. These functions only put its answers into words.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pipelines.words.present import Words
from pipelines.workplan.service import (
    DeliverableState,
    MilestoneState,
    RiskState,
    WorkPackageState,
)

AHEAD_DAYS = 60  # "due in the next 60 days"
LEVELS = ("low", "medium", "high")


def needs_justification(d: DeliverableState) -> bool:
    """Late (submitted after its due date, or still not submitted past it) without a
    written justification."""
    return d.late and not d.justification


def due_soon(d: DeliverableState, day: dt.date, days: int = AHEAD_DAYS) -> bool:
    """Not submitted yet and due between ``day`` and ``days`` days later."""
    return d.status != "submitted" and day <= d.item.due <= day + dt.timedelta(days=days)


def late_text(w: Words, d: DeliverableState | MilestoneState) -> str:
    if not d.late:
        return ""
    if d.justification:
        return w.t("workplan.page.late_justified")
    return w.t("workplan.page.late_unjustified")


def _col(w: Words, key: str) -> str:
    return w.t(f"workplan.page.col.{key}")


def deliverable_frame(w: Words, states: list[DeliverableState]) -> pd.DataFrame:
    """Code, title, work package, lead partner, type, dissemination, due date, status,
    submitted on, late, justification, evidence."""
    keys = (
        "code",
        "title",
        "wp",
        "lead",
        "type",
        "dissemination",
        "due",
        "status",
        "submitted_on",
        "late",
        "justification",
        "evidence",
    )
    rows = [
        [
            d.item.code,
            d.item.title,
            d.item.wp,
            w.partner(d.item.lead, with_code=True),
            d.item.type,
            d.item.dissemination,
            w.date(d.item.due, "medium"),
            w.t(f"workplan.status.{d.status}"),
            w.date(d.submitted_on, "medium") if d.submitted_on else "",
            late_text(w, d),
            d.justification or "",
            len(d.evidence),
        ]
        for d in states
    ]
    return pd.DataFrame(rows, columns=[_col(w, k) for k in keys])


def milestone_frame(w: Words, states: list[MilestoneState]) -> pd.DataFrame:
    """Code, title, work package, due date, means of verification, status, reached on, late."""
    keys = ("code", "title", "wp", "due", "verification", "status", "reached_on", "late")
    rows = [
        [
            m.item.code,
            m.item.title,
            m.item.wp,
            w.date(m.item.due, "medium"),
            m.item.verification,
            w.t(f"workplan.status.{m.status}"),
            w.date(m.reached_on, "medium") if m.reached_on else "",
            w.t("workplan.page.late_milestone") if m.late and m.status != "reached" else "",
        ]
        for m in states
    ]
    return pd.DataFrame(rows, columns=[_col(w, k) for k in keys])


def level(w: Words, value: str) -> str:
    return w.t(f"workplan.page.level.{value}") if value in LEVELS else value


def risk_frame(w: Words, states: list[RiskState]) -> pd.DataFrame:
    """Code, description, work package, likelihood, impact, mitigation, status, note."""
    keys = ("code", "description", "wp", "likelihood", "impact", "mitigation", "status", "note")
    rows = [
        [
            r.item.code,
            r.item.description,
            r.item.wp,
            level(w, r.item.likelihood),
            level(w, r.item.impact),
            r.item.mitigation,
            w.t(f"workplan.status.{r.status}"),
            r.justification or "",
        ]
        for r in states
    ]
    return pd.DataFrame(rows, columns=[_col(w, k) for k in keys])


def work_package_frame(w: Words, states: list[WorkPackageState]) -> pd.DataFrame:
    """Per work package: deliverables submitted, milestones reached, late without a
    justification, share of the lump sum, complete or not."""
    keys = ("wp", "deliverables", "milestones", "late_unjustified", "share", "complete")
    rows = [
        [
            w.work_package(s.code),
            w.t("workplan.page.of", done=s.submitted, total=s.deliverables),
            w.t("workplan.page.of", done=s.reached, total=s.milestones),
            s.late_unjustified,
            w.percent(s.share, 1) if s.share is not None else w.missing,
            w.yes_no(s.complete),
        ]
        for s in states
    ]
    return pd.DataFrame(rows, columns=[_col(w, k) for k in keys])


def due_next_frame(w: Words, states: list[DeliverableState], day: dt.date) -> pd.DataFrame:
    """The deliverables not submitted yet and due in the next 60 days, soonest first."""
    soon = sorted((d for d in states if due_soon(d, day)), key=lambda d: (d.item.due, d.item.code))
    return deliverable_frame(w, soon)
