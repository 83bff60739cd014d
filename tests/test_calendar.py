"""The submission calendar: each status from hand-made ledgers and a pinned day, the bundled
project's expectations per partner type, and the sample installation's realistic calendar."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pipelines.config import Calendar, Deadline, Project, load_project
from pipelines.errors import ConfigError
from pipelines.store.ledger import Ledger, Submission
from pipelines.submissions.calendar import calendar, status_of

ALL = ("modules", "enrollments", "dissemination")
DEADLINES = (
    Deadline("P1", dt.date(2025, 7, 31), ALL),
    Deadline("P2", dt.date(2026, 1, 31), ALL),
    Deadline("P2", dt.date(2026, 12, 20), ALL),
)


@pytest.fixture()
def proj(project: Project) -> Project:
    cal = Calendar(DEADLINES, {"ministry": ("dissemination",)}, {"CAREC": ALL}, reminder_days=30)
    return dataclasses.replace(project, calendar=cal)


def sub(sid: int, partner: str, template: str, day: str, state: str = "approved") -> Submission:
    return Submission(
        sid, template, "0" * 64, (partner,), 7, "f.csv", "x.parquet", f"{day}T10:00:00+00:00",
        "test", "upload", state, f"{day}T10:00:00+00:00", "test", None,
    )  # fmt: skip


def test_never_submitted_is_late_since_the_first_due_date(proj) -> None:
    e = status_of(proj, "KAZNU", "dissemination", [], dt.date(2026, 11, 29))
    assert (e.status, e.due, e.days, e.last_submitted) == ("late", dt.date(2025, 7, 31), 486, None)


def test_a_submission_after_the_previous_due_date_meets_the_next_one(proj) -> None:
    subs = [sub(1, "KAZNU", "dissemination", "2026-02-10")]
    e = status_of(proj, "KAZNU", "dissemination", subs, dt.date(2026, 11, 29))
    assert (e.status, e.due, e.days) == ("on_time", dt.date(2026, 12, 20), 21)
    assert (e.last_submitted, e.last_rows, e.last_state) == (dt.date(2026, 2, 10), 7, "approved")


def test_due_within_the_reminder_window_when_not_met_yet(proj) -> None:
    subs = [sub(1, "KAZNU", "modules", "2026-01-15")]  # before 2026-01-31: meets that one only
    e = status_of(proj, "KAZNU", "modules", subs, dt.date(2026, 11, 29))
    assert (e.status, e.due, e.days) == ("due", dt.date(2026, 12, 20), 21)
    far = status_of(proj, "KAZNU", "modules", subs, dt.date(2026, 11, 1))  # 49 days left
    assert (far.status, far.days) == ("on_time", 49)


def test_a_missed_due_date_stays_late_until_something_is_sent(proj) -> None:
    subs = [sub(1, "UPV", "modules", "2025-07-01")]  # met P1, nothing after 2025-07-31
    e = status_of(proj, "UPV", "modules", subs, dt.date(2026, 3, 1))
    assert (e.status, e.due, e.days) == ("late", dt.date(2026, 1, 31), 29)
    late_but_sent = [*subs, sub(2, "UPV", "modules", "2026-02-20")]
    assert status_of(proj, "UPV", "modules", late_but_sent, dt.date(2026, 3, 1)).status == "on_time"


def test_returned_awaits_correction_and_pending_counts_as_sent(proj) -> None:
    day = dt.date(2026, 11, 29)
    returned = [sub(1, "FPI", "enrollments", "2026-11-20", "returned")]
    assert status_of(proj, "FPI", "enrollments", returned, day).status == "returned"
    fixed = [*returned, sub(2, "FPI", "enrollments", "2026-11-25", "pending")]
    e = status_of(proj, "FPI", "enrollments", fixed, day)
    assert (e.status, e.last_state, e.last_id) == ("on_time", "pending", 2)


def test_not_expected_by_type_and_partner_list_overrides_type(proj) -> None:
    day = dt.date(2026, 11, 29)
    assert status_of(proj, "MSHE-KZ", "modules", [], day).status == "not_expected"
    assert status_of(proj, "MSHE-KZ", "dissemination", [], day).status == "late"
    assert status_of(proj, "CAREC", "enrollments", [], day).status == "late"


def test_bundled_calendar_expectations(project) -> None:
    cal = project.calendar
    assert [d.due for d in cal.deadlines] == sorted(d.due for d in cal.deadlines)
    assert all(cal.expects(project.partner(p), t) for p in ("KAZNU", "CAREC") for t in ALL)
    assert not cal.expects(project.partner("MHESI-UZ"), "modules")
    assert cal.expects(project.partner("MHESI-UZ"), "enrollments")


def test_calendar_config_problems_are_named(tmp_path, project) -> None:
    text = project.source.read_text(encoding="utf-8")
    broken = text.replace('period = "P1"\ndue = 2025-07-31', 'period = "P9"\ndue = 2025-07-31')
    broken += '\n[calendar.partners]\n"NOPE" = ["modules"]\n'
    broken = broken.replace("\n[calendar.partners]\n\n", "\n")
    path = tmp_path / "project.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_project(path)
    assert str(err.value) == (
        f"{path} has 2 problem(s):\n"
        "  - [[calendar.deadlines]] #1: period 'P9' is not in [[periods]]\n"
        "  - [calendar.partners]: 'NOPE' is not in [[partners]]"
    )


def test_sample_installation_shows_a_realistic_calendar(demo_dir, project) -> None:
    subs = Ledger(demo_dir.ledger).submissions()
    received = max(dt.date.fromisoformat(s.received_at[:10]) for s in subs)
    day = max(received, dt.date(2026, 11, 29))
    lines = calendar(project, subs, day)
    by = {(e.partner, e.template): e.status for e in lines}
    assert len(lines) == 14 * 3
    assert by[("KAZNU", "enrollments")] == "on_time"
    assert by[("MHESI-UZ", "enrollments")] == "late"  # the Uzbek ministry reported no trainees
    assert by[("MSHE-KZ", "modules")] == by[("MHESI-UZ", "modules")] == "not_expected"
    counts = {s: list(by.values()).count(s) for s in set(by.values())}
    assert counts == {"on_time": 39, "late": 1, "not_expected": 2}
