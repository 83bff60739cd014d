"""Validation against data contract v1, one fixture file per defect or formatting quirk.

rejects/<template>/<defect>.csv|xlsx: the exact problems are in <defect>.expected.json.
rejects/unreadable/<defect>.*: files that cannot be read at all; the exact InputFileError
message is in <defect>.expected.json as {"error": ...}.
accepts/<template>/<quirk>.csv|xlsx: files that must be accepted; <quirk>.expected.json gives
the row count, the partners and the clean rows (every key given must match exactly).
Modules already accepted (for the enrollment and ownership rules) are known_modules.csv.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from pipelines.config import Project
from pipelines.errors import InputFileError
from pipelines.readers import read_submission
from pipelines.validate import Problem, validate

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 11, 29)
SUFFIXES = (".csv", ".xlsx", ".xls", ".ods", ".pdf")


def fixture_files(kind: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / kind).glob("*/*") if p.suffix in SUFFIXES and p.is_file())


def expected_for(path: Path) -> dict | list:
    return json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))


def connect() -> duckdb.DuckDBPyConnection:
    """A connection holding the modules accepted earlier, as the store provides them."""
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    con.execute(
        "CREATE TABLE known_modules AS SELECT module_code, CAST(ects AS DOUBLE) AS ects, "
        "lead_partner_code FROM read_csv($path, all_varchar = true)",
        {"path": str(FIXTURES / "known_modules.csv")},
    )
    return con


def check(path: Path, project: Project, today: dt.date = TODAY):
    con = connect()
    raw = read_submission(con, path.read_bytes(), path.name)
    result = validate(con, raw, project, today)
    return con, result


def clean_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[dict]:
    cursor = con.execute(f"SELECT * FROM {table} ORDER BY source_row")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, (_plain(v) for v in row), strict=True)) for row in cursor.fetchall()]


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def problem_dicts(problems: list[Problem]) -> list[dict]:
    return [dataclasses.asdict(p) for p in problems]


@pytest.mark.parametrize(
    "path", fixture_files("rejects"), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_rejected_file_lists_exactly_its_problems(path: Path, project: Project) -> None:
    expected = expected_for(path)
    if isinstance(expected, dict):  # the file cannot be read at all
        with pytest.raises(InputFileError) as caught:
            check(path, project)
        assert str(caught.value) == expected["error"]
        return
    _, result = check(path, project)
    assert result.template == path.parent.name
    assert problem_dicts(result.problems) == expected


@pytest.mark.parametrize(
    "path", fixture_files("accepts"), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_accepted_file_gives_these_clean_rows(path: Path, project: Project) -> None:
    expected = expected_for(path)
    con, result = check(path, project)
    assert problem_dicts(result.problems) == []
    assert result.template == path.parent.name
    assert result.table == f"clean_{path.parent.name}"
    assert result.row_count == expected["row_count"]
    assert result.partners == expected["partners"]
    rows = clean_rows(con, result.table)
    assert len(rows) == len(expected["rows"])
    for got, want in zip(rows, expected["rows"], strict=True):
        assert {key: got[key] for key in want} == want


def test_every_fixture_has_its_expectation() -> None:
    files = fixture_files("rejects") + fixture_files("accepts")
    assert len(files) > 60
    missing = [p.name for p in files if not p.with_name(p.stem + ".expected.json").exists()]
    assert missing == []
