"""The Reports page runs, previews the engine's figures, offers the three downloads, and lets
the coordinator freeze a report, which then appears in the frozen list. (The files behind the
download buttons are built by ``pipelines.reports.render``, tested in test_reports_formats.)"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.session import TOKEN
from pipelines.access.accounts import Accounts
from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters, compute, number
from pipelines.paths import DataDir
from pipelines.warehouse.build import read_warehouse

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"


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
    at.selectbox(key="rep_period").select("P1").run()
    assert not at.exception
    with read_warehouse(data_dir.warehouse) as con:
        values = compute(con, project, Viewer.coordinator(), Filters(period="P1"))
    shown = at.dataframe[0].value
    assert list(shown["code"]) == [v.code for v in values]
    assert list(shown["actual"]) == [number(v.actual) for v in values]
    labels = [b.label for b in at.get("download_button")]
    assert labels[:3] == ["Excel (.xlsx)", "Word (.docx)", "PDF (.pdf)"]
    assert any("Reporting period 1" in s.value for s in at.subheader)


def test_coordinator_freezes_and_the_report_is_listed(page):
    at, data_dir = page
    at.selectbox(key="rep_period").select("P1").run()
    assert at.button(key="rep_freeze").disabled
    at.checkbox(key="rep_freeze_sure").check().run()
    at.button(key="rep_freeze").click().run()
    assert not at.exception
    message = at.success[0].value
    assert message.startswith("Frozen as P1-")
    frozen_id = message.removeprefix("Frozen as ").rstrip(".")
    assert (data_dir.frozen / frozen_id / "report.json").exists()
    assert frozen_id in list(at.dataframe[-1].value["id"])
    assert any(
        s.value.startswith("The current figures equal the frozen report") for s in at.success
    )
