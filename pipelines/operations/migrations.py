"""Upgrades of the data directory, one small function per format step, applied in order.

``MIGRATIONS`` lists ``(from_version, function)``; each function takes a directory of format
``from_version`` to ``from_version + 1`` and must be safe to run again on its own output
(an upgrade killed half-way is simply run again). A later change of the layout (a new table,
a new folder) adds ``migrate_4_to_5`` here and raises ``FORMAT_VERSION`` in
``pipelines/store/format.py``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.audit import log as audit
from pipelines.config import Project
from pipelines.errors import StoreError
from pipelines.paths import DataDir
from pipelines.store import format as data_format
from pipelines.store.lock import store_lock
from pipelines.warehouse.build import build, remove_leftovers

Migration = Callable[[DataDir], list[str]]


def _checkpoint_and_stamp(path: Path, version: int) -> None:
    """Fold the WAL into the file and record the format in ``user_version``."""
    con = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        con.execute("PRAGMA busy_timeout=30000")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute(f"PRAGMA user_version = {int(version)}")
    except sqlite3.Error as exc:
        raise StoreError(key="ops.format.unreadable", path=str(path), reason=str(exc)) from exc
    finally:
        con.close()


def migrate_1_to_2(data_dir: DataDir) -> list[str]:
    """Release 0.1 -> format 2: stamp every SQLite file, tighten ``private/``, add the marker.

    The tables, the Parquet store and the frozen reports are read as they are.
    """
    done = []
    if audit.upgrade_schema(data_dir):
        done.append("audit log accepts the new actions (ingest, report, backup, upgrade)")
    for path in data_format.sqlite_files(data_dir):
        _checkpoint_and_stamp(path, 2)
        done.append(f"stamped {path.relative_to(data_dir.root)}")
    if data_dir.private.is_dir():
        os.chmod(data_dir.private, 0o700)
        for item in data_dir.private.iterdir():
            if item.is_file():
                os.chmod(item, 0o600)
        done.append("private/ readable by the owner only")
    return done


def migrate_2_to_3(data_dir: DataDir) -> list[str]:
    """Format 2 -> 3: the audit log accepts the work plan's updates; every SQLite file is
    stamped. The work plan's own file (``store/workplan.sqlite``) is created when first used."""
    done = []
    if audit.upgrade_schema(data_dir):
        done.append("audit log accepts the new actions (work plan updates)")
    for path in data_format.sqlite_files(data_dir):
        _checkpoint_and_stamp(path, 3)
        done.append(f"stamped {path.relative_to(data_dir.root)}")
    return done


def migrate_3_to_4(data_dir: DataDir) -> list[str]:
    """Format 3 -> 4: the audit log accepts the portfolio's actions (a package added or
    removed, a monitoring note); every SQLite file is stamped. The portfolio's own file
    (``store/portfolio.sqlite``) is created when first used."""
    done = []
    if audit.upgrade_schema(data_dir):
        done.append("audit log accepts the new actions (portfolio, monitoring notes)")
    for path in data_format.sqlite_files(data_dir):
        _checkpoint_and_stamp(path, 4)
        done.append(f"stamped {path.relative_to(data_dir.root)}")
    return done


MIGRATIONS: list[tuple[int, Migration]] = [
    (1, migrate_1_to_2),
    (2, migrate_2_to_3),
    (3, migrate_3_to_4),
]


@dataclass
class UpgradeResult:
    found: int | None
    version: int
    steps: list[str] = field(default_factory=list)
    backup: Path | None = None
    rebuilt: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.steps)

    def as_dict(self) -> dict:
        return {
            "found": self.found,
            "version": self.version,
            "changed": self.changed,
            "steps": self.steps,
            "backup": str(self.backup) if self.backup else None,
            "rebuilt": self.rebuilt,
        }


def pending(found: int | None) -> list[tuple[int, Migration]]:
    if found is None:
        return []
    return [(v, m) for v, m in MIGRATIONS if v >= found and v < data_format.FORMAT_VERSION]


def upgrade(
    data_dir: DataDir,
    project: Project,
    backup: Callable[[DataDir], Path],
    progress: Callable[[str], None] | None = None,
    actor: str = "",
) -> UpgradeResult:
    """Bring a directory to the current format in place, after ``backup`` returned its archive.

    Nothing happens to a current directory (a second upgrade changes nothing); a new
    directory only gets its marker.
    """
    say = progress or (lambda _m: None)
    found = data_format.detect_version(data_dir)
    if found is not None and found > data_format.FORMAT_VERSION:
        raise StoreError(
            key="ops.format.too_new",
            path=str(data_dir.root),
            found=found,
            expected=data_format.FORMAT_VERSION,
        )
    steps = pending(found)
    if not steps:
        if data_format.read_marker(data_dir) is None:
            data_format.ensure_current(data_dir)
        return UpgradeResult(found, data_format.FORMAT_VERSION)
    result = UpgradeResult(found, found)
    say("taking a backup before the upgrade")
    result.backup = backup(data_dir)
    taken = data_format.utc_now()
    with store_lock(data_dir):
        for version, migration in steps:
            say(f"format {version} -> {version + 1}")
            done = migration(data_dir)
            marker = data_format.read_marker(data_dir) or data_format.new_marker()
            marker["version"] = version + 1
            marker["written_by"] = data_format.RELEASE
            marker.setdefault("upgrades", []).append(
                {
                    "at": data_format.utc_now(),
                    "from": version,
                    "to": version + 1,
                    "steps": done,
                    "backup": str(result.backup),
                }
            )
            if not any(b.get("path") == str(result.backup) for b in marker.get("backups", [])):
                # the backup taken above is this directory's last backup (doctor reads it)
                marker.setdefault("backups", []).append(
                    {"at": taken, "path": str(result.backup), "without_secrets": False}
                )
            data_format.write_marker(data_dir, marker)
            result.steps += [f"{version} -> {version + 1}: {d}" for d in done] or [
                f"{version} -> {version + 1}"
            ]
            result.version = version + 1
        # audited before the build: an upgrade killed while building has changed the format
        audit.record(
            data_dir,
            actor,
            "upgrade",
            str(data_dir.root),
            found=result.found,
            version=result.version,
            backup=str(result.backup),
        )
        remove_leftovers(data_dir)
        say("rebuilding the warehouse")
        build(data_dir, project, progress=say)
        result.rebuilt = True
    return result
