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

from pipelines import warehouse
from pipelines.config import Project, today
from pipelines.errors import InputFileError
from pipelines.intake import pseudonym
from pipelines.intake.contract import Limits, detect_template
from pipelines.intake.readers import RawTable, read_submission
from pipelines.intake.validate import Problem, validate
from pipelines.paths import DataDir
from pipelines.store.ledger import Ledger, Submission, current_pairs, require_ledger
from pipelines.store.lock import store_lock
from pipelines.warehouse.build import freshness, remove_leftovers

# zstd at its fastest level: the learner keys (random hex) take most of the writing time, and
# a higher level makes the files no smaller
PARQUET = "FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1"
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

    def contract_dict(self, lang: str | None = None) -> dict:
        """The data contract's JSON form; messages in ``lang`` (keys stay English)."""
        return {
            "path": self.path,
            "template": self.template,
            "status": self.status,
            "rows": self.rows,
            "errors": [
                {
                    "row": e.row,
                    "column": e.column,
                    "value": e.value,
                    "message": e.render(lang),
                    "key": e.key,
                }
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
    con.execute(
        "INSERT INTO known_modules SELECT m.module_code, m.ects, m.lead_partner_code "
        "FROM read_parquet($files, filename = true) AS m "
        "JOIN (SELECT unnest($partners) AS partner_code, unnest($paths) AS path) AS c "
        "ON c.partner_code = m.lead_partner_code AND c.path = m.filename",
        {
            "files": files,
            "partners": [p.partner_code for p in pairs],
            "paths": [str(data_dir.store / by_id[p.submission_id].parquet) for p in pairs],
        },
    )


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
        # a learner has several enrollments: hash each distinct id once, join the keys back
        # and keep the file's row order
        expr = pseudonym.HMAC_SQL.format(expr="learner_id")
        query = (
            f"COPY (SELECT t.* EXCLUDE (learner_id), k.learner_key FROM {table} AS t "
            f"LEFT JOIN (SELECT learner_id, {expr} AS learner_key "
            f"FROM (SELECT DISTINCT learner_id FROM {table})) AS k "
            "ON k.learner_id = t.learner_id ORDER BY t.source_row) "
            f"TO $path ({PARQUET})"
        )
        con.execute(query, {"ipad": ipad, "opad": opad, "path": str(tmp)})
    else:
        con.execute(
            f"COPY (SELECT * FROM {table}) TO $path ({PARQUET})",
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
        Problem.keyed((row, column, value), "intake.partner.not_yours", partners=own)
        for row, value in rows
    ]


def _unreadable(src: Source, sha: str, exc: InputFileError, rows: int = 0) -> FileOutcome:
    problem = Problem(None, None, None, str(exc), exc.key, dict(exc.params))
    return FileOutcome(src.name, None, "rejected", rows, [problem], sha256=sha)


@dataclass
class _Read:
    """A file read into the batch's connection, its template told from its header."""

    index: int
    source: Source
    raw: RawTable
    sha: str
    template: str


def _read_all(
    con: duckdb.DuckDBPyConnection,
    sources: list[Source],
    limits: Limits,
    outcomes: dict[int, FileOutcome],
    say: Callable[[str], None],
) -> list[_Read]:
    """Read every file and tell its template, before the store is locked: a hostile file is
    refused (too wide, too big unpacked) without making other uploads wait."""
    read: list[_Read] = []
    for i, src in enumerate(sources):
        say(f"reading {src.name}")
        data = src.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        try:
            raw = read_submission(con, src.path or data, src.name, table=f"raw_{i}", limits=limits)
        except InputFileError as exc:
            outcomes[i] = _unreadable(src, sha, exc)
            continue
        try:
            template = detect_template(raw.columns)
        except InputFileError as exc:
            outcomes[i] = _unreadable(src, sha, exc, raw.row_count)
            continue
        read.append(_Read(i, src, raw, sha, template))
    return sorted(read, key=lambda r: (TEMPLATE_ORDER[r.template], r.index))


@dataclass
class _Batch:
    """What one batch knows while it stores files: who submits, how, and the ledger."""

    data_dir: DataDir
    project: Project
    ledger: Ledger
    con: duckdb.DuckDBPyConnection
    day: dt.date
    submitted_by: str
    channel: str
    approve: bool
    allowed_partners: set[str] | None


def _store_one(batch: _Batch, item: _Read, subs: list[Submission], say) -> FileOutcome:
    """Validate one read file and, when it has no problem, store it with its ledger entry."""
    src, raw, sha, template = item.source, item.raw, item.sha, item.template
    basis = "official" if batch.approve else "with_pending"
    if _is_unchanged(sha, template, subs, basis):
        return FileOutcome(src.name, template, "unchanged", raw.row_count, sha256=sha)
    say(f"validating {src.name} ({raw.row_count} rows, {template})")
    checked = validate(batch.con, raw, batch.project, batch.day)
    problems = list(checked.problems)
    if batch.allowed_partners is not None:
        problems += _foreign_rows(batch.con, raw, template, batch.allowed_partners)
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    if problems:
        return FileOutcome(src.name, template, "rejected", raw.row_count, problems, sha256=sha)
    say(f"storing {src.name}")
    relative = _write_parquet(batch.con, batch.data_dir, template, checked.table, sha)
    sid = batch.ledger.record_submission(
        template=template,
        sha256=sha,
        partners=checked.partners,
        row_count=checked.row_count,
        file_name=src.name,
        parquet=relative,
        submitted_by=batch.submitted_by,
        channel=batch.channel,
        approved=batch.approve,
    )
    return FileOutcome(
        src.name,
        template,
        "accepted",
        checked.row_count,
        partners=checked.partners,
        submission_id=sid,
        sha256=sha,
    )


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
    outcomes: dict[int, FileOutcome] = {}
    limits = Limits.for_upload_mb(project.access.max_upload_mb)
    con = warehouse.connect_memory()
    try:
        read = _read_all(con, sources, limits, outcomes, say)
        with store_lock(data_dir):
            remove_leftovers(data_dir)  # of a batch or build killed earlier
            require_ledger(data_dir.ledger, data_dir.submissions)
            ledger = Ledger(data_dir.ledger)
            batch = _Batch(
                data_dir, project, ledger, con, as_of or today(), submitted_by, channel,
                approve, allowed_partners,
            )  # fmt: skip
            subs = ledger.submissions()
            _load_known_modules(con, data_dir, subs)
            for item in read:
                outcome = _store_one(batch, item, subs, say)
                outcomes[item.index] = outcome
                if outcome.status == "accepted":
                    subs = ledger.submissions()
                    if item.template == "modules":
                        _load_known_modules(con, data_dir, subs)
            con.close()
            result = _rebuild(data_dir, project, outcomes, rebuild, as_of, say)
    finally:
        con.close()
    return BatchResult([outcomes[i] for i in range(len(sources))], result)


def _rebuild(data_dir, project, outcomes, rebuild, as_of, say) -> warehouse.BuildResult | None:
    """Build the warehouse when a file was stored, none exists yet, or its figures are not
    current (behind the ledger after a batch killed between its ledger entry and its build, or
    made with other settings: repaired even when every file of this batch is unchanged);
    still under the lock."""
    changed = any(o.status == "accepted" for o in outcomes.values())
    stale = rebuild and not changed and not freshness(data_dir, project).current
    if rebuild and (changed or not data_dir.warehouse.exists() or stale):
        say("building the warehouse")
        return warehouse.build(data_dir, project, progress=say, as_of=as_of)
    return None
