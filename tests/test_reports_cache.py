"""The Reports page's cached data follows each new warehouse build: after an ingest the
preview and downloads show the new figures, not the previous build's for up to an hour.
(Streamlit leaves parameters named with a leading underscore out of the cache key; the
identities of the warehouse and narratives file, and the settings' fingerprint, must be part
of it.)"""

from __future__ import annotations

import datetime as dt
import inspect
import shutil
from pathlib import Path

import pytest

from dashboard.context import settings_of
from dashboard.report_cache import cached_report
from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters
from pipelines.paths import DataDir
from pipelines.reports import narratives as notes
from pipelines.submissions.ingest import Source, ingest
from pipelines.warehouse.build import identity

CORRECTION = Path(__file__).parent / "fixtures" / "report_correction" / "KAZNU_dissemination_v2.csv"
VIEWER = Viewer.coordinator("cache-test")
AS_OF = dt.date(2026, 11, 30)


def _load(data_dir: DataDir):
    return cached_report(
        str(data_dir.root),
        identity(data_dir.warehouse),
        settings_of(data_dir),
        identity(notes.path_of(data_dir)),
        VIEWER,
        Filters(period="P1", partner="KAZNU"),
        AS_OF,
    )


def test_identities_are_part_of_the_cache_key():
    names = list(inspect.signature(cached_report).parameters)
    assert not [n for n in names if n.startswith("_")]


@pytest.mark.filterwarnings("ignore")
def test_an_ingest_shows_in_the_next_report(demo_dir, project, tmp_path):
    data_dir = DataDir(tmp_path / "data")
    shutil.copytree(demo_dir.root, data_dir.root)
    cached_report.clear()
    before = _load(data_dir)
    assert _load(data_dir) is not None  # a cache hit for the same build
    result = ingest(data_dir, project, [Source(CORRECTION.name, CORRECTION)], submitted_by="t")
    assert result.all_accepted, result.files
    after = _load(data_dir)
    assert after.ledger_position > before.ledger_position
    dis1 = {v.code: v.actual for v in after.indicators}["DIS-1"]
    assert dis1 != {v.code: v.actual for v in before.indicators}["DIS-1"]


@pytest.mark.filterwarnings("ignore")
def test_a_saved_narrative_shows_in_the_next_report(tiny_dir, project, tmp_path):
    data_dir = DataDir(tmp_path / "data")
    shutil.copytree(tiny_dir.root, data_dir.root)
    cached_report.clear()
    assert _load(data_dir).narratives == []
    notes.save_contribution(data_dir, project, VIEWER, "P1", "WP6", "KAZNU", "Our events.")
    assert [n.text for n in _load(data_dir).narratives] == ["Our events."]
