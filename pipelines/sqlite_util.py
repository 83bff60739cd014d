"""Connections to the small SQLite files (submission ledger, audit log, account store).

They are written by several processes at once (the CLI, the dashboard, two uploads), so every
caller opens a short-lived connection that waits for the others instead of failing, and
commits each statement unless it opens a transaction itself (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.errors import StoreError


@contextmanager
def connect(
    path: Path, what: str, *, wal: bool = True, foreign_keys: bool = False
) -> Iterator[sqlite3.Connection]:
    """An autocommit connection to ``path``, closed on exit.

    ``what`` names the file in the error ("the audit log"). ``wal``: readers never block the
    writer. ``foreign_keys``: SQLite enforces REFERENCES ... ON DELETE only when asked.
    """
    try:
        con = sqlite3.connect(path, timeout=30, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot open {what} {path}: {exc}") from exc
    try:
        if wal:
            con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA busy_timeout=30000")  # wait up to 30 s for another writer
        if foreign_keys:
            con.execute("PRAGMA foreign_keys=ON")
        yield con
    finally:
        con.close()
