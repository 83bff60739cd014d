"""The Reports page runs, previews the engine's figures for the sidebar's period, offers the
three downloads, lets the coordinator write the narrative and freeze a report, which then
appears in the frozen list; its cache follows a new warehouse build. (The files behind the
download buttons are built by ``pipelines.reports.render``, tested in test_reports_formats.)"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.wiring.session import TOKEN
from pipelines.access.accounts import Accounts
from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters, compute
from pipelines.paths import DataDir
from pipelines.reports import narratives
from pipelines.warehouse.build import read_warehouse
from pipelines.words.present import Words

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
REPORT_VIEWS = ("indicators", "by_partner", "results", "sources")  # the preview's tables


@pytest.fixture()
def page(demo_dir, tmp_path, monkeypatch, project):
    data_dir = DataDir(tmp_path / "data")
    shutil.copytree(demo_dir.root, data_dir.root)
    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    accounts = Accounts(data_dir, project)
    password = secrets.token_urlsafe(18)
    accounts.add("report-coordinator", "coordinator", password, by="test")
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state[TOKEN] = accounts.authenticate("report-coordinator", password).token
    at.run()
    at.switch_page("pages/reports.py")
    at.run()
    assert not at.exception, at.exception
    return at, data_dir


def test_page_previews_the_engine_figures_and_offers_three_formats(page, project):
    at, data_dir = page
    at.selectbox(key="flt_period").select("P1").run()
    assert not at.exception
    assert "rep_period" not in [s.key for s in at.selectbox]  # the sidebar's period only
    with read_warehouse(data_dir.warehouse) as con:
        values = compute(con, project, Viewer.coordinator(), Filters(period="P1"))
    shown = at.dataframe[0].value
    assert list(shown["Code"]) == [v.code for v in values]
    assert list(shown["Actual"]) == [Words("en").number(v.actual, v.unit) for v in values]
    labels = [b.label for b in at.get("download_button")]
    assert labels[:3] == ["Excel (.xlsx)", "Word (.docx)", "PDF (.pdf)"]
    assert any(
        s.value.startswith("Reporting period P1") and s.value.endswith("Consortium (14 partners)")
        for s in at.subheader
    )
    cells: set[str] = set()
    for view in REPORT_VIEWS:  # one table drawn at a time
        at.segmented_control(key="rep_view").set_value(view).run()
        assert not at.exception
        cells |= {str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel()}
    assert not {"None", "nan", "all"} & cells


def test_subtitle_follows_the_chosen_scope(page):
    at, _ = page
    at.selectbox(key="flt_period").select("P1").run()
    at.selectbox(key="rep_scope").select("KZ").run()
    assert not at.exception
    assert any(s.value.endswith("Kazakhstan (5 partners)") for s in at.subheader)


def test_whole_project_asks_for_a_period(page):
    at, _ = page
    at.selectbox(key="flt_period").select("ALL").run()
    assert not at.exception
    assert any("Choose a reporting period in the sidebar" in i.value for i in at.info)
    assert not at.get("download_button")


def test_coordinator_writes_a_narrative_and_it_is_kept_with_its_author(page, project):
    at, data_dir = page
    at.selectbox(key="flt_period").select("P1").run()
    at.selectbox(key="rep_nar_wp").select("WP4").run()
    key = "rep-nar-P1-WP4-achievements-"
    at.text_area(key=key).input("**Two** modules <b>accredited</b>.").run()
    at.button(key=f"{key}-save").click().run()
    assert not at.exception
    found = narratives.current(data_dir, "P1")
    assert [(n.work_package, n.section, n.text, n.who) for n in found] == [
        ("WP4", "achievements", "**Two** modules <b>accredited</b>.", "report-coordinator")
    ]


def test_coordinator_freezes_and_the_report_is_listed(page):
    at, data_dir = page
    at.selectbox(key="flt_period").select("P1").run()
    assert at.button(key="rep_freeze").disabled
    at.checkbox(key="rep_freeze_sure").check().run()
    at.button(key="rep_freeze").click().run()
    assert not at.exception
    message = at.success[0].value
    assert message.startswith("Frozen as P1-")
    frozen_id = message.removeprefix("Frozen as ").rstrip(".")
    assert (data_dir.frozen / frozen_id / "report.json").exists()
    assert frozen_id in list(at.dataframe[-1].value["Frozen report"])
    assert any(
        s.value.startswith("The current figures equal the frozen report") for s in at.success
    )
