"""The data directory's format version: ``format.json`` at its root.

Three years of service means several releases reading one directory. The marker says which
layout the files follow, which release wrote it, the upgrades applied and the last backup, so
a command never misreads an older layout: it refuses it and names ``upgrade``.

Release 0.1 wrote no marker (format 1). It is recognised by its SQLite files: this release
stamps ``PRAGMA user_version`` on every SQLite file it creates, release 0.1 left it at 0. A
directory with no marker and no SQLite file is new and gets the current marker.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from pipelines.errors import StoreError
from pipelines.paths import DataDir

FORMAT_VERSION = 4
RELEASE = "0.2"
MARKER = "format.json"


def marker_path(data_dir: DataDir) -> Path:
    return data_dir.root / MARKER


def sqlite_files(data_dir: DataDir) -> list[Path]:
    """The SQLite files of a data directory (ledger, audit log, accounts, work plan, portfolio)
    that exist."""
    names = (
        data_dir.ledger,
        data_dir.store / "audit.sqlite",
        data_dir.private / "accounts.sqlite",
        data_dir.workplan,
        data_dir.store / "portfolio.sqlite",
    )
    return [p for p in names if p.is_file() and p.stat().st_size > 0]


def user_version(path: Path) -> int:
    """``PRAGMA user_version`` read without writing anything (no WAL side files created)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return int(con.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error as exc:
        raise StoreError(key="ops.format.unreadable", path=str(path), reason=str(exc)) from exc
    finally:
        con.close()


def stamp_sqlite(con: sqlite3.Connection) -> None:
    """Mark a SQLite file as written by this format (release 0.1 left user_version 0)."""
    con.execute(f"PRAGMA user_version = {int(FORMAT_VERSION)}")


def read_marker(data_dir: DataDir) -> dict[str, Any] | None:
    path = marker_path(data_dir)
    if not path.exists():
        return None
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
        version = found["version"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise StoreError(key="ops.format.unreadable", path=str(path), reason=str(exc)) from exc
    if type(version) is not int or not 0 < version < 1000:  # 1e999, 2.5, "2", true
        raise StoreError(key="ops.format.bad_version", path=str(path), found=str(version)[:40])
    return found


def detect_version(data_dir: DataDir) -> int | None:
    """The directory's format version; None for a new (empty) directory."""
    marker = read_marker(data_dir)
    if marker is not None:
        return int(marker["version"])
    files = sqlite_files(data_dir)
    if not files:
        return None
    return 1 if any(user_version(p) < FORMAT_VERSION for p in files) else FORMAT_VERSION


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def file_stamp() -> str:
    """A UTC time for file names: 20261130T092759Z."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def write_marker(data_dir: DataDir, marker: dict[str, Any]) -> None:
    """Replace format.json atomically (a crash leaves the old or the new marker)."""
    data_dir.root.mkdir(parents=True, exist_ok=True)
    path = marker_path(data_dir)
    tmp = path.with_name(f".{MARKER}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(marker, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def new_marker() -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "written_by": RELEASE,
        "created_at": utc_now(),
        "upgrades": [],
        "backups": [],
    }


def ensure_current(data_dir: DataDir) -> dict[str, Any]:
    """The marker of a readable directory (stamped when new); refuse an older or newer one."""
    version = detect_version(data_dir)
    if version is None or (version == FORMAT_VERSION and read_marker(data_dir) is None):
        write_marker(data_dir, new_marker())
        version = FORMAT_VERSION
    if version < FORMAT_VERSION:
        raise StoreError(
            key="ops.format.upgrade_needed",
            path=str(data_dir.root),
            found=version,
            expected=FORMAT_VERSION,
        )
    if version > FORMAT_VERSION:
        raise StoreError(
            key="ops.format.too_new",
            path=str(data_dir.root),
            found=version,
            expected=FORMAT_VERSION,
        )
    marker = read_marker(data_dir)
    assert marker is not None
    return marker


def note(data_dir: DataDir, kind: str, entry: dict[str, Any]) -> None:
    """Append an entry (``upgrades`` or ``backups``) to the marker, keeping the last 50."""
    marker = read_marker(data_dir) or new_marker()
    items = list(marker.get(kind, []))
    items.append({"at": utc_now(), **entry})
    marker[kind] = items[-50:]
    write_marker(data_dir, marker)
