"""The rows behind an indicator (``pipelines.metrics.rows``) and the indicator page: the rows
add up to the figure for every indicator and scope, each role sees only the rows it may,
and a row's number is its row in the submitted file."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.access.scope import Viewer
from pipelines.errors import AccessDenied
from pipelines.metrics.indicators import Filters, compute
from pipelines.metrics.rows import indicator_rows, rows_total
from pipelines.paths import REPO_ROOT
from pipelines.warehouse.build import read_warehouse

TODAY = dt.date(2026, 11, 29)
COORD = Viewer.coordinator("test")
KZ_OFFICE = Viewer("national_office", "kz-office", None, "KZ")
KAZNU = Viewer("partner", "kaznu-data", "KAZNU", None)
CASES = [
    (COORD, Filters()),
    (COORD, Filters(country="KZ", period="P1")),
    (COORD, Filters(sdg=13)),
    (KZ_OFFICE, Filters(country="KZ")),
    (KAZNU, Filters(partner="KAZNU", period="P2")),
]


@pytest.mark.parametrize(("viewer", "filters"), CASES)
def test_rows_add_up_to_every_figure(demo_dir, project, viewer, filters):
    with read_warehouse(demo_dir.warehouse) as con:
        values = compute(con, project, viewer, filters, as_of=TODAY)
        for value in values:
            rows = indicator_rows(con, project, viewer, filters, value.code)
            assert (rows_total(rows) or 0) == (value.actual or 0), value.code


def test_each_role_sees_only_its_rows(demo_dir, project):
    with read_warehouse(demo_dir.warehouse) as con:
        own = indicator_rows(con, project, KAZNU, Filters(), "DIS-1")
        country = indicator_rows(con, project, KZ_OFFICE, Filters(), "DIS-1")
        everyone = indicator_rows(con, project, COORD, Filters(), "DIS-1")
        with pytest.raises(AccessDenied):
            indicator_rows(con, project, Viewer("public", "public"), Filters(), "DIS-1")
    assert set(own["partner_code"]) == {"KAZNU"}
    assert set(country["partner_code"]) == set(project.partners_in("KZ"))
    assert len(everyone) == 111  # every activity of the sample installation
    assert rows_total(own) == 10


def test_a_row_number_is_the_row_in_the_submitted_file(demo_dir, project):
    path = REPO_ROOT / "data" / "sample" / "dissemination" / "UCY.csv"
    with path.open(encoding="utf-8-sig") as handle:
        in_file = {r["activity_id"]: n for n, r in enumerate(csv.DictReader(handle), start=2)}
    with read_warehouse(demo_dir.warehouse) as con:
        rows = indicator_rows(con, project, COORD, Filters(partner="UCY"), "DIS-1")
    assert dict(zip(rows["activity_id"], rows["source_row"], strict=True)) == in_file


def test_the_indicator_page_lists_rows_that_add_up(monkeypatch, demo_dir):
    monkeypatch.setenv("LESLIE_DATA_DIR", str(demo_dir.root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: KAZNU)
    at = AppTest.from_file(str(REPO_ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.switch_page("pages/indicator.py")
    at.query_params["code"] = "DIS-1"
    at.query_params["partner"] = "KAZNU"
    at.run()
    assert not at.exception and not at.error
    assert [t.value for t in at.title] == ["DIS-1 · Dissemination activities"]
    assert "10 rows add up to 10 (the figure: 10)." in [t.value for t in at.text]
    listed = at.dataframe[-1].value
    assert set(listed["Partner"]) == {"KazNU (KAZNU)"} and len(listed) == 10


def test_an_unknown_indicator_is_a_message(monkeypatch, demo_dir):
    monkeypatch.setenv("LESLIE_DATA_DIR", str(demo_dir.root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: COORD)
    at = AppTest.from_file(str(REPO_ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.switch_page("pages/indicator.py")
    at.query_params["code"] = "NOPE-1"
    at.run()
    assert [e.value for e in at.error] == ["There is no indicator NOPE-1 in this project."]


@pytest.mark.parametrize("code", ["ENR-1", "ENR-4", "ENR-6", "MOD-1", "DIS-1"])
def test_a_summary_adds_up_every_row_and_a_page_lists_the_first(demo_dir, project, code):
    from pipelines.metrics.rows import rows_page

    with read_warehouse(demo_dir.warehouse) as con:
        everything = indicator_rows(con, project, COORD, Filters(), code)
        page = rows_page(con, project, COORD, Filters(), code, limit=7)
        first = indicator_rows(con, project, COORD, Filters(), code, limit=7)
    assert len(everything) > 7
    assert (page.count, page.total) == (len(everything), rows_total(everything))
    assert page.rows.equals(everything.head(7)) and first.equals(everything.head(7))
