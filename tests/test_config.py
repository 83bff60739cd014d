"""data/project.toml: the bundled file is valid, and each defect gets a message naming it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.config import load_project
from pipelines.errors import ConfigError
from pipelines.paths import BUNDLED_PROJECT

ORIGINAL = BUNDLED_PROJECT.read_text(encoding="utf-8")

# (defect, text to replace, replacement, expected fragment of the message)
DEFECTS = [
    (
        "unknown-country",
        'country = "UZ"\nlat = 40.39',
        'country = "TJ"\nlat = 40.39',
        "[[partners]] FPI: country 'TJ' is not in [[countries]]",
    ),
    (
        "duplicate-partner",
        'code = "BSU"',
        'code = "IAU"',
        "[[partners]] code: 'IAU' appears more than once",
    ),
    (
        "bad-colour",
        'colour = "#3F7E44"',
        'colour = "green"',
        "[[sdgs]] goal 13: colour must be #RRGGBB",
    ),
    (
        "period-overlap",
        "start = 2025-07-01          # ILLUSTRATIVE",
        "start = 2025-06-01",
        "[[periods]]: P1 and P2 overlap",
    ),
    (
        "unknown-wp",
        'work_package = "WP6"',
        'work_package = "WP9"',
        "[[indicators]] DIS-1: work package 'WP9' is not in [[work_packages]]",
    ),
    (
        "target-not-number",
        "target = 1200\n",
        'target = "lots"\n',
        "[[indicators]] ENR-1: 'target' must be a float, found 'lots'",
    ),
    (
        "unknown-partner-target",
        "UPV = 60,",
        "NOPE = 60,",
        "[partner_targets] ENR-1: partner 'NOPE' is not in [[partners]]",
    ),
    (
        "thresholds-inverted",
        "at_risk = 0.60",
        "at_risk = 0.95",
        "[status]: thresholds must satisfy 0 < at_risk < on_track <= 1",
    ),
    (
        "allocation-unknown-type",
        "enrollments = { hei = 6, ngo = 2, ministry = 0 }",
        "enrollments = { hei = 6, school = 2 }",
        "[target_allocation] enrollments: no partner has type 'school'",
    ),
    (
        "allocation-negative-weight",
        "modules = { hei = 1, ngo = 0, ministry = 0 }",
        "modules = { hei = -1 }",
        "[target_allocation] modules: weight of 'hei' must be >= 0",
    ),
    (
        "allocation-unknown-source",
        "dissemination = { hei = 2, ngo = 2, ministry = 1 }",
        "events = { hei = 2 }",
        "[target_allocation]: 'events' must be one of modules, enrollments, dissemination",
    ),
    ("latitude", "lat = 39.48", "lat = 139.48", "[[partners]] UPV: lat must be between -90 and 90"),
    (
        "missing-vocabulary",
        'gender = ["F", "M", "X", "U"]\n',
        "",
        "[vocabularies]: 'gender' is missing",
    ),
]


def test_bundled_project_is_valid(project):
    assert len(project.partners) == 14
    assert [s.goal for s in project.sdgs] == [4, 7, 11, 12, 13, 15]
    assert [i.code for i in project.indicators][:3] == ["ENR-1", "ENR-2", "ENR-3"]
    assert project.partner("kaznu").country == "KZ"


@pytest.mark.parametrize(("name", "old", "new", "message"), DEFECTS, ids=[d[0] for d in DEFECTS])
def test_each_defect_is_named(tmp_path: Path, name, old, new, message):
    assert old in ORIGINAL, name
    broken = tmp_path / "project.toml"
    broken.write_text(ORIGINAL.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_project(broken)
    assert message in str(caught.value)
    assert str(broken) in str(caught.value)


def test_not_toml_at_all(tmp_path: Path):
    broken = tmp_path / "project.toml"
    broken.write_text("[project\nacronym = 'x'", encoding="utf-8")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_project(broken)


def test_command_line_reports_a_broken_config_without_traceback(tmp_path: Path):
    (tmp_path / "project.toml").write_text(ORIGINAL.replace('code = "BSU"', 'code = "IAU"'))
    out = subprocess.run(
        [sys.executable, "-m", "pipelines", "indicators", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert out.returncode == 2  # the configuration must change: a usage error
    assert "'IAU' appears more than once" in out.stderr
    assert "Traceback" not in out.stderr
