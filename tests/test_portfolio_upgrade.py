"""A format-3 directory (release 0.2, before the portfolio was kept) is taken to format 4 by
``upgrade``: its audit log then takes the portfolio's actions, and nothing recorded is lost."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.paths import DataDir
from pipelines.store import format as data_format
from tests.ops_helpers import cli

FIXTURE = Path(__file__).parent / "fixtures" / "format_3" / "data"


def rows(path: Path, table: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    finally:
        con.close()


@pytest.fixture()
def old(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "data"))


def test_the_fixture_is_format_3_and_its_audit_log_refuses_portfolio_actions(old):
    assert data_format.detect_version(DataDir(old)) == 3
    con = sqlite3.connect(old / "store" / "audit.sqlite")
    try:
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            con.execute(
                "INSERT INTO audit (at, who, action, detail) VALUES ('x', 'y', 'portfolio_add', '{}')"
            )
    finally:
        con.close()


def test_a_portfolio_command_on_a_format_3_directory_names_upgrade(old):
    code, out, err = cli("portfolio", "list", "--data-dir", old)
    assert (code, out) == (1, "")
    assert err.strip() == (
        f"error: The data directory {old} was written by an older release (format 3); this "
        f"release reads format 4. Take it over with: python -m pipelines upgrade --data-dir {old}"
    )


def test_upgrade_takes_it_to_format_4_keeping_every_row(old):
    audit_before = rows(old / "store" / "audit.sqlite", "audit")
    ledger_before = rows(old / "store" / "ledger.sqlite", "events")
    code, out, err = cli("upgrade", "--data-dir", old, "--json")
    assert code == 0, err
    outcome = json.loads(out)
    assert (outcome["found"], outcome["version"], outcome["changed"]) == (3, 4, True)
    assert outcome["steps"][0] == (
        "3 -> 4: audit log accepts the new actions (portfolio, monitoring notes)"
    )
    marker = json.loads((old / "format.json").read_text(encoding="utf-8"))
    assert [(u["from"], u["to"]) for u in marker["upgrades"]] == [(3, 4)]
    assert rows(old / "store" / "audit.sqlite", "audit")[: len(audit_before)] == audit_before
    assert rows(old / "store" / "ledger.sqlite", "events") == ledger_before
    for path in data_format.sqlite_files(DataDir(old)):
        assert data_format.user_version(path) == 4, path
    audit.record(DataDir(old), "office", "portfolio_add", "101129032")
    assert audit.entries(DataDir(old), Viewer.coordinator(), limit=1)[0].action == ("portfolio_add")
    code, out, err = cli("upgrade", "--data-dir", old, "--json")
    assert code == 0 and json.loads(out)["changed"] is False, err


def test_the_fixture_itself_was_not_touched():
    assert json.loads((FIXTURE / "format.json").read_text())["version"] == 3
