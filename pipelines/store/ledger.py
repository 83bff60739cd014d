"""The ledger of submissions: an append-only SQLite file beside the Parquet store.

Why SQLite: several writers (CLI, two partners uploading at once) need transactions and
locking that work across processes and threads; DuckDB allows only one writer per file.
Rows are never updated or deleted (triggers refuse it): a submission's state is the fold of
its events, and any past state can be rebuilt from a ledger position (the last event id).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from pipelines import sqlite_util
from pipelines.errors import StoreError
from pipelines.store.format import stamp_sqlite
from pipelines.words.catalogue import text

# the note the ledger writes on a file the coordinator sent (approved on receipt); stored as
# written since the first release, read in the reader's language by ``comment_words``
SELF_APPROVED = "submitted by the coordinator"

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    submission_id INTEGER PRIMARY KEY AUTOINCREMENT,
    template      TEXT NOT NULL CHECK (template IN ('modules', 'enrollments', 'dissemination')),
    sha256        TEXT NOT NULL,
    partners      TEXT NOT NULL,            -- JSON list of partner codes in the file
    row_count     INTEGER NOT NULL,
    file_name     TEXT NOT NULL,            -- shown to people only, never used as a path
    parquet       TEXT NOT NULL,            -- path relative to the store folder
    received_at   TEXT NOT NULL,            -- ISO 8601 UTC
    submitted_by  TEXT NOT NULL,
    channel       TEXT NOT NULL             -- cli | upload
);
CREATE TABLE IF NOT EXISTS events (
    event_id      INTEGER PRIMARY KEY AUTOINCREMENT,   -- the ledger position
    submission_id INTEGER NOT NULL REFERENCES submissions(submission_id),
    kind          TEXT NOT NULL CHECK (kind IN ('submitted', 'approved', 'returned')),
    at            TEXT NOT NULL,
    by            TEXT NOT NULL,
    comment       TEXT
);
CREATE INDEX IF NOT EXISTS events_by_submission ON events(submission_id);
CREATE TRIGGER IF NOT EXISTS submissions_no_update BEFORE UPDATE ON submissions
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS submissions_no_delete BEFORE DELETE ON submissions
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
"""

STATE_OF_EVENT = {"submitted": "pending", "approved": "approved", "returned": "returned"}


@dataclass(frozen=True)
class Submission:
    submission_id: int
    template: str
    sha256: str
    partners: tuple[str, ...]
    row_count: int
    file_name: str
    parquet: str
    received_at: str
    submitted_by: str
    channel: str
    state: str  # pending | approved | returned | superseded (derived, see current_pairs)
    state_at: str
    state_by: str
    comment: str | None


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Ledger:
    """Short-lived SQLite connections; every write is one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        new = not path.exists() or path.stat().st_size == 0
        with self._connect() as con:
            con.executescript(SCHEMA)
            if new:  # release 0.1 left user_version 0: that is how upgrade recognises it
                stamp_sqlite(con)

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return sqlite_util.connect(self.path, "the submission ledger")

    # writes ---------------------------------------------------------------------------
    def record_submission(
        self,
        *,
        template: str,
        sha256: str,
        partners: list[str],
        row_count: int,
        file_name: str,
        parquet: str,
        submitted_by: str,
        channel: str,
        approved: bool,
    ) -> int:
        """Append a submission and its first event(s) atomically; return its id."""
        now = utc_now()
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                cur = con.execute(
                    "INSERT INTO submissions (template, sha256, partners, row_count, file_name,"
                    " parquet, received_at, submitted_by, channel) VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        template,
                        sha256,
                        json.dumps(sorted(partners)),
                        row_count,
                        file_name,
                        parquet,
                        now,
                        submitted_by,
                        channel,
                    ),
                )
                sid = int(cur.lastrowid)
                con.execute(
                    "INSERT INTO events (submission_id, kind, at, by) VALUES (?, 'submitted', ?, ?)",
                    (sid, now, submitted_by),
                )
                if approved:
                    con.execute(
                        "INSERT INTO events (submission_id, kind, at, by, comment)"
                        " VALUES (?, 'approved', ?, ?, ?)",
                        (sid, now, submitted_by, SELF_APPROVED),
                    )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return sid

    def record_decision(self, submission_id: int, kind: str, by: str, comment: str | None) -> int:
        """Approve or return a pending submission; refuse anything else."""
        if kind not in ("approved", "returned"):
            raise StoreError(f"Unknown decision {kind!r}")
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                row = con.execute(
                    "SELECT kind FROM events WHERE submission_id = ? ORDER BY event_id DESC LIMIT 1",
                    (submission_id,),
                ).fetchone()
                if row is None:
                    raise StoreError(f"Submission {submission_id} does not exist")
                if row[0] != "submitted":
                    raise StoreError(
                        f"Submission {submission_id} is already {STATE_OF_EVENT[row[0]]}; "
                        "only pending submissions can be approved or returned"
                    )
                cur = con.execute(
                    "INSERT INTO events (submission_id, kind, at, by, comment) VALUES (?,?,?,?,?)",
                    (submission_id, kind, utc_now(), by, comment),
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return int(cur.lastrowid)

    # reads ----------------------------------------------------------------------------
    def position(self) -> int:
        with self._connect() as con:
            return int(con.execute("SELECT coalesce(max(event_id), 0) FROM events").fetchone()[0])

    def submissions(self, position: int | None = None) -> list[Submission]:
        """Every submission as it stood at a ledger position (default: now), oldest first."""
        pos = self.position() if position is None else position
        with self._connect() as con:
            rows = con.execute(
                """
                WITH last AS (
                    SELECT submission_id, max(event_id) AS event_id
                    FROM events WHERE event_id <= ? GROUP BY submission_id
                )
                SELECT s.submission_id, s.template, s.sha256, s.partners, s.row_count,
                       s.file_name, s.parquet, s.received_at, s.submitted_by, s.channel,
                       e.kind, e.at, e.by, e.comment
                FROM submissions s
                JOIN last USING (submission_id)
                JOIN events e ON e.event_id = last.event_id
                ORDER BY s.submission_id
                """,
                (pos,),
            ).fetchall()
        return [
            Submission(
                submission_id=r[0],
                template=r[1],
                sha256=r[2],
                partners=tuple(json.loads(r[3])),
                row_count=r[4],
                file_name=r[5],
                parquet=r[6],
                received_at=r[7],
                submitted_by=r[8],
                channel=r[9],
                state=STATE_OF_EVENT[r[10]],
                state_at=r[11],
                state_by=r[12],
                comment=r[13],
            )
            for r in rows
        ]

    def events(self, position: int | None = None) -> list[tuple]:
        pos = self.position() if position is None else position
        with self._connect() as con:
            return con.execute(
                "SELECT event_id, submission_id, kind, at, by, comment FROM events"
                " WHERE event_id <= ? ORDER BY event_id",
                (pos,),
            ).fetchall()


@dataclass(frozen=True)
class CurrentPair:
    """Which submission holds a partner's current rows of a template, per basis."""

    template: str
    partner_code: str
    submission_id: int
    official: bool
    with_pending: bool


def current_pairs(submissions: list[Submission]) -> list[CurrentPair]:
    """Per (template, partner): the newest approved submission is official; the newest
    approved-or-pending one counts when pending data is included. Newer wins, by id."""
    official: dict[tuple[str, str], int] = {}
    with_pending: dict[tuple[str, str], int] = {}
    for s in submissions:  # ascending id: later overwrite earlier
        for p in s.partners:
            if s.state == "approved":
                official[(s.template, p)] = s.submission_id
            if s.state in ("approved", "pending"):
                with_pending[(s.template, p)] = s.submission_id
    pairs: dict[tuple[str, str, int], list[bool]] = {}
    for key, sid in official.items():
        pairs.setdefault((*key, sid), [False, False])[0] = True
    for key, sid in with_pending.items():
        pairs.setdefault((*key, sid), [False, False])[1] = True
    return [CurrentPair(t, p, sid, o, w) for (t, p, sid), (o, w) in sorted(pairs.items())]


def stored_without_ledger(ledger_path: Path, submissions_dir: Path) -> int:
    """How many stored submission files there are when the ledger is missing or records none
    (0 otherwise). A build from such a ledger would publish every figure as zero while the
    submissions are still there: the ledger was lost, not the data."""
    if not submissions_dir.is_dir():
        return 0
    files = sum(1 for _ in submissions_dir.glob("*/*.parquet"))
    if not files or not ledger_path.is_file() or ledger_path.stat().st_size == 0:
        return files
    try:
        con = sqlite3.connect(f"{ledger_path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error:
        return files
    try:
        recorded = int(con.execute("SELECT count(*) FROM submissions").fetchone()[0])
    except sqlite3.Error:
        recorded = 0
    finally:
        con.close()
    return 0 if recorded else files


def require_ledger(ledger_path: Path, submissions_dir: Path) -> None:
    """Refuse to go on (build, ingest) when the ledger of stored submissions is lost."""
    unrecorded = stored_without_ledger(ledger_path, submissions_dir)
    if unrecorded:
        raise StoreError(key="ops.build.no_ledger", path=str(ledger_path), files=unrecorded)


def comment_words(comment: str | None, lang: str) -> str:
    """A decision's comment as people read it: the coordinator's text as typed, the note the
    ledger writes itself in the reader's language, nothing as ''."""
    if comment is None or comment != comment:  # None, or a missing value read by pandas
        return ""
    if comment == SELF_APPROVED:
        return text("pages_a.comment.self_approved", lang)
    return str(comment)
