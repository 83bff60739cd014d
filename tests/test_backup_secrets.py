"""Secrets are never readable on the way: a backup killed while writing leaves a temporary
archive readable by its owner only, removed by the next backup and reported by ``doctor``
meanwhile. ``doctor`` also notices a lost ledger (and ``build`` refuses to publish zeros), a
gap in the audit log and a broken format marker; an upgrade killed while building keeps its
audit entry and its backup."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.paths import REPO_ROOT, DataDir
from pipelines.store.format import FORMAT_VERSION
from tests.ops_helpers import cli, copy_release_0_1, indicators

ENV = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
BIG_BYTES = 48 * 1024 * 1024  # random: compressing it keeps the archive open for a while


def _copy(tiny_dir, tmp_path) -> DataDir:
    data_dir = DataDir(tmp_path / "data")
    shutil.copytree(tiny_dir.root, data_dir.root)
    return data_dir


def _doctor(root: Path) -> tuple[int, dict[str, dict]]:
    code, out, _err = cli("doctor", "--json", "--data-dir", root)
    return code, {c["check"]: c for c in json.loads(out)["checks"]}


def _kill_while_writing(args: list[str], folder: Path, pattern: str) -> Path:
    """Run the command line, wait for its temporary archive, check its mode, SIGKILL it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines", *args],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.umask(0o022),  # the usual umask: files 0644 unless asked
    )
    try:
        for _ in range(30000):
            found = list(folder.glob(pattern)) if folder.is_dir() else []
            if found or proc.poll() is not None:
                break
            time.sleep(0.002)
        assert found, f"no temporary archive seen: {proc.stderr.read()!r}"
        mode = stat.S_IMODE(found[0].stat().st_mode)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=60)
    assert oct(mode) == "0o600", "the temporary archive was readable by others while written"
    assert proc.returncode == -signal.SIGKILL, "the backup finished before it was killed"
    assert found[0].exists()
    return found[0]


def test_a_killed_backup_leaves_a_private_file_that_doctor_reports_and_the_next_run_removes(
    tiny_dir, tmp_path
):
    data_dir = _copy(tiny_dir, tmp_path)
    (data_dir.root / "big.bin").write_bytes(os.urandom(BIG_BYTES))
    out = tmp_path / "backups"
    assert cli("backup", "--out", out / "monday.zip", "--data-dir", data_dir.root)[0] == 0
    leftover = _kill_while_writing(
        ["backup", "--out", str(out / "tuesday.zip"), "--data-dir", str(data_dir.root)],
        out,
        ".tuesday.zip.*.tmp",
    )
    code, checks = _doctor(data_dir.root)
    assert code == 0 and checks["leftovers"]["status"] == "warning"
    assert checks["leftovers"]["message"] == (
        "Temporary copies left by an interrupted backup or restore, each holding the secret key "
        f"and the password hashes: {leftover}"
    )
    assert cli("backup", "--out", out / "wednesday.zip", "--data-dir", data_dir.root)[0] == 0
    assert sorted(p.name for p in out.iterdir()) == ["monday.zip", "wednesday.zip"]
    assert _doctor(data_dir.root)[1]["leftovers"]["status"] == "ok"


def test_a_leftover_readable_by_others_is_a_problem(tiny_dir, tmp_path):
    data_dir = _copy(tiny_dir, tmp_path)
    folder = data_dir.root / "backups"
    folder.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    leftover = folder / f".before-upgrade-20260101T000000Z.zip.{dead}.tmp"
    leftover.write_bytes(b"PK\x03\x04")
    leftover.chmod(0o644)
    code, checks = _doctor(data_dir.root)
    assert code == 1 and checks["leftovers"]["status"] == "problem"
    assert checks["leftovers"]["action"] == (
        "Delete them; the next backup into the same folder, or the next restore, also removes them."
    )


def test_an_upgrade_killed_in_its_backup_leaves_a_private_file_removed_by_the_rerun(tmp_path):
    root = copy_release_0_1(tmp_path / "data")
    (root / "big.bin").write_bytes(os.urandom(BIG_BYTES))
    leftover = _kill_while_writing(
        ["upgrade", "--data-dir", str(root)], root / "backups", ".before-upgrade-*.zip.*.tmp"
    )
    code, checks = _doctor(root)
    assert checks["leftovers"]["status"] == "warning"
    assert str(leftover) in checks["leftovers"]["message"]
    code, _out, err = cli("upgrade", "--data-dir", root)
    assert code == 0, err
    assert not leftover.exists()


KILL_IN_BUILD = """
import os, signal, sys
from pipelines.operations import migrations
def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
migrations.build = killed
from pipelines.cli import main
main(["upgrade", "--data-dir", sys.argv[1]])
"""


def test_an_upgrade_killed_while_building_is_audited_and_its_backup_counts(tmp_path):
    root = copy_release_0_1(tmp_path / "data")
    proc = subprocess.run(
        [sys.executable, "-c", KILL_IN_BUILD, str(root)], env=ENV, capture_output=True, timeout=300
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    con = sqlite3.connect(f"file:{root / 'store' / 'audit.sqlite'}?mode=ro", uri=True)
    action, target, detail = con.execute(
        "SELECT action, target, detail FROM audit ORDER BY entry_id DESC LIMIT 1"
    ).fetchone()
    con.close()
    backups = sorted((root / "backups").glob("before-upgrade-*.zip"))
    assert len(backups) == 1
    assert (action, target) == ("upgrade", str(root))
    expected = {"backup": str(backups[0]), "found": 1, "version": FORMAT_VERSION}
    assert json.loads(detail) == expected
    _code, checks = _doctor(root)
    assert checks["backup"]["status"] == "ok", checks["backup"]
    assert checks["audit"]["status"] == "ok", checks["audit"]


def test_an_upgrade_records_its_backup_for_doctor(tmp_path):
    root = copy_release_0_1(tmp_path / "data")
    assert cli("upgrade", "--data-dir", root)[0] == 0
    _code, checks = _doctor(root)
    assert checks["backup"]["status"] == "ok", checks["backup"]


# ----------------------------------------------------------------- ledger and audit log


def test_a_lost_ledger_is_a_problem_and_build_refuses_to_publish_zeros(tiny_dir, tmp_path):
    data_dir = _copy(tiny_dir, tmp_path)
    figures = indicators(data_dir.root)
    warehouse = data_dir.warehouse.read_bytes()
    data_dir.ledger.unlink()
    code, checks = _doctor(data_dir.root)
    assert code == 1 and checks["ledger"]["status"] == "problem"
    assert checks["ledger"]["message"] == (
        f"The submission ledger {data_dir.ledger} is missing or empty, but submitted files are "
        "stored (files: 3): the figures cannot be rebuilt from it."
    )
    code, out, err = cli("build", "--data-dir", data_dir.root)
    assert (code, out) == (1, "")
    assert err.strip().splitlines()[-1] == (
        f"error: The submission ledger {data_dir.ledger} is missing or empty while the store "
        "holds submitted files (files: 3): a build now would publish every figure as zero. Nothing was "
        "built. Restore the data directory from a backup: python -m pipelines restore BACKUP "
        "--data-dir DIR --force"
    )
    tiny_file = REPO_ROOT / "tests" / "fixtures" / "tiny" / "3_dissemination.csv"
    code, _out, err_ingest = cli("ingest", tiny_file, "--quiet", "--data-dir", data_dir.root)
    assert code == 1 and err_ingest.strip().splitlines()[-1] == err.strip().splitlines()[-1]
    assert data_dir.warehouse.read_bytes() == warehouse
    assert indicators(data_dir.root) == figures
    assert not data_dir.ledger.exists()


def _audit_rows(data_dir: DataDir, *statements: str) -> None:
    con = sqlite3.connect(data_dir.store / "audit.sqlite", isolation_level=None)
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        (
            ("DROP TRIGGER audit_no_delete",),
            "The audit log {path} no longer refuses changes: its protection was removed.",
        ),
        (
            (
                "DROP TRIGGER audit_no_delete",
                "DELETE FROM audit WHERE entry_id = 2",
                "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
                " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            ),
            "Entries are missing from the audit log {path} (removed: 1).",
        ),
        (
            (
                "DROP TRIGGER audit_no_delete",
                "DELETE FROM audit WHERE entry_id = (SELECT max(entry_id) FROM audit)",
                "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
                " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            ),
            "Entries are missing from the audit log {path} (removed: 1).",
        ),
    ],
    ids=["unguarded", "gap", "tail"],
)
def test_doctor_notices_an_audit_log_that_is_not_whole(tiny_dir, tmp_path, statements, message):
    data_dir = _copy(tiny_dir, tmp_path)
    for _ in range(3):
        assert cli("backup", "--out", tmp_path / "b.zip", "--data-dir", data_dir.root)[0] == 0
    assert _doctor(data_dir.root)[1]["audit"]["status"] == "ok"
    _audit_rows(data_dir, *statements)
    code, checks = _doctor(data_dir.root)
    path = data_dir.store / "audit.sqlite"
    assert code == 1 and checks["audit"]["status"] == "problem"
    assert checks["audit"]["message"] == message.format(path=path)


def test_a_format_marker_of_1e999_is_named_by_doctor_and_the_commands(tiny_dir, tmp_path):
    data_dir = _copy(tiny_dir, tmp_path)
    marker = data_dir.root / "format.json"
    marker.write_text('{"version": 1e999, "backups": []}', encoding="utf-8")
    expected = (
        f"Cannot read {marker}: its format version «inf» is not a whole number. Restore it from "
        "a backup, or ask the person who runs the installation."
    )
    code, checks = _doctor(data_dir.root)
    assert code == 1 and checks["format"]["message"] == expected
    code, out, err = cli("indicators", "--data-dir", data_dir.root)
    assert (code, out) == (1, "") and err.strip().splitlines()[-1] == f"error: {expected}"
