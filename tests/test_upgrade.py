"""A data directory written by release 0.1 is taken over by ``upgrade`` with nothing lost.

The fixture (tests/fixtures/release_0_1) is copied; figures, frozen reports, accounts, the
audit log and the ledger must equal what release 0.1 recorded about it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from pipelines.access.accounts import Accounts
from pipelines.audit import log as audit
from pipelines.paths import DataDir
from pipelines.store import format as data_format
from tests.ops_helpers import (
    EXPECTED,
    FIXTURE,
    INDICATOR_OUTPUTS,
    cli,
    copy_release_0_1,
    expected,
    indicators,
)

FROZEN_ID = "P1-20261130T091609Z"


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory) -> tuple[Path, dict, str]:
    root = copy_release_0_1(tmp_path_factory.mktemp("upgrade") / "data")
    code, out, err = cli("upgrade", "--data-dir", root, "--json")
    assert code == 0, err
    return root, json.loads(out), (root / "format.json").read_text(encoding="utf-8")


def _tables(path: Path) -> dict[str, list[list]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: [list(r) for r in con.execute(f'SELECT * FROM "{n}" ORDER BY 1')] for n in names}
    finally:
        con.close()


def test_a_release_0_1_directory_is_recognised_as_format_1(tmp_path):
    root = copy_release_0_1(tmp_path / "data")
    assert data_format.detect_version(DataDir(root)) == 1
    assert not (root / "format.json").exists()


def test_a_command_on_the_old_directory_is_refused_and_names_upgrade(tmp_path):
    root = copy_release_0_1(tmp_path / "data")

    def files() -> dict[str, str]:  # SQLite's own -wal/-shm files aside
        return {
            str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith(("-wal", "-shm"))
        }

    before = files()
    code, out, err = cli("indicators", "--json", "--data-dir", root)
    assert code == 1 and out == ""
    assert err.strip() == (
        f"error: The data directory {root} was written by an older release (format 1); this "
        f"release reads format 4. Take it over with: python -m pipelines upgrade --data-dir {root}"
    )
    assert files() == before, "a refused command must not write anything"


def test_upgrade_reports_its_steps_and_takes_a_backup_first(upgraded):
    root, outcome, _marker = upgraded
    assert (outcome["found"], outcome["version"], outcome["changed"]) == (1, 4, True)
    assert outcome["rebuilt"] is True
    backup = Path(outcome["backup"])
    assert backup.parent == root / "backups" and backup.is_file()
    marker = json.loads((root / "format.json").read_text(encoding="utf-8"))
    assert marker["version"] == 4 and marker["written_by"] == data_format.RELEASE
    assert [(u["from"], u["to"]) for u in marker["upgrades"]] == [(1, 2), (2, 3), (3, 4)]


@pytest.mark.parametrize("name", sorted(INDICATOR_OUTPUTS))
def test_figures_equal_what_release_0_1_printed(upgraded, name):
    """Every figure (actual value) is what 0.1 printed. Targets and status follow the
    project.toml in use: this release allocates partner and country targets to every count
    indicator, so they may be new where 0.1 had none."""
    root, _outcome, _marker = upgraded

    def figures(out: dict) -> list[tuple]:
        return [(i["code"], i["name"], i["unit"], i["actual"]) for i in out["indicators"]]

    assert figures(indicators(root, *INDICATOR_OUTPUTS[name])) == figures(expected(name))


def test_frozen_reports_are_listed_and_unchanged(upgraded):
    root, _outcome, _marker = upgraded
    code, out, _err = cli("report", "frozen", "list", "--data-dir", root)
    assert code == 0
    assert out == expected("report-frozen-list.json")["stdout"]
    rel = f"frozen/{FROZEN_ID}/report.json"
    digest = hashlib.sha256((root / rel).read_bytes()).hexdigest()
    assert digest == expected("manifest.json")["files"][rel]["sha256"]


def test_a_frozen_report_renders_the_figures_release_0_1_rendered(upgraded, tmp_path):
    root, _outcome, _marker = upgraded
    out = tmp_path / "frozen.xlsx"
    code, _out, err = cli("report", "--frozen", FROZEN_ID, "--out", out, "--data-dir", root)
    assert code == 0, err

    def figures(path: Path) -> list[tuple]:
        sheet = openpyxl.load_workbook(path, read_only=True)["Indicators"]
        return [(r[0], r[4], r[5]) for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]]

    old = figures(EXPECTED / "reports" / f"frozen-{FROZEN_ID}.xlsx")
    new = figures(out)
    assert len(old) == 12 and [f[:2] for f in new] == [f[:2] for f in old]  # code, actual
    for (code, _, shown), (_, _, frozen) in zip(new, old, strict=True):
        # the expected value as people read it: a count whole (598.9 -> 599), a share as kept
        assert shown == pytest.approx(frozen, abs=0.5), code


def test_accounts_sign_in_with_the_password_set_under_0_1(upgraded, project):
    root, _outcome, _marker = upgraded
    account = expected("manifest.json")["account"]
    session = Accounts(DataDir(root), project).authenticate(
        account["username"], account["password"]
    )
    assert session.viewer.role == "coordinator"
    listed = [a.username for a in Accounts(DataDir(root), project).list_accounts()]
    assert listed == sorted(u["username"] for u in expected("users-list.json")["users"])


def test_the_ledger_and_the_audit_log_keep_every_row(upgraded):
    root, _outcome, _marker = upgraded
    ledger = _tables(root / "store" / "ledger.sqlite")
    for table, dump in expected("ledger.json")["tables"].items():
        assert ledger[table] == dump["rows"], table
    rows = _tables(root / "store" / "audit.sqlite")["audit"]
    old = expected("audit.json")["tables"]["audit"]["rows"]
    assert rows[: len(old)] == old
    later = [r[3] for r in rows[len(old) :]]
    assert "upgrade" in later  # the upgrade itself is on record, after 0.1's entries


def test_the_upgraded_audit_log_still_refuses_changes_and_takes_new_actions(upgraded):
    root, _outcome, _marker = upgraded
    con = sqlite3.connect(root / "store" / "audit.sqlite")
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute("DELETE FROM audit")
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            con.execute(
                "INSERT INTO audit (at, who, action, detail) VALUES ('x', 'y', 'nonsense', '{}')"
            )
    finally:
        con.close()
    assert audit.record(DataDir(root), "os:test", "ingest", "x.csv", status="accepted") > 0


def test_a_second_upgrade_changes_nothing(upgraded):
    root, _outcome, marker = upgraded

    def state() -> dict[str, str]:
        return {
            str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file() and p.name not in ("audit.sqlite", "audit.sqlite-wal")
        }

    before = state()
    code, out, err = cli("upgrade", "--data-dir", root, "--json")
    assert code == 0, err
    assert json.loads(out) == {
        "found": data_format.FORMAT_VERSION,
        "version": data_format.FORMAT_VERSION,
        "changed": False,
        "steps": [],
        "backup": None,
        "rebuilt": False,
    }
    assert state() == before
    assert (root / "format.json").read_text(encoding="utf-8") == marker


def test_the_fixture_itself_was_not_touched():
    assert not (FIXTURE / "data" / "format.json").exists()
    assert not list((FIXTURE / "data").rglob("*-wal"))


def test_a_new_directory_is_stamped_with_the_current_format(tmp_path):
    code, _out, err = cli("upgrade", "--data-dir", tmp_path / "new")
    assert code == 0, err
    assert json.loads((tmp_path / "new" / "format.json").read_text())["version"] == 4


def test_a_directory_from_a_newer_release_is_refused(tmp_path):
    root = tmp_path / "data"
    data_format.write_marker(DataDir(root), {**data_format.new_marker(), "version": 5})
    code, _out, err = cli("indicators", "--data-dir", root)
    assert code == 1 and "written by a newer release (format 5)" in err
    code, _out, err = cli("upgrade", "--data-dir", root)
    assert code == 1 and "written by a newer release (format 5)" in err


def test_audit_format_constant_matches_the_store_format():
    assert audit.DATA_FORMAT == data_format.FORMAT_VERSION
