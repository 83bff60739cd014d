"""Uploads through the dashboard, and the coordinator's review of them.

A partner's upload is stored as a *pending* submission: it counts only in figures that
include pending data until the coordinator approves it (then it becomes official) or
returns it with a comment saying what to fix. Every decision rebuilds the warehouse under the
store lock and is written to the audit log. Uploads from the command line are approved on
arrival (see ``pipelines.submissions.ingest``); this module is the path for everyone else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import duckdb

from pipelines import warehouse
from pipelines.access.permissions import PERMISSIONS
from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.config import Project
from pipelines.errors import AccessDenied, StoreError, UsageError
from pipelines.intake.contract import TEMPLATES
from pipelines.intake.validate import Problem
from pipelines.paths import DataDir
from pipelines.store.ledger import Ledger, Submission
from pipelines.submissions.ingest import (
    PARTNER_COLUMN,
    BatchResult,
    FileOutcome,
    Source,
    ingest,
    store_lock,
)

DECISIONS = ("approved", "returned")
AUDIT_ACTION = {"approved": "approve", "returned": "return"}
MAX_NAME = 120

# the roles that may upload, from the permission table (pages that list them read this)
UPLOADERS = tuple(PERMISSIONS["upload"])


def _stored(names: tuple[str, ...]) -> tuple[str, ...]:
    """Template column names as the store has them: learner ids only as keyed hashes."""
    return tuple("learner_key" if n == "learner_id" else n for n in names)


# What identifies a row when a new submission is compared with the current official one.
DIFF_KEYS: dict[str, tuple[str, ...]] = {n: _stored(t.key) for n, t in TEMPLATES.items()}
# The stored columns compared (the store's Parquet shape, minus bookkeeping like source_row).
DIFF_COLUMNS: dict[str, tuple[str, ...]] = {n: _stored(t.names) for n, t in TEMPLATES.items()}


# ------------------------------------------------------------------------------ uploads


def display_name(name: str) -> str:
    """The file name as shown to people: the last path part, printable, at most 120 chars.

    It is never used to open or write a file; the bytes are kept in memory and stored
    under a name the store chooses."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    printable = printable.lstrip(".") or "upload"
    return printable[:MAX_NAME]


def submit_upload(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    name: str,
    data: bytes,
    approve_now: bool = False,
    as_of: dt.date | None = None,
) -> BatchResult:
    """Validate and store one uploaded file as a pending submission (or approved at once,
    if the coordinator asks). Partners may submit their own rows only."""
    viewer.validate(project)
    if not viewer.can("upload"):
        raise AccessDenied(
            "Only partners and the coordinator can submit data; this account can only view"
        )
    if approve_now and not viewer.can("approve"):
        raise AccessDenied("Only the coordinator can approve a submission")
    shown = display_name(name)
    sha = hashlib.sha256(data).hexdigest()
    limit_mb = project.access.max_upload_mb
    if len(data) > limit_mb * 1024 * 1024:
        message = (
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is {limit_mb} MB. "
            "Split it into several files (e.g. one per partner or per year) and upload each"
        )
        outcome = FileOutcome(
            shown, None, "rejected", 0, [Problem(None, None, None, message)], sha256=sha
        )
        audit.record(
            data_dir,
            viewer.username,
            "upload_rejected",
            shown,
            sha256=sha,
            reason="too large",
            size_bytes=len(data),
        )
        return BatchResult([outcome], None)
    result = ingest(
        data_dir,
        project,
        [Source(name=shown, data=data)],
        submitted_by=viewer.username,
        channel="upload",
        approve=approve_now,
        allowed_partners=viewer.partners_for("upload", project),
        as_of=as_of,
    )
    for f in result.files:
        if f.status == "rejected":
            audit.record(
                data_dir,
                viewer.username,
                "upload_rejected",
                shown,
                sha256=f.sha256,
                template=f.template,
                problems=len(f.errors),
            )
        else:
            audit.record(
                data_dir,
                viewer.username,
                "upload_accepted",
                f"submission {f.submission_id}" if f.submission_id else shown,
                sha256=f.sha256,
                template=f.template,
                status=f.status,
                rows=f.rows,
                partners=f.partners,
                approved=bool(approve_now and f.status == "accepted"),
                file=shown,
            )
    return result


# ------------------------------------------------------------------------------- review


def pending(data_dir: DataDir, viewer: Viewer) -> list[Submission]:
    """Submissions waiting for review: all of them for the coordinator, a partner's own for
    a partner (so it can see what is still awaiting approval)."""
    if not viewer.can("see_submissions"):
        raise AccessDenied("Only the coordinator and partners can see submissions under review")
    reach = viewer.partners_for("see_submissions")
    subs = Ledger(data_dir.ledger).submissions()
    return [
        s
        for s in subs
        if s.state == "pending" and (reach is None or reach.intersection(s.partners))
    ]


@dataclass(frozen=True)
class Decision:
    submission_id: int
    decision: str
    ledger_position: int
    build: warehouse.BuildResult
    warnings: tuple[str, ...] = ()


def decide(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    submission_id: int,
    decision: str,
    comment: str | None = None,
    as_of: dt.date | None = None,
) -> Decision:
    """Approve or return a pending submission, rebuild the warehouse, log the decision.

    A return needs a comment: it is what the partner reads to fix the file."""
    viewer.validate(project)
    if not viewer.can("review"):
        raise AccessDenied("Only the coordinator can approve or return submissions")
    if decision not in DECISIONS:
        raise UsageError(f"Unknown decision {decision!r}; use one of: {', '.join(DECISIONS)}")
    comment = (comment or "").strip() or None
    if decision == "returned" and not comment:
        raise UsageError(
            "Say what to fix when returning a submission: the comment is shown to the partner"
        )
    sub = _submission(data_dir, submission_id)
    with store_lock(data_dir):
        position = Ledger(data_dir.ledger).record_decision(
            submission_id, decision, viewer.username, comment
        )
        build = warehouse.build(data_dir, project, as_of=as_of)
    audit.record(
        data_dir,
        viewer.username,
        AUDIT_ACTION[decision],
        f"submission {submission_id}",
        template=sub.template,
        partners=list(sub.partners),
        sha256=sub.sha256,
        comment=comment,
        ledger_position=position,
    )
    warnings = _orphan_warnings(data_dir, sub) if decision == "approved" else ()
    return Decision(submission_id, decision, position, build, warnings)


def _submission(data_dir: DataDir, submission_id: int) -> Submission:
    for s in Ledger(data_dir.ledger).submissions():
        if s.submission_id == submission_id:
            return s
    raise UsageError(f"Submission {submission_id} does not exist")


def _orphan_warnings(data_dir: DataDir, sub: Submission) -> tuple[str, ...]:
    """Approved enrollments whose modules are not official yet count without their SDGs."""
    if sub.template != "enrollments":
        return ()
    with warehouse.read_warehouse(data_dir.warehouse) as con:
        rows = con.execute(
            "SELECT DISTINCT e.module_code FROM fct_enrollment AS e"
            " WHERE e.official AND e.submission_id = $sid AND e.module_code NOT IN"
            " (SELECT module_code FROM fct_module WHERE official) ORDER BY 1",
            {"sid": sub.submission_id},
        ).fetchall()
    if not rows:
        return ()
    codes = ", ".join(r[0] for r in rows)
    return (
        f"Module(s) {codes} are not approved yet: approve the modules submission too, "
        "otherwise these enrollments count without their SDGs",
    )


# --------------------------------------------------------------------------------- diff


@dataclass(frozen=True)
class RowChange:
    key: dict[str, Any]
    columns: tuple[str, ...]  # the columns whose value differs
    old: dict[str, Any]
    new: dict[str, Any]


@dataclass(frozen=True)
class SubmissionDiff:
    """What approving a submission would change in its partners' official data."""

    submission_id: int
    template: str
    partners: tuple[str, ...]
    key: tuple[str, ...]
    baseline: tuple[int, ...]  # the official submissions compared against
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
        }


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _baseline(subs: list[Submission], sub: Submission) -> dict[str, Submission]:
    """Per partner of ``sub``: its newest approved submission of the template, other than
    ``sub`` itself (for a pending submission, that is the current official one)."""
    found: dict[str, Submission] = {}
    for s in subs:  # oldest first: later ones overwrite
        if s.submission_id == sub.submission_id or s.template != sub.template:
            continue
        if s.state != "approved":
            continue
        for p in s.partners:
            if p in sub.partners:
                found[p] = s
    return found


def diff_against_current(data_dir: DataDir, submission_id: int) -> SubmissionDiff:
    """Rows added, removed and changed by a submission against its partners' current
    official rows of the same template, matched by key (modules: module_code; enrollments:
    partner, learner key and module; dissemination: partner and activity_id). Computed in
    DuckDB over the store's Parquet files; the warehouse is not needed."""
    subs = Ledger(data_dir.ledger).submissions()
    sub = next((s for s in subs if s.submission_id == submission_id), None)
    if sub is None:
        raise UsageError(f"Submission {submission_id} does not exist")
    template, keys = sub.template, DIFF_KEYS[sub.template]
    base = _baseline(subs, sub)
    new_file = data_dir.store / sub.parquet
    for path in [new_file, *(data_dir.store / s.parquet for s in base.values())]:
        if not path.exists():
            raise StoreError(f"The submission store is missing {path}; restore it from backup")
    con = warehouse.connect_memory()
    try:
        present = {
            r[0]
            for r in con.execute(
                "DESCRIBE SELECT * FROM read_parquet($path)", {"path": str(new_file)}
            ).fetchall()
        }
        columns = [c for c in DIFF_COLUMNS[template] if c in present]
        select = ", ".join(_quote(c) for c in columns)
        con.execute(
            f"CREATE TEMP TABLE new_rows AS SELECT {select} FROM read_parquet($path)",
            {"path": str(new_file)},
        )
        con.execute("CREATE TEMP TABLE old_rows AS SELECT * FROM new_rows LIMIT 0")
        if base:
            partner_col = _quote(PARTNER_COLUMN[template])
            con.execute(
                f"INSERT INTO old_rows SELECT {', '.join('o.' + _quote(c) for c in columns)} "
                "FROM read_parquet($files, filename = true, union_by_name = true) AS o "
                "JOIN (SELECT unnest($partners) AS partner, unnest($paths) AS path) AS b "
                f"ON b.path = o.filename AND b.partner = o.{partner_col}",
                {
                    "files": sorted({str(data_dir.store / s.parquet) for s in base.values()}),
                    "partners": list(base),
                    "paths": [str(data_dir.store / s.parquet) for s in base.values()],
                },
            )
        return SubmissionDiff(
            submission_id=submission_id,
            template=template,
            partners=sub.partners,
            key=keys,
            baseline=tuple(sorted({s.submission_id for s in base.values()})),
            added=_only_in(con, "new_rows", "old_rows", keys),
            removed=_only_in(con, "old_rows", "new_rows", keys),
            changed=_changed(con, keys, [c for c in columns if c not in keys]),
            unchanged=_unchanged(con, keys, columns),
        )
    finally:
        con.close()


def _on(keys: tuple[str, ...], left: str = "a", right: str = "b") -> str:
    return " AND ".join(f"{left}.{_quote(k)} = {right}.{_quote(k)}" for k in keys)


def _only_in(
    con: duckdb.DuckDBPyConnection, table: str, other: str, keys: tuple[str, ...]
) -> list[dict[str, Any]]:
    order = ", ".join(f"a.{_quote(k)}" for k in keys)
    cur = con.execute(
        f"SELECT a.* FROM {table} AS a WHERE NOT EXISTS "
        f"(SELECT 1 FROM {other} AS b WHERE {_on(keys)}) ORDER BY {order}"
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _changed(
    con: duckdb.DuckDBPyConnection, keys: tuple[str, ...], values: list[str]
) -> list[RowChange]:
    if not values:
        return []
    differs = " OR ".join(f"a.{_quote(c)} IS DISTINCT FROM b.{_quote(c)}" for c in values)
    key_cols = ", ".join(f"a.{_quote(k)}" for k in keys)
    value_pairs = ", ".join(f"b.{_quote(c)}, a.{_quote(c)}" for c in values)
    rows = con.execute(
        f"SELECT {key_cols}, {value_pairs} FROM new_rows AS a JOIN old_rows AS b ON {_on(keys)} "
        f"WHERE {differs} ORDER BY {key_cols}"
    ).fetchall()
    out = []
    for row in rows:
        key = dict(zip(keys, row[: len(keys)], strict=True))
        rest = row[len(keys) :]
        old = {c: rest[2 * i] for i, c in enumerate(values)}
        new = {c: rest[2 * i + 1] for i, c in enumerate(values)}
        diff = tuple(c for c in values if old[c] != new[c])
        out.append(RowChange(key, diff, {c: old[c] for c in diff}, {c: new[c] for c in diff}))
    return out


def _unchanged(con: duckdb.DuckDBPyConnection, keys: tuple[str, ...], columns: list[str]) -> int:
    same = " AND ".join(f"a.{_quote(c)} IS NOT DISTINCT FROM b.{_quote(c)}" for c in columns)
    return int(
        con.execute(
            f"SELECT count(*) FROM new_rows AS a JOIN old_rows AS b ON {_on(keys)} AND {same}"
        ).fetchall()[0][0]
    )
