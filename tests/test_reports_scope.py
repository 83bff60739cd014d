"""A report shows only what its viewer may see: a partner's report holds no other partner's
rows, and a viewer asking for someone else's report is refused."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import openpyxl
import pytest

from pipelines.access.scope import Viewer
from pipelines.errors import AccessDenied
from pipelines.metrics.indicators import Filters
from pipelines.reports import available_scopes, collect, render
from pipelines.warehouse.build import read_warehouse

KAZNU = Viewer("partner", "kaznu-user", partner="KAZNU")
KZ_OFFICE = Viewer("national_office", "kz-office", country="KZ")
CLI = [sys.executable, "-m", "pipelines"]


def _collect(demo_dir, project, viewer, **filters):
    with read_warehouse(demo_dir.warehouse) as con:
        return collect(con, project, viewer, Filters(period="P1", **filters))


@pytest.fixture(scope="module")
def partner_report(demo_dir, project):
    return _collect(demo_dir, project, KAZNU, partner="KAZNU")


@pytest.fixture(scope="module")
def partner_workbook(partner_report):
    return openpyxl.load_workbook(io.BytesIO(render(partner_report, "xlsx")))


def test_partner_report_figures_equal_the_cli_for_that_partner(partner_report, demo_dir):
    args = ["--period", "P1", "--partner", "KAZNU", "--json", "--data-dir", str(demo_dir.root)]
    out = subprocess.run(
        [*CLI, "indicators", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    assert [v.contract_dict() for v in partner_report.indicators] == json.loads(out.stdout)[
        "indicators"
    ]


def test_partner_report_rows_are_all_the_partners_own(partner_report):
    assert {v.scope for v in partner_report.by_partner} == {"KAZNU"}
    assert partner_report.by_country == []
    assert partner_report.activities and {a.partner_code for a in partner_report.activities} == {
        "KAZNU"
    }
    assert partner_report.catalogue
    assert {m.lead_partner_code for m in partner_report.catalogue} == {"KAZNU"}
    assert partner_report.submissions
    assert all(s.partners == ["KAZNU"] for s in partner_report.submissions)


def test_partner_workbook_names_no_other_partner(partner_workbook, project):
    assert "By country" not in partner_workbook.sheetnames
    columns = {
        "By partner": "Partner",
        "Achieved results": "Partner",
        "Catalogue": "Lead partner",
    }
    for sheet, column in columns.items():
        ws = partner_workbook[sheet]
        header = [c.value for c in ws[1]]
        values = {r[header.index(column)] for r in ws.iter_rows(min_row=2, values_only=True)}
        assert values - {None} == {"KAZNU"}, sheet
    others = set(project.partner_codes) - {"KAZNU"}
    ws = partner_workbook["Cover"]
    cover = [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    partners_cells = [v for v in cover if set(v.split(", ")) & others]
    assert partners_cells == []


def test_national_office_sees_its_country_partners_only(demo_dir, project):
    report = _collect(demo_dir, project, KZ_OFFICE, country="KZ")
    kz = set(project.partners_in("KZ"))
    assert {v.scope for v in report.by_partner} == kz
    assert {v.scope for v in report.by_country} == {"KZ"}
    assert {a.partner_code for a in report.activities} <= kz
    assert {m.lead_partner_code for m in report.catalogue} <= kz


@pytest.mark.parametrize(
    ("viewer", "filters", "message"),
    [
        (KAZNU, {"partner": "FPI"}, "You cannot see the figures of partner FPI"),
        (KAZNU, {}, "Consortium reports are made by the coordinator"),
        (KAZNU, {"country": "KZ"}, "You cannot see the figures of country KZ"),
        (KZ_OFFICE, {"country": "UZ"}, "You cannot see the figures of country UZ"),
        (KZ_OFFICE, {"partner": "FPI"}, "You cannot see the figures of partner FPI"),
        (KZ_OFFICE, {}, "Consortium reports are made by the coordinator"),
        (Viewer("public"), {}, "Reports are for consortium members"),
    ],
)
def test_asking_for_someone_elses_report_is_refused(demo_dir, project, viewer, filters, message):
    with pytest.raises(AccessDenied) as err:
        _collect(demo_dir, project, viewer, **filters)
    assert str(err.value).startswith(message)


def test_scopes_offered_follow_the_role(project):
    assert [s.code for s in available_scopes(project, KAZNU)] == ["KAZNU"]
    office = [s.code for s in available_scopes(project, KZ_OFFICE)]
    assert office == ["KZ", *project.partners_in("KZ")]
    everyone = available_scopes(project, Viewer.coordinator())
    assert everyone[0].kind == "consortium"
    assert len(everyone) == 1 + len(project.countries) + len(project.partners)


def test_pending_data_is_not_shown_to_a_national_office(demo_dir, project):
    report = _collect(demo_dir, project, KZ_OFFICE, country="KZ", basis="with_pending")
    assert report.basis == "official"
