"""Narrative sections of the periodic report, written in the tool instead of pasted in.

Per reporting period and work package the coordinator writes three sections (achievements,
deviations and mitigation, next steps); each partner drafts its own contribution paragraph,
which the coordinator sees and may edit. Every save is a new line of an append-only
JSON-lines file under ``<data dir>/narratives/`` with who saved it and when, so nothing
written is ever lost; the latest line of a slot is the current text. Texts are plain: the
writers never interpret them as markdown or HTML. Each save is also written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
from dataclasses import asdict, replace
from pathlib import Path

from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.config import Project
from pipelines.errors import AccessDenied, UsageError
from pipelines.paths import DataDir
from pipelines.reports.model import Narrative, ReportData

SECTIONS = ("achievements", "deviations", "next_steps")
CONTRIBUTION = "contribution"
WHOLE_PERIOD = ""  # the work package of a section about the period as a whole
MAX_CHARS = 20_000
FILE = "narratives.jsonl"


def path_of(data_dir: DataDir) -> Path:
    return data_dir.root / "narratives" / FILE


def _check(project: Project, period: str, work_package: str, text: str) -> None:
    if period not in {p.id for p in project.periods}:
        raise UsageError(key="reports.error.narrative_period", period=period)
    if work_package and work_package not in {w.code for w in project.work_packages}:
        raise UsageError(key="reports.error.narrative_work_package", work_package=work_package)
    if len(text) > MAX_CHARS:
        raise UsageError(key="reports.error.narrative_long", length=len(text), limit=MAX_CHARS)


def save_section(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    period: str,
    work_package: str,
    section: str,
    text: str,
    now: dt.datetime | None = None,
) -> Narrative:
    """The coordinator's text of one section (``work_package`` "" for the whole period)."""
    if not viewer.can("write_narrative"):
        raise AccessDenied(key="reports.error.narrative_denied")
    if section not in SECTIONS:
        sections = ", ".join(SECTIONS)
        raise UsageError(key="reports.error.narrative_section", section=section, sections=sections)
    _check(project, period, work_package, text)
    return _append(
        data_dir, viewer, Narrative(period, work_package, section, "", text, "", ""), now
    )


def save_contribution(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    period: str,
    work_package: str,
    partner: str,
    text: str,
    now: dt.datetime | None = None,
) -> Narrative:
    """A partner's contribution paragraph; the partner drafts it, the coordinator may edit."""
    partner = (partner or "").upper()
    if partner not in project.partner_codes or not viewer.can("draft_contribution", partner):
        raise AccessDenied(key="reports.error.narrative_denied")
    _check(project, period, work_package, text)
    entry = Narrative(period, work_package, CONTRIBUTION, partner, text, "", "")
    return _append(data_dir, viewer, entry, now)


def _append(
    data_dir: DataDir, viewer: Viewer, entry: Narrative, now: dt.datetime | None
) -> Narrative:
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    saved = Narrative(**{**asdict(entry), "who": viewer.username, "at": moment.isoformat()})
    path = path_of(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(asdict(saved), ensure_ascii=False, sort_keys=True) + "\n"
    with path.open("a", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # two saves at once never interleave their lines
        fh.write(line)
        fh.flush()
    audit.record(
        data_dir,
        viewer.username,
        "narrative_save",
        f"{entry.period} {entry.work_package or '-'} {entry.section} {entry.partner}".strip(),
        characters=len(entry.text),
    )
    return saved


def history(data_dir: DataDir, period: str | None = None) -> list[Narrative]:
    """Every saved version, oldest first (optionally of one period)."""
    path = path_of(data_dir)
    if not path.exists():
        return []
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            entry = Narrative(**json.loads(line))
            if period is None or entry.period == period:
                out.append(entry)
    return out


def current(data_dir: DataDir, period: str) -> list[Narrative]:
    """The latest version of each slot of a period that has text."""
    latest: dict[tuple[str, str, str, str], Narrative] = {}
    for entry in history(data_dir, period):
        latest[entry.slot] = entry
    return [n for n in latest.values() if n.text.strip()]


def for_report(
    data_dir: DataDir, project: Project, period: str | None, scope_kind: str, partners: list[str]
) -> list[Narrative]:
    """What a report of this scope carries: the coordinator's sections in the consortium
    report, and the contributions of the partners within the scope."""
    if not period:
        return []
    order = {w.code: n for n, w in enumerate(project.work_packages, 1)}
    keep = [
        n
        for n in current(data_dir, period)
        if (n.section == CONTRIBUTION and n.partner in partners)
        or (n.section != CONTRIBUTION and scope_kind == "consortium")
    ]
    sections = {s: n for n, s in enumerate((*SECTIONS, CONTRIBUTION))}
    return sorted(
        keep,
        key=lambda n: (order.get(n.work_package, 0), sections[n.section], n.partner),
    )


def attach(data_dir: DataDir, project: Project, data: ReportData) -> ReportData:
    """The report with its current narratives (what a download or a freeze carries)."""
    period = data.period["id"] if data.period else None
    found = for_report(data_dir, project, period, data.scope.kind, data.partners)
    return replace(data, narratives=found)
