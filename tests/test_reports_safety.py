"""Submitted text never becomes a spreadsheet formula.

tests/fixtures/report_formulas/ holds one dissemination file per way of starting a formula
(each for a different partner, so one batch holds them all). They go through the real
pipeline; the Excel report must keep every value as text with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters
from pipelines.paths import DataDir
from pipelines.reports import collect, render
from pipelines.submissions.ingest import Source, ingest
from pipelines.warehouse.build import read_warehouse
from pipelines.words.cells import safe_cell, safe_csv_bytes

FOLDER = Path(__file__).parent / "fixtures" / "report_formulas"
CASES = sorted(FOLDER.glob("*.csv"))


def _row(path: Path) -> dict:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.DictReader(fh))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory, project):
    data_dir = DataDir(tmp_path_factory.mktemp("formulas"))
    result = ingest(data_dir, project, [Source(p.name, p) for p in CASES], submitted_by="test")
    assert result.all_accepted, [(f.path, f.errors) for f in result.files]
    with read_warehouse(data_dir.warehouse) as con:
        data = collect(con, project, Viewer.coordinator("test"), Filters(period="P1"))
    payload = render(data, "xlsx")
    return payload, openpyxl.load_workbook(io.BytesIO(payload))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_formula_like_text_stays_text(workbook, path):
    _payload, wb = workbook
    row = _row(path)
    ws = wb["Achieved results"]
    header = [c.value for c in ws[1]]
    mine = [
        r
        for r in ws.iter_rows(min_row=2)
        if r[header.index("Partner")].value == row["partner_code"]
    ]
    assert len(mine) == 1
    title = mine[0][header.index("Title")]
    activity = mine[0][header.index("Activity id")]
    for cell, submitted in ((title, row["title"]), (activity, row["activity_id"])):
        assert cell.data_type == "s"
        if submitted[0] in "=+-@\uff1d":
            assert cell.value == "'" + submitted
        else:
            assert cell.value == submitted


def test_workbook_holds_no_formula_at_all(workbook):
    payload, _wb = workbook
    with zipfile.ZipFile(io.BytesIO(payload)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+7 701 123 4567", "'+7 701 123 4567"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\uff1dHYPERLINK()", "'\uff1dHYPERLINK()"),
        ("Workshop = success", "Workshop = success"),
        ("Жерді тұрақты басқару", "Жерді тұрақты басқару"),
        (["students", "=x"], "students; =x"),
        (["=x", "students"], "'=x; students"),
        (-5, -5),
        (3.5, 3.5),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_safe_csv_bytes_neutralises_text_and_keeps_numbers():
    df = pd.DataFrame({"title": ["=HYPERLINK(1)", "plain", "Қазақ"], "reach": [-1, 2, 3]})
    text = safe_csv_bytes(df).decode("utf-8-sig")
    # every text cell quoted (a ';' inside cannot split it in Spanish/Italian Excel)
    assert text.splitlines() == [
        '"title","reach"',
        '"\'=HYPERLINK(1)",-1',
        '"plain",2',
        '"Қазақ",3',
    ]
    assert safe_csv_bytes(df).startswith(b"\xef\xbb\xbf")
