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
from pipelines.intake.readers import read_submission
from pipelines.intake.validate import Problem, validate

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
    """What a fixture pins: where, what, the English message and its catalogue key."""
    shown = ("row", "column", "value", "message", "key")
    return [{k: v for k, v in dataclasses.asdict(p).items() if k in shown} for p in problems]


@pytest.mark.parametrize(
    "path", fixture_files("rejects"), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_rejected_file_lists_exactly_its_problems(path: Path, project: Project) -> None:
    expected = expected_for(path)
    if isinstance(expected, dict):  # the file cannot be read at all
        with pytest.raises(InputFileError) as caught:
            check(path, project)
        assert str(caught.value) == expected["error"]
        assert caught.value.key == expected["key"]
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


# --------------------------------------------------------------------------- parsing rules

NUMBERS = [
    ("5", 5.0),
    ("1.5", 1.5),
    ("1,5", 1.5),
    (".5", 0.5),
    ("1 234", 1234.0),
    ("1\u00a0234", 1234.0),
    ("1\u202f234,5", 1234.5),
    ("1.234,5", 1234.5),
    ("1,234.5", 1234.5),
    ("1,234,567", 1234567.0),
    ("1.234.567", 1234567.0),
    ("1.234", 1.234),
    ("0,125", 0.125),
    ("-2", -2.0),
    ("1,234", None),  # ambiguous in a decimal column
    ("12 34", None),
    ("1e3", None),
    ("five", None),
    ("5 ECTS", None),
]
INTEGERS = [
    ("45", 45),
    ("45.0", 45),
    ("45,0", 45),
    ("1,234", 1234),
    ("1.234", 1234),
    ("1 234", 1234),
    ("1\u00a0234\u00a0567", 1234567),
    ("12.5", None),
    ("1,234.5", None),
    ("about 40", None),
]
DATES = [
    ("2025-03-14", "2025-03-14"),
    ("2025-3-4", "2025-03-04"),
    ("14.03.2025", "2025-03-14"),
    ("4.3.2025", "2025-03-04"),
    ("14/03/2025", "2025-03-14"),
    ("2025-03-14 00:00:00", "2025-03-14"),
    ("14.03.2025 00:00", "2025-03-14"),
    ("29.02.2024", "2024-02-29"),
    ("29.02.2025", None),
    ("03/15/2025", None),
    ("2025-03-14 14:30:00", None),
    ("14.03/2025", None),
    ("14.03.25", None),
    ("2025.03.14", None),
    ("45730", None),
]


@pytest.fixture(scope="module")
def macros() -> duckdb.DuckDBPyConnection:
    from pipelines.intake.readers import sql_file

    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    con.execute(sql_file("macros.sql"))
    return con


@pytest.mark.parametrize(("text", "number"), NUMBERS)
def test_decimal_numbers_as_spreadsheets_write_them(macros, text: str, number) -> None:
    assert macros.execute("SELECT lv_number($t)", {"t": text}).fetchall() == [(number,)]


@pytest.mark.parametrize(("text", "number"), INTEGERS)
def test_whole_numbers_as_spreadsheets_write_them(macros, text: str, number) -> None:
    assert macros.execute("SELECT lv_integer($t)", {"t": text}).fetchall() == [(number,)]


@pytest.mark.parametrize(("text", "day"), DATES)
def test_dates_in_the_three_formats_and_nothing_else(macros, text: str, day) -> None:
    (got,) = macros.execute("SELECT lv_date($t)", {"t": text}).fetchall()[0]
    assert (got.isoformat() if got else None) == day


YES_NO = [
    ("yes", True),
    ("Y", True),
    ("TRUE", True),
    ("1", True),
    ("No", False),
    ("n", False),
    ("false", False),
    ("0", False),
    ("si", None),
    ("x", None),
]


@pytest.mark.parametrize(("text", "value"), YES_NO)
def test_yes_no_cells(macros, text: str, value) -> None:
    assert macros.execute("SELECT lv_yesno($t)", {"t": text}).fetchall() == [(value,)]


@pytest.mark.parametrize(
    ("text", "value"),
    [("on_site", "on_site"), ("On site", "on_site"), ("ON-SITE", "on_site"), ("onsite", None)],
)
def test_vocabulary_values_written_loosely(macros, text: str, value) -> None:
    vocab = ["online", "blended", "on_site"]
    got = macros.execute("SELECT lv_choice($t, $v)", {"t": text, "v": vocab}).fetchall()
    assert got == [(value,)]


# --------------------------------------------------------------------------- whole files

CLEAN_SCHEMAS = {
    "modules": [
        ("module_code", "VARCHAR"),
        ("title", "VARCHAR"),
        ("lead_partner_code", "VARCHAR"),
        ("partner_codes", "VARCHAR[]"),
        ("work_package", "VARCHAR"),
        ("sdg_goals", "INTEGER[]"),
        ("ects", "DOUBLE"),
        ("eqf_level", "INTEGER"),
        ("language", "VARCHAR[]"),
        ("delivery_mode", "VARCHAR"),
        ("status", "VARCHAR"),
        ("micro_credential", "BOOLEAN"),
        ("learning_outcomes", "VARCHAR"),
        ("assessment_type", "VARCHAR"),
        ("quality_assurance", "VARCHAR"),
        ("available_from", "DATE"),
        ("catalog_url", "VARCHAR"),
        ("title_ru", "VARCHAR"),
        ("title_kk", "VARCHAR"),
        ("title_uz", "VARCHAR"),
        ("learning_outcomes_ru", "VARCHAR"),
        ("learning_outcomes_kk", "VARCHAR"),
        ("learning_outcomes_uz", "VARCHAR"),
        ("isced_field", "VARCHAR"),
        ("entry_requirements", "VARCHAR"),
        ("source_row", "INTEGER"),
    ],
    "enrollments": [
        ("partner_code", "VARCHAR"),
        ("module_code", "VARCHAR"),
        ("learner_id", "VARCHAR"),
        ("gender", "VARCHAR"),
        ("learner_type", "VARCHAR"),
        ("enrolled_on", "DATE"),
        ("status", "VARCHAR"),
        ("completed_on", "DATE"),
        ("ects_earned", "DOUBLE"),
        ("credential_issued", "BOOLEAN"),
        ("source_row", "INTEGER"),
    ],
    "dissemination": [
        ("activity_id", "VARCHAR"),
        ("partner_code", "VARCHAR"),
        ("date", "DATE"),
        ("activity_type", "VARCHAR"),
        ("title", "VARCHAR"),
        ("country", "VARCHAR"),
        ("audience", "VARCHAR[]"),
        ("participants", "BIGINT"),
        ("reach", "BIGINT"),
        ("sdg_goals", "INTEGER[]"),
        ("url", "VARCHAR"),
        ("source_row", "INTEGER"),
    ],
}


@pytest.mark.parametrize(
    "path",
    [
        FIXTURES / "accepts" / "modules" / "loose-formatting.csv",
        FIXTURES / "accepts" / "enrollments" / "defaults-for-blank-optional-cells.csv",
        FIXTURES / "accepts" / "dissemination" / "excel-number-formats.csv",
        FIXTURES / "rejects" / "enrollments" / "bad-status.csv",  # rejected: same schema
    ],
    ids=lambda p: p.parent.name,
)
def test_clean_table_has_the_contract_schema(path: Path, project: Project) -> None:
    con, result = check(path, project)
    described = con.execute(f"DESCRIBE {result.table}").fetchall()
    assert [(name, kind) for name, kind, *_ in described] == CLEAN_SCHEMAS[path.parent.name]


def test_without_known_modules_every_module_is_unknown(project: Project) -> None:
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    path = FIXTURES / "accepts" / "enrollments" / "defaults-for-blank-optional-cells.csv"
    raw = read_submission(con, path.read_bytes(), path.name)
    result = validate(con, raw, project, TODAY)
    assert [(p.row, p.column, p.value) for p in result.problems] == [
        (2, "module_code", "SLM-102"),
        (3, "module_code", "SLM-102"),
        (4, "module_code", "SLM-102"),
    ]


def test_every_problem_of_a_big_file_is_listed_in_row_order(project: Project) -> None:
    header = "partner_code,module_code,learner_id,gender,learner_type,enrolled_on,status"
    lines = [header] + [
        f"FPI,SLM-102,S-{i:05d},{'Q' if i % 2 else 'F'},master,2025-03-01,enrolled"
        for i in range(3000)
    ]
    con = connect()
    raw = read_submission(con, ("\n".join(lines) + "\n").encode(), "big.csv")
    result = validate(con, raw, project, TODAY)
    assert [p.row for p in result.problems] == list(range(3, 3002, 2))
    assert {p.message for p in result.problems} == {
        '"Q" is not a valid gender: expected one of F, M, X, U.'
    }


def test_validating_twice_in_one_connection_replaces_the_clean_table(project: Project) -> None:
    con = connect()
    first = FIXTURES / "accepts" / "dissemination" / "tab-delimited.csv"
    second = FIXTURES / "accepts" / "dissemination" / "same-id-different-partners.csv"
    for path, count in ((first, 1), (second, 3)):
        raw = read_submission(con, path.read_bytes(), path.name, table=f"raw_{count}")
        result = validate(con, raw, project, TODAY)
        assert result.row_count == count
        assert con.execute(f"SELECT count(*) FROM {result.table}").fetchall() == [(count,)]


def test_template_is_recognised_from_its_columns_even_with_some_missing() -> None:
    from pipelines.intake.contract import detect_template

    assert detect_template(["learner_id", "module_code"]) == "enrollments"
    assert detect_template(["Module_Code ", "ects"]) == "modules"
    assert detect_template(["activity_id"]) == "dissemination"
    with pytest.raises(InputFileError, match="Cannot tell which template"):
        detect_template(["partner_code"])  # enrollments or dissemination


def test_a_date_equal_to_today_is_not_in_the_future(project: Project) -> None:
    path = FIXTURES / "accepts" / "enrollments" / "mixed-date-formats-and-case.csv"
    _, on_the_day = check(path, project, today=dt.date(2026, 11, 28))
    assert on_the_day.problems == []
    _, day_before = check(path, project, today=dt.date(2026, 11, 27))
    assert problem_dicts(day_before.problems) == [
        {
            "row": 5,
            "column": "completed_on",
            "value": "28.11.2026",
            "message": "completed_on 2026-11-28 is in the future (today is 2026-11-27): "
            "report only what has already happened.",
            "key": "intake.date.future",
        }
    ]
