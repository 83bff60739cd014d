"""One consistent archive of a data directory, and its restore.

The archive is a zip: every member is compressed on its own with a CRC, so a damaged archive
is refused naming the member that failed. ``MANIFEST.json`` lists every member's SHA-256;
a restore checks all of them before it writes anything.

Consistency while ingests and the dashboard run: each SQLite file (ledger, audit log,
accounts) is copied with SQLite's online backup API, and the whole archive is written under
the store's lock, so no ingest adds a Parquet file or a ledger entry half-way. The warehouse
is left out: it is derived, and a restore rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pipelines.config import Project
from pipelines.errors import StoreError, UsageError
from pipelines.paths import DataDir
from pipelines.store import format as data_format
from pipelines.store.lock import store_lock
from pipelines.warehouse.build import build

MANIFEST = "MANIFEST.json"
BACKUPS = "backups"  # default folder for archives taken before an upgrade
SECRET_FILES = ("private/secret.key",)
# Derived, temporary or lock files: never archived.
SKIP_NAMES = ("warehouse.duckdb", ".lock")
SKIP_SUFFIXES = (".tmp", "-wal", "-shm", "-journal", ".wal")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    files: int
    bytes: int
    without_secrets: bool


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _skip(rel: PurePosixPath) -> bool:
    if rel.parts[0] in (BACKUPS,) or rel.name in SKIP_NAMES:
        return True
    if rel.name.startswith((".warehouse.", ".format.json.", ".restore")):
        return True
    return rel.name.endswith(SKIP_SUFFIXES)


def _sqlite_copy(source: Path) -> bytes:
    """A consistent snapshot of a live SQLite file (online backup API), as bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "copy.sqlite"
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        finally:
            dst.close()
            src.close()
        return target.read_bytes()


def _members(data_dir: DataDir, without_secrets: bool) -> list[tuple[str, Path]]:
    sqlite_rel = {
        p.relative_to(data_dir.root).as_posix() for p in data_format.sqlite_files(data_dir)
    }
    found = []
    for path in sorted(data_dir.root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        rel = PurePosixPath(path.relative_to(data_dir.root).as_posix())
        if _skip(rel) or (without_secrets and str(rel) in SECRET_FILES):
            continue
        found.append((str(rel), path))
    return [(rel, p) for rel, p in found if rel not in sqlite_rel] + [
        (rel, data_dir.root / rel) for rel in sorted(sqlite_rel)
    ]


def create_backup(
    data_dir: DataDir, out: Path, *, without_secrets: bool = False, actor: str = ""
) -> BackupResult:
    """Write the archive to ``out`` (atomically: a temporary file, then a rename)."""
    if not data_dir.root.is_dir():
        raise UsageError(key="ops.backup.no_data_dir", path=str(data_dir.root))
    out = out.expanduser().resolve()
    if out.is_relative_to(data_dir.root) and out.parent.name != BACKUPS:
        raise UsageError(key="ops.backup.inside", path=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    manifest: dict[str, Any] = {
        "format_version": data_format.detect_version(data_dir) or data_format.FORMAT_VERSION,
        "written_by": data_format.RELEASE,
        "created_at": data_format.utc_now(),
        "without_secrets": without_secrets,
        "files": {},
    }
    total = 0
    try:
        with store_lock(data_dir), zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            sqlite_rel = {
                p.relative_to(data_dir.root).as_posix() for p in data_format.sqlite_files(data_dir)
            }
            for rel, path in _members(data_dir, without_secrets):
                data = _sqlite_copy(path) if rel in sqlite_rel else path.read_bytes()
                archive.writestr(rel, data)
                manifest["files"][rel] = {
                    "sha256": _sha256(data),
                    "bytes": len(data),
                    "mode": oct(path.stat().st_mode & 0o777),
                }
                total += len(data)
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2, sort_keys=True))
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)  # it holds password hashes (and the secret key)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    if manifest["format_version"] < data_format.FORMAT_VERSION:
        return BackupResult(out, len(manifest["files"]), total, without_secrets)  # see upgrade
    data_format.note(
        data_dir,
        "backups",
        {"path": str(out), "files": len(manifest["files"]), "without_secrets": without_secrets},
    )
    from pipelines.access import audit

    audit.record(
        data_dir,
        actor,
        "backup",
        out.name,
        files=len(manifest["files"]),
        without_secrets=without_secrets,
    )
    return BackupResult(out, len(manifest["files"]), total, without_secrets)


def verify(archive_path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Every member read and checked against the manifest; StoreError naming the first that
    fails. Nothing is written."""

    try:
        archive = zipfile.ZipFile(archive_path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise StoreError(
            key="ops.restore.not_archive", path=str(archive_path), reason=str(exc)
        ) from exc
    with archive:
        try:
            manifest = json.loads(archive.read(MANIFEST))
            files = manifest["files"]
        except Exception as exc:
            raise StoreError(
                key="ops.restore.damaged", path=str(archive_path), member=MANIFEST, reason=str(exc)
            ) from exc
        names = set(archive.namelist()) - {MANIFEST}
        extra = sorted(names - set(files))
        if extra:
            raise StoreError(
                key="ops.restore.damaged",
                path=str(archive_path),
                member=extra[0],
                reason="not in the manifest",
            )
        contents: dict[str, bytes] = {}
        for rel, entry in sorted(files.items()):
            _safe_member(rel)
            try:
                data = archive.read(rel)
            except Exception as exc:
                raise StoreError(
                    key="ops.restore.damaged", path=str(archive_path), member=rel, reason=str(exc)
                ) from exc
            if _sha256(data) != entry["sha256"]:
                raise StoreError(
                    key="ops.restore.damaged",
                    path=str(archive_path),
                    member=rel,
                    reason="SHA-256 differs from the manifest",
                )
            contents[rel] = data
    return manifest, contents


def _safe_member(rel: str) -> None:
    """Members are plain relative paths: no absolute path, no '..', no drive."""
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or ".." in parts or "\\" in rel:
        raise StoreError(key="ops.restore.unsafe_member", member=rel)


def restore(
    archive_path: Path,
    data_dir: DataDir,
    project: Project,
    *,
    force: bool = False,
    actor: str = "",
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Verify the archive, then write it into ``data_dir`` and rebuild the warehouse.

    A non-empty directory is refused unless ``force``; then its old contents are kept beside
    it as ``<name>.replaced-<time>`` (nothing is deleted).
    """
    say = progress or (lambda _m: None)
    say("verifying every checksum")
    manifest, contents = verify(archive_path)
    if int(manifest.get("format_version", 0)) > data_format.FORMAT_VERSION:
        raise StoreError(
            key="ops.format.too_new",
            path=str(archive_path),
            found=manifest.get("format_version"),
            expected=data_format.FORMAT_VERSION,
        )
    root = data_dir.root
    kept = None
    if root.exists() and any(root.iterdir()):
        if not force:
            raise UsageError(key="ops.restore.not_empty", path=str(root))
        kept = root.with_name(f"{root.name}.replaced-{data_format.file_stamp()}")
        os.replace(root, kept)
    staging = root.with_name(f".{root.name}.restore-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for rel, data in contents.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for rel, entry in manifest["files"].items():  # frozen reports stay read-only
            if entry.get("mode"):
                os.chmod(staging / rel, int(entry["mode"], 8) & 0o777)
        os.replace(staging, root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if data_dir.private.is_dir():
        os.chmod(data_dir.private, 0o700)
        for item in data_dir.private.iterdir():
            os.chmod(item, 0o600)
    say("rebuilding the warehouse")
    built = build(data_dir, project, progress=say)
    from pipelines.access import audit

    audit.record(
        data_dir, actor, "restore", archive_path.name, files=len(contents), replaced=str(kept or "")
    )
    return {
        "archive": str(archive_path),
        "data_dir": str(root),
        "files": len(contents),
        "without_secrets": bool(manifest.get("without_secrets")),
        "replaced": str(kept) if kept else None,
        "ledger_position": built.ledger_position,
    }
