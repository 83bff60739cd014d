"""A frozen report keeps its figures after partners correct their data; the live figures move
and the difference is listed as restatements.

A copy of the sample installation is frozen for P1, then KAZNU corrects its dissemination list
(tests/fixtures/report_correction: one P1 workshop, 30 participants, 30 reached, SDG 15)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from pipelines.access.scope import Viewer
from pipelines.errors import AccessDenied, UsageError
from pipelines.metrics.indicators import Filters
from pipelines.paths import DataDir
from pipelines.reports import (
    collect,
    freeze,
    latest_frozen,
    list_frozen,
    load_frozen,
    render,
    reproduce,
    restatements,
)
from pipelines.submissions.ingest import Source, ingest
from pipelines.warehouse.build import read_warehouse

CORRECTION = Path(__file__).parent / "fixtures" / "report_correction" / "KAZNU_dissemination_v2.csv"
COORDINATOR = Viewer.coordinator("test")
KZ_OFFICE = Viewer("national_office", "kz-office", country="KZ")
CLI = [sys.executable, "-m", "pipelines", "report"]


def _actual(values, scope: str, code: str) -> float | None:
    return next(v.actual for v in values if v.scope == scope and v.code == code)


def _indicator_sheet(payload: bytes) -> list[tuple]:
    wb = openpyxl.load_workbook(io.BytesIO(payload))
    return list(wb["Indicators"].iter_rows(values_only=True))


def _live(data_dir, project, **filters):
    with read_warehouse(data_dir.warehouse) as con:
        return collect(con, project, COORDINATOR, Filters(period="P1", **filters))


@pytest.fixture(scope="module")
def frozen_then_corrected(demo_dir, project, tmp_path_factory):
    data_dir = DataDir(tmp_path_factory.mktemp("freeze") / "data")
    shutil.copytree(demo_dir.root, data_dir.root)
    card = freeze(data_dir, project, COORDINATOR, Filters(period="P1"))
    kz_card = freeze(data_dir, project, COORDINATOR, Filters(period="P1", country="KZ"))
    before = load_frozen(data_dir, project, COORDINATOR, card.frozen_id)
    xlsx_before = render(before, "xlsx")
    result = ingest(data_dir, project, [Source(CORRECTION.name, CORRECTION)], submitted_by="test")
    assert result.all_accepted, result.files
    return data_dir, card, kz_card, before, xlsx_before


def test_frozen_report_is_unchanged_by_the_correction(frozen_then_corrected, project):
    data_dir, card, _kz, before, xlsx_before = frozen_then_corrected
    after = load_frozen(data_dir, project, COORDINATOR, card.frozen_id)
    assert after.to_json() == before.to_json()
    assert _indicator_sheet(render(after, "xlsx")) == _indicator_sheet(xlsx_before)


def test_live_figures_follow_the_correction(frozen_then_corrected, project):
    data_dir, _card, _kz, before, _x = frozen_then_corrected
    live = _live(data_dir, project)
    assert _actual(live.by_partner, "KAZNU", "DIS-1") == 1
    assert _actual(live.by_partner, "KAZNU", "DIS-3") == 30
    for code in ("DIS-1", "DIS-2", "DIS-3"):
        was_kaznu = _actual(before.by_partner, "KAZNU", code)
        own = {"DIS-1": 1, "DIS-2": 30, "DIS-3": 30}[code]
        assert _actual(live.indicators, "all", code) == (
            _actual(before.indicators, "all", code) - was_kaznu + own
        )
    assert [a.activity_id for a in live.activities if a.partner_code == "KAZNU"] == ["KAZNU-C1"]


def test_restatements_name_what_changed_and_nothing_else(frozen_then_corrected, project):
    data_dir, _card, _kz, before, _x = frozen_then_corrected
    live = _live(data_dir, project)
    changes = restatements(live, before)
    assert changes
    assert {c.code for c in changes} <= {"DIS-1", "DIS-2", "DIS-3", "DIS-4"}
    assert {c.scope for c in changes if c.breakdown == "partner"} == {"KAZNU"}
    assert {c.scope for c in changes if c.breakdown == "country"} == {"KZ"}
    overall = {c.code: c for c in changes if c.breakdown == "all"}
    dis1 = overall["DIS-1"]
    assert (dis1.frozen, dis1.current) == (
        _actual(before.indicators, "all", "DIS-1"),
        _actual(live.indicators, "all", "DIS-1"),
    )
    assert dis1.change == dis1.current - dis1.frozen
    assert restatements(before, before) == []


def test_reproducing_at_the_ledger_position_gives_the_frozen_figures(
    frozen_then_corrected, project
):
    data_dir, card, _kz, before, _x = frozen_then_corrected
    again = reproduce(data_dir, project, card.frozen_id)
    assert again.ledger_position == card.ledger_position
    for name in ("indicators", "by_partner", "by_country", "by_sdg", "learners", "activities"):
        assert getattr(again, name) == getattr(before, name), name
    assert restatements(again, before) == []


def test_latest_frozen_matches_period_and_scope(frozen_then_corrected, project):
    data_dir, card, kz_card, _before, _x = frozen_then_corrected
    assert latest_frozen(data_dir, project, COORDINATOR, _live(data_dir, project)) == card
    kz_live = _live(data_dir, project, country="KZ")
    assert latest_frozen(data_dir, project, COORDINATOR, kz_live) == kz_card


def test_frozen_reports_are_listed_to_whoever_may_open_them(frozen_then_corrected, project):
    data_dir, card, kz_card, _before, _x = frozen_then_corrected
    ids = [c.frozen_id for c in list_frozen(data_dir, project, COORDINATOR)]
    assert set(ids) == {card.frozen_id, kz_card.frozen_id}
    assert [c.frozen_id for c in list_frozen(data_dir, project, KZ_OFFICE)] == [kz_card.frozen_id]
    assert load_frozen(data_dir, project, KZ_OFFICE, kz_card.frozen_id).scope.code == "KZ"
    with pytest.raises(AccessDenied):
        load_frozen(data_dir, project, KZ_OFFICE, card.frozen_id)
    kaznu = Viewer("partner", "k", partner="KAZNU")
    assert list_frozen(data_dir, project, kaznu) == []


def test_only_the_coordinator_freezes(frozen_then_corrected, project):
    data_dir = frozen_then_corrected[0]
    with pytest.raises(AccessDenied, match="Only the coordinator can freeze a report"):
        freeze(data_dir, project, KZ_OFFICE, Filters(period="P1", country="KZ"))


def test_frozen_file_is_read_only_and_names_never_collide(frozen_then_corrected, project):
    data_dir, card = frozen_then_corrected[:2]
    mode = (data_dir.frozen / card.frozen_id / "report.json").stat().st_mode
    assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    now = dt.datetime(2026, 11, 29, 12, 0, 0, tzinfo=dt.UTC)
    first = freeze(data_dir, project, COORDINATOR, Filters(period="P2", partner="UPV"), now=now)
    second = freeze(data_dir, project, COORDINATOR, Filters(period="P2", partner="UPV"), now=now)
    assert first.frozen_id == "P2-UPV-20261129T120000Z"
    assert second.frozen_id == "P2-UPV-20261129T120000Z-2"


@pytest.mark.parametrize("bad", ["../../etc", "P1/../x", "", "nope-123"])
def test_unknown_or_unsafe_frozen_ids_are_usage_errors(frozen_then_corrected, project, bad):
    with pytest.raises(UsageError):
        load_frozen(frozen_then_corrected[0], project, COORDINATOR, bad)


def test_command_line_freezes_lists_and_downloads(frozen_then_corrected, tmp_path):
    data_dir, card, _kz, before, _x = frozen_then_corrected
    where = ["--data-dir", str(data_dir.root)]
    made = subprocess.run(
        [*CLI, "freeze", "--period", "P2", *where], capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    new_id = made.stdout.strip()
    assert new_id.startswith("P2-")
    assert "frozen at ledger position" in made.stderr
    listed = subprocess.run([*CLI, "frozen", "list", *where], capture_output=True, text=True)
    assert listed.returncode == 0
    assert card.frozen_id in listed.stdout and new_id in listed.stdout
    out = tmp_path / "frozen.xlsx"
    got = subprocess.run(
        [*CLI, "--frozen", card.frozen_id, "--out", str(out), *where],
        capture_output=True,
        text=True,
    )
    assert got.returncode == 0, got.stderr
    rows = {r[0]: r[4] for r in _indicator_sheet(out.read_bytes())[1:]}
    assert rows["DIS-1"] == _actual(before.indicators, "all", "DIS-1")
    bad = subprocess.run(
        [*CLI, "--frozen", "../x", "--out", str(out), *where], capture_output=True, text=True
    )
    assert bad.returncode == 2
    assert "is not a frozen report id" in bad.stderr
    assert "Traceback" not in bad.stderr
