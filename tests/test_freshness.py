"""One freshness rule: a settings change in a data directory's own project.toml (a period's
window, a target, a vocabulary value set, an added indicator with its SQL) shows in the
command line, on a dashboard page and in a report without anyone running ``build``; a copy
that keeps the modification times is detected too; a process that cannot rebuild says the
figures are out of date and why instead of presenting them as current.

Each test works on its own copy of the tiny installation (tests/fixtures/tiny, built once
per session); the expected figures are worked out by hand from its files below.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from pipelines.access.scope import Viewer
from pipelines.config import load_project
from pipelines.metrics import freshness as rule
from pipelines.metrics.indicators import Filters
from pipelines.metrics.queries import indicator_values
from pipelines.operations.doctor import run_checks
from pipelines.paths import BUNDLED_PROJECT, REPO_ROOT, DataDir
from pipelines.reports import render
from pipelines.reports.service import report_data
from pipelines.warehouse.build import freshness, read_warehouse
from pipelines.words.catalogue import text

COORDINATOR = Viewer.coordinator("freshness-test")
BUNDLED = BUNDLED_PROJECT.read_text(encoding="utf-8")

# Reporting period 1 ends on 2025-12-31 instead of 2025-06-30; period 2 starts on 2026-01-01.
MOVED = BUNDLED.replace(
    'end = 2025-06-30            # ILLUSTRATIVE\nreport = "interim"',
    'end = 2025-12-31            # ILLUSTRATIVE\nreport = "interim"',
).replace(
    "start = 2025-07-01          # ILLUSTRATIVE\nend = 2026-12-31",
    "start = 2026-01-01          # ILLUSTRATIVE\nend = 2026-12-31",
)
# tests/fixtures/tiny in the moved P1 (2024-01-01 .. 2025-12-31):
# - ENR-1, learners enrolled (enrolled_on): rows 1-7 and 9; row 8 (FPI F2, 2026-01-10) is in
#   P2. Learners KAZNU K1, K2, K3, KOKSU K1, Q2, FPI F1, UPV U1: 7 (6 before the move).
# - ENR-2, completions (completed_on): rows 1, 3 (2025-07-20), 6, 9: 4 (3 before).
# - DIS-1, activities: A1, A2 (2025-08-15), A3, A5: 4 (3 before); DIS-3 reach 120 + 1500 +
#   300 + 25 = 1945 (445 before).
MOVED_P1 = {"ENR-1": 7, "ENR-2": 4, "DIS-1": 4, "DIS-3": 1945}
BEFORE_P1 = {"ENR-1": 6, "ENR-2": 3, "DIS-1": 3, "DIS-3": 445}

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
INDICATOR_SQL = """
-- DIS-5 Press articles: activities whose type is in [vocabularies] press_activity_types.
SELECT partner_code, goal, date AS day, 1 AS value, NULL AS base
FROM activities
WHERE activity_type IN (SELECT value FROM vocabulary WHERE name = 'press_activity_types')
"""


@pytest.fixture()
def copy(tiny_dir: DataDir, tmp_path: Path) -> DataDir:
    """A copy of the built tiny installation (modification times kept, as a restore does)."""
    data_dir = DataDir(tmp_path / "data")
    shutil.copytree(tiny_dir.root, data_dir.root)
    return data_dir


def _own_settings(data_dir: DataDir, toml: str) -> None:
    (data_dir.root / "project.toml").write_text(toml, encoding="utf-8")


def _add_indicator(data_dir: DataDir) -> None:
    """docs/extending.md, "Add an indicator": DIS-5 and its value set, its SQL beside."""
    toml = BUNDLED.replace(
        "\n[vocabularies]\n", '\n[vocabularies]\npress_activity_types = ["press"]\n'
    )
    _own_settings(data_dir, toml + INDICATOR)
    (data_dir.root / "indicators").mkdir()
    (data_dir.root / "indicators" / "DIS-5.sql").write_text(INDICATOR_SQL, encoding="utf-8")


def _cli(data_dir: DataDir, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *args, "--data-dir", str(data_dir.root)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "LESLIE_LANG": "en"},
    )


def _actuals(data_dir: DataDir, *args: str) -> dict[str, object]:
    done = _cli(data_dir, "indicators", "--json", *args)
    assert done.returncode == 0, done.stderr
    return {i["code"]: i["actual"] for i in json.loads(done.stdout)["indicators"]}


def _targets(data_dir: DataDir, *args: str) -> dict[str, object]:
    done = _cli(data_dir, "indicators", "--json", *args)
    assert done.returncode == 0, done.stderr
    return {i["code"]: i["target"] for i in json.loads(done.stdout)["indicators"]}


def _page_cards(data_dir: DataDir, monkeypatch, **params: str) -> tuple[dict[str, str], AppTest]:
    """The Overview page's indicator cards, as a coordinator sees them."""
    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    monkeypatch.setattr("dashboard.session.current_viewer", lambda: COORDINATOR)
    at = AppTest.from_file(str(REPO_ROOT / "dashboard" / "app.py"), default_timeout=300)
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page("pages/overview.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return {m.label.split(" · ")[0]: m.value for m in at.metric}, at


def _xlsx_rows(data_dir: DataDir, period: str) -> list[list[object]]:
    """The consortium report of ``period`` as the Reports page makes it, read back."""
    data = report_data(data_dir, load_project(data_dir.project_file), COORDINATOR,
                       Filters(period=period))  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(render(data, "xlsx", "en")))
    return [
        [c for c in row if c is not None]
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]


def _built_fingerprint(data_dir: DataDir) -> str:
    with read_warehouse(data_dir.warehouse) as con:
        return rule.built(con).fingerprint


def test_a_moved_period_shows_in_indicators_without_build(copy, tmp_path) -> None:
    assert {k: _actuals(copy, "--period", "P1")[k] for k in BEFORE_P1} == BEFORE_P1
    _own_settings(copy, MOVED)
    moved = _actuals(copy, "--period", "P1")
    assert {k: moved[k] for k in MOVED_P1} == MOVED_P1
    assert _actuals(copy, "--period", "P2")["ENR-1"] == 1  # FPI F2 alone
    # the command rebuilt under the lock: the warehouse now records today's settings
    project = load_project(copy.project_file)
    assert _built_fingerprint(copy) == rule.fingerprint(project)
    assert freshness(copy, project).current
    # and a full build of the same settings gives the same figures
    full = DataDir(tmp_path / "full")
    shutil.copytree(copy.root, full.root)
    assert _cli(full, "build").returncode == 0
    assert _actuals(full, "--period", "P1") == moved


def test_a_moved_period_shows_on_a_page_and_in_a_report(copy, monkeypatch) -> None:
    _own_settings(copy, MOVED)
    cards, _ = _page_cards(copy, monkeypatch, period="P1")
    assert {k: cards[k] for k in ("ENR-1", "ENR-2", "DIS-1")} == {
        "ENR-1": "7",
        "ENR-2": "4",
        "DIS-1": "4",
    }
    rows = _xlsx_rows(copy, "P1")
    consortium = [r for r in rows if r[:4] == ["ENR-1", "Learners enrolled", "learners", "WP4"]]
    assert consortium and consortium[0][4] == 7, consortium  # 6 in the build's own P1


def test_a_changed_target_shows_without_build(copy, tmp_path) -> None:
    assert _targets(copy)["ENR-1"] == 1200
    _copy_keeping_an_old_mtime(
        copy, BUNDLED.replace("target = 1200\n", "target = 1500\n", 1), tmp_path
    )
    # the pages' engine, before anything rebuilt: not the target the build stored in its mart
    with read_warehouse(copy.warehouse) as con:
        project = load_project(copy.project_file)
        shown = indicator_values(con, project, COORDINATOR, Filters())
    assert {v.code: v.target for v in shown}["ENR-1"] == 1500
    assert _targets(copy)["ENR-1"] == 1500


def test_a_changed_vocabulary_value_set_shows_without_build(copy) -> None:
    # ENR-4, share of women among learners of known gender: F = K1, Q2, F2, U1 (4 of 7)
    assert _actuals(copy)["ENR-4"] == 57.1
    _own_settings(copy, BUNDLED.replace('women_genders = ["F"]', 'women_genders = ["F", "X"]'))
    # with X (KOKSU K1) counted too: 5 of 7
    assert _actuals(copy)["ENR-4"] == 71.4


def test_an_added_indicator_shows_in_the_command_line_a_page_and_a_report(
    copy, monkeypatch
) -> None:
    _add_indicator(copy)
    # the tiny data has one press activity: A4 (UPV, 2026-02-02, in P2)
    assert _actuals(copy)["DIS-5"] == 1
    assert _actuals(copy, "--period", "P1")["DIS-5"] == 0
    cards, _ = _page_cards(copy, monkeypatch)
    assert cards["DIS-5"] == "1" and len(cards) == 13
    found = [r for r in _xlsx_rows(copy, "P2") if "DIS-5" in r or "Press articles" in r]
    assert found and any(1 in r for r in found), found


def test_an_added_indicator_on_a_page_first(copy, monkeypatch) -> None:
    """The page is the first reader after the change: it rebuilds, then draws."""
    _add_indicator(copy)
    cards, at = _page_cards(copy, monkeypatch)
    assert cards["DIS-5"] == "1"
    assert not at.warning
    assert freshness(copy, load_project(copy.project_file)).current


def _copy_keeping_an_old_mtime(data_dir: DataDir, toml: str, tmp_path: Path) -> None:
    """Changed settings copied in as a restore or ``cp -p`` does: the file's modification
    time is older than the warehouse's build."""
    changed = tmp_path / "elsewhere" / "project.toml"
    changed.parent.mkdir()
    changed.write_text(toml, encoding="utf-8")
    old = data_dir.warehouse.stat().st_mtime - 3600
    os.utime(changed, (old, old))
    shutil.copy2(changed, data_dir.root / "project.toml")
    assert (data_dir.root / "project.toml").stat().st_mtime < data_dir.warehouse.stat().st_mtime


def test_a_copy_keeping_modification_times_is_detected(copy, tmp_path) -> None:
    _copy_keeping_an_old_mtime(copy, MOVED, tmp_path)
    moved = _actuals(copy, "--period", "P1")
    assert {k: moved[k] for k in MOVED_P1} == MOVED_P1


def test_an_unchanged_copy_elsewhere_is_current(copy) -> None:
    """The fingerprint is of what the settings say, not where they are: a copy of the
    installation, or the same settings written into the data directory, needs no build."""
    _own_settings(copy, BUNDLED)
    assert freshness(copy, load_project(copy.project_file)).current


def _unlockable(data_dir: DataDir) -> None:
    """The store's lock cannot be taken (as for a process that may only read the data
    directory): its lock file is a directory."""
    lock = data_dir.store / ".lock"
    lock.unlink(missing_ok=True)
    lock.mkdir()


def test_a_reader_that_cannot_rebuild_says_why(copy, monkeypatch) -> None:
    _own_settings(copy, MOVED)
    _unlockable(copy)
    message = text("freshness.out_of_date.settings", "en", built="")
    first_words = message.split("(")[0]
    # the command line refuses rather than print old figures
    done = _cli(copy, "indicators", "--period", "P1", "--json")
    assert done.returncode != 0 and done.stdout == ""
    assert first_words in done.stderr
    # the report refuses too
    with pytest.raises(Exception) as raised:
        _xlsx_rows(copy, "P1")
    assert raised.value.key == "freshness.out_of_date.settings"
    # the page says so above its figures, which follow today's settings (not the partials)
    cards, at = _page_cards(copy, monkeypatch, period="P1")
    assert [w.value for w in at.warning if first_words in w.value]
    assert cards["ENR-1"] == "7"
    assert not freshness(copy, load_project(copy.project_file)).current


def test_doctor_warns_of_figures_made_with_other_settings(copy) -> None:
    assert [c.status for c in run_checks(copy) if c.name == "warehouse"] == ["ok"]
    _own_settings(copy, MOVED)
    (check,) = [c for c in run_checks(copy) if c.name == "warehouse"]
    assert (check.status, check.message.key) == ("warning", "ops.doctor.warehouse.settings")


@pytest.mark.parametrize("lang", ["en", "ru", "kk", "uz"])
def test_the_reasons_are_said_in_every_language(lang) -> None:
    for reason in rule.REASONS:
        said = text(f"freshness.out_of_date.{reason}", lang, built="2026-11-29T10:00:00+00:00")
        assert "2026-11-29T10:00:00+00:00" in said and "python -m pipelines build" in said
