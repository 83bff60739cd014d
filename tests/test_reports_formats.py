"""The three report formats show the CLI's figures, in full, for the sample installation (P1).

Each format is produced once for the module; every test opens the produced file with an
independent reader (openpyxl, python-docx, pypdf) and compares it with the JSON printed by
``python -m pipelines indicators --period P1 --json``.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from decimal import ROUND_HALF_UP, Decimal

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters, compute
from pipelines.reports import collect, render
from pipelines.store.ledger import Ledger, current_pairs
from pipelines.warehouse.build import read_warehouse
from pipelines.words.present import Words

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
CLI = [sys.executable, "-m", "pipelines"]


def shown(value: float | None, unit: str = "") -> str:
    """How the Word and PDF reports print a figure: counts whole (598.9 -> 599, 1,234),
    percentages and ECTS with one decimal (48.5 %, 1,497.3), a dash when missing; the
    space before % does not break."""
    if value is None:
        return "–"
    if unit == "%" or (unit == "ECTS" and not float(value).is_integer()):
        text = f"{Decimal(repr(value)).quantize(Decimal('0.1'), ROUND_HALF_UP):,}"
    else:
        text = f"{int(Decimal(repr(value)).quantize(Decimal('1'), ROUND_HALF_UP)):,}"
    return f"{text}\u00a0%" if unit == "%" else text


def whole(value: float | None, unit: str) -> float | None:
    """How the Excel report stores a figure: counts as whole numbers, halves up (22.5 -> 23)
    as the Word and PDF reports and the dashboard print them."""
    if value is None or unit in ("%", "ECTS"):
        return value
    return int(Decimal(repr(value)).quantize(Decimal("1"), ROUND_HALF_UP))


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def cli_p1(demo_dir) -> list[dict]:
    out = subprocess.run(
        [*CLI, "indicators", "--period", "P1", "--json", "--data-dir", str(demo_dir.root)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)["indicators"]


@pytest.fixture(scope="module")
def report(demo_dir, project):
    with read_warehouse(demo_dir.warehouse) as con:
        return collect(con, project, Viewer.coordinator("test"), Filters(period="P1"))


@pytest.fixture(scope="module")
def files(report) -> dict[str, bytes]:
    return {fmt: render(report, fmt) for fmt in ("xlsx", "docx", "pdf")}


@pytest.fixture(scope="module")
def workbook(files):
    return openpyxl.load_workbook(io.BytesIO(files["xlsx"]))


@pytest.fixture(scope="module")
def document(files):
    return docx.Document(io.BytesIO(files["docx"]))


@pytest.fixture(scope="module")
def pdf_text(files) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"])).pages)


def sheet_rows(workbook, name: str) -> list[dict]:
    """The table at the top of a sheet, as dicts, up to the first blank row (notes follow)."""
    rows = list(workbook[name].iter_rows(values_only=True))
    out = []
    for row in rows[1:]:
        if all(v is None for v in row):
            break
        out.append(dict(zip(rows[0], row, strict=True)))
    return out


def docx_table(document, header: list[str], first_cells: list[str]):
    """The table with this header whose first column is exactly ``first_cells``."""
    for table in document.tables:
        cells = [[c.text for c in row.cells] for row in table.rows]
        if cells[0] == header and [r[0] for r in cells[1:]] == first_cells:
            return cells
    raise AssertionError(f"no table {header} with rows {first_cells}")


# ----------------------------------------------------------------------------- figures


def test_collected_indicators_are_the_cli_indicators(report, cli_p1):
    assert [v.contract_dict() for v in report.indicators] == cli_p1


def test_excel_indicator_sheet_equals_cli(workbook, cli_p1, project):
    rows = sheet_rows(workbook, "Indicators")
    assert [r["Code"] for r in rows] == [i["code"] for i in cli_p1]
    for row, ind in zip(rows, cli_p1, strict=True):
        assert row["Actual"] == ind["actual"], ind["code"]
        assert row["Target"] == whole(ind["target"], ind["unit"]), ind["code"]
        assert row["Status"] == project.status.labels[ind["status"]], ind["code"]
        if ind["target"]:
            assert row["Progress"] == pytest.approx(ind["actual"] / ind["target"])


def test_excel_breakdowns_equal_the_engine(workbook, demo_dir, project):
    viewer = Viewer.coordinator("test")
    with read_warehouse(demo_dir.warehouse) as con:
        for sheet, by in (("By partner", "partner"), ("By country", "country"), ("By SDG", "sdg")):
            values = compute(con, project, viewer, Filters(period="P1"), by=by)
            rows = sheet_rows(workbook, sheet)
            first = {"partner": "Partner", "country": "Country", "sdg": "SDG"}[by]
            got = [(str(r[first]), r["Code"], r["Actual"], r["Target"]) for r in rows]
            want = [
                (v.scope, v.code, v.contract_dict()["actual"], whole(v.target, v.unit))
                for v in values
            ]
            assert got == want, sheet
    partners = {r["Partner"] for r in sheet_rows(workbook, "By partner")}
    assert partners == set(project.partner_codes)


def test_excel_work_package_sheet_groups_every_indicator(workbook, cli_p1, project):
    rows = sheet_rows(workbook, "By work package")
    assert sorted(r["Code"] for r in rows) == sorted(i["code"] for i in cli_p1)
    for r in rows:
        assert r["Work package"] == project.indicator(r["Code"]).work_package
    actual = {r["Code"]: r["Actual"] for r in rows}
    assert actual == {i["code"]: i["actual"] for i in cli_p1}


def test_word_indicator_table_equals_cli(document, cli_p1, project):
    header = ["Code", "Indicator", "Actual", "Target", "Expected", "Progress", "Status"]
    cells = docx_table(document, header, [i["code"] for i in cli_p1])
    for row, ind in zip(cells[1:], cli_p1, strict=True):
        assert row[1] == ind["name"]
        assert row[2] == shown(ind["actual"], ind["unit"])
        assert row[3] == shown(ind["target"], ind["unit"])
        assert row[6] == project.status.labels[ind["status"]]


def test_word_partner_table_lists_every_partner_with_its_figures(document, report, project):
    codes = [v.code for v in report.indicators][:6]
    names = [f"{p.name} ({p.code})" for p in project.partners]
    cells = docx_table(document, ["Partner", *codes], names)
    by_partner = {(v.scope, v.code): v for v in report.by_partner}
    for row, partner in zip(cells[1:], project.partners, strict=True):
        for text, code in zip(row[1:], codes, strict=True):
            v = by_partner[(partner.code, code)]
            assert text == shown(v.actual, v.unit), (partner.code, code)


def test_pdf_indicator_rows_equal_cli(pdf_text, cli_p1, project):
    lines = pdf_text.splitlines()
    for ind in cli_p1:
        expected = " ".join(
            [
                ind["code"],
                ind["name"],
                shown(ind["actual"], ind["unit"]),
                shown(ind["target"], ind["unit"]),
            ]
        )
        assert any(line.startswith(expected) for line in lines), expected
        row = next(line for line in lines if line.startswith(expected))
        assert row.endswith(project.status.labels[ind["status"]])


# ----------------------------------------------------------------------------- tables


def test_learner_table_total_is_enr1_and_shares_give_enr4(report, workbook, cli_p1):
    by_code = {i["code"]: i["actual"] for i in cli_p1}
    cells = {(c.gender, c.learner_type): c.learners for c in report.learners}
    assert cells[(None, None)] == by_code["ENR-1"]
    women, known = cells[("F", None)], sum(cells.get((g, None), 0) for g in ("F", "M", "X"))
    assert round(100 * women / known, 1) == by_code["ENR-4"]
    total_row = [r for r in sheet_rows(workbook, "Learners") if r["Learner type"] == "Total"]
    assert total_row[0]["Total"] == by_code["ENR-1"]


def test_achieved_results_add_up_to_the_dissemination_indicators(report, workbook, cli_p1):
    by_code = {i["code"]: i["actual"] for i in cli_p1}
    rows = sheet_rows(workbook, "Achieved results")
    assert len(rows) == by_code["DIS-1"]
    assert sum(r["Reach"] or 0 for r in rows) == by_code["DIS-3"]
    policy = Words("en").vocab("audience", "policy_makers")
    assert sum(1 for r in rows if policy in r["Audience"]) == by_code["DIS-4"]


def test_evidence_urls_are_clickable_links(report, workbook):
    ws = workbook["Achieved results"]
    header = [c.value for c in ws[1]]
    col = header.index("Evidence") + 1
    links = [ws.cell(row=r, column=col).hyperlink for r in range(2, ws.max_row + 1)]
    want = [a.url for a in report.activities]
    assert [link.target if link else None for link in links] == want
    assert sum(1 for u in want if u) > 0


def test_catalogue_has_every_eu_standard_element(workbook, report):
    rows = sheet_rows(workbook, "Catalogue")
    assert [r["Module code"] for r in rows] == [m.module_code for m in report.catalogue]
    for element in (
        "Title",
        "Awarding body",
        "Country of the issuer",
        "Learning outcomes",
        "Notional workload",
        "Level",
        "Type of assessment",
        "Form of participation",
        "Type of quality assurance",
    ):
        assert element in rows[0], element
    micro = [r for r in rows if r["Micro-credential"] == "Yes"]
    assert micro and all(r["Learning outcomes"] and r["Type of assessment"] for r in micro)


def test_annex_names_the_ledger_position_and_every_current_submission(
    workbook, document, pdf_text, report, demo_dir
):
    ledger = Ledger(demo_dir.ledger)
    current = {p.submission_id for p in current_pairs(ledger.submissions()) if p.official}
    assert {s.submission_id for s in report.submissions} == current
    assert report.ledger_position == ledger.position()
    sheet = "\n".join(
        str(v) for row in workbook["Data sources"].iter_rows(values_only=True) for v in row if v
    )
    assert f"up to entry {report.ledger_position} " in sheet
    for s in report.submissions:
        assert s.sha256 in sheet
    cover = " ".join(
        str(v) for row in workbook["Cover"].iter_rows(values_only=True) for v in row if v
    )
    assert "ledger" not in cover.lower() and "sha" not in cover.lower()
    annex = flat(pdf_text[pdf_text.rindex("Annex. Data sources") :])
    assert f"up to entry {report.ledger_position} " in annex
    assert all(s.sha256[:20] in annex.replace(" ", "") for s in report.submissions)


def test_excel_has_native_charts_frozen_headers_and_no_formulas(files, workbook):
    assert len(workbook["Charts"]._charts) >= 2
    assert workbook["Indicators"].freeze_panes == "A2"
    assert workbook["Achieved results"].freeze_panes == "A2"
    with zipfile.ZipFile(io.BytesIO(files["xlsx"])) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in z.read(name), name


def test_every_sheet_longer_than_a_page_repeats_its_header_rows_when_printed(workbook):
    """Print titles (read back as openpyxl sees them): the table sheets repeat their column
    headers; the Charts sheet, three printed pages, repeats the report's title row."""
    titles = {ws.title: ws.print_title_rows for ws in workbook}
    assert titles == {
        "Cover": None,  # one page: fit to 1 x 1
        "Indicators": "$1:$1",
        "By partner": "$1:$1",
        "By country": "$1:$1",
        "By SDG": "$1:$1",
        "By work package": "$1:$1",
        "Learners": "$1:$1",
        "Achieved results": "$1:$1",
        "Catalogue": "$1:$1",
        "Charts": "$1:$1",
        "Data sources": "$2:$2",
    }
    charts = workbook["Charts"]
    assert charts["A1"].value == "Periodic technical report (interim), P1"
    assert [b.id for b in charts.row_breaks.brk] == [40, 75]  # no page holds only a blank row
    assert charts.cell(76, 1).value == "SDG"  # the data table starts the last page
    assert charts.max_row == 82


def test_word_uses_named_styles_and_marks_the_narrative_to_write(document, report):
    assert "LESLIE Table" in [s.name for s in document.styles]
    banner, *tables = document.tables  # the cover's emblem and funding statement: no grid
    assert banner.cell(0, 1).text == "Co-funded by the European Union"
    assert all(t.style.name == "LESLIE Table" for t in tables)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "1. Summary of the period" in headings
    placeholders = [p for p in document.paragraphs if p.style.name == "LESLIE Placeholder"]
    assert len(placeholders) >= len(report.labels.work_packages) + 2
    assert all(p.text.startswith("[Narrative to be completed") for p in placeholders)
    assert len(document.inline_shapes) == 3  # the EU emblem and the two charts


def test_pdf_embeds_dejavu_and_numbers_its_pages(files):
    reader = PdfReader(io.BytesIO(files["pdf"]))
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
        if "/BaseFont" in f.get_object()
    }
    assert any("DejaVu" in f for f in fonts), fonts
    n = len(reader.pages)
    assert f"Page {n} of {n}" in reader.pages[-1].extract_text()


# ----------------------------------------------------------------------------- scripts
# (Uzbek Latin with oʻ gʻ: test_reports_tiny.py, whose fixture spells them with U+02BB)


def _titles(report) -> dict[str, str]:
    titles = [m.title for m in report.catalogue] + [a.title for a in report.activities]
    found = {
        "kazakh": next((t for t in titles if KAZAKH_LETTERS & set(t)), None),
        "russian": next(
            (t for t in titles if CYRILLIC.search(t) and not KAZAKH_LETTERS & set(t)), None
        ),
    }
    missing = [k for k, v in found.items() if v is None]
    assert not missing, f"the sample data has no {missing} title in P1"
    return found


@pytest.mark.parametrize("script", ["kazakh", "russian"])
def test_non_latin_titles_survive_in_every_format(
    report, files, workbook, document, pdf_text, script
):
    title = _titles(report)[script]
    in_excel = {
        v
        for name in ("Catalogue", "Achieved results")
        for row in workbook[name].iter_rows(values_only=True)
        for v in row
    }
    assert title in in_excel
    word = {p.text for p in document.paragraphs} | {
        c.text for t in document.tables for row in t.rows for c in row.cells
    }
    assert any(title in w for w in word)
    assert flat(title) in flat(pdf_text)
