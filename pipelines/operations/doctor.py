"""The health check: what an operator should look at, each with what to do.

Every check answers ``ok``, ``warning`` or ``problem`` with a message and, unless ok, an
action, as catalogue messages (the CLI and the coordinator's health view put them into the
reader's language). Nothing here changes the installation.
"""

from __future__ import annotations

import datetime as dt
import platform
import shutil
import socket
import sqlite3
import stat
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pipelines.access.audit import audit_path
from pipelines.config import load_project
from pipelines.errors import LeslieError
from pipelines.operations import backup as backups
from pipelines.paths import DataDir
from pipelines.store import format as data_format
from pipelines.store.ledger import stored_without_ledger
from pipelines.warehouse.build import freshness, ledger_position, warehouse_position
from pipelines.words.catalogue import Message

OK, WARNING, PROBLEM = "ok", "warning", "problem"
BACKUP_MAX_DAYS = 7
DISK_WARNING_BYTES = 2 * 1024**3
DISK_PROBLEM_BYTES = 500 * 1024**2
SMTP_TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True)
class Check:
    name: str  # stable code for scripts: versions, format, private, warehouse, ...
    status: str
    message: Message
    action: Message | None = None

    def as_dict(self, lang: str | None = None) -> dict:
        return {
            "check": self.name,
            "status": self.status,
            "key": self.message.key,
            "message": self.message.render(lang),
            "action": self.action.render(lang) if self.action else None,
        }


def _m(key: str, **params: object) -> Message:
    return Message(f"ops.doctor.{key}", params)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def check_versions() -> Check:
    python = platform.python_version()
    found = _m(
        "versions",
        release=data_format.RELEASE,
        python=python,
        duckdb=_version("duckdb"),
        streamlit=_version("streamlit"),
    )
    if tuple(int(p) for p in python.split(".")[:2]) < (3, 11):
        return Check("versions", PROBLEM, found, _m("versions.action"))
    return Check("versions", OK, found)


def check_format(data_dir: DataDir) -> Check:
    try:
        found = data_format.detect_version(data_dir)
    except LeslieError as exc:
        return Check("format", PROBLEM, Message(exc.key or "ops.doctor.format.old", exc.params))
    expected = data_format.FORMAT_VERSION
    if found is None or found == expected:
        return Check("format", OK, _m("format.ok", version=expected))
    if found < expected:
        return Check(
            "format",
            PROBLEM,
            _m("format.old", found=found, expected=expected),
            _m("format.upgrade"),
        )
    return Check("format", PROBLEM, _m("format.new", found=found, expected=expected))


def check_private(data_dir: DataDir) -> Check:
    """private/ 0700 and its files 0600: secrets and password hashes readable by us only."""
    folder = data_dir.private
    if not folder.exists():
        return Check("private", OK, _m("private.ok"))
    loose = [folder] if stat.S_IMODE(folder.stat().st_mode) & 0o077 else []
    loose += [p for p in sorted(folder.iterdir()) if stat.S_IMODE(p.stat().st_mode) & 0o077]
    if not loose:
        return Check("private", OK, _m("private.ok"))
    names = ", ".join(str(p.relative_to(data_dir.root)) for p in loose)
    return Check(
        "private",
        PROBLEM,
        _m("private.open", files=names),
        _m("private.action", path=str(folder)),
    )


def check_warehouse(data_dir: DataDir) -> Check:
    ledger = ledger_position(data_dir)
    built = warehouse_position(data_dir.warehouse)
    if built is None and ledger == 0:
        return Check("warehouse", OK, _m("warehouse.empty"))
    if built is None:
        return Check("warehouse", PROBLEM, _m("warehouse.missing"), _m("warehouse.action"))
    if built < ledger:
        return Check(
            "warehouse",
            WARNING,
            _m("warehouse.behind", built=built, ledger=ledger),
            _m("warehouse.action"),
        )
    try:
        project = load_project(data_dir.project_file)
    except LeslieError:
        project = None  # the configuration check says why
    verdict = None if project is None else freshness(data_dir, project)
    if verdict is not None and not verdict.current:  # other settings or SQL than the build's
        return Check(
            "warehouse",
            WARNING,
            _m("warehouse.settings", built=verdict.built_at or "–"),
            _m("warehouse.action"),
        )
    return Check("warehouse", OK, _m("warehouse.ok", position=built))


def check_backup(data_dir: DataDir, now: dt.datetime | None = None) -> Check:
    now = now or dt.datetime.now(dt.UTC)
    try:
        marker = data_format.read_marker(data_dir) or {}
    except LeslieError:
        marker = {}
    backups = marker.get("backups") or []
    try:
        last = dt.datetime.fromisoformat(backups[-1]["at"])
        days = (now - last).days
    except (IndexError, KeyError, TypeError, ValueError):  # none, or an entry not ours
        return Check("backup", WARNING, _m("backup.none"), _m("backup.action"))
    if days > BACKUP_MAX_DAYS:
        return Check("backup", WARNING, _m("backup.old", days=days), _m("backup.action"))
    return Check("backup", OK, _m("backup.ok", at=backups[-1]["at"], days=days))


def _backup_folders(data_dir: DataDir) -> list[Path]:
    """Where backups of this installation are written: ``backups/`` inside it (upgrade's) and
    every folder a recorded backup went to."""
    folders = [data_dir.root / backups.BACKUPS]
    try:
        marker = data_format.read_marker(data_dir) or {}
        recorded = [Path(str(b["path"])).parent for b in marker.get("backups") or []]
    except (LeslieError, KeyError, TypeError, ValueError):
        recorded = []
    for folder in recorded:
        if folder not in folders:
            folders.append(folder)
    return folders


def check_leftovers(data_dir: DataDir) -> Check:
    """Temporary archives of killed backups and staging folders of killed restores: each
    holds a copy of the secret key and the password hashes."""
    found = [p for f in _backup_folders(data_dir) for p in backups.backup_leftovers(f)]
    found += backups.restore_leftovers(data_dir.root)
    if not found:
        return Check("leftovers", OK, _m("leftovers.ok"))
    names = ", ".join(str(p) for p in found)
    readable = [p for p in found if _mode(p) & 0o077]
    return Check(
        "leftovers",
        PROBLEM if readable else WARNING,
        _m("leftovers.found", files=names),
        _m("leftovers.action"),
    )


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.lstat().st_mode)
    except OSError:  # removed meanwhile
        return 0


def check_ledger(data_dir: DataDir) -> Check:
    """The ledger is there whenever submissions are stored (a build would publish zeros)."""
    unrecorded = stored_without_ledger(data_dir.ledger, data_dir.submissions)
    if unrecorded:
        return Check(
            "ledger",
            PROBLEM,
            _m("ledger.missing", path=str(data_dir.ledger), files=unrecorded),
            _m("ledger.action"),
        )
    return Check("ledger", OK, _m("ledger.ok"))


def check_audit(data_dir: DataDir) -> Check:
    """The audit log is whole: entries numbered without a gap from 1, none removed at the
    end, and its append-only triggers in place."""
    path = audit_path(data_dir)
    if not path.is_file() or path.stat().st_size == 0:
        return Check("audit", OK, _m("audit.empty"))
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            first, last, count = con.execute(
                "SELECT coalesce(min(entry_id), 0), coalesce(max(entry_id), 0), count(*) FROM audit"
            ).fetchone()
            names = {
                r[0]
                for r in con.execute(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"
                )
            }
            seq = None
            if "sqlite_sequence" in names:
                seq = con.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return Check(
            "audit",
            PROBLEM,
            _m("audit.unreadable", path=str(path), reason=str(exc)),
            _m("audit.action"),
        )
    if not {"audit_no_update", "audit_no_delete"} <= names:
        return Check("audit", PROBLEM, _m("audit.unguarded", path=str(path)), _m("audit.action"))
    # ids run from 1 to the last without a gap, and the highest id ever given is still there
    missing = last - count + (max(int(seq[0]) - last, 0) if seq else 0)
    if missing or first < 0:
        return Check(
            "audit",
            PROBLEM,
            _m("audit.gap", path=str(path), missing=missing),
            _m("audit.action"),
        )
    return Check("audit", OK, _m("audit.ok", entries=count))


def _gib(n: int) -> str:
    return f"{n / 1024**3:.1f} GiB"


def check_disk(data_dir: DataDir) -> Check:
    where = data_dir.root if data_dir.root.exists() else data_dir.root.parent
    free = shutil.disk_usage(where).free
    if free < DISK_PROBLEM_BYTES:
        return Check("disk", PROBLEM, _m("disk.low", free=_gib(free)), _m("disk.action"))
    if free < DISK_WARNING_BYTES:
        return Check("disk", WARNING, _m("disk.low", free=_gib(free)), _m("disk.action"))
    return Check("disk", OK, _m("disk.ok", free=_gib(free)))


def check_config(data_dir: DataDir) -> Check:
    try:
        project = load_project(data_dir.project_file)
    except LeslieError as exc:
        return Check(
            "config",
            PROBLEM,
            _m("config.problem", path=str(data_dir.project_file), reason=str(exc)[:500]),
            _m("config.action"),
        )
    return Check(
        "config",
        OK,
        _m("config.ok", path=str(data_dir.project_file), partners=len(project.partners)),
    )


def check_smtp(data_dir: DataDir) -> Check | None:
    """Only when private/smtp.toml exists: can the mail server be reached at all?"""
    path = data_dir.private / "smtp.toml"
    if not path.exists():
        return None
    try:
        conf = tomllib.loads(path.read_text(encoding="utf-8"))
        conf = conf.get("smtp", conf)
        host, port = str(conf["host"]), int(conf.get("port", 25))
    except (OSError, ValueError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        return Check("smtp", PROBLEM, _m("smtp.config", reason=str(exc)), _m("smtp.action"))
    try:
        with socket.create_connection((host, port), timeout=SMTP_TIMEOUT_SECONDS) as sock:
            greeting = sock.recv(64)
    except OSError as exc:
        return Check(
            "smtp",
            PROBLEM,
            _m("smtp.down", host=host, port=str(port), reason=str(exc)),
            _m("smtp.action"),
        )
    if not greeting.startswith(b"220"):
        return Check("smtp", WARNING, _m("smtp.odd", host=host, port=str(port)), _m("smtp.action"))
    return Check("smtp", OK, _m("smtp.ok", host=host, port=str(port)))


def run_checks(data_dir: DataDir) -> list[Check]:
    checks = [
        check_versions(),
        check_format(data_dir),
        check_config(data_dir),
        check_private(data_dir),
        check_ledger(data_dir),
        check_warehouse(data_dir),
        check_audit(data_dir),
        check_backup(data_dir),
        check_leftovers(data_dir),
        check_disk(data_dir),
    ]
    smtp = check_smtp(data_dir)
    return checks + ([smtp] if smtp else [])


def has_problem(checks: list[Check]) -> bool:
    return any(c.status == PROBLEM for c in checks)
