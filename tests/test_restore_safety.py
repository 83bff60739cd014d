"""A restore can never lose the installation it replaces: a hostile or broken archive is
refused before anything changes, a failure during the swap or the build puts the old directory
back, the staging folder cannot be planted, a member is never inflated past its declared size,
every file must be what its name says, sessions do not travel, and every outcome is audited."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from pipelines.access.accounts import Accounts
from pipelines.paths import REPO_ROOT, DataDir
from tests.ops_helpers import cli, indicators

PASSWORD = "a long restore passphrase"
ENV = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}


@pytest.fixture(scope="module")
def source(tiny_dir, tmp_path_factory, project) -> tuple[DataDir, Path, str]:
    """The tiny installation with an account signed in, and a backup of it."""
    data_dir = DataDir(tmp_path_factory.mktemp("restore") / "source")
    shutil.copytree(tiny_dir.root, data_dir.root)
    accounts = Accounts(data_dir, project)
    accounts.add("upv-coord", "coordinator", PASSWORD, by="test")
    token = accounts.authenticate("upv-coord", PASSWORD).token
    archive = data_dir.root.parent / "backup.zip"
    code, _out, err = cli("backup", "--out", archive, "--data-dir", data_dir.root)
    assert code == 0, err
    return data_dir, archive, token


@pytest.fixture()
def live(source, tmp_path) -> Path:
    """An installation in use, to be replaced by ``restore --force``."""
    root = tmp_path / "live"
    shutil.copytree(source[0].root, root)
    (root / "notes.txt").write_text("only in the live installation", encoding="utf-8")
    return root


def _tree(root: Path) -> dict[str, tuple[int, str]]:
    """Every file with its mode and SHA-256 (the audit log aside: it gains the outcome)."""
    found = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not rel.startswith("store/audit.sqlite"):
            found[rel] = (path.stat().st_mode, hashlib.sha256(path.read_bytes()).hexdigest())
    return found


def _last_audit(root: Path) -> tuple[str, str, dict]:
    con = sqlite3.connect(f"file:{root / 'store' / 'audit.sqlite'}?mode=ro", uri=True)
    try:
        action, target, detail = con.execute(
            "SELECT action, target, detail FROM audit ORDER BY entry_id DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    return action, target, json.loads(detail)


def _nothing_left_beside(root: Path) -> None:
    beside = sorted(p.name for p in root.parent.iterdir() if p.name != root.name)
    assert not [n for n in beside if ".restore-" in n or ".replaced-" in n], beside


def _hostile(
    archive: Path,
    out: Path,
    replace: dict[str, bytes] | None = None,
    extra: list[tuple[zipfile.ZipInfo, bytes]] | None = None,
    edit=None,
) -> Path:
    """A copy of ``archive`` with members replaced or added, its manifest kept consistent
    (checksums and sizes), then edited by ``edit``: only what the test names is wrong."""
    with zipfile.ZipFile(archive) as z:
        manifest = json.loads(z.read("MANIFEST.json"))
        members = {n: z.read(n) for n in z.namelist() if n != "MANIFEST.json"}
    for name, data in (replace or {}).items():
        members[name] = data
        entry = manifest["files"].setdefault(name, {"mode": "0o644"})
        entry.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    for info, data in extra or []:
        manifest["files"][info.filename] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
            "mode": "0o644",
        }
    if edit:
        edit(manifest)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
        for info, data in extra or []:
            z.writestr(info, data)
        z.writestr("MANIFEST.json", json.dumps(manifest))
    return out


def _restore_into_live(archive: Path, live: Path) -> tuple[int, str, str, dict]:
    before = _tree(live)
    code, out, err = cli("restore", archive, "--data-dir", live, "--force")
    assert _tree(live) == before, "the live installation changed"
    _nothing_left_beside(live)
    return code, out, err.strip().splitlines()[-1], _last_audit(live)[2]


# ------------------------------------------------------------------ failures put it back


def test_a_write_failure_during_the_swap_leaves_the_installation_working(source, live, monkeypatch):
    """The disk fills up as the restored copy is moved in: the old directory is put back."""
    figures = indicators(live)
    calls = []

    def fail_second(real):
        def move(src, dst, *args, **kwargs):
            calls.append((str(src), str(dst)))
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
            return real(src, dst, *args, **kwargs)

        return move

    monkeypatch.setattr(os, "rename", fail_second(os.rename))
    monkeypatch.setattr(os, "replace", fail_second(os.replace))
    code, _out, last, detail = _restore_into_live(source[1], live)
    monkeypatch.undo()
    assert code == 1
    assert last == (
        f"error: The restore into {live} failed (No space left on device); "
        "the directory was put back as it was before."
    )
    assert detail == {"outcome": "rolled_back", "reason": "No space left on device"}
    assert indicators(live) == figures
    code, out, _err = cli("doctor", "--json", "--data-dir", live)
    checks = {c["check"]: c["status"] for c in json.loads(out)["checks"]}
    assert checks["ledger"] == checks["audit"] == checks["leftovers"] == "ok", checks


def test_a_failed_build_after_the_swap_puts_the_old_directory_back(source, live, monkeypatch):
    def no_room(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pipelines.operations.backup.build", no_room)
    code, _out, last, detail = _restore_into_live(source[1], live)
    assert code == 1 and detail["outcome"] == "rolled_back"
    assert last.startswith(f"error: The restore into {live} failed (No space left on device)")


# --------------------------------------------------------- refused before anything changes


def test_a_manifest_mode_that_cannot_be_read_is_refused(source, live, tmp_path):
    def bad_mode(manifest):
        manifest["files"]["private/secret.key"]["mode"] = "rw-r--r--"

    archive = _hostile(source[1], tmp_path / "mode.zip", edit=bad_mode)
    code, out, last, detail = _restore_into_live(archive, live)
    assert (code, out) == (1, "")
    assert last == (
        "error: The backup's list of files (MANIFEST.json) has an unusable «mode» for "
        "private/secret.key; the backup was refused and nothing was written. Use another backup."
    )
    assert detail == {"outcome": "refused", "reason": "ops.restore.bad_manifest"}


def test_a_file_where_a_folder_must_go_is_refused(source, live, tmp_path):
    archive = _hostile(source[1], tmp_path / "clash.zip", replace={"store": b"a file"})
    code, _out, last, detail = _restore_into_live(archive, live)
    assert code == 1 and detail["outcome"] == "refused"
    assert last == (
        "error: The backup holds store/audit.sqlite and also a file store where that file's "
        "folder must go; the backup was refused and nothing was written."
    )


def test_a_symlink_member_is_refused(source, live, tmp_path):
    link = zipfile.ZipInfo("private/extra.key")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive = _hostile(source[1], tmp_path / "link.zip", extra=[(link, b"../../outside")])
    code, _out, last, _detail = _restore_into_live(archive, live)
    assert code == 1
    assert last == (
        "error: The backup holds private/extra.key as a link or a folder entry, not as a plain "
        "file; the backup was refused and nothing was written."
    )


KINDS = {
    "private/accounts.sqlite": ("not a readable SQLite database", b"not a database" * 100),
    "store/ledger.sqlite": ("not a readable SQLite database", b"SQLite format 3\x00" + b"x" * 600),
    "format.json": ("not valid JSON", b'{"version": 2'),
    "project.toml": ("not valid TOML", b"[[project"),
}


@pytest.mark.parametrize("member", sorted(KINDS))
def test_a_file_that_is_not_what_its_name_says_is_refused(source, live, tmp_path, member):
    what, data = KINDS[member]
    archive = _hostile(source[1], tmp_path / "kind.zip", replace={member: data})
    code, _out, last, detail = _restore_into_live(archive, live)
    assert code == 1 and detail["outcome"] == "refused"
    assert last.startswith(f"error: The backup's {member} is {what} (")
    assert last.endswith("); the backup was refused and nothing was written. Use another backup.")


def test_a_parquet_file_without_its_magic_is_refused(source, live, tmp_path):
    with zipfile.ZipFile(source[1]) as z:
        member = next(n for n in z.namelist() if n.endswith(".parquet"))
    archive = _hostile(source[1], tmp_path / "pq.zip", replace={member: b"PAR1" + b"\0" * 64})
    code, _out, last, _detail = _restore_into_live(archive, live)
    assert code == 1
    assert last.startswith(f"error: The backup's {member} is not a Parquet file (no Parquet magic")


def test_a_format_marker_of_1e999_is_refused(source, live, tmp_path):
    archive = _hostile(
        source[1], tmp_path / "inf.zip", replace={"format.json": b'{"version": 1e999}'}
    )
    code, _out, last, _detail = _restore_into_live(archive, live)
    assert code == 1 and "format version «inf» is not a whole number" in last


def test_a_non_empty_directory_without_force_is_refused_and_audited(source, live):
    before = _tree(live)
    code, _out, err = cli("restore", source[1], "--data-dir", live)
    assert code == 2 and "is not empty" in err
    assert _tree(live) == before
    assert _last_audit(live) == (
        "restore",
        "backup.zip",
        {"outcome": "refused", "reason": "not empty"},
    )


# ----------------------------------------------------------------------- staging and size


def test_a_symlink_planted_at_the_old_staging_name_is_not_followed(source, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    target = tmp_path / "restored"
    (tmp_path / f".restored.restore-{os.getpid()}").symlink_to(victim)
    code, _out, err = cli("restore", source[1], "--data-dir", target)
    assert code == 0, err
    assert list(victim.iterdir()) == []
    assert target.is_dir() and not target.is_symlink()
    assert indicators(target) == indicators(source[0].root)


MEASURE = """
import resource, sys
import pipelines.cli.restore, pipelines.operations.backup  # imports weigh nothing below
from pipelines.cli import main
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
code = main(["restore", sys.argv[1], "--data-dir", sys.argv[2]])
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(code, after - before)
"""
BIG_MIB = 256


def test_a_member_larger_than_declared_is_refused_without_inflating_it(source, tmp_path):
    """256 MiB of zeros (a few hundred KiB compressed) declared as 10 bytes."""
    archive = tmp_path / "bomb.zip"
    name = "frozen/P9-20260101T000000Z/report.json"
    with zipfile.ZipFile(source[1]) as z:
        manifest = json.loads(z.read("MANIFEST.json"))
        members = {n: z.read(n) for n in z.namelist() if n != "MANIFEST.json"}
    manifest["files"][name] = {
        "sha256": hashlib.sha256(b"{}" + b" " * 8).hexdigest(),
        "bytes": 10,
        "mode": "0o444",
    }
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for member, data in members.items():
            z.writestr(member, data)
        with z.open(name, "w", force_zip64=True) as fh:
            chunk = bytes(1024 * 1024)
            for _ in range(BIG_MIB):
                fh.write(chunk)
        z.writestr("MANIFEST.json", json.dumps(manifest))
    assert archive.stat().st_size < 2 * 1024 * 1024
    target = tmp_path / "restored"
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, str(archive), str(target)],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    code, grew_kib = (int(x) for x in proc.stdout.split())
    assert grew_kib < 64 * 1024, f"the restore grew by {grew_kib} KiB"
    assert code == 1
    assert proc.stderr.strip().splitlines()[-1] == (
        f"error: The backup {archive} is damaged at {name} (size differs from the manifest); "
        "nothing was written. Use another backup."
    )
    assert not target.exists()
    _nothing_left_beside(target)


# ------------------------------------------------------------------ sessions, lock, audit


def test_sessions_of_the_original_do_not_authenticate_in_the_restored_copy(
    source, tmp_path, project
):
    data_dir, archive, token = source
    assert Accounts(data_dir, project).resume(token) is not None
    old_style = _hostile(  # an archive from before: the account store with its sessions
        archive,
        tmp_path / "with-sessions.zip",
        replace={"private/accounts.sqlite": (data_dir.private / "accounts.sqlite").read_bytes()},
    )
    for n, chosen in enumerate((archive, old_style)):
        target = DataDir(tmp_path / f"restored-{n}")
        code, _out, err = cli("restore", chosen, "--data-dir", target.root)
        assert code == 0, err
        action, _target, detail = _last_audit(target.root)
        with zipfile.ZipFile(chosen) as z:
            files = len(z.namelist()) - 1
        assert (action, detail["outcome"], detail["files"]) == ("restore", "done", files)
        assert Accounts(target, project).resume(token) is None
        con = sqlite3.connect(target.private / "accounts.sqlite")
        assert con.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
        con.close()
        session = Accounts(target, project).authenticate("upv-coord", PASSWORD)
        assert session.viewer.role == "coordinator"
        assert (target.private / "secret.key").read_bytes() == (
            data_dir.private / "secret.key"
        ).read_bytes()


def test_the_swap_waits_for_the_store_lock_of_the_installation(source, live):
    """An ingest holding the lock finishes before the restore replaces its directory."""
    from pipelines.store.lock import store_lock

    with store_lock(DataDir(live)):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pipelines",
                "restore",
                str(source[1]),
                "--data-dir",
                str(live),
                "--force",
            ],
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        waiting = False
        for _ in range(6000):  # until the restore holds its staging lock: ready to swap
            for staging in live.parent.glob(".live.restore-*"):
                lock = staging / "store" / ".lock"
                if lock.exists():
                    with open(lock) as fh:
                        try:
                            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                            fcntl.flock(fh, fcntl.LOCK_UN)
                        except BlockingIOError:
                            waiting = True
            if waiting or proc.poll() is not None:
                break
            time.sleep(0.01)
        assert waiting, proc.stderr.read() if proc.poll() is not None else "no staging lock"
        assert (live / "notes.txt").exists(), "swapped while the lock was held"
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    assert not (live / "notes.txt").exists()
    assert len(list(live.parent.glob("live.replaced-*"))) == 1


def test_a_staging_folder_of_a_killed_restore_is_reported_and_removed_by_the_next(
    source, live, tmp_path
):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    leftover = tmp_path / f".live.restore-{dead}-k1ll3d"
    shutil.copytree(source[0].private, leftover / "private")
    leftover.chmod(0o700)
    planted = tmp_path / f".live.restore-{dead}-planted"
    planted.symlink_to(live / "store")
    code, out, _err = cli("doctor", "--json", "--data-dir", live)
    found = {c["check"]: c for c in json.loads(out)["checks"]}
    assert found["leftovers"]["status"] == "warning"
    assert found["leftovers"]["message"].endswith(f"password hashes: {leftover}")
    code, _out, err = cli("restore", source[1], "--data-dir", live, "--force")
    assert code == 0, err
    assert not leftover.exists()
    assert planted.is_symlink() and (live / "store" / "ledger.sqlite").exists()


@pytest.fixture()
def small_disk(tmp_path):
    """An 8 MiB file system of its own: the live installation (5.5 MiB) fits, a second
    warehouse beside it does not (tmpfs; needs the right to mount, else skipped)."""
    where = tmp_path / "small-disk"
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_a_disk_too_small_for_the_restore_is_refused_before_anything_is_written(source, small_disk):
    live = small_disk / "live"
    shutil.copytree(source[0].root, live)
    figures = indicators(live)
    code, out, last, detail = _restore_into_live(source[1], live)
    assert (code, out) == (1, "")
    assert last.startswith(
        f"error: Not enough free disk space in {small_disk} to restore this backup: it needs about "
    )
    assert last.endswith(" is free. Nothing was written.")
    assert detail == {"outcome": "refused", "reason": "ops.restore.no_space"}
    assert indicators(live) == figures


def test_a_writer_that_waited_for_a_replaced_directory_locks_the_one_in_place(tmp_path):
    """Whoever waited for the lock while a restore swapped the directory must not go on
    holding the lock of the folder moved aside while another writer takes the live one."""
    import threading

    from pipelines.store.lock import store_lock

    data_dir = DataDir(tmp_path / "live")
    data_dir.ensure()
    seen: dict[str, object] = {}
    with open(data_dir.store / ".lock", "a+") as old:
        fcntl.flock(old, fcntl.LOCK_EX)  # the restore holds the old directory's lock

        def writer() -> None:
            with store_lock(data_dir):
                with open(data_dir.store / ".lock") as other:
                    try:
                        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        seen["exclusive"] = False
                    except BlockingIOError:
                        seen["exclusive"] = True
                seen["inode"] = os.stat(data_dir.store / ".lock").st_ino

        thread = threading.Thread(target=writer)
        thread.start()
        time.sleep(0.3)  # the writer now waits (were it later, it opens the new file anyway)
        os.rename(data_dir.root, tmp_path / "live.replaced")
        DataDir(tmp_path / "live").ensure()
        (data_dir.store / ".lock").touch()
        fcntl.flock(old, fcntl.LOCK_UN)
    thread.join(timeout=30)
    assert seen == {"exclusive": True, "inode": os.stat(data_dir.store / ".lock").st_ino}
