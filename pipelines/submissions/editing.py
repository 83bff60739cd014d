"""Records edited in the browser: a partner's current list of a template as a table, and the
edited table back as a new complete submission.

The table goes through exactly the path of an uploaded file: it is written as the template's
CSV (canonical columns, one row per record) and submitted with ``review.submit_upload``, so the
same validation applies and the result waits for the coordinator's review. Nothing is stored
until the whole table is valid.

No lost updates: ``open_records`` notes which submission held the partner's list when the
table was opened; ``submit_records`` refuses the table if another submission has replaced it
since (the editor is asked to reload). Editors are serialised by a lock of their own, so two
editors cannot both pass the check at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.errors import StoreError, UsageError
from pipelines.intake.contract import TEMPLATES
from pipelines.paths import DataDir
from pipelines.store.ledger import Ledger, Submission, current_pairs
from pipelines.store.lock import store_lock
from pipelines.submissions.ingest import PARTNER_COLUMN, BatchResult
from pipelines.submissions.review import submit_upload
from pipelines.warehouse.build import connect_memory

EDITABLE = ("modules", "dissemination")  # enrollments come from the student systems, as files
HEADER_ROWS = 1  # a problem's row number counts the header row, as Excel shows it


class EditConflict(StoreError):
    """The partner's records changed since the table was opened."""


@dataclass(frozen=True)
class Records:
    """A partner's current records of one template, as the template's text cells."""

    partner: str
    template: str
    columns: tuple[str, ...]
    rows: list[dict[str, str]]
    opened_from: int | None  # the submission holding them (None: nothing submitted yet)
    state: str | None = None  # that submission's review state: pending | approved


def _check(project: Project, viewer: Viewer, partner: str, template: str) -> str:
    if template not in EDITABLE:
        raise UsageError(key="editing.not_editable", template=template)
    code = (partner or "").upper()
    if code not in project.partner_codes:
        raise UsageError(key="editing.unknown_partner", partner=partner)
    viewer.validate(project)
    viewer.require("edit_records", code, project)
    return code


def current_submission(subs: list[Submission], partner: str, template: str) -> int | None:
    """The submission holding the partner's newest list (approved or pending)."""
    for pair in current_pairs(subs):
        if pair.template == template and pair.partner_code == partner and pair.with_pending:
            return pair.submission_id
    return None


def template_cell(value: Any) -> str:
    """A stored or edited value as the template writes it: blank for nothing (None, NaN,
    NaT), yes/no, lists joined by ';', dates as YYYY-MM-DD, whole floats without '.0'.
    The records table and the saved file both use it, so what is shown is what is saved."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ";".join(template_cell(v) for v in value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def open_records(
    data_dir: DataDir, project: Project, viewer: Viewer, partner: str, template: str
) -> Records:
    """The partner's current records of ``template`` (approved or awaiting review)."""
    code = _check(project, viewer, partner, template)
    subs = Ledger(data_dir.ledger).submissions()
    sid = current_submission(subs, code, template)
    columns = TEMPLATES[template].names
    if sid is None:
        return Records(code, template, columns, [], None)
    sub = next(s for s in subs if s.submission_id == sid)
    path = data_dir.store / sub.parquet
    if not path.exists():
        raise StoreError(f"The submission store is missing {path}; restore it from backup")
    con = connect_memory()
    try:
        cur = con.execute(
            f"SELECT * FROM read_parquet($path) WHERE {PARTNER_COLUMN[template]} = $partner"
            " ORDER BY source_row",
            {"path": str(path), "partner": code},
        )
        names = [d[0] for d in cur.description]
        stored = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
    rows = [{c: template_cell(r.get(c)) for c in columns} for r in stored]
    return Records(code, template, columns, rows, sid, sub.state)


def table_csv(template: str, rows: list[dict[str, Any]]) -> bytes:
    """The rows as the template's CSV: canonical columns, UTF-8, comma-separated."""
    columns = TEMPLATES[template].names
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([template_cell(row.get(c)).strip() for c in columns])
    return out.getvalue().encode("utf-8")


def _blank(row: dict[str, Any]) -> bool:
    return all(not template_cell(v).strip() for v in row.values())


def _editors_lock(data_dir: DataDir):
    """One editor's check-and-submit at a time (uploads keep the store's own lock)."""
    return store_lock(data_dir, ".edit.lock")


def submit_records(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    partner: str,
    template: str,
    rows: list[dict[str, Any]],
    opened_from: int | None,
    approve_now: bool = False,
    as_of: dt.date | None = None,
) -> BatchResult:
    """Submit the edited table as the partner's new complete list of ``template``.

    Blank rows are dropped; every other row must be the partner's own. A problem's ``row`` is
    the table row counted as in the template file (first record = row 2). Raises
    ``EditConflict`` if the partner's list changed after ``opened_from`` was read."""
    code = _check(project, viewer, partner, template)
    column = PARTNER_COLUMN[template]
    kept = []
    for row in rows:
        if _blank(row):
            continue
        row = {**row, column: (template_cell(row.get(column)).strip() or code).upper()}
        if row[column] != code:
            raise UsageError(key="editing.other_partner", partner=code, found=row[column])
        kept.append(row)
    if not kept:
        raise UsageError(key="editing.empty_table")
    name = f"{template}-{code}-edited.csv"
    with _editors_lock(data_dir):
        now = current_submission(Ledger(data_dir.ledger).submissions(), code, template)
        if now != opened_from:
            raise EditConflict(key="editing.conflict", partner=code)
        current = open_records(data_dir, project, viewer, code, template).rows
        if [
            {c: template_cell(r.get(c)).strip() for c in TEMPLATES[template].names} for r in kept
        ] == current:
            raise UsageError(key="editing.no_changes")
        return submit_upload(
            data_dir, project, viewer, name, table_csv(template, kept), approve_now, as_of
        )


def next_activity_id(rows: list[dict[str, str]], day: dt.date) -> str:
    """A free activity id of the form YYYY-NN (the sample's own style)."""
    taken = {r.get("activity_id", "").upper() for r in rows}
    n = 1
    while f"{day.year}-{n:02d}" in taken:
        n += 1
    return f"{day.year}-{n:02d}"


def add_activity(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    partner: str,
    activity: dict[str, Any],
    opened_from: int | None,
    as_of: dt.date | None = None,
) -> BatchResult:
    """Append one dissemination activity to the partner's list and submit the list."""
    records = open_records(data_dir, project, viewer, partner, "dissemination")
    if records.opened_from != opened_from:
        raise EditConflict(key="editing.conflict", partner=records.partner)
    row = {c: template_cell(activity.get(c)) for c in records.columns}
    row["partner_code"] = records.partner
    if not row["activity_id"].strip():
        day = activity.get("date") if isinstance(activity.get("date"), dt.date) else dt.date.today()
        row["activity_id"] = next_activity_id(records.rows, day)
    return submit_records(
        data_dir,
        project,
        viewer,
        records.partner,
        "dissemination",
        [*records.rows, row],
        opened_from,
        as_of=as_of,
    )
