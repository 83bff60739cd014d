"""A format-4 directory written before work plan lists were loaded takes a list without an
upgrade: the list's table is added to ``store/workplan.sqlite`` beside the history, the format
stays 4, and every status, justification, evidence link and audit entry stays as it was."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from pipelines.paths import DataDir
from pipelines.store import format as data_format
from tests.ops_helpers import cli

FIXTURE = Path(__file__).parent / "fixtures" / "format_4" / "data"
GOOD_CSV = Path(__file__).parent / "fixtures" / "workplan" / "accepts" / "good.csv"


def rows(path: Path, table: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    finally:
        con.close()


def tables(path: Path, immutable: bool = False) -> list[str]:
    """The file's tables; ``immutable`` reads the committed fixture without making a WAL
    index beside it."""
    con = sqlite3.connect(f"file:{path}?mode=ro{'&immutable=1' * immutable}", uri=True)
    try:
        found = con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")
        return [name for (name,) in found.fetchall() if not name.startswith("sqlite_")]
    finally:
        con.close()


@pytest.fixture()
def old(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "data"))


def test_the_fixture_is_format_4_with_history_and_no_loaded_list(old):
    assert data_format.detect_version(DataDir(old)) == 4 == data_format.FORMAT_VERSION
    assert tables(old / "store" / "workplan.sqlite") == ["workplan_events"]


def test_a_list_loads_into_it_keeping_the_format_and_every_row(old):
    workplan = old / "store" / "workplan.sqlite"
    events_before = rows(workplan, "workplan_events")
    audit_before = rows(old / "store" / "audit.sqlite", "audit")
    marker_before = json.loads((old / "format.json").read_text(encoding="utf-8"))
    code, out, err = cli(
        "workplan", "load", GOOD_CSV, "--apply", "--by", "fixture-coordinator", "--data-dir", old
    )
    assert (code, err) == (0, ""), out
    assert tables(workplan) == ["workplan_events", "workplan_lists"]
    assert rows(workplan, "workplan_events") == events_before
    assert rows(old / "store" / "audit.sqlite", "audit")[: len(audit_before)] == audit_before
    assert json.loads((old / "format.json").read_text(encoding="utf-8")) == marker_before
    assert data_format.user_version(workplan) == 4
    code, out, err = cli("upgrade", "--data-dir", old, "--json")
    assert code == 0 and json.loads(out)["changed"] is False, err

    code, out, _ = cli("deliverables", "list", "--json", "--data-dir", old)
    first = json.loads(out)["deliverables"][0]
    assert (first["code"], first["title"], first["justification"]) == (
        "D1.1",
        "Project handbook",
        "Handbook delayed by the consortium agreement",
    )
    code, out, _ = cli("milestones", "list", "--json", "--data-dir", old)
    m1 = json.loads(out)["milestones"][0]
    assert (m1["code"], m1["status"], m1["evidence"]) == (
        "M1",
        "reached",
        [{"url": "https://example.org/kick-off"}],
    )


def test_the_fixture_itself_was_not_touched():
    assert tables(FIXTURE / "store" / "workplan.sqlite", immutable=True) == ["workplan_events"]
    assert json.loads((FIXTURE / "format.json").read_text())["upgrades"] == []
