"""The work plan as data: [[work_plan.*]] in project.toml is read and each defect is named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.config import load_project
from pipelines.errors import ConfigError
from pipelines.paths import BUNDLED_PROJECT

ORIGINAL = BUNDLED_PROJECT.read_text(encoding="utf-8")


def test_the_bundled_work_plan_has_the_usual_cbhe_shape(project):
    plan = project.work_plan
    assert len(plan.deliverables) >= 12
    assert {d.wp for d in plan.deliverables} == set(project.wp_codes)
    assert [m.code for m in plan.milestones] == ["M1", "M2", "M3", "M4", "M5"]
    assert [r.code for r in plan.risks] == ["R1", "R2", "R3"]
    d = plan.deliverable("d3.1")
    assert (d.wp, d.lead, d.type, d.dissemination, d.due) == (
        "WP3",
        "KAZNU",
        "R",
        "PU",
        dt.date(2024, 9, 30),
    )
    assert plan.milestone("M4").verification.startswith("Public address")
    assert (plan.risk("R1").likelihood, plan.risk("R1").impact) == ("medium", "high")
    assert [w.share for w in project.work_packages] == [0.15, 0.10, 0.20, 0.25, 0.15, 0.15]


def test_the_illustrative_entries_are_marked_as_such():
    section = ORIGINAL[
        ORIGINAL.index("[[work_plan.deliverables]]") : ORIGINAL.index("[[indicators]]")
    ]
    titles = [
        line for line in section.splitlines() if line.startswith(("title =", "description ="))
    ]
    assert titles and all("# ILLUSTRATIVE" in line for line in titles)


# (defect, text to replace, replacement, the message naming the entry)
DEFECTS = [
    (
        "unknown-wp",
        'code = "D3.2"\ntitle = "SLM Hub set up at the partner universities"       # ILLUSTRATIVE\nwp = "WP3"',
        'code = "D3.2"\ntitle = "SLM Hub"\nwp = "WP9"',
        "[[work_plan.deliverables]] D3.2: work package 'WP9' is not in [[work_packages]]",
    ),
    (
        "unknown-lead",
        'wp = "WP5"\nlead = "UCY"\ntype = "DEC"',
        'wp = "WP5"\nlead = "NOPE"\ntype = "DEC"',
        "[[work_plan.deliverables]] D5.1: lead 'NOPE' is not in [[partners]]",
    ),
    (
        "duplicate-deliverable",
        'code = "D6.3"',
        'code = "D6.2"',
        "[[work_plan.deliverables]] code: 'D6.2' appears more than once",
    ),
    (
        "duplicate-milestone",
        'code = "M5"',
        'code = "M1"',
        "[[work_plan.milestones]] code: 'M1' appears more than once",
    ),
    (
        "not-a-date",
        "due = 2024-09-30",
        'due = "30.09.2024"',
        "[[work_plan.deliverables]] D3.1: 'due' must be a date YYYY-MM-DD, found '30.09.2024'",
    ),
    (
        "outside-the-project",
        "due = 2025-06-30\nverification",
        "due = 2027-06-30\nverification",
        "[[work_plan.milestones]] M3: due date 2027-06-30 is outside the project "
        "(2024-01-01 to 2026-12-31)",
    ),
    (
        "milestone-unknown-wp",
        'wp = "WP5"\ndue = 2025-09-30\nverification',
        'wp = "WP7"\ndue = 2025-09-30\nverification',
        "[[work_plan.milestones]] M4: work package 'WP7' is not in [[work_packages]]",
    ),
    (
        "bad-code",
        'code = "D1.1"',
        'code = "DEL-1"',
        "[[work_plan.deliverables]] DEL-1: code must look like D3.1",
    ),
    (
        "bad-type",
        'lead = "UCY"\ntype = "DEC"',
        'lead = "UCY"\ntype = "WEBSITE"',
        "[[work_plan.deliverables]] D5.1: type 'WEBSITE' must be one of R, DEM, DEC, DATA",
    ),
    (
        "bad-likelihood",
        'likelihood = "medium"',
        'likelihood = "sometimes"',
        "[[work_plan.risks]] R1: likelihood 'sometimes' must be one of low, medium, high",
    ),
    (
        "duplicate-risk",
        'code = "R3"',
        'code = "R2"',
        "[[work_plan.risks]] code: 'R2' appears more than once",
    ),
    (
        "shares-do-not-add-up",
        "share = 0.25",
        "share = 0.35",
        "[[work_packages]]: the shares of the lump sum add up to 1.100, not 1",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "message"), DEFECTS, ids=[d[0] for d in DEFECTS])
def test_each_work_plan_defect_is_named(tmp_path: Path, name, old, new, message):
    assert old in ORIGINAL, name
    broken = tmp_path / "project.toml"
    broken.write_text(ORIGINAL.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_project(broken)
    assert message in str(caught.value)
    assert str(broken) in str(caught.value)


def test_every_problem_is_listed_at_once(tmp_path: Path):
    broken = tmp_path / "project.toml"
    text = ORIGINAL.replace('code = "D6.3"', 'code = "D6.2"', 1).replace(
        'likelihood = "medium"', 'likelihood = "sometimes"', 1
    )
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_project(broken)
    assert "has 2 problem(s)" in str(caught.value)


def test_a_project_without_a_work_plan_still_loads(tmp_path: Path):
    start = ORIGINAL.index("# The work plan as the agency pays")
    end = ORIGINAL.index("# Indicators of data contract v1.")
    plain = tmp_path / "project.toml"
    plain.write_text(ORIGINAL[:start] + ORIGINAL[end:], encoding="utf-8")
    plan = load_project(plain).work_plan
    assert (plan.deliverables, plan.milestones, plan.risks) == ((), (), ())
