"""A build killed after its ledger entry leaves the figures behind: the dashboard rebuilds
them before a page draws, whoever looks."""

from __future__ import annotations

import shutil

from streamlit.testing.v1 import AppTest

from pipelines.access.scope import Viewer
from pipelines.paths import REPO_ROOT, DataDir
from pipelines.submissions.ingest import Source, ingest
from pipelines.warehouse.build import is_behind
from pipelines.words.catalogue import text

APP = REPO_ROOT / "dashboard" / "app.py"
ACTIVITY = (
    "activity_id,partner_code,date,activity_type,title,country,audience,participants,reach\n"
    "KZN-REPAIR-1,KAZNU,2025-04-16,workshop,Soil health day,KZ,students,12,30\n"
)


def page(monkeypatch, root, viewer) -> AppTest:
    monkeypatch.setenv("LESLIE_DATA_DIR", str(root))
    monkeypatch.setattr("dashboard.session.current_viewer", lambda: viewer)
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.switch_page("pages/data_status.py")
    return at.run()


def test_figures_behind_the_ledger_are_rebuilt_before_a_page_draws(
    monkeypatch, demo_dir, project, tmp_path
):
    root = tmp_path / "data"
    shutil.copytree(demo_dir.root, root)
    data_dir = DataDir(root)
    extra = tmp_path / "KAZNU_dissemination.csv"
    extra.write_text(ACTIVITY, encoding="utf-8")
    # what a build killed after the ledger write leaves: stored, not built
    result = ingest(data_dir, project, [Source(extra.name, extra)], rebuild=False)
    assert result.files[0].status == "accepted" and is_behind(data_dir)

    behind = text("status.warehouse_behind", "en")
    # any page's first run repairs the figures (the one freshness rule), a partner's too
    partner = page(monkeypatch, root, Viewer("partner", "kaznu-data", "KAZNU"))
    assert not partner.exception
    assert not is_behind(data_dir)
    assert behind not in [w.value for w in partner.warning]
    at = page(monkeypatch, root, Viewer.coordinator("test"))
    assert not at.exception
    assert behind not in [w.value for w in at.warning]
    assert not [w for w in at.warning if "out of date" in w.value]


def test_a_directory_of_release_0_1_asks_for_upgrade_on_the_page(monkeypatch, tmp_path):
    root = tmp_path / "old"
    shutil.copytree(REPO_ROOT / "tests" / "fixtures" / "release_0_1" / "data", root)
    at = page(monkeypatch, root, Viewer.coordinator("test"))
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "upgrade" in shown
    assert not (root / "format.json").exists()  # nothing written to the old directory
