"""Real files written by others (../shared/realdata): the reader must never crash on them,
and a file that is not one of our templates is rejected with a message naming what it saw.
Skipped when the shared folder is absent (a fresh clone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines import warehouse
from pipelines.errors import InputFileError
from pipelines.intake.readers import read_submission
from pipelines.paths import DataDir
from pipelines.submissions.ingest import Source, ingest

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
pytestmark = pytest.mark.skipif(not REALDATA.exists(), reason="../shared/realdata is absent")


def _real_files() -> list[Path]:
    if not REALDATA.exists():
        return []
    kz = sorted((REALDATA / "sdg_kz_opensdg" / "data").glob("*"))[:60]
    others = sorted(
        p
        for p in REALDATA.rglob("*")
        if p.suffix.lower() in (".csv", ".xlsx") and "sdg_kz_opensdg" not in p.parts
    )
    return kz + others


def test_the_real_files_are_found():
    # with the shared folder present, an empty parametrisation would pass without a check
    files = _real_files()
    assert len(files) >= 60
    assert {p.suffix.lower() for p in files} >= {".csv", ".xlsx"}


@pytest.mark.parametrize("path", _real_files(), ids=lambda p: p.name)
def test_reader_reads_or_refuses_clearly(path):
    con = warehouse.connect_memory()
    try:
        raw = read_submission(con, path, path.name)
    except InputFileError as exc:
        assert path.name in str(exc)
        return
    assert raw.columns, path
    count = con.execute(f"SELECT count(*) FROM {raw.table}").fetchall()[0][0]
    assert count == raw.row_count


def test_foreign_files_are_rejected_whole_with_a_reason(tmp_path, project):
    files = [
        REALDATA / "erasmus" / "TRobertM_IBM_Erasmus_KA347_subset.csv",
        REALDATA / "sdg_un_global_db" / "Goal13.xlsx",
        REALDATA / "sdg_kz_opensdg" / "data" / "indicator_4-1-1.csv",
    ]
    assert all(f.exists() for f in files), [f for f in files if not f.exists()]
    data_dir = DataDir(tmp_path / "data")
    result = ingest(data_dir, project, [Source(f.name, f) for f in files])
    assert [f.status for f in result.files] == ["rejected"] * len(files)
    for outcome in result.files:
        assert outcome.errors and outcome.errors[0].message
        assert "Traceback" not in outcome.errors[0].message
    assert not list(data_dir.submissions.rglob("*.parquet"))
