"""Text from submissions and narratives never breaks a report and is never read as markup.

Intake refuses control characters, but a report must not depend on it: the writers are given
a title and a narrative holding \\x01 (and other C0 controls) directly, and every format still
opens, with the text kept readable and "**bold**" / "<b>" shown as typed."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters
from pipelines.reports import collect, render
from pipelines.reports.model import Narrative
from pipelines.reports.text import plain
from pipelines.warehouse.build import read_warehouse

BROKEN_TITLE = "Workshop\x01 on soil\x0bhealth\x1f 2025"
NARRATIVE = "**Two** modules\x01 <b>accredited</b>\n\nSecond paragraph\x08."


def test_plain_keeps_tab_and_newline_and_replaces_other_controls():
    assert plain("a\tb\nc\x00d\x01e\x1fg\x7fh\r\ni") == "a\tb\nc d e g h\ni"


@pytest.fixture(scope="module")
def files(tiny_dir, project) -> dict[str, bytes]:
    with read_warehouse(tiny_dir.warehouse) as con:
        data = collect(con, project, Viewer.coordinator("test"), Filters(period="P1"))
    first = replace(data.activities[0], title=BROKEN_TITLE)
    module = replace(data.catalogue[0], title=BROKEN_TITLE, learning_outcomes=NARRATIVE)
    note = Narrative("P1", "WP4", "achievements", "", NARRATIVE, "coordinator", "2025-07-01")
    data = replace(
        data,
        activities=[first, *data.activities[1:]],
        catalogue=[module, *data.catalogue[1:]],
        narratives=[note],
    )
    return {fmt: render(data, fmt) for fmt in ("xlsx", "docx", "pdf")}


def test_excel_opens_and_holds_the_cleaned_title(files):
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))
    values = {v for row in book["Achieved results"].iter_rows(values_only=True) for v in row}
    assert "Workshop  on soil health  2025" in values
    outcomes = {v for row in book["Catalogue"].iter_rows(values_only=True) for v in row}
    assert "**Two** modules  <b>accredited</b>\n\nSecond paragraph ." in outcomes


def test_word_opens_and_shows_the_narrative_as_typed(files):
    document = docx.Document(io.BytesIO(files["docx"]))
    paragraphs = [p.text for p in document.paragraphs]
    assert "**Two** modules  <b>accredited</b>" in paragraphs
    assert "Second paragraph ." in paragraphs
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "Workshop  on soil health  2025" in cells


def test_pdf_shows_the_narrative_as_typed(files):
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages)
    flat = " ".join(text.split())
    assert "**Two** modules <b>accredited</b>" in flat
    assert "Workshop on soil health 2025" in flat
