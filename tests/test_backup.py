"""``backup`` writes one consistent archive while an ingest runs; ``restore`` checks every
checksum before writing and gives back the same figures, frozen reports, accounts and audit
log; a damaged archive is refused naming the member that failed."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from pipelines.access.accounts import Accounts
from pipelines.paths import REPO_ROOT, DataDir
from pipelines.store import format as data_format
from pipelines.store.ledger import Ledger
from tests.ops_helpers import cli, indicators

PASSWORD = "a long backup passphrase"
NEW_ACTIVITIES = (
    "activity_id,partner_code,date,activity_type,title,country,audience,participants,reach,"
    "sdg_goals,url\n"
    "A1,KAZNU,2024-05-20,workshop,Seminar,KZ,academics;policy_makers,40,130,15;4,\n"
    "A6,KAZNU,2026-06-01,event,Open day,KZ,students,30,60,4,\n"
)


def QUIET_INTO(data_dir: DataDir) -> list[str]:
    return ["--quiet", "--data-dir", str(data_dir.root)]


def _rows(path: Path, table: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
    finally:
        con.close()


@pytest.fixture()
def source(tiny_dir, tmp_path, project) -> DataDir:
    """The tiny installation with an account and a frozen report."""
    data_dir = DataDir(tmp_path / "source")
    shutil.copytree(tiny_dir.root, data_dir.root)
    Accounts(data_dir, project).add("upv-coord", "coordinator", PASSWORD, by="test")
    code, _out, err = cli("report", "freeze", "--period", "P1", "--data-dir", data_dir.root)
    assert code == 0, err
    return data_dir


def test_backup_during_a_running_ingest_restores_a_consistent_installation(
    source, tmp_path, project
):
    before = indicators(source.root)
    new_file = tmp_path / "kaznu.csv"
    new_file.write_text(NEW_ACTIVITIES, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines", "ingest", str(new_file), *QUIET_INTO(source)],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(3)  # the ingest is importing, reading or storing: the backup runs beside it
    archive = tmp_path / "backup.zip"
    code, out, err = cli("backup", "--out", archive, "--data-dir", source.root)
    assert code == 0, err
    assert out.startswith(f"Backup written: {archive} (")
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    after = indicators(source.root)
    assert after != before, "the concurrent ingest must change the figures"

    target = tmp_path / "restored"
    code, out, err = cli("restore", archive, "--data-dir", target)
    assert code == 0, err
    restored = DataDir(target)
    position = Ledger(restored.ledger).position()
    # consistent: the whole batch or none of it, never half
    assert (position, indicators(target)) in ((6, before), (8, after)), position
    code, listed, _err = cli("report", "frozen", "list", "--data-dir", target)
    code_src, listed_src, _ = cli("report", "frozen", "list", "--data-dir", source.root)
    assert code == code_src == 0 and listed == listed_src
    frozen = sorted(p.relative_to(source.root) for p in source.frozen.rglob("report.json"))
    for rel in frozen:
        assert (target / rel).read_bytes() == (source.root / rel).read_bytes()
        assert oct((target / rel).stat().st_mode & 0o777) == oct(
            (source.root / rel).stat().st_mode & 0o777
        )
    source_audit = _rows(source.store / "audit.sqlite", "audit")
    restored_audit = _rows(restored.store / "audit.sqlite", "audit")
    # the restored log is the source's as the backup saw it, then the restore itself
    assert restored_audit[-1][3] == "restore"
    assert restored_audit[:-1] == source_audit[: len(restored_audit) - 1]
    session = Accounts(restored, project).authenticate("upv-coord", PASSWORD)
    assert session.viewer.role == "coordinator"
    assert (target / "private" / "secret.key").read_bytes() == (
        source.private / "secret.key"
    ).read_bytes()
    assert oct(restored.private.stat().st_mode & 0o777) == "0o700"
    marker = data_format.read_marker(source)
    assert marker["backups"][-1]["path"] == str(archive)


def test_the_archive_has_a_manifest_of_checksums_and_no_derived_files(source, tmp_path):
    archive = tmp_path / "b.zip"
    assert cli("backup", "--out", archive, "--data-dir", source.root)[0] == 0
    with zipfile.ZipFile(archive) as z:
        manifest = json.loads(z.read("MANIFEST.json"))
        names = set(z.namelist())
    assert names - {"MANIFEST.json"} == set(manifest["files"])
    assert "warehouse.duckdb" not in names and "store/.lock" not in names
    assert {"store/ledger.sqlite", "store/audit.sqlite", "private/accounts.sqlite"} <= names
    assert "private/secret.key" in names and manifest["without_secrets"] is False
    assert not [n for n in names if n.endswith(("-wal", "-shm"))]
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


def test_without_secrets_leaves_out_the_secret_key_and_says_what_it_costs(source, tmp_path):
    archive = tmp_path / "b.zip"
    code, out, _err = cli(
        "backup", "--out", archive, "--without-secrets", "--data-dir", source.root
    )
    assert code == 0 and "without the secret key" in out
    with zipfile.ZipFile(archive) as z:
        assert "private/secret.key" not in z.namelist()
    code, out, err = cli("restore", archive, "--data-dir", tmp_path / "r")
    assert code == 0, err
    assert "cannot be matched to those of earlier submissions" in out


def _flip_a_byte_of(archive: Path, member: str) -> None:
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo(member)
    data = bytearray(archive.read_bytes())
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.compress_size // 2] ^= 0x55
    archive.write_bytes(bytes(data))


@pytest.mark.parametrize("member", ["store/ledger.sqlite", "private/accounts.sqlite", ".parquet"])
def test_a_damaged_archive_is_refused_naming_the_member(source, tmp_path, member):
    archive = tmp_path / "b.zip"
    assert cli("backup", "--out", archive, "--data-dir", source.root)[0] == 0
    if member == ".parquet":
        with zipfile.ZipFile(archive) as z:
            member = next(n for n in z.namelist() if n.endswith(".parquet"))
    _flip_a_byte_of(archive, member)
    target = tmp_path / "r"
    code, out, err = cli("restore", archive, "--data-dir", target)
    assert code == 1 and out == ""
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"error: The backup {archive} is damaged at {member} (")
    assert last.endswith("nothing was written. Use another backup.")
    assert not target.exists()


def test_restore_refuses_a_non_empty_directory_unless_forced(source, tmp_path):
    archive = tmp_path / "b.zip"
    assert cli("backup", "--out", archive, "--data-dir", source.root)[0] == 0
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    code, _out, err = cli("restore", archive, "--data-dir", target)
    assert code == 2 and "is not empty" in err
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    code, _out, err = cli("restore", archive, "--data-dir", target, "--force")
    assert code == 0, err
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("busy.replaced-")]
    assert len(kept) == 1 and (kept[0] / "notes.txt").read_text() == "keep me"
    assert indicators(target) == indicators(source.root)


def test_a_backup_inside_the_data_directory_is_refused(source):
    code, _out, err = cli("backup", "--out", source.root / "b.zip", "--data-dir", source.root)
    assert code == 2 and "outside the data directory" in err
