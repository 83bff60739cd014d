"""docs/extending.md, "Add an indicator", followed on a copy of the project: a 13th indicator
through a data directory's own project.toml and one SQL file, seen in the command line, on a
dashboard page and in a report."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from pipelines.config import load_project
from pipelines.paths import BUNDLED_PROJECT, REPO_ROOT, DataDir
from pipelines.submissions.ingest import Source, ingest

TINY = Path(__file__).parent / "fixtures" / "tiny"
INDICATOR = """
[[indicators]]
code = "DIS-5"
name = "Press articles"
definition = "Dissemination activities of a type in press_activity_types"
unit = "activities"
source = "dissemination"
sdg_goals = [12]
work_package = "WP6"
direction = "increase"
target = 20
illustrative = true
"""
SQL = """
-- DIS-5 Press articles: activities whose type is in [vocabularies] press_activity_types.
SELECT partner_code, goal, date AS day, 1 AS value, NULL AS base
FROM activities
WHERE activity_type IN (SELECT value FROM vocabulary WHERE name = 'press_activity_types')
"""


@pytest.fixture(scope="module")
def extended(tmp_path_factory) -> DataDir:
    """The recipe: the project file copied into the data directory with the new indicator
    and its value set, the SQL file beside it, then the partners' files as usual."""
    root = tmp_path_factory.mktemp("extended")
    toml = BUNDLED_PROJECT.read_text(encoding="utf-8").replace(
        "\n[vocabularies]\n", '\n[vocabularies]\npress_activity_types = ["press"]\n'
    )
    (root / "project.toml").write_text(toml + INDICATOR, encoding="utf-8")
    (root / "indicators").mkdir()
    (root / "indicators" / "DIS-5.sql").write_text(SQL, encoding="utf-8")
    data_dir = DataDir(root)
    project = load_project(data_dir.project_file)
    files = sorted(p for p in TINY.iterdir() if p.suffix == ".csv")
    assert ingest(data_dir, project, [Source(p.name, p) for p in files]).all_accepted
    return data_dir


def _run(data_dir: DataDir, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *args, "--data-dir", str(data_dir.root)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "LESLIE_LANG": "en"},
    )


def test_the_command_line_prints_the_new_indicator(extended) -> None:
    out = _run(extended, "indicators", "--json")
    assert out.returncode == 0, out.stderr
    printed = json.loads(out.stdout)["indicators"]
    assert len(printed) == 13
    # the tiny data has one press activity: A4 (UPV, 2026-02-02)
    assert printed[-1] == {
        "code": "DIS-5",
        "name": "Press articles",
        "unit": "activities",
        "actual": 1,
        "target": 20,
        "status": "off_track",
    }
    by_partner = json.loads(_run(extended, "indicators", "--json", "--partner", "UPV").stdout)
    # allocated by [target_allocation] dissemination weights (hei 2, ngo 2, ministry 1; 26):
    # 20 x 2 / 26 = 1.54 -> 1; of the 8 left the ministries' remainders (.77) come first,
    # then the .54 ones in partner order, UPV first: 2
    assert by_partner["indicators"][-1]["actual"] == 1
    assert by_partner["indicators"][-1]["target"] == 2
    p1 = json.loads(_run(extended, "indicators", "--json", "--period", "P1").stdout)
    assert p1["indicators"][-1]["actual"] == 0  # A4 is in P2


def test_a_dashboard_page_shows_the_new_indicator(extended, monkeypatch) -> None:
    from pipelines.access.scope import Viewer

    monkeypatch.setenv("LESLIE_DATA_DIR", str(extended.root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: Viewer.coordinator("t"))
    at = AppTest.from_file(str(REPO_ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.switch_page("pages/overview.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    cards = {m.label: m.value for m in at.metric}
    assert cards["DIS-5 · Press articles"] == "1"
    assert len(cards) == 13


def test_the_report_lists_the_new_indicator(extended, tmp_path) -> None:
    out = tmp_path / "p2.xlsx"
    done = _run(extended, "report", "--period", "P2", "--format", "xlsx", "--out", str(out))
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    rows = [
        [c for c in row if c is not None]
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    found = [r for r in rows if "DIS-5" in r or any(c == "Press articles" for c in r)]
    assert found, "the new indicator is in no sheet"
    assert any(1 in r for r in found)  # its P2 actual, read back from the cells
