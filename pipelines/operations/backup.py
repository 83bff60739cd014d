"""One consistent archive of a data directory, and its restore.

The archive is a zip: every member is compressed on its own with a CRC, so a damaged archive
is refused naming the member that failed. ``MANIFEST.json`` lists every member's SHA-256,
size and mode.

Consistency while ingests and the dashboard run: each SQLite file (ledger, audit log,
accounts) is copied with SQLite's online backup API, and the whole archive is written under
the store's lock, so no ingest adds a Parquet file or a ledger entry half-way. The warehouse
is left out: it is derived, and a restore rebuilds it. Open sessions are left out too: a
restored copy never accepts the cookies of the installation it was taken from.

The archive is written to a temporary file that is readable by its owner only from the first
byte (it holds the secret key and the password hashes); one left by a killed backup is removed
by the next backup into the same folder, and ``doctor`` reports it meanwhile.

A restore never puts the installation at risk: it unpacks into a private staging folder beside
the target (``mkdtemp``: a name nobody can plant in advance), checks every member there
(declared size enforced while decompressing, SHA-256, and what the content is: SQLite,
Parquet, JSON, TOML), and only then swaps the folders under the store's lock. Any failure
after that, the warehouse build included, puts the old directory back. Every outcome is
written to the audit log of the installation concerned.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import lzma
import os
import shutil
import sqlite3
import stat
import tempfile
import tomllib
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pipelines.config import Project
from pipelines.errors import LeslieError, StoreError, UsageError
from pipelines.paths import DataDir
from pipelines.store import format as data_format
from pipelines.store.lock import hold_lock_file, store_lock
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
    """A consistent snapshot of a live SQLite file (online backup API), as bytes; without the
    open sessions of an account store."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "copy.sqlite"
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            _forget_sessions(dst)
        finally:
            dst.close()
            src.close()
        return target.read_bytes()


def _forget_sessions(con: sqlite3.Connection) -> None:
    """Drop every open session of an account store (other SQLite files have none)."""
    found = con.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sessions'"
    ).fetchone()[0]
    if found:
        con.execute("DELETE FROM sessions")
        con.execute("VACUUM")  # the tokens' hashes leave the file's free pages too


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def _pid_in(name: str, prefix: str) -> int | None:
    """The process id in ``<prefix><pid>[-...]``; None when the name is not ours."""
    if not name.startswith(prefix):
        return None
    middle = name[len(prefix) :].split("-", 1)[0]
    return int(middle) if middle.isdigit() else None


def _ours(path: Path, directory: bool) -> bool:
    """A real file or folder (never a link) owned by whoever runs this."""
    try:
        info = path.lstat()
    except OSError:
        return False
    kind = stat.S_ISDIR(info.st_mode) if directory else stat.S_ISREG(info.st_mode)
    return kind and info.st_uid == os.getuid()


def backup_leftovers(folder: Path) -> list[Path]:
    """Temporary archives of backups that were killed (``.NAME.zip.PID.tmp``) in ``folder``."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob(".*.zip.*.tmp")):
        middle = path.name.rsplit(".", 2)[1]
        pid = int(middle) if middle.isdigit() else None
        if pid is not None and not _alive(pid) and _ours(path, directory=False):
            found.append(path)
    return found


def restore_leftovers(root: Path) -> list[Path]:
    """Staging folders of restores into ``root`` that were killed (``.NAME.restore-PID...``)."""
    if not root.parent.is_dir():
        return []
    found = []
    prefix = f".{root.name}.restore-"
    for path in sorted(root.parent.glob(f".{glob_escape(root.name)}.restore-*")):
        pid = _pid_in(path.name, prefix)
        if pid is not None and not _alive(pid) and _ours(path, directory=True):
            found.append(path)
    return found


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _create_private(path: Path):
    """A new file readable and writable by its owner only from the start (never a link)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    os.fchmod(fd, 0o600)  # whatever the umask
    return os.fdopen(fd, "w+b")


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
    for leftover in backup_leftovers(out.parent):  # of a backup killed earlier
        leftover.unlink(missing_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)  # ours, from a process of the same id long gone
    manifest: dict[str, Any] = {
        "format_version": data_format.detect_version(data_dir) or data_format.FORMAT_VERSION,
        "written_by": data_format.RELEASE,
        "created_at": data_format.utc_now(),
        "without_secrets": without_secrets,
        "files": {},
    }
    total = 0
    try:
        with (
            store_lock(data_dir),
            _create_private(tmp) as fh,
            zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
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
            archive.close()
            fh.flush()
            os.fsync(fh.fileno())
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
    from pipelines.audit import log as audit

    audit.record(
        data_dir,
        actor,
        "backup",
        out.name,
        files=len(manifest["files"]),
        without_secrets=without_secrets,
    )
    return BackupResult(out, len(manifest["files"]), total, without_secrets)


# ---------------------------------------------------------------------------------- restore

CHUNK = 1024 * 1024
MANIFEST_MAX_BYTES = 32 * 1024 * 1024
SPACE_MARGIN_BYTES = 64 * 1024 * 1024  # the warehouse built afterwards needs room too
SQLITE_HEADER = b"SQLite format 3\x00"
PARQUET_MAGIC = b"PAR1"
HEX = frozenset("0123456789abcdef")
# What reading a damaged member raises (zlib, bz2 and lzma streams, CRC, truncation).
UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    ValueError,
    NotImplementedError,
    OSError,
    RuntimeError,
)


def _damaged(archive_path: Path, member: str, reason: str) -> StoreError:
    return StoreError(
        key="ops.restore.damaged", path=str(archive_path), member=member, reason=reason
    )


def _read_manifest(archive: zipfile.ZipFile, archive_path: Path) -> dict[str, Any]:
    try:
        info = archive.getinfo(MANIFEST)
        if info.file_size > MANIFEST_MAX_BYTES:
            raise ValueError(f"larger than {MANIFEST_MAX_BYTES} bytes")
        with archive.open(info) as fh:
            raw = fh.read(MANIFEST_MAX_BYTES + 1)
        if len(raw) > MANIFEST_MAX_BYTES:
            raise ValueError(f"larger than {MANIFEST_MAX_BYTES} bytes")
        manifest = json.loads(raw)
        files = manifest["files"]
        if not isinstance(files, dict):
            raise TypeError("'files' is not an object")
    except Exception as exc:
        raise _damaged(archive_path, MANIFEST, str(exc)) from exc
    for rel, entry in files.items():
        _check_entry(archive_path, rel, entry)
    return manifest


def _check_entry(archive_path: Path, rel: str, entry: Any) -> None:
    """Each manifest entry: a 64-hex SHA-256, a size in bytes, and a plain permission mode."""
    if not isinstance(entry, dict):
        raise StoreError(key="ops.restore.bad_manifest", member=rel, field="files")
    digest = entry.get("sha256")
    if not isinstance(digest, str) or len(digest) != 64 or not set(digest) <= HEX:
        raise StoreError(key="ops.restore.bad_manifest", member=rel, field="sha256")
    size = entry.get("bytes")
    if type(size) is not int or size < 0:
        raise StoreError(key="ops.restore.bad_manifest", member=rel, field="bytes")
    if "mode" in entry:
        mode = entry["mode"]
        if not (
            isinstance(mode, str)
            and mode.startswith("0o")
            and 3 <= len(mode) <= 5
            and set(mode[2:]) <= set("01234567")
        ):
            raise StoreError(key="ops.restore.bad_manifest", member=rel, field="mode")


def _check_members(
    archive: zipfile.ZipFile, archive_path: Path, files: dict[str, Any]
) -> dict[str, zipfile.ZipInfo]:
    """The archive holds exactly the manifest's files, each once, each a plain file of the
    declared size, none where another needs a folder."""
    infos: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        if info.filename in infos or (info.filename == MANIFEST and MANIFEST in files):
            raise _damaged(archive_path, info.filename, "listed twice")
        if info.filename != MANIFEST:
            infos[info.filename] = info
    extra = sorted(set(infos) - set(files))
    if extra:
        raise _damaged(archive_path, extra[0], "not in the manifest")
    missing = sorted(set(files) - set(infos))
    if missing:
        raise _damaged(archive_path, missing[0], "missing from the archive")
    for rel in sorted(files):
        _safe_member(rel)
        parents = [str(p) for p in PurePosixPath(rel).parents if str(p) != "."]
        clash = next((p for p in parents if p in files), None)
        if clash:
            raise StoreError(key="ops.restore.file_as_folder", member=rel, file=clash)
        info = infos[rel]
        kind = stat.S_IFMT(info.external_attr >> 16)
        if info.is_dir() or (kind and kind != stat.S_IFREG):
            raise StoreError(key="ops.restore.not_a_file", member=rel)
        if info.file_size != files[rel]["bytes"]:
            raise _damaged(archive_path, rel, "size differs from the manifest")
    return infos


def _safe_member(rel: str) -> None:
    """Members are plain relative paths: no absolute path, no '..', no drive, no empty part."""
    parts = PurePosixPath(rel).parts
    if (
        not parts
        or rel.startswith("/")
        or rel.endswith("/")
        or ".." in parts
        or "\\" in rel
        or "\x00" in rel
        or "//" in rel
        or "." in rel.split("/")
        or ":" in parts[0]
    ):
        raise StoreError(key="ops.restore.unsafe_member", member=rel)


def _unpack_one(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, entry: dict, target: Path, archive_path: Path
) -> None:
    """Stream one member into ``target``, never past its declared size, and check its hash."""
    declared = entry["bytes"]
    digest = hashlib.sha256()
    written = 0

    def write_failed(exc: OSError) -> StoreError:
        return StoreError(key="ops.restore.write_failed", path=str(target), reason=_reason(exc))

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise write_failed(exc) from exc
    with os.fdopen(fd, "wb") as out:
        try:
            src = archive.open(info)
        except UNREADABLE as exc:
            raise _damaged(archive_path, info.filename, str(exc)) from exc
        with src:
            while True:
                try:
                    chunk = src.read(CHUNK)
                except UNREADABLE as exc:  # a CRC, a broken stream, a short member
                    raise _damaged(archive_path, info.filename, str(exc)) from exc
                if not chunk:
                    break
                written += len(chunk)
                if written > declared:
                    raise _damaged(archive_path, info.filename, "larger than the manifest says")
                digest.update(chunk)
                try:
                    out.write(chunk)
                except OSError as exc:
                    raise write_failed(exc) from exc
        try:
            out.flush()
            os.fsync(out.fileno())
        except OSError as exc:
            raise write_failed(exc) from exc
    if written != declared:
        raise _damaged(archive_path, info.filename, "smaller than the manifest says")
    if digest.hexdigest() != entry["sha256"]:
        raise _damaged(archive_path, info.filename, "SHA-256 differs from the manifest")


def _check_kind(path: Path, rel: str) -> None:
    """What the file holds is what its name says: the restored copy must open."""
    suffix = PurePosixPath(rel).suffix
    try:
        if suffix == ".sqlite":
            with open(path, "rb") as fh:
                if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                    raise ValueError("no SQLite header")
            con = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
            try:
                result = con.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                con.close()
            if result != "ok":
                raise ValueError(result)
        elif suffix == ".parquet":
            size = path.stat().st_size
            with open(path, "rb") as fh:
                head = fh.read(4)
                fh.seek(max(size - 4, 0))
                tail = fh.read(4)
            if size < 12 or head != PARQUET_MAGIC or tail != PARQUET_MAGIC:
                raise ValueError("no Parquet magic PAR1 at both ends")
        elif suffix == ".json":
            with open(path, "rb") as fh:
                json.load(fh)
        elif suffix == ".toml":
            with open(path, "rb") as fh:
                tomllib.load(fh)
        else:
            return
    except (ValueError, sqlite3.Error, tomllib.TOMLDecodeError, RecursionError) as exc:
        raise StoreError(
            key=f"ops.restore.wrong_kind.{suffix[1:]}", member=rel, reason=str(exc)[:200]
        ) from exc


def unpack(archive_path: Path, staging: Path) -> dict[str, Any]:
    """Check the archive and write its members into the empty folder ``staging``; return the
    manifest. A StoreError names the first member that fails; the target is never touched."""
    try:
        archive = zipfile.ZipFile(archive_path)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise StoreError(
            key="ops.restore.not_archive", path=str(archive_path), reason=str(exc)
        ) from exc
    with archive:
        manifest = _read_manifest(archive, archive_path)
        files = manifest["files"]
        infos = _check_members(archive, archive_path, files)
        needed = sum(entry["bytes"] for entry in files.values()) + SPACE_MARGIN_BYTES
        free = shutil.disk_usage(staging).free
        if needed > free:
            raise StoreError(
                key="ops.restore.no_space",
                path=str(staging.parent),
                needed=_mib(needed),
                free=_mib(free),
            )
        for rel in sorted(files):
            _unpack_one(archive, infos[rel], files[rel], staging / rel, archive_path)
            _check_kind(staging / rel, rel)
    try:
        version = int(manifest.get("format_version", 0))
    except (TypeError, ValueError, OverflowError) as exc:
        raise _damaged(archive_path, MANIFEST, "format_version is not a number") from exc
    if version > data_format.FORMAT_VERSION:
        raise StoreError(
            key="ops.format.too_new",
            path=str(archive_path),
            found=version,
            expected=data_format.FORMAT_VERSION,
        )
    data_format.read_marker(DataDir(staging))  # a format.json that cannot be read is refused
    return manifest


def _mib(n: int) -> str:
    return f"{n / 1024**2:.0f} MiB"


def _prepare(staging: Path, manifest: dict[str, Any], mode: int) -> None:
    """Modes as they were (frozen reports stay read-only), secrets private, sessions gone."""
    for rel, entry in manifest["files"].items():
        if entry.get("mode"):
            os.chmod(staging / rel, int(entry["mode"], 8) & 0o777)
    accounts = staging / "private" / "accounts.sqlite"
    if accounts.is_file():
        con = sqlite3.connect(accounts, isolation_level=None)
        try:
            _forget_sessions(con)
        finally:
            con.close()
    private = staging / "private"
    if private.is_dir():
        os.chmod(private, 0o700)
        for item in private.iterdir():
            os.chmod(item, 0o600)
    (staging / "store").mkdir(exist_ok=True)
    os.chmod(staging, mode)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _aside(root: Path) -> Path:
    """A free name beside ``root`` for its previous contents."""
    stamp = data_format.file_stamp()
    kept = root.with_name(f"{root.name}.replaced-{stamp}")
    n = 1
    while os.path.lexists(kept):
        n += 1
        kept = root.with_name(f"{root.name}.replaced-{stamp}-{n}")
    return kept


def _audit_outcome(data_dir: DataDir, actor: str, archive_path: Path, **detail: Any) -> None:
    """An entry in the audit log of the installation at ``data_dir`` (when there is one:
    none is created in a folder that is not an installation)."""
    if not data_dir.store.is_dir():
        return
    from pipelines.audit import log as audit

    with contextlib.suppress(Exception):  # the outcome itself is reported to the caller
        audit.record(data_dir, actor, "restore", archive_path.name, **detail)


def restore(
    archive_path: Path,
    data_dir: DataDir,
    project: Project | None = None,
    *,
    force: bool = False,
    actor: str = "",
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Check the archive in a staging folder, swap it in under the store's lock and rebuild
    the warehouse; on any failure the directory is as it was.

    A non-empty directory is refused unless ``force``; then its old contents are kept beside
    it as ``<name>.replaced-<time>`` (nothing is deleted). ``project`` defaults to the
    restored directory's own.
    """
    say = progress or (lambda _m: None)
    root = data_dir.root
    occupied = root.is_dir() and any(root.iterdir())
    if os.path.lexists(root) and not root.is_dir():
        raise UsageError(key="ops.restore.not_a_folder", path=str(root))
    if occupied and not force:
        _audit_outcome(data_dir, actor, archive_path, outcome="refused", reason="not empty")
        raise UsageError(key="ops.restore.not_empty", path=str(root))
    root.parent.mkdir(parents=True, exist_ok=True)
    for leftover in restore_leftovers(root):  # of a restore killed earlier
        shutil.rmtree(leftover, ignore_errors=True)
    mode = stat.S_IMODE(root.stat().st_mode) if root.is_dir() else 0o777 & ~_umask()
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.restore-{os.getpid()}-", dir=root.parent))
    try:
        try:
            say("checking every member")
            manifest = unpack(archive_path, staging)
            _prepare(staging, manifest, mode)
        except (StoreError, OSError, sqlite3.Error) as exc:
            if not isinstance(exc, StoreError):
                exc = StoreError(
                    key="ops.restore.write_failed", path=str(staging), reason=_reason(exc)
                )
            _audit_outcome(
                data_dir, actor, archive_path, outcome="refused", reason=exc.key or str(exc)
            )
            raise exc from None
        with hold_lock_file(staging / "store" / ".lock"):
            if not occupied or not data_dir.store.is_dir():  # no installation to lock
                return _swap(archive_path, data_dir, staging, manifest, project, actor, say)
            with store_lock(data_dir):
                return _swap(archive_path, data_dir, staging, manifest, project, actor, say)
    finally:
        if _ours(staging, directory=True):
            shutil.rmtree(staging, ignore_errors=True)


def _swap(
    archive_path: Path,
    data_dir: DataDir,
    staging: Path,
    manifest: dict[str, Any],
    project: Project | None,
    actor: str,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """Put ``staging`` in place of the data directory and build; undo both on any failure."""
    root = data_dir.root
    files = len(manifest["files"])
    was_empty = root.is_dir() and not any(root.iterdir())
    kept = _aside(root) if root.is_dir() and not was_empty else None

    def put_back(exc: BaseException, restored: bool) -> StoreError:
        """The directory as it was; the error to raise (audited in the old installation)."""
        try:
            if restored:
                os.rename(root, staging)  # the caller removes it
            if kept is not None:
                os.rename(kept, root)
            elif was_empty:
                root.mkdir(exist_ok=True)
        except OSError as again:
            return StoreError(
                key="ops.restore.rollback_failed",
                path=str(root),
                kept=str(kept or ""),
                reason=_reason(again),
            )
        _audit_outcome(data_dir, actor, archive_path, outcome="rolled_back", reason=_reason(exc))
        return StoreError(key="ops.restore.rolled_back", path=str(root), reason=_reason(exc))

    try:
        if kept is not None:
            os.rename(root, kept)
    except OSError as exc:
        _audit_outcome(data_dir, actor, archive_path, outcome="failed", reason=_reason(exc))
        raise StoreError(
            key="ops.restore.write_failed", path=str(root), reason=_reason(exc)
        ) from exc
    try:
        os.rename(staging, root)  # also over an empty folder
    except BaseException as exc:
        failure = put_back(exc, restored=False)
        if not isinstance(exc, Exception):
            raise
        raise failure from exc
    try:
        say("rebuilding the warehouse")
        if project is None or (root / "project.toml").is_file():
            from pipelines.config import load_project

            project = load_project(data_dir.project_file)
        built = build(data_dir, project, progress=say)
        from pipelines.audit import log as audit

        audit.record(
            data_dir,
            actor,
            "restore",
            archive_path.name,
            outcome="done",
            files=files,
            replaced=str(kept or ""),
        )
    except BaseException as exc:
        failure = put_back(exc, restored=True)
        if not isinstance(exc, Exception):
            raise
        raise failure from exc
    return {
        "archive": str(archive_path),
        "data_dir": str(root),
        "files": files,
        "without_secrets": bool(manifest.get("without_secrets")),
        "replaced": str(kept) if kept else None,
        "ledger_position": built.ledger_position,
    }


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    if isinstance(exc, LeslieError):
        return exc.render("en")
    return str(exc) or type(exc).__name__
