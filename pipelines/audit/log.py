"""The audit log: who did what and when, kept append-only beside the submission store.

SQLite, like the ledger, because the dashboard, the CLI and two uploads may write at once.
Triggers refuse every UPDATE and DELETE, so an entry once written stays as it was. Entries
hold account handles, never e-mail addresses, passwords or session tokens; only the
coordinator may read them.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pipelines import sqlite_util
from pipelines.errors import AccessDenied, UsageError
from pipelines.paths import DataDir
from pipelines.words.cells import safe_csv_bytes

ACTIONS = (
    "login",
    "login_failed",
    "logout",
    "lockout",
    "upload_accepted",
    "upload_rejected",
    "approve",
    "return",
    "user_add",
    "user_role",
    "user_reset",
    "user_remove",
    "user_disable",
    "user_enable",
    "export",
    "report_download",
    "narrative_save",
    "reminder_sent",
    "ingest",
    "report_write",
    "report_freeze",
    "upload_refused",
    "backup",
    "restore",
    "upgrade",
    "workplan_update",
    "publish",
    "portfolio_add",
    "portfolio_remove",
    "monitoring_note",
    "session_refused",
    "context_import",
)
# Detail keys that would put a secret or personal data into the log.
FORBIDDEN_DETAIL = frozenset({"password", "token", "email", "e-mail", "mail", "learner_id"})


class Reader(Protocol):
    """Who asks to read the log: a ``pipelines.access.scope.Viewer``, whose permission table
    decides. Named here by shape, because ``access`` records into this log."""

    @property
    def username(self) -> str: ...

    def can(self, action: str) -> bool: ...


CSV_COLUMNS = ("entry_id", "at", "who", "action", "target", "detail")
DEFAULT_LIMIT = 1000
DATA_FORMAT = 4  # equals pipelines.store.format.FORMAT_VERSION (a test holds it)

TABLE = f"""
CREATE TABLE IF NOT EXISTS audit (
    entry_id INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,     -- ISO 8601 UTC, seconds
    who      TEXT NOT NULL,     -- account handle, operating-system user, or '(unknown)'
    action   TEXT NOT NULL CHECK (action IN ({", ".join(repr(a) for a in ACTIONS)})),
    target   TEXT,
    detail   TEXT NOT NULL      -- JSON object
)"""
INDEX = "CREATE INDEX IF NOT EXISTS audit_by_time ON audit(at)"
TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
)
SCHEMA = ";\n".join((TABLE, INDEX, *TRIGGERS)) + ";\n"


def upgrade_schema(data_dir: DataDir) -> bool:
    """Let an older audit log accept every current action, keeping each entry as it was.

    SQLite cannot change a CHECK constraint in place, so the table is copied into a new one
    (same ids, same rows) in one transaction. True when it was needed. An upgrade step
    (``pipelines/operations/migrations.py``) calls it whenever ACTIONS has grown.
    """
    path = audit_path(data_dir)
    if not path.exists():
        return False
    with sqlite_util.connect(path, "the audit log") as con:
        row = con.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'audit'"
        ).fetchone()
        if row is None or all(repr(a) in row[0] for a in ACTIONS):
            return False
        con.execute("BEGIN IMMEDIATE")
        try:
            for trigger in ("audit_no_update", "audit_no_delete"):
                con.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            con.execute("DROP INDEX IF EXISTS audit_by_time")
            con.execute("ALTER TABLE audit RENAME TO audit_before_upgrade")
            con.execute(TABLE)
            con.execute(
                "INSERT INTO audit (entry_id, at, who, action, target, detail)"
                " SELECT entry_id, at, who, action, target, detail FROM audit_before_upgrade"
                " ORDER BY entry_id"
            )
            con.execute("DROP TABLE audit_before_upgrade")
            for statement in (INDEX, *TRIGGERS):
                con.execute(statement)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return True


@dataclass(frozen=True)
class AuditEntry:
    entry_id: int
    at: str
    who: str
    action: str
    target: str | None
    detail: dict[str, Any]

    def as_row(self) -> dict[str, Any]:
        return {
            "entry_id": self.entry_id,
            "at": self.at,
            "who": self.who,
            "action": self.action,
            "target": self.target,
            "detail": json.dumps(self.detail, ensure_ascii=False, sort_keys=True),
        }


def audit_path(data_dir: DataDir) -> Path:
    return data_dir.store / "audit.sqlite"


@contextmanager
def _connect(data_dir: DataDir) -> Iterator[sqlite3.Connection]:
    path = audit_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    with sqlite_util.connect(path, "the audit log") as con:
        con.executescript(SCHEMA)
        if new:  # the data-directory format (pipelines/store/format.py); 0.1 left 0
            con.execute(f"PRAGMA user_version = {DATA_FORMAT}")
        yield con


def _utc(moment: dt.datetime | None = None) -> str:
    moment = moment or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        raise UsageError("Audit times must be timezone-aware (UTC)")
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def record(
    data_dir: DataDir, who: str, action: str, target: str | None = None, **detail: Any
) -> int:
    """Append one entry and return its id. ``detail`` must be JSON-serialisable."""
    if action not in ACTIONS:
        raise UsageError(f"Unknown audit action {action!r}; use one of: {', '.join(ACTIONS)}")
    leaked = sorted(k for k in detail if k.lower() in FORBIDDEN_DETAIL)
    if leaked:
        raise UsageError(f"Audit details may not hold {', '.join(leaked)}")
    try:
        text = json.dumps(detail, ensure_ascii=False, sort_keys=True)
    except TypeError as exc:
        raise UsageError(f"Audit detail is not JSON-serialisable: {exc}") from exc
    row = (_utc(), who or "(unknown)", action, target, text)
    try:
        return _insert(data_dir, row)
    except sqlite3.IntegrityError:
        # a log created before this action existed: let it accept every current action
        # (same rows, same ids), then write the entry
        if not upgrade_schema(data_dir):
            raise
        return _insert(data_dir, row)


def _insert(data_dir: DataDir, row: tuple[str, str, str, str | None, str]) -> int:
    with _connect(data_dir) as con:
        cur = con.execute(
            "INSERT INTO audit (at, who, action, target, detail) VALUES (?, ?, ?, ?, ?)", row
        )
        return int(cur.lastrowid)


def _require_coordinator(viewer: Reader) -> None:
    """The permission table decides who reads the log (today: the coordinator)."""
    if not viewer.can("see_audit"):
        raise AccessDenied(key="pages_a.audit.denied")


def entries(
    data_dir: DataDir,
    viewer: Reader,
    since: dt.datetime | dt.date | str | None = None,
    limit: int | None = DEFAULT_LIMIT,
    action: str | None = None,
    who: str | None = None,
) -> list[AuditEntry]:
    """The newest entries first (at most ``limit``; None: all), optionally from ``since``
    (UTC) on, of one action, and by one actor (``who``, the handle as recorded, any case)."""
    _require_coordinator(viewer)
    if limit is None:
        limit = -1  # SQLite: no limit
    elif limit < 1:
        raise UsageError("The limit must be at least 1")
    if action is not None and action not in ACTIONS:
        raise UsageError(f"Unknown audit action {action!r}; use one of: {', '.join(ACTIONS)}")
    start = _since(since)
    with _connect(data_dir) as con:
        rows = con.execute(
            "SELECT entry_id, at, who, action, target, detail FROM audit"
            " WHERE (? IS NULL OR at >= ?) AND (? IS NULL OR action = ?)"
            " AND (? IS NULL OR lower(who) = lower(?))"
            " ORDER BY entry_id DESC LIMIT ?",
            (start, start, action, action, who, who, limit),
        ).fetchall()
    return [AuditEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]


def actors(data_dir: DataDir, viewer: Reader) -> tuple[str, ...]:
    """Every handle that has an entry in the log, sorted (to check an ``--actor`` asked for)."""
    _require_coordinator(viewer)
    with _connect(data_dir) as con:
        rows = con.execute("SELECT DISTINCT who FROM audit ORDER BY who").fetchall()
    return tuple(r[0] for r in rows)


def _since(since: dt.datetime | dt.date | str | None) -> str | None:
    if since is None:
        return None
    if isinstance(since, dt.date) and not isinstance(since, dt.datetime):
        since = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    if isinstance(since, str):
        try:
            since = dt.datetime.fromisoformat(since)
        except ValueError as exc:
            raise UsageError(
                f"'since' must be a date or time like 2026-01-31 or 2026-01-31T08:00, "
                f"found {since!r}"
            ) from exc
    if isinstance(since, dt.datetime):
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
        return _utc(since)
    raise UsageError(f"'since' must be a date or time, found {since!r}")


def export_csv(
    data_dir: DataDir,
    viewer: Reader,
    since: dt.datetime | dt.date | str | None = None,
    limit: int = 100_000,
) -> bytes:
    """The log as a formula-safe CSV, oldest first; the export itself is logged."""
    import pandas as pd  # here only: every command line imports this module

    found = list(reversed(entries(data_dir, viewer, since=since, limit=limit)))
    data = safe_csv_bytes(pd.DataFrame([e.as_row() for e in found], columns=list(CSV_COLUMNS)))
    record(data_dir, viewer.username, "export", "audit log", rows=len(found))
    return data


def record_refused_upload(
    data_dir: DataDir, who: str, file_name: str, data: bytes, reason: str, **detail: Any
) -> int:
    """An upload refused before validation (too large, wrong kind): who, why, and the
    SHA-256 of what was sent, so a repeated attempt can be recognised."""
    import hashlib

    return record(
        data_dir,
        who,
        "upload_refused",
        file_name,
        reason=reason,
        sha256=hashlib.sha256(data).hexdigest(),
        bytes=len(data),
        **detail,
    )


def record_export(
    data_dir: DataDir, who: str, what: str, path: Path | None = None, **detail: Any
) -> int:
    """A report or table written or downloaded: what, and the SHA-256 of the file written."""
    import hashlib

    if path is not None and Path(path).is_file():
        detail["sha256"] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        detail["file"] = Path(path).name
    return record(data_dir, who, "report_write", what, **detail)


def os_user() -> str:
    """Who runs a command line: the operating-system account (the audit log's actor)."""
    import getpass

    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = ""
    return f"os:{name}" if name else "os:(unknown)"
