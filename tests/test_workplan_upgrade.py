"""A format-2 directory (release 0.2, before the work plan was kept) is taken to the current
format by ``upgrade``: its audit log then takes the work plan's updates, and nothing recorded is
lost."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from pipelines.paths import DataDir
from pipelines.store import format as data_format
from tests.ops_helpers import cli

FIXTURE = Path(__file__).parent / "fixtures" / "format_2" / "data"
PDF = b"%PDF-1.4\n%%EOF\n"


def rows(path: Path, table: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    finally:
        con.close()


@pytest.fixture()
def old(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "data"))


def test_the_fixture_is_format_2_and_its_audit_log_refuses_work_plan_updates(old):
    assert data_format.detect_version(DataDir(old)) == 2
    con = sqlite3.connect(old / "store" / "audit.sqlite")
    try:
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            con.execute(
                "INSERT INTO audit (at, who, action, detail)"
                " VALUES ('x', 'y', 'workplan_update', '{}')"
            )
    finally:
        con.close()


def test_a_work_plan_command_on_a_format_2_directory_names_upgrade(old):
    code, out, err = cli("deliverables", "list", "--data-dir", old)
    assert (code, out) == (1, "")
    assert err.strip() == (
        f"error: The data directory {old} was written by an older release (format 2); this "
        f"release reads format 4. Take it over with: python -m pipelines upgrade --data-dir {old}"
    )


def test_upgrade_takes_it_to_format_3_keeping_every_row(old, tmp_path):
    audit_before = rows(old / "store" / "audit.sqlite", "audit")
    ledger_before = rows(old / "store" / "ledger.sqlite", "events")
    code, out, err = cli("upgrade", "--data-dir", old, "--json")
    assert code == 0, err
    outcome = json.loads(out)
    assert (outcome["found"], outcome["version"], outcome["changed"]) == (2, 4, True)
    assert outcome["steps"][0] == "2 -> 3: audit log accepts the new actions (work plan updates)"
    marker = json.loads((old / "format.json").read_text(encoding="utf-8"))
    assert [(u["from"], u["to"]) for u in marker["upgrades"]] == [(2, 3), (3, 4)]
    assert rows(old / "store" / "audit.sqlite", "audit")[: len(audit_before)] == audit_before
    assert rows(old / "store" / "ledger.sqlite", "events") == ledger_before
    for path in data_format.sqlite_files(DataDir(old)):
        assert data_format.user_version(path) == 4, path

    evidence = tmp_path / "minutes.pdf"
    evidence.write_bytes(PDF)
    code, _out, err = cli(
        "milestones",
        "update",
        "M1",
        "--status",
        "reached",
        "--evidence",
        evidence,
        "--by",
        "fixture-coordinator",
        "--data-dir",
        old,
    )
    assert code == 0, err
    assert data_format.user_version(DataDir(old).workplan) == 4
    last = rows(old / "store" / "audit.sqlite", "audit")[-1]
    assert (last[2], last[3], last[4]) == ("fixture-coordinator", "workplan_update", "M1")

    code, out, err = cli("upgrade", "--data-dir", old, "--json")
    assert code == 0, err
    assert json.loads(out)["changed"] is False


def test_the_fixture_itself_was_not_touched():
    digest = {
        str(p.relative_to(FIXTURE)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(FIXTURE.rglob("*"))
        if p.is_file()
    }
    assert sorted(digest) == [
        "format.json",
        "private/accounts.sqlite",
        "store/audit.sqlite",
        "store/ledger.sqlite",
        "store/submissions/dissemination/fec9411fcc2a559a-368e66d3.parquet",
    ]
    assert json.loads((FIXTURE / "format.json").read_text())["version"] == 2
