"""Ingest a batch of submitted files: read, validate, store, then rebuild the warehouse.

A file is accepted whole or rejected whole; a rejected file leaves no trace in the store.
Accepted rows go to a new Parquet file (learner ids already replaced by their keyed hash) and
one ledger entry; nothing stored is ever modified. The batch holds an exclusive lock on the
store, so concurrent uploads queue instead of interleaving; readers are never blocked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines import warehouse
from pipelines.config import Project, today
from pipelines.errors import InputFileError
from pipelines.intake import pseudonym
from pipelines.intake.readers import RawTable, read_submission
from pipelines.intake.validate import Problem, validate
from pipelines.paths import DataDir
from pipelines.store.ledger import Ledger, Submission, current_pairs
from pipelines.store.lock import store_lock
from pipelines.warehouse.build import is_behind, remove_leftovers

TEMPLATE_ORDER = {"modules": 0, "enrollments": 1, "dissemination": 2}
PARTNER_COLUMN = {
    "modules": "lead_partner_code",
    "enrollments": "partner_code",
    "dissemination": "partner_code",
}


@dataclass(frozen=True)
class Source:
    """One submitted file: its name as the user knows it, and its bytes or a path to read."""

    name: str
    path: Path | None = None
    data: bytes | None = None

    def read_bytes(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None
        return self.path.read_bytes()


@dataclass
class FileOutcome:
    path: str
    template: str | None
    status: str  # accepted | rejected | unchanged
    rows: int
    errors: list[Problem] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    submission_id: int | None = None
    sha256: str = ""

    def contract_dict(self) -> dict:
        return {
            "path": self.path,
            "template": self.template,
            "status": self.status,
            "rows": self.rows,
            "errors": [
                {"row": e.row, "column": e.column, "value": e.value, "message": e.message}
                for e in self.errors
            ],
        }


@dataclass
class BatchResult:
    files: list[FileOutcome]
    build: warehouse.BuildResult | None

    @property
    def all_accepted(self) -> bool:
        return all(f.status != "rejected" for f in self.files)


def _load_known_modules(
    con: duckdb.DuckDBPyConnection, data_dir: DataDir, subs: list[Submission]
) -> None:
    """Modules accepted so far (approved or pending): enrollments may only reference these."""
    pairs = [p for p in current_pairs(subs) if p.template == "modules" and p.with_pending]
    by_id = {s.submission_id: s for s in subs}
    files = sorted({str(data_dir.store / by_id[p.submission_id].parquet) for p in pairs})
    con.execute(
        "CREATE OR REPLACE TABLE known_modules "
        "(module_code VARCHAR, ects DOUBLE, lead_partner_code VARCHAR)"
    )
    if not files:
        return
    current = pa.Table.from_pylist(
        [
            {
                "partner_code": p.partner_code,
                "path": str(data_dir.store / by_id[p.submission_id].parquet),
            }
            for p in pairs
        ]
    )
    con.register("_current_modules", current)
    con.execute(
        "INSERT INTO known_modules SELECT m.module_code, m.ects, m.lead_partner_code "
        "FROM read_parquet($files, filename = true) AS m "
        "JOIN _current_modules AS c ON c.partner_code = m.lead_partner_code AND c.path = m.filename",
        {"files": files},
    )
    con.unregister("_current_modules")


def _is_unchanged(sha: str, template: str, subs: list[Submission], basis: str) -> bool:
    """Same bytes as the current submission of every partner it covers: nothing to do."""
    same = [s for s in subs if s.sha256 == sha and s.template == template]
    if not same:
        return False
    current = {
        (p.template, p.partner_code): p.submission_id
        for p in current_pairs(subs)
        if getattr(p, basis)
    }
    return any(
        all(current.get((template, partner)) == s.submission_id for partner in s.partners)
        for s in same
    )


def _write_parquet(
    con: duckdb.DuckDBPyConnection, data_dir: DataDir, template: str, table: str, sha: str
) -> str:
    """Write the clean rows (learner ids hashed) atomically; return the store-relative path."""
    relative = f"submissions/{template}/{sha[:16]}-{uuid.uuid4().hex[:8]}.parquet"
    final = data_dir.store / relative
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_suffix(".parquet.tmp")
    if template == "enrollments":
        ipad, opad = pseudonym.hmac_pads(pseudonym.installation_secret(data_dir.secret_key))
        expr = pseudonym.HMAC_SQL.format(expr="learner_id")
        query = (
            f"COPY (SELECT * EXCLUDE (learner_id), {expr} AS learner_key FROM {table}) "
            "TO $path (FORMAT parquet, COMPRESSION zstd)"
        )
        con.execute(query, {"ipad": ipad, "opad": opad, "path": str(tmp)})
    else:
        con.execute(
            f"COPY (SELECT * FROM {table}) TO $path (FORMAT parquet, COMPRESSION zstd)",
            {"path": str(tmp)},
        )
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    return relative


def _foreign_rows(
    con: duckdb.DuckDBPyConnection, raw: RawTable, template: str, allowed: set[str]
) -> list[Problem]:
    """A partner may submit only its own rows."""
    column = PARTNER_COLUMN[template]
    if column not in raw.columns:
        return []
    rows = con.execute(
        f'SELECT _row, "{column}" FROM {raw.table} '
        f'WHERE upper(trim("{column}")) NOT IN (SELECT unnest($allowed)) ORDER BY _row',
        {"allowed": sorted(allowed)},
    ).fetchall()
    own = ", ".join(sorted(allowed))
    return [
        Problem(
            row,
            column,
            value,
            f"You can submit rows of {own} only; remove this row or ask that partner to submit it",
        )
        for row, value in rows
    ]


def ingest(
    data_dir: DataDir,
    project: Project,
    sources: list[Source],
    *,
    submitted_by: str = "cli",
    channel: str = "cli",
    approve: bool = True,
    allowed_partners: set[str] | None = None,
    as_of: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
    rebuild: bool = True,
) -> BatchResult:
    """Validate and store a batch (modules first); rebuild the warehouse if anything changed."""
    say = progress or (lambda _msg: None)
    day = as_of or today()
    outcomes: dict[int, FileOutcome] = {}
    with store_lock(data_dir):
        remove_leftovers(data_dir)  # of a batch or build killed earlier
        ledger = Ledger(data_dir.ledger)
        con = warehouse.connect_memory()
        try:
            raws: list[tuple[int, Source, RawTable | None, str]] = []
            for i, src in enumerate(sources):
                say(f"reading {src.name}")
                data = src.read_bytes()
                sha = hashlib.sha256(data).hexdigest()
                try:
                    raw = read_submission(con, src.path or data, src.name, table=f"raw_{i}")
                except InputFileError as exc:
                    outcomes[i] = FileOutcome(
                        src.name,
                        None,
                        "rejected",
                        0,
                        [Problem(None, None, None, str(exc))],
                        sha256=sha,
                    )
                    continue
                raws.append((i, src, raw, sha))
            subs = ledger.submissions()
            _load_known_modules(con, data_dir, subs)
            from pipelines.intake.contract import detect_template

            typed = []
            for i, src, raw, sha in raws:
                try:
                    template = detect_template(raw.columns)
                except InputFileError as exc:
                    outcomes[i] = FileOutcome(
                        src.name,
                        None,
                        "rejected",
                        raw.row_count,
                        [Problem(None, None, None, str(exc))],
                        sha256=sha,
                    )
                    continue
                typed.append((TEMPLATE_ORDER[template], i, src, raw, sha, template))
            for _order, i, src, raw, sha, template in sorted(typed, key=lambda t: (t[0], t[1])):
                basis = "official" if approve else "with_pending"
                if _is_unchanged(sha, template, subs, basis):
                    outcomes[i] = FileOutcome(
                        src.name, template, "unchanged", raw.row_count, sha256=sha
                    )
                    continue
                say(f"validating {src.name} ({raw.row_count} rows, {template})")
                checked = validate(con, raw, project, day)
                problems = list(checked.problems)
                if allowed_partners is not None:
                    problems += _foreign_rows(con, raw, template, allowed_partners)
                    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
                if problems:
                    outcomes[i] = FileOutcome(
                        src.name, template, "rejected", raw.row_count, problems, sha256=sha
                    )
                    continue
                say(f"storing {src.name}")
                relative = _write_parquet(con, data_dir, template, checked.table, sha)
                sid = ledger.record_submission(
                    template=template,
                    sha256=sha,
                    partners=checked.partners,
                    row_count=checked.row_count,
                    file_name=src.name,
                    parquet=relative,
                    submitted_by=submitted_by,
                    channel=channel,
                    approved=approve,
                )
                outcomes[i] = FileOutcome(
                    src.name,
                    template,
                    "accepted",
                    checked.row_count,
                    partners=checked.partners,
                    submission_id=sid,
                    sha256=sha,
                )
                subs = ledger.submissions()
                if template == "modules":
                    _load_known_modules(con, data_dir, subs)
        finally:
            con.close()
        result = None
        changed = any(o.status == "accepted" for o in outcomes.values())
        # behind: a batch was killed between its ledger entry and its build; repair now,
        # even when every file of this batch is unchanged
        if rebuild and (changed or not data_dir.warehouse.exists() or is_behind(data_dir)):
            say("building the warehouse")
            result = warehouse.build(data_dir, project, progress=say, as_of=as_of)
    return BatchResult([outcomes[i] for i in range(len(sources))], result)
