"""Submission templates: generated from the contract, committed, and accepted by the validator."""

from __future__ import annotations

import csv
import datetime as dt
import io

import duckdb
import openpyxl
import pytest

from pipelines.cli import main
from pipelines.errors import UsageError
from pipelines.intake import readers, validate
from pipelines.intake.contract import TEMPLATES
from pipelines.intake.templates import template_bytes, templates_markdown, write_templates
from pipelines.paths import DEFAULT_DATA_DIR

COMMITTED = DEFAULT_DATA_DIR / "templates"
BOM = b"\xef\xbb\xbf"


def _sheet(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _validations(ws) -> dict[str, object]:
    """Column letter -> the data validation covering rows 2.. of that column."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        ref = str(dv.sqref)
        found[ref.split(":")[0].rstrip("0123456789")] = dv
    return found


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("template", list(TEMPLATES))
def test_committed_templates_equal_fresh_output(project, template, fmt):
    committed = (COMMITTED / f"{template}.{fmt}").read_bytes()
    assert committed == template_bytes(template, fmt, project), (
        f"data/templates/{template}.{fmt} is stale: run 'python -m pipelines templates'"
    )


def test_write_templates_writes_six_files(tmp_path, project):
    paths = write_templates(tmp_path, project)
    assert [p.name for p in paths] == [
        "modules.csv",
        "modules.xlsx",
        "enrollments.csv",
        "enrollments.xlsx",
        "dissemination.csv",
        "dissemination.xlsx",
        "README.md",
    ]
    assert paths[-1].read_bytes() == (COMMITTED / "README.md").read_bytes(), (
        "data/templates/README.md is stale: run 'python -m pipelines templates'"
    )
    paths = write_templates(tmp_path / "fpi", project, partner="fpi")
    assert [p.name for p in paths][:2] == ["modules_FPI.csv", "modules_FPI.xlsx"]
    assert len(paths) == 6


def test_readme_documents_every_column(project):
    text = templates_markdown(project)
    for template in TEMPLATES.values():
        assert f"## `{template.name}`" in text
        for column in template.columns:
            assert f"| `{column.name}` | {'yes' if column.required else 'no'} |" in text
    assert "| `gender` | yes | F, M, X (other) or U (undisclosed). | F, M, X, U | `F` |" in text


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_csv_is_bom_header_and_example_row(project, template):
    data = template_bytes(template, "csv", project)
    assert data.startswith(BOM)
    rows = list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"))))
    columns = TEMPLATES[template].columns
    assert rows == [[c.name for c in columns], [c.example for c in columns]]


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_csv_partner_prefilled(project, template):
    data = template_bytes(template, "csv", project, partner="binrm")
    header, row = list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"))))
    values = dict(zip(header, row, strict=True))
    assert values[TEMPLATES[template].partner_column] == "BINRM"
    others = {c.name: c.example for c in TEMPLATES[template].columns}
    others.pop(TEMPLATES[template].partner_column)
    assert {k: v for k, v in values.items() if k in others} == others


def test_unknown_partner_or_format_is_a_usage_error(project):
    with pytest.raises(UsageError) as caught:
        template_bytes("modules", "csv", project, partner="nope")
    assert str(caught.value) == (
        "Unknown partner 'nope': use one of UPV, UNICAS, UCY, KAZNU, KOKSU, AYU, CAREC, "
        "MSHE-KZ, FPI, TIIAME, BINRM, BSU, IAU, MHESI-UZ"
    )
    with pytest.raises(UsageError) as caught:
        template_bytes("modules", "ods", project)  # type: ignore[arg-type]
    assert str(caught.value) == "Unknown template format 'ods': use csv or xlsx"
    with pytest.raises(UsageError) as caught:
        template_bytes("learners", "csv", project)
    assert str(caught.value) == (
        "Unknown template 'learners': choose one of modules, enrollments, dissemination"
    )


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_xlsx_sheets_header_and_example_row(project, template):
    book = _sheet(template_bytes(template, "xlsx", project))
    assert book.sheetnames == [template, "columns", "lists"]
    ws = book[template]
    columns = TEMPLATES[template].columns
    assert [c.value for c in ws[1]] == [c.name for c in columns]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 2
    for cell, column in zip(ws[2], columns, strict=True):
        if column.kind == "date":
            assert cell.value == dt.datetime.fromisoformat(column.example)
            assert cell.number_format == "yyyy-mm-dd"
        elif column.kind in ("number", "integer"):
            assert cell.value == float(column.example)
        else:
            assert cell.value == column.example
    docs = [list(r) for r in book["columns"].iter_rows(values_only=True)]
    assert docs[0] == ["column", "required", "rule", "allowed values", "example"]
    assert [(r[0], r[1], r[4]) for r in docs[1:]] == [
        (c.name, "yes" if c.required else "no", c.example) for c in columns
    ]
    assert all(r[2] for r in docs[1:]), "every column has a rule"


def test_xlsx_modules_validations(project):
    ws = _sheet(template_bytes("modules", "xlsx", project))["modules"]
    lists = _sheet(template_bytes("modules", "xlsx", project))["lists"]
    rules = _validations(ws)
    # C lead_partner_code, E work_package, J delivery_mode, K status, L micro_credential
    sources = {}
    for letter in "CEJKL":
        assert rules[letter].type == "list"
        assert str(rules[letter].sqref) == f"{letter}2:{letter}5001"
        sheet_ref = rules[letter].formula1.split("!")[1].replace("$", "")
        first, last = sheet_ref.split(":")
        sources[letter] = [c.value for row in lists[first:last] for c in row]
    assert sources == {
        "C": list(project.partner_codes),
        "E": ["WP1", "WP2", "WP3", "WP4", "WP5", "WP6"],
        "J": ["online", "blended", "on_site"],
        "K": ["planned", "in_development", "piloted", "accredited", "delivered"],
        "L": ["yes", "no"],
    }
    assert rules["G"].type == "custom"  # ects: more than 0, at most 30
    assert rules["G"].formula1 == "AND(ISNUMBER(G2),G2>0,G2<=30)"
    assert (rules["H"].type, rules["H"].formula1, rules["H"].formula2) == ("whole", "4", "8")
    assert (rules["P"].type, rules["P"].operator, rules["P"].formula1) == (
        "date",
        "greaterThanOrEqual",
        "45292",  # 2024-01-01, the project start
    )
    assert "separate them with ;" in rules["F"].prompt  # sdg_goals: a list, no drop-down


def test_xlsx_enrollments_and_dissemination_validations(project):
    ws = _sheet(template_bytes("enrollments", "xlsx", project))["enrollments"]
    rules = _validations(ws)
    assert {k: v.type for k, v in rules.items()} == {
        "A": "list",  # partner_code
        "D": "list",  # gender
        "E": "list",  # learner_type
        "F": "date",  # enrolled_on
        "G": "list",  # status
        "H": "date",  # completed_on
        "I": "decimal",  # ects_earned from 0 to 30
        "J": "list",  # credential_issued
    }
    assert (rules["I"].operator or "between", rules["I"].formula1, rules["I"].formula2) == (
        "between",
        "0",
        "30",
    )
    ws = _sheet(template_bytes("dissemination", "xlsx", project))["dissemination"]
    rules = _validations(ws)
    assert rules["D"].type == "list"  # activity_type
    # participants and reach: whole numbers from 0 up to the contract's plausible maximum
    assert (rules["H"].type, rules["H"].formula1, rules["H"].formula2) == ("whole", "0", "100000")
    assert (rules["I"].type, rules["I"].formula1, rules["I"].formula2) == (
        "whole",
        "0",
        "100000000",
    )


def test_xlsx_partner_prefilled(project):
    book = _sheet(template_bytes("enrollments", "xlsx", project, partner="tiiame"))
    ws = book["enrollments"]
    assert ws["A2"].value == "TIIAME"
    rule = _validations(ws)["A"]
    assert rule.prompt == "Your partner code is TIIAME. Choose from the list."
    assert book["lists"]["A2"].value == "TIIAME"  # first in the drop-down


def test_cli_writes_templates(tmp_path, capsys):
    assert main(["templates", "--out", str(tmp_path), "--partner", "ucy"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dissemination_UCY.csv",
        "dissemination_UCY.xlsx",
        "enrollments_UCY.csv",
        "enrollments_UCY.xlsx",
        "modules_UCY.csv",
        "modules_UCY.xlsx",
    ]
    assert main(["templates", "--out", str(tmp_path), "--partner", "XX"]) == 2
    assert "error: Unknown partner 'XX'" in capsys.readouterr().err


# --------------------------------------------------------------------------- validator


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("template", list(TEMPLATES))
def test_template_example_row_is_accepted(project, template, fmt):
    """A template filled exactly like its example passes validation."""
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    modules = TEMPLATES["modules"]
    con.execute(
        "CREATE TABLE known_modules AS SELECT ?::VARCHAR AS module_code, ?::DOUBLE AS ects, "
        "?::VARCHAR AS lead_partner_code",
        [
            modules.column("module_code").example,
            float(modules.column("ects").example),
            modules.column("lead_partner_code").example,
        ],
    ).fetchall()
    data = template_bytes(template, fmt, project, partner=None)
    raw = readers.read_submission(con, data, f"{template}.{fmt}")
    result = validate.validate(con, raw, project, dt.date(2026, 11, 29))
    assert (result.template, result.row_count, result.problems) == (template, 1, [])
