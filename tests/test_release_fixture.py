"""The release 0.1 fixture (tests/fixtures/release_0_1) is intact.

It is a data directory written by release 0.1 (commit f0fc5ba) and what that release printed
about it; upgrade tests compare against it. These checks use only the standard library and do
not import the package, so they hold whatever the package layout becomes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "release_0_1"
DATA = FIXTURE / "data"
EXPECTED = FIXTURE / "expected"


def _manifest() -> dict:
    return json.loads((EXPECTED / "manifest.json").read_text(encoding="utf-8"))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fixture_folder_exists() -> None:
    assert (FIXTURE / "README.md").is_file()
    assert DATA.is_dir()
    assert (EXPECTED / "manifest.json").is_file()


def test_manifest_records_release_0_1() -> None:
    manifest = _manifest()
    assert manifest["release"] == "0.1"
    assert manifest["release_commit"].startswith("f0fc5ba")
    assert manifest["files"], "the manifest lists no file"


def test_every_file_is_present_and_unchanged() -> None:
    files = _manifest()["files"]
    changed = {
        rel: "missing" if not (DATA / rel).is_file() else "changed"
        for rel, entry in files.items()
        if not (DATA / rel).is_file() or _sha256(DATA / rel) != entry["sha256"]
    }
    assert not changed, f"the release 0.1 fixture was altered: {changed}"


def test_no_file_was_added() -> None:
    present = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file()}
    extra = present - set(_manifest()["files"])
    assert not extra, f"files not written by release 0.1: {sorted(extra)}"


def test_no_sqlite_side_files() -> None:
    side = [p.name for p in DATA.rglob("*") if p.name.endswith(("-wal", "-shm", "-journal"))]
    assert not side


SQLITE_DUMP = ("file", "user_version", "wal_mode_in_header", "journal_mode_seen_read_only")
SQLITE_DUMP += ("schema", "tables")
# each file of expected/ and the keys release 0.1 wrote at its top level, in order
EXPECTED_KEYS = {
    "audit.json": SQLITE_DUMP,
    "commands.json": ("release_commit", "today", "runs"),
    "indicators-country-KZ.json": ("indicators",),
    "indicators-partner-KAZNU.json": ("indicators",),
    "indicators-period-P1.json": ("indicators",),
    "indicators-sdg-15.json": ("indicators",),
    "indicators.json": ("indicators",),
    "ledger.json": SQLITE_DUMP,
    "manifest.json": (
        "release", "release_commit", "today", "account", "frozen_report", "files",
        "directories", "empty_directories", "modes_as_written", "left_out",
        "derived_kept_bytes", "sqlite_row_counts",
    ),
    "report-frozen-list.json": ("stdout", "reports"),
    "sqlite-schemas.json": ("private/accounts.sqlite", "store/audit.sqlite", "store/ledger.sqlite"),
    "users-list-text.json": ("stdout",),
    "users-list.json": ("users",),
}  # fmt: skip


def test_expected_holds_exactly_the_recorded_json_files() -> None:
    assert sorted(p.name for p in EXPECTED.glob("*.json")) == sorted(EXPECTED_KEYS)


@pytest.mark.parametrize("name", sorted(EXPECTED_KEYS))
def test_expected_json_parses_with_its_recorded_keys(name: str) -> None:
    found = json.loads((EXPECTED / name).read_text(encoding="utf-8"))
    assert isinstance(found, dict)
    assert tuple(found) == EXPECTED_KEYS[name]
    empty = [key for key, value in found.items() if value in (None, "", [], {})]
    # release 0.1 had no empty folder and kept no derived file under the size limit
    assert empty == (["empty_directories", "derived_kept_bytes"] if name == "manifest.json" else [])


def test_indicator_outputs_have_indicators() -> None:
    for name in (
        "indicators.json",
        "indicators-period-P1.json",
        "indicators-country-KZ.json",
        "indicators-partner-KAZNU.json",
        "indicators-sdg-15.json",
    ):
        found = json.loads((EXPECTED / name).read_text(encoding="utf-8"))["indicators"]
        assert found and all({"code", "actual", "target", "status"} <= set(v) for v in found)


@pytest.mark.parametrize(
    "rel, dump", [("store/ledger.sqlite", "ledger.json"), ("store/audit.sqlite", "audit.json")]
)
def test_sqlite_opens_read_only_with_recorded_rows(tmp_path: Path, rel: str, dump: str) -> None:
    copy = tmp_path / Path(rel).name
    shutil.copyfile(DATA / rel, copy)  # never open the fixture itself: WAL mode writes -shm
    recorded = _manifest()["sqlite_row_counts"][rel]
    rows = json.loads((EXPECTED / dump).read_text(encoding="utf-8"))["tables"]
    con = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table, count in recorded.items():
            assert con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == count
            assert rows[table]["row_count"] == count == len(rows[table]["rows"])
    finally:
        con.close()
    assert recorded, f"no table recorded for {rel}"
