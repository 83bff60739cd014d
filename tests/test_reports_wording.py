"""Figures as a coordinator writes them: count targets and expected values whole, the period
judged at its end date once closed (at the reporting date while open), no developer words."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from pypdf import PdfReader

from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters
from pipelines.reports import collect, render
from pipelines.reports.text import ReportWords, judged_on
from pipelines.warehouse.build import read_warehouse

DEVELOPER_WORDS = ("ledger position", "scope:", "None", "snake_case", "with_pending", "_id")


def _report(demo_dir, project, period: str, as_of: dt.date):
    with read_warehouse(demo_dir.warehouse) as con:
        return collect(con, project, Viewer.coordinator("t"), Filters(period=period), as_of=as_of)


@pytest.fixture(scope="module")
def closed(demo_dir, project):
    return _report(demo_dir, project, "P1", dt.date(2026, 11, 30))


def test_a_closed_period_is_judged_at_its_end(closed):
    assert judged_on(closed) == dt.date(2025, 6, 30)
    w = ReportWords(closed)
    assert w.judged_on() == "30 June 2025"
    text = " ".join(p.text for p in docx.Document(io.BytesIO(render(closed, "docx"))).paragraphs)
    assert "against the value expected by 30 June 2025." in text
    assert "the value expected by 30 June 2025" in text
    assert "30 November 2026" not in text.replace("30 November 2026 by the coordinator", "")


def test_an_open_period_is_judged_at_the_reporting_date(demo_dir, project):
    data = _report(demo_dir, project, "P2", dt.date(2026, 3, 15))
    assert judged_on(data) == dt.date(2026, 3, 15)
    assert ReportWords(data, "ru").judged_on() == "15 марта 2026\u202fг."


def test_count_targets_and_expected_values_are_whole(closed):
    w = ReportWords(closed)
    fractional = [v for v in closed.indicators if v.target and not float(v.target).is_integer()]
    assert fractional, "the sample has a prorated target"
    for v in closed.indicators:
        for which in ("target", "expected"):
            shown = w.value(v, which)
            if v.unit not in ("%", "ECTS") and getattr(v, which) is not None:
                assert "." not in shown, (v.code, which, shown)
                assert shown.replace(",", "") == str(round(getattr(v, which))), (v.code, shown)


def test_no_developer_words_in_the_pdf(closed):
    pages = PdfReader(io.BytesIO(render(closed, "pdf"))).pages
    body = " ".join(p.extract_text() for p in pages)
    annex = body.rindex("Annex. Data sources")
    for word in DEVELOPER_WORDS:
        assert word not in body[:annex], word
    targets = {v.code: v.target for v in closed.indicators}
    assert targets["ENR-1"] == pytest.approx(598.9, abs=0.05)  # prorated: shown as 599
    assert "598.9" not in body and "599" in body


def test_the_cover_names_the_programme_in_the_report_language(closed):
    """The configuration gives the programme's name in Russian, Kazakh and Uzbek."""
    from pipelines.reports.text import cover_rows

    def programme(lang: str) -> str:
        words = ReportWords(closed, lang)
        return dict(cover_rows(words))[words.t("cover.programme")]

    assert programme("en") == (
        "Erasmus+ Capacity Building in Higher Education (CBHE), call ERASMUS-EDU-2023-CBHE"
    )
    assert programme("ru").startswith("Erasmus+ Развитие потенциала в сфере высшего образования")
    assert programme("kk").startswith("Erasmus+ Жоғары білім беру саласындағы әлеуетті арттыру")
    assert programme("uz").startswith("Erasmus+ Oliy taʼlim sohasida salohiyatni oshirish")
