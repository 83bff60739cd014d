"""Frozen reports: what was reported to the EU agency, kept exactly, and what changed since.

Design: a frozen report is its ReportData stored as JSON (``frozen/<id>/report.json``,
read-only), and the files are regenerated from it on every download. Why not a warehouse
snapshot? The JSON is the record of what was reported: it carries the figures, the labels and
the targets as they were, so neither later corrections, nor a changed target in
``project.toml``, nor a new release of the indicator engine can alter a downloaded report. The
JSON also names the ledger position behind the figures, so the warehouse of that day can
always be rebuilt from the append-only store when an auditor asks (``reproduce``), without
keeping a multi-megabyte database file per report.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.errors import AccessDenied, StoreError, UsageError
from pipelines.metrics.indicators import Filters, IndicatorValue
from pipelines.paths import DataDir
from pipelines.reports.collect import check_scope, collect, normalise
from pipelines.reports.model import ReportData, Scope
from pipelines.reports.narratives import attach
from pipelines.reports.text import ReportWords
from pipelines.reports.work_plan import attach_work_plan
from pipelines.rounding import rounded
from pipelines.warehouse.build import build_into, read_warehouse

REPORT_FILE = "report.json"
FROZEN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,95}$")
BREAKDOWNS = (("all", "indicators"), ("partner", "by_partner"), ("country", "by_country"))
BREAKDOWNS += (("sdg", "by_sdg"),)


@dataclass(frozen=True)
class FrozenReport:
    """The index card of a frozen report (the figures are in ``load_frozen``)."""

    frozen_id: str
    period: str
    scope: Scope
    basis: str
    frozen_at: str
    frozen_by: str
    ledger_position: int
    as_of: str


@dataclass(frozen=True)
class Restatement:
    """An indicator whose current value differs from the value in the frozen report."""

    breakdown: str  # all | partner | country | sdg
    scope: str
    scope_name: str
    code: str
    name: str
    unit: str
    frozen: float | None
    current: float | None

    @property
    def change(self) -> float | None:
        if self.frozen is None or self.current is None:
            return None
        return rounded(self.current - self.frozen)


def freeze(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    now: dt.datetime | None = None,
) -> FrozenReport:
    """Record a period's report as it stands now; only the coordinator freezes reports."""
    if not viewer.can("freeze_report"):
        raise AccessDenied("Only the coordinator can freeze a report")
    f = normalise(project, viewer, filters)
    if not f.period:
        periods = ", ".join(p.id for p in project.periods)
        raise UsageError(f"A frozen report is for a reporting period; choose one of: {periods}")
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    with read_warehouse(data_dir.warehouse) as con:
        data = collect(con, project, viewer, f, generated_at=now)
    data = attach_work_plan(data_dir, project, attach(data_dir, project, data))
    root = data_dir.frozen
    root.mkdir(parents=True, exist_ok=True)
    stem = "-".join(
        p for p in (f.period, data.scope.code, now.strftime("%Y%m%dT%H%M%SZ")) if p
    ).replace("_", "-")
    tmp = Path(tempfile.mkdtemp(prefix=".freezing-", dir=root))
    try:
        path = tmp / REPORT_FILE
        path.write_text(json.dumps(data.to_json(), ensure_ascii=False, indent=1), "utf-8")
        os.chmod(path, 0o444)
        frozen_id = _publish(tmp, root, stem)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return _card(frozen_id, data)


def _publish(tmp: Path, root: Path, stem: str) -> str:
    """Move the finished folder into place under a name no other report has."""
    for n in range(1, 1000):
        frozen_id = stem if n == 1 else f"{stem}-{n}"
        try:
            os.rename(tmp, root / frozen_id)  # fails if the folder exists: never overwrites
        except OSError:
            continue
        return frozen_id
    raise StoreError(f"Cannot find a free name for a frozen report in {root}")


def _card(frozen_id: str, data: ReportData) -> FrozenReport:
    return FrozenReport(
        frozen_id=frozen_id,
        period=data.period["id"] if data.period else "",
        scope=data.scope,
        basis=data.basis,
        frozen_at=data.generated_at,
        frozen_by=data.generated_by,
        ledger_position=data.ledger_position,
        as_of=data.as_of,
    )


def _read(data_dir: DataDir, frozen_id: str) -> ReportData:
    if not FROZEN_ID.match(frozen_id or ""):
        raise UsageError(f"{frozen_id!r} is not a frozen report id (see 'report frozen list')")
    path = data_dir.frozen / frozen_id / REPORT_FILE
    if not path.exists():
        raise UsageError(
            f"No frozen report {frozen_id!r}; list them with 'python -m pipelines report frozen list'"
        )
    try:
        return ReportData.from_json(json.loads(path.read_text("utf-8")))
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"The frozen report {frozen_id} cannot be read ({exc})") from exc


def may_open(project: Project, viewer: Viewer, data: ReportData) -> bool:
    """A viewer may open a frozen report whose scope and partner rows are all within reach."""
    f = Filters(
        partner=data.scope.code if data.scope.kind == "partner" else None,
        country=data.scope.code if data.scope.kind == "country" else None,
    )
    try:
        check_scope(project, viewer, f)
    except AccessDenied:
        return False
    return set(data.partners) <= set(viewer.visible_partners(project))


def load_frozen(data_dir: DataDir, project: Project, viewer: Viewer, frozen_id: str) -> ReportData:
    """The figures of a frozen report, exactly as frozen."""
    data = _read(data_dir, frozen_id)
    if not may_open(project, viewer, data):
        raise AccessDenied(f"You cannot open the frozen report {frozen_id}")
    return data


def list_frozen(data_dir: DataDir, project: Project, viewer: Viewer) -> list[FrozenReport]:
    """Frozen reports this viewer may open, newest first."""
    root = data_dir.frozen
    if not root.exists():
        return []
    cards = []
    for folder in root.iterdir():
        if not FROZEN_ID.match(folder.name) or not (folder / REPORT_FILE).exists():
            continue
        data = _read(data_dir, folder.name)
        if may_open(project, viewer, data):
            cards.append(_card(folder.name, data))
    return sorted(cards, key=lambda c: (c.frozen_at, c.frozen_id), reverse=True)


def latest_frozen(
    data_dir: DataDir, project: Project, viewer: Viewer, current: ReportData
) -> FrozenReport | None:
    """The last frozen report of the same period, scope and basis as ``current``."""
    if not current.period:
        return None
    for card in list_frozen(data_dir, project, viewer):
        same_scope = (card.scope.kind, card.scope.code) == (current.scope.kind, current.scope.code)
        if card.period == current.period["id"] and same_scope and card.basis == current.basis:
            return card
    return None


def restatements(current: ReportData, frozen: ReportData) -> list[Restatement]:
    """Every indicator value (overall, per partner, country and SDG) that changed since the
    report was frozen: later corrections restate what was reported."""
    out: list[Restatement] = []
    for breakdown, name in BREAKDOWNS:
        old = _values(getattr(frozen, name))
        new = _values(getattr(current, name))
        for key in list(old) + [k for k in new if k not in old]:
            before, after = old.get(key), new.get(key)
            a = None if before is None else before.actual
            b = None if after is None else after.actual
            if a == b:
                continue
            ref = after if after is not None else old[key]
            out.append(
                Restatement(
                    breakdown=breakdown,
                    scope=key[0],
                    scope_name=ReportWords(current).scope_name(breakdown, key[0]),
                    code=ref.code,
                    name=ref.name,
                    unit=ref.unit,
                    frozen=a,
                    current=b,
                )
            )
    return out


def _values(values: list[IndicatorValue]) -> dict[tuple[str, str], IndicatorValue]:
    return {(v.scope, v.code): v for v in values}


def reproduce(data_dir: DataDir, project: Project, frozen_id: str) -> ReportData:
    """Rebuild the warehouse at the frozen report's ledger position (in a temporary folder)
    and collect the report again: the audit that the figures follow from the stored data."""
    frozen = _read(data_dir, frozen_id)
    as_of = dt.date.fromisoformat(frozen.as_of)
    filters = Filters(
        **{k: v for k, v in frozen.filters.items() if k not in ("date_from", "date_to")}
    )
    filters = replace(
        filters,
        date_from=_date(frozen.filters.get("date_from")),
        date_to=_date(frozen.filters.get("date_to")),
    )
    with tempfile.TemporaryDirectory(prefix="leslie-reproduce-") as tmp:
        path = Path(tmp) / "warehouse.duckdb"
        build_into(path, data_dir, project, position=frozen.ledger_position, as_of=as_of)
        with read_warehouse(path) as con:
            return collect(
                con,
                project,
                Viewer.coordinator("reproduce"),
                filters,
                as_of=as_of,
                generated_at=dt.datetime.fromisoformat(frozen.generated_at),
            )


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None
