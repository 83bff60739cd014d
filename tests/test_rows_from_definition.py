"""The rows behind a figure come from the indicator's own definition: for every configured
indicator, an added one included, and for every kind of scope, the rows' contributions add
up exactly to the figure (a share: its numerator and its base both)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from pipelines.access.scope import Viewer
from pipelines.config import load_project
from pipelines.metrics.facts import facts_sql
from pipelines.metrics.indicators import Filters, compute, scoped_filters
from pipelines.metrics.rows import indicator_rows, rows_page, rows_total
from pipelines.paths import BUNDLED_PROJECT, DataDir
from pipelines.submissions.ingest import Source, ingest
from pipelines.warehouse.build import read_warehouse

TODAY = dt.date(2026, 11, 29)
COORD = Viewer.coordinator("test")
TINY = Path(__file__).parent / "fixtures" / "tiny"
SCOPES = [
    Filters(),
    Filters(partner="UPV"),
    Filters(partner="KAZNU"),
    Filters(country="KZ"),
    Filters(sdg=4),
    Filters(sdg=13),
    Filters(period="P1"),
    Filters(period="P2", country="UZ"),
]
# the press indicator of docs/extending.md, "Add an indicator" (its value set below also
# takes workshops and conferences, so that the figure has several rows)
DIS5 = """
[[indicators]]
code = "DIS-5"
name = "Press articles"
definition = "Dissemination activities of a type in press_activity_types"
unit = "activities"
source = "dissemination"
sdg_goals = [12]
work_package = "WP6"
target = 20
"""
DIS5_SQL = """
SELECT partner_code, goal, date AS day, 1 AS value, NULL AS base
FROM activities
WHERE activity_type IN (SELECT value FROM vocabulary WHERE name = 'press_activity_types')
"""


@pytest.fixture(scope="module")
def extended() -> DataDir:
    """A data directory with its own project.toml adding DIS-5, and the tiny data."""
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="extended-rows-"))
    toml = BUNDLED_PROJECT.read_text(encoding="utf-8").replace(
        "\n[vocabularies]\n",
        '\n[vocabularies]\npress_activity_types = ["press", "workshop", "conference"]\n',
    )
    (root / "project.toml").write_text(toml + DIS5, encoding="utf-8")
    (root / "indicators").mkdir()
    (root / "indicators" / "DIS-5.sql").write_text(DIS5_SQL, encoding="utf-8")
    data_dir = DataDir(root)
    project = load_project(data_dir.project_file)
    files = sorted(p for p in TINY.iterdir() if p.suffix == ".csv")
    assert ingest(data_dir, project, [Source(p.name, p) for p in files]).all_accepted
    return data_dir


def _sums(con, project, filters: Filters) -> dict[str, tuple[float, float | None]]:
    """Each indicator's numerator and base from its facts, as compute() adds them (one query
    of every indicator's facts for the filter, taken apart by code)."""
    f = scoped_filters(project, COORD, filters)
    sql = facts_sql(project, "marts/indicator_actuals.sql")
    params = {**f.sql_params(f.window(project)), "by": "partner"}
    rows = con.execute(sql, params).fetchall()
    sums = {}
    for ind in project.indicators:
        found = [r for r in rows if r[1] == ind.code]
        value = sum(actual for _, _, actual, _ in found)
        bases = [base for _, _, _, base in found if base is not None]
        sums[ind.code] = value, (sum(bases) if bases else None)
    return sums


def _check_every_indicator(data_dir: DataDir, project) -> int:
    checked = 0
    with read_warehouse(data_dir.warehouse) as con:
        for filters in SCOPES:
            figures = {v.code: v.actual for v in compute(con, project, COORD, filters, as_of=TODAY)}
            assert set(figures) == {i.code for i in project.indicators}
            sums = _sums(con, project, filters)
            for ind in project.indicators:
                rows = indicator_rows(con, project, COORD, filters, ind.code)
                where = (ind.code, filters)
                value, base = sums[ind.code]
                assert rows["counted"].sum() == pytest.approx(value, abs=1e-9), where
                if ind.kind == "share":
                    assert base is not None and rows["base"].sum() == base, where
                else:
                    assert base is None and rows["base"].isna().all(), where
                assert (rows_total(rows) or 0) == (figures[ind.code] or 0), where
                page = rows_page(con, project, COORD, filters, ind.code, limit=3)
                assert page.count == len(rows) and page.total == rows_total(rows), where
                checked += figures[ind.code] not in (None, 0)
    return checked


@pytest.mark.parametrize("installation", ["demo_dir", "tiny_dir"])
def test_rows_add_up_to_every_figure_of_every_indicator(request, project, installation):
    checked = _check_every_indicator(request.getfixturevalue(installation), project)
    assert checked > 20  # most figures are not empty: the sums compare something


def test_rows_of_an_added_indicator_add_up_to_its_figure(extended):
    project = load_project(extended.project_file)
    assert project.indicators[-1].code == "DIS-5"
    with read_warehouse(extended.warehouse) as con:
        rows = indicator_rows(con, project, COORD, Filters(), "DIS-5")
        p2 = indicator_rows(con, project, COORD, Filters(period="P2"), "DIS-5")
    # the tiny data's press activity A4 (UPV), its workshop A1 and conference A3
    assert sorted(rows["activity_id"]) == ["A1", "A3", "A4"]
    assert list(rows["counted"]) == [1.0, 1.0, 1.0]
    assert list(p2["activity_id"]) == ["A4"] and list(p2["counted"]) == [1.0]
    _check_every_indicator(extended, project)


def test_a_share_lists_its_numerator_and_its_base(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        figure = {v.code: v.actual for v in compute(con, project, COORD, Filters(), as_of=TODAY)}
        rows = indicator_rows(con, project, COORD, Filters(), "ENR-4")
    women = rows[rows["gender"] == "F"]
    assert rows["counted"].sum() == women["counted"].sum() == len(set(women["learner_no"]))
    assert rows["base"].sum() == len(set(rows["learner_no"]))
    assert rows_total(rows) == figure["ENR-4"]


def test_a_partner_lists_only_its_rows_of_a_consortium_figure(tiny_dir, project):
    upv = Viewer("partner", "upv-data", "UPV", None)
    with read_warehouse(tiny_dir.warehouse) as con:
        own = indicator_rows(con, project, upv, Filters(), "ENR-1")
        alone = compute(con, project, COORD, replace(Filters(), partner="UPV"), as_of=TODAY)
    assert set(own["partner_code"]) == {"UPV"}
    assert rows_total(own) == next(v.actual for v in alone if v.code == "ENR-1")


def test_the_indicator_page_shows_what_each_row_adds_to_a_share(tiny_dir, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from pipelines.paths import REPO_ROOT

    monkeypatch.setenv("LESLIE_DATA_DIR", str(tiny_dir.root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: COORD)
    at = AppTest.from_file(str(REPO_ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.switch_page("pages/indicator.py")
    at.query_params["code"] = "ENR-4"
    at.run()
    assert not at.exception and not at.error
    # 4 women of the 7 learners whose gender is F, M or X (tests/fixtures/tiny/EXPECTED.md)
    assert "7 rows add up to 57.1\u00a0% (the figure: 57.1\u00a0%)." in [t.value for t in at.text]
    listed = at.dataframe[-1].value
    part, base = "Adds to the share's numerator", "Adds to the share's denominator"
    assert "Adds to the figure" not in listed.columns
    assert listed[part].astype(float).sum() == 4 and listed[base].astype(float).sum() == 7
