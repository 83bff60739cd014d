"""Report tables against values computed by hand on the tiny dataset (tests/fixtures/tiny).

P1 (2024-01-01..2025-06-30) by enrolled_on holds enrollment rows 1, 3, 4, 6, 7, 9:
KAZNU K1 F master, KAZNU K2 M academic_staff, KAZNU K3 U bachelor, KOKSU Q2 F academic_staff,
FPI F1 M professional, UPV U1 F academic_staff. Activities in P1 by date: A1 (KAZNU, 2024-05-20),
A5 (MSHE-KZ, 2024-09-09), A3 (FPI, 2025-03-10). Modules: M-CLIM, M-ENER, M-SLM1, M-WASTE.
"""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters
from pipelines.reports import collect, render
from pipelines.warehouse.build import read_warehouse

UZBEK_TITLE = "Yerdan barqaror foydalanish: o\u02bbzbek tajribasi"  # oʻ = U+02BB
KAZAKH_TITLE = "Жерді тұрақты басқару"


def _collect(tiny_dir, project, viewer, **filters):
    with read_warehouse(tiny_dir.warehouse) as con:
        return collect(con, project, viewer, Filters(period="P1", **filters))


@pytest.fixture(scope="module")
def consortium(tiny_dir, project):
    return _collect(tiny_dir, project, Viewer.coordinator("test"))


@pytest.fixture(scope="module")
def files(consortium) -> dict[str, bytes]:
    return {fmt: render(consortium, fmt) for fmt in ("xlsx", "docx", "pdf")}


def _cells(report) -> dict[tuple, int]:
    return {(c.gender, c.learner_type): c.learners for c in report.learners}


def test_learner_cross_table_by_hand(consortium):
    assert _cells(consortium) == {
        ("F", "academic_staff"): 2,
        ("F", "master"): 1,
        ("M", "academic_staff"): 1,
        ("M", "professional"): 1,
        ("U", "bachelor"): 1,
        ("F", None): 3,
        ("M", None): 2,
        ("U", None): 1,
        (None, "academic_staff"): 3,
        (None, "bachelor"): 1,
        (None, "master"): 1,
        (None, "professional"): 1,
        (None, None): 6,
    }


def test_activities_by_hand(consortium):
    got = [(a.activity_id, a.partner_code, a.date, a.reach) for a in consortium.activities]
    assert got == [
        ("A1", "KAZNU", "2024-05-20", 120),
        ("A5", "MSHE-KZ", "2024-09-09", 25),
        ("A3", "FPI", "2025-03-10", 300),
    ]


def test_catalogue_by_hand(consortium):
    assert [m.module_code for m in consortium.catalogue] == [
        "M-CLIM",
        "M-ENER",
        "M-SLM1",
        "M-WASTE",
    ]
    slm = consortium.catalogue[2]
    assert (slm.title, slm.awarding_body, slm.ects, slm.eqf_level) == (
        KAZAKH_TITLE,
        "Al-Farabi Kazakh National University",
        5.0,
        6,
    )
    assert slm.learning_outcomes == "Plan land use for degraded soils"
    assert [m.micro_credential for m in consortium.catalogue] == [False, False, True, True]


def test_partner_scope_by_hand(tiny_dir, project):
    report = _collect(tiny_dir, project, Viewer("partner", "k", partner="KAZNU"), partner="KAZNU")
    assert _cells(report)[(None, None)] == 3
    assert _cells(report)[("F", None)] == 1
    assert [a.activity_id for a in report.activities] == ["A1"]
    assert [m.module_code for m in report.catalogue] == ["M-SLM1"]
    assert {v.scope for v in report.by_partner} == {"KAZNU"}
    assert report.by_country == []
    assert len(report.submissions) == 3
    assert all(s.partners == ["KAZNU"] for s in report.submissions)


def test_country_scope_by_hand(tiny_dir, project):
    report = _collect(
        tiny_dir, project, Viewer("national_office", "kz", country="KZ"), country="KZ"
    )
    assert _cells(report)[(None, None)] == 4
    assert _cells(report)[("F", None)] == 2
    assert [a.activity_id for a in report.activities] == ["A1", "A5"]
    assert [m.module_code for m in report.catalogue] == ["M-SLM1"]
    assert [v.scope for v in report.by_partner if v.code == "ENR-1"] == list(
        project.partners_in("KZ")
    )
    assert {v.scope for v in report.by_country} == {"KZ"}


@pytest.mark.parametrize("title", [UZBEK_TITLE, KAZAKH_TITLE])
def test_uzbek_and_kazakh_letters_survive_in_every_format(files, title):
    wb = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))
    excel = {v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row}
    assert any(isinstance(v, str) and title in v for v in excel)
    document = docx.Document(io.BytesIO(files["docx"]))
    word = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any(title in w for w in word)
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages)
    assert title in " ".join(pdf.split())


def test_evidence_links_in_word_and_pdf(files, consortium):
    urls = {a.url for a in consortium.activities if a.url}
    assert urls == {"https://example.org/a1", "https://example.org/a3", "https://example.org/a5"}
    document = docx.Document(io.BytesIO(files["docx"]))
    targets = {
        r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")
    }
    assert urls <= targets
    reader = PdfReader(io.BytesIO(files["pdf"]))
    links = {
        a.get_object()["/A"]["/URI"]
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/A" in a.get_object()
    }
    assert urls <= links
