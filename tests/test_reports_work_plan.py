"""The period report's work-plan tables, as part A of the technical report lists them, read
back from every format (openpyxl, python-docx, pypdf) in every language: the deliverables due
by the period's end with their status (late ones marked) and justification, the milestones
with their means of verification, the critical risks with their mitigation. A partner's
report lists only the deliverables it leads; a frozen report keeps the tables as they were."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters
from pipelines.reports import render
from pipelines.reports.model import ReportData
from pipelines.reports.service import report_data
from pipelines.words.catalogue import text

COORD = Viewer.coordinator("test")
P1_DELIVERABLES = ["D1.1", "D1.2", "D2.1", "D2.2", "D3.1", "D3.2", "D4.1", "D6.1", "D6.2"]


@pytest.fixture(scope="module")
def report(demo_dir, project) -> ReportData:
    return report_data(demo_dir, project, COORD, Filters(period="P1"))


def test_the_period_report_carries_the_work_plan_due_by_its_end(report, project):
    assert [d.code for d in report.deliverables] == P1_DELIVERABLES
    by = {d.code: d for d in report.deliverables}
    assert (by["D1.2"].status, by["D1.2"].late) == ("submitted", True)
    assert by["D1.2"].justification.startswith("The consortium agreement waited")
    assert (by["D3.1"].status, by["D3.1"].late, by["D3.1"].justification) == ("draft", True, None)
    assert (by["D2.2"].status, by["D2.2"].submitted_on) == ("pending", None)
    assert [m.code for m in report.milestones] == [
        m.code for m in project.work_plan.milestones if m.due.isoformat() <= "2025-06-30"
    ]
    assert [r.code for r in report.risks] == [r.code for r in project.work_plan.risks]
    assert {r.code: r.status for r in report.risks}["R3"] == "closed"


def test_a_partners_report_lists_only_the_deliverables_it_leads(demo_dir, project):
    kaznu = report_data(demo_dir, project, COORD, Filters(period="P1", partner="KAZNU"))
    assert [d.code for d in kaznu.deliverables] == ["D3.1", "D3.2"]
    assert kaznu.milestones == [] and kaznu.risks == []
    uz = report_data(demo_dir, project, COORD, Filters(period="P1", country="UZ"))
    assert [d.code for d in uz.deliverables] == ["D4.1", "D6.1", "D6.2"]


def test_a_frozen_report_keeps_its_work_plan(report):
    again = ReportData.from_json(report.to_json())
    assert again.deliverables == report.deliverables
    assert again.milestones == report.milestones and again.risks == report.risks
    old = report.to_json()
    for name in ("deliverables", "milestones", "risks"):
        del old[name]  # a report frozen before the work plan was reported
    assert ReportData.from_json(old).deliverables == []


def _t(key: str, lang: str) -> str:
    return text(f"reports.{key}", lang)


@pytest.mark.parametrize("lang", ["en", "ru", "kk", "uz"])
def test_excel_has_a_sheet_per_table_in_every_language(report, lang):
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx", lang)))
    sheet = book[_t("sheet.deliverables", lang)[:31]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(
        _t(f"col.{k}", lang)
        for k in (
            "code",
            "title",
            "work_package",
            "lead",
            "type",
            "dissemination",
            "due",
            "status",
            "submitted_on",
            "justification",
        )
    )
    assert [r[0] for r in rows[1:]] == P1_DELIVERABLES
    d31 = next(r for r in rows if r[0] == "D3.1")
    late = text("reports.value.late", lang)
    assert d31[7] == f"{text('workplan.status.draft', lang)} ({late})"
    d12 = next(r for r in rows if r[0] == "D1.2")
    assert d12[9].startswith("The consortium agreement waited")
    milestones = list(book[_t("sheet.milestones", lang)[:31]].iter_rows(values_only=True))
    assert milestones[0][4] == _t("col.verification", lang)
    risks = list(book[_t("sheet.risks", lang)[:31]].iter_rows(values_only=True))
    assert risks[0][5] == _t("col.mitigation", lang)
    assert len(risks) == 1 + len(report.risks)


@pytest.mark.parametrize("lang", ["en", "ru", "kk", "uz"])
def test_word_has_the_three_tables_in_every_language(report, lang):
    document = docx.Document(io.BytesIO(render(report, "docx", lang)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert _t("h.work_plan", lang) in headings
    for key in ("deliverables", "milestones", "risks"):
        assert _t(f"h.{key}", lang) in headings
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    deliverables = next(
        t
        for t in tables
        if t[0][:2] == [_t("col.code", lang), _t("col.title", lang)]
        and _t("col.dissemination", lang) in t[0]
    )
    assert [r[0] for r in deliverables[1:]] == P1_DELIVERABLES
    risks = next(t for t in tables if _t("col.mitigation", lang) in t[0])
    assert [r[0] for r in risks[1:]] == [r.code for r in report.risks]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_pdf_has_the_three_tables(report, lang):
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(render(report, "pdf", lang))).pages]
    start = next(i for i, p in enumerate(pages) if _t("h.work_plan", lang) in p)
    found = " ".join(" ".join(pages[start : start + 3]).split())
    for code in P1_DELIVERABLES:
        assert code in found
    for key in ("deliverables", "milestones", "risks"):
        assert " ".join(_t(f"h.{key}", lang).split()) in found
    assert " ".join(text("workplan.status.draft", lang).split()) in found


def test_pdf_work_plan_longer_than_a_page_goes_on_in_landscape(demo_dir, project):
    """P2 lists 16 deliverables: the tables go on to a second page, landscape like the first
    (a page break inside a landscape section once fell back to portrait and cut them off)."""
    p2 = report_data(demo_dir, project, COORD, Filters(period="P2"))
    reader = PdfReader(io.BytesIO(render(p2, "pdf", "en")))
    pages = [
        (p.extract_text(), float(p.mediabox.width) > float(p.mediabox.height)) for p in reader.pages
    ]
    start = next(i for i, (t, _) in enumerate(pages) if _t("h.work_plan", "en") in t)
    end = next(i for i, (t, _) in enumerate(pages) if "R3" in t and i >= start)
    assert end > start  # more than one page
    assert all(landscape for _, landscape in pages[start : end + 1])
