"""The work plan's history: an append-only SQLite file beside the ledger.

Like the ledger, several writers (command line, dashboard) may write at once, so each write is
one short transaction, and triggers refuse every UPDATE and DELETE: a deliverable's state is the
fold of its rows, and who changed what and when stays on record.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pipelines import sqlite_util
from pipelines.paths import DataDir, sql_file
from pipelines.store.format import stamp_sqlite

KINDS = ("deliverable", "milestone", "risk")


@dataclass(frozen=True)
class Event:
    event_id: int
    item_kind: str
    code: str
    status: str | None
    on_day: dt.date
    justification: str | None
    evidence_name: str | None
    evidence_sha256: str | None
    evidence_bytes: int | None
    evidence_type: str | None
    evidence_path: str | None
    evidence_url: str | None
    at: str
    by: str

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_sha256 or self.evidence_url)


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@contextmanager
def _connect(data_dir: DataDir) -> Iterator[sqlite3.Connection]:
    path = data_dir.workplan
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    with sqlite_util.connect(path, "the work plan history") as con:
        con.executescript(sql_file("workplan/schema.sql"))
        if new:
            stamp_sqlite(con)
        yield con


def connect(data_dir: DataDir):
    """The work plan's file with its schema in place, for what is kept beside the history
    (the loaded lists of deliverables and milestones)."""
    return _connect(data_dir)


def record(
    data_dir: DataDir,
    *,
    item_kind: str,
    code: str,
    on_day: dt.date,
    by: str,
    status: str | None = None,
    justification: str | None = None,
    evidence: dict | None = None,
) -> int:
    """Append one change; return its position."""
    ev = evidence or {}
    row = {
        "item_kind": item_kind,
        "code": code,
        "status": status,
        "on_day": on_day.isoformat(),
        "justification": justification,
        "evidence_name": ev.get("name"),
        "evidence_sha256": ev.get("sha256"),
        "evidence_bytes": ev.get("size"),
        "evidence_type": ev.get("type"),
        "evidence_path": ev.get("path"),
        "evidence_url": ev.get("url"),
        "at": utc_now(),
        "by": by,
    }
    with _connect(data_dir) as con:
        con.execute("BEGIN IMMEDIATE")
        try:
            cur = con.execute(sql_file("workplan/record.sql"), row)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return int(cur.lastrowid)


def events(data_dir: DataDir, item_kind: str | None = None) -> list[Event]:
    """Every change, oldest first (none before the first change: the file is not created
    by reading)."""
    if not data_dir.workplan.exists():
        return []
    with _connect(data_dir) as con:
        rows = con.execute(sql_file("workplan/history.sql"), {"item_kind": item_kind}).fetchall()
    return [
        Event(
            event_id=r[0],
            item_kind=r[1],
            code=r[2],
            status=r[3],
            on_day=dt.date.fromisoformat(r[4]),
            justification=r[5],
            evidence_name=r[6],
            evidence_sha256=r[7],
            evidence_bytes=r[8],
            evidence_type=r[9],
            evidence_path=r[10],
            evidence_url=r[11],
            at=r[12],
            by=r[13],
        )
        for r in rows
    ]
