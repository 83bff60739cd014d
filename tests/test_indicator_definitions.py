"""Each configured indicator has exactly one SQL definition of its facts, checked at load."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.config import INDICATOR_SQL_DIR, load_project
from pipelines.errors import ConfigError
from pipelines.paths import BUNDLED_PROJECT

ROOT = Path(__file__).resolve().parents[1]
ORIGINAL = BUNDLED_PROJECT.read_text(encoding="utf-8")
EXTRA = """
[[indicators]]
code = "DIS-5"
name = "Press articles"
definition = "Dissemination activities of type press"
unit = "activities"
source = "dissemination"
sdg_goals = [4]
work_package = "WP6"
target = 20
"""


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "indicators", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "LESLIE_LANG": "en"},
    )


def test_every_bundled_indicator_has_one_sql_file(project) -> None:
    assert set(project.indicator_sql) == {i.code for i in project.indicators}
    assert all(p.parent == INDICATOR_SQL_DIR for p in project.indicator_sql.values())


def test_an_indicator_without_sql_is_a_config_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "project.toml").write_text(ORIGINAL + EXTRA, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_project(tmp_path / "project.toml")
    assert caught.value.key == "metrics.config.indicator_without_sql"
    assert "DIS-5" in str(caught.value)


def test_the_command_line_exits_2_naming_the_indicator_without_sql(tmp_path: Path) -> None:
    # release 0.1 printed this indicator as "0 ... Off track"
    (tmp_path / "project.toml").write_text(ORIGINAL + EXTRA, encoding="utf-8")
    out = _cli(tmp_path)
    assert out.returncode == 2
    assert "Indicator DIS-5 is configured in project.toml but has no SQL definition" in out.stderr
    assert out.stdout == "" and "Traceback" not in out.stderr


def test_the_message_is_in_the_language_asked_for(tmp_path: Path) -> None:
    (tmp_path / "project.toml").write_text(ORIGINAL + EXTRA, encoding="utf-8")
    out = _cli(tmp_path, "--lang", "ru")
    assert out.returncode == 2
    assert out.stderr.startswith("ошибка: Индикатор DIS-5 задан в project.toml")


def test_sql_without_a_configured_indicator_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "project.toml").write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "indicators").mkdir()
    (tmp_path / "indicators" / "DIS-9.sql").write_text("SELECT 1", encoding="utf-8")
    out = _cli(tmp_path)
    assert out.returncode == 2
    assert "SQL defines indicator DIS-9" in out.stderr and "DIS-9.sql" in out.stderr


def test_a_removed_indicator_leaves_its_bundled_sql_unconfigured(tmp_path: Path) -> None:
    start = ORIGINAL.index('[[indicators]]\ncode = "DIS-4"')
    end = ORIGINAL.index("# Optional cumulative targets")
    (tmp_path / "project.toml").write_text(ORIGINAL[:start] + ORIGINAL[end:], encoding="utf-8")
    with pytest.raises(ConfigError, match="SQL defines indicator DIS-4"):
        load_project(tmp_path / "project.toml")


@pytest.mark.parametrize(
    ("name", "values", "fragment"),
    [
        ("women_genders", '["W"]', "'women_genders' has W, not in 'gender'"),
        (
            "policy_audiences",
            '["ministers"]',
            "'policy_audiences' has ministers, not in 'audience'",
        ),
    ],
)
def test_value_sets_must_come_from_their_vocabulary(tmp_path, name, values, fragment) -> None:
    line = next(x for x in ORIGINAL.splitlines() if x.startswith(f"{name} = "))
    edited = ORIGINAL.replace(line, f"{name} = {values}")
    (tmp_path / "project.toml").write_text(edited, encoding="utf-8")
    with pytest.raises(ConfigError, match=fragment):
        load_project(tmp_path / "project.toml")


def test_a_missing_value_set_is_named(tmp_path: Path) -> None:
    line = next(x for x in ORIGINAL.splitlines() if x.startswith("staff_learner_types = "))
    (tmp_path / "project.toml").write_text(ORIGINAL.replace(line, ""), encoding="utf-8")
    with pytest.raises(ConfigError, match="'staff_learner_types' is missing"):
        load_project(tmp_path / "project.toml")


def test_the_dashboard_says_which_indicator_has_no_sql(tmp_path: Path, monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    from pipelines.access.scope import Viewer

    (tmp_path / "project.toml").write_text(ORIGINAL + EXTRA, encoding="utf-8")
    monkeypatch.setenv("LESLIE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: Viewer.coordinator("t"))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.switch_page("pages/overview.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    shown = [e.value for e in at.error]
    assert any("Indicator DIS-5 is configured in project.toml" in text for text in shown), shown


def test_the_trajectory_ends_at_the_actual_value(tiny_dir, project) -> None:
    """The monthly running sum and the actual value read the same facts: at the reporting
    month they agree for every indicator with dated facts, shares included."""
    import datetime as dt

    from pipelines.access.scope import Viewer
    from pipelines.metrics import queries
    from pipelines.metrics.indicators import Filters, compute
    from pipelines.warehouse.build import read_warehouse

    as_of = dt.date(2026, 11, 29)
    coord = Viewer.coordinator()
    for filters in (Filters(), Filters(partner="KAZNU"), Filters(period="P1"), Filters(sdg=15)):
        with read_warehouse(tiny_dir.warehouse) as con:
            actual = {v.code: v.actual for v in compute(con, project, coord, filters, as_of=as_of)}
            for ind in project.indicators:
                if ind.is_stock:
                    continue
                traj = queries.indicator_trajectory(con, project, coord, filters, ind.code, as_of)
                last = traj["actual"].dropna().iloc[-1]
                assert last == pytest.approx(actual[ind.code]), (filters, ind.code)
