"""The importer on the real national SDG sources in ../shared/realdata (skipped when absent):
Kazakhstan's Open SDG repository, the Uzbek platform scrape and the UN SDG Global Database
export; and the shipped extract, which must be what the generator makes of them."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pytest

from pipelines.context.extract import make_extract
from pipelines.context.importer import import_source, list_series
from pipelines.paths import DEFAULT_DATA_DIR, DataDir

# beside the repository as in CI; LESLIE_REALDATA points elsewhere (e.g. from a worktree)
REALDATA = Path(
    os.environ.get("LESLIE_REALDATA") or Path(__file__).resolve().parents[2] / "shared" / "realdata"
)
KZ = REALDATA / "sdg_kz_opensdg"
UZ = REALDATA / "sdg_uz_scraped" / "data_processed_uzb"
UN = REALDATA / "sdg_un_global_db"

needs_realdata = pytest.mark.skipif(not KZ.exists(), reason="../shared/realdata is not here")


@pytest.fixture(scope="module")
def imported(tmp_path_factory, project):
    if not KZ.exists():
        pytest.skip("../shared/realdata is not here")
    data_dir = DataDir(tmp_path_factory.mktemp("realcontext"))
    reports = {
        "KZ": import_source(data_dir, project, KZ, country="KZ"),
        "UZ": import_source(data_dir, project, UZ),
        "UN": import_source(data_dir, project, UN),
    }
    return data_dir, reports


def test_kazakhstan_open_sdg_repository(imported):
    _, reports = imported
    kz = reports["KZ"]
    csv_files = len(list((KZ / "data").glob("*.csv")))
    header_only = [s for s in kz.skipped if s.reason.key == "context.skip.empty"]
    not_csv = [s.file for s in kz.skipped if s.reason.key == "context.skip.not_csv"]
    assert not_csv == ["data/indicator_3-1-1.xlsx"]
    assert len(header_only) == 67  # as SOURCES.txt counts them
    assert kz.files_read + len(header_only) == csv_files
    assert kz.countries == ("KZ",) and kz.rows > 40_000


def test_kazakhstan_trailing_space_value_is_read(imported):
    data_dir, _ = imported
    series = {s["indicator"]: s for s in list_series(data_dir, "KZ")}
    assert series["7.1.1"]["years"][0] == 2010
    assert "12.5.1" in series and "15.3.1" in series


def test_uzbekistan_leading_zeros_are_missing(imported):
    data_dir, reports = imported
    uz = reports["UZ"]
    assert uz.files_read == 108 and uz.countries == ("UZ",)
    total = next(
        s
        for s in list_series(data_dir, "UZ")
        if s["indicator"] == "7.1.1" and s["series"] == "16_101"
    )
    assert total["years"] == [2008, 2021] and total["rows"] == 14


def test_un_global_database(imported):
    data_dir, reports = imported
    un = reports["UN"]
    assert [s.file for s in un.skipped] == ["Goal13.xlsx"]
    assert set(un.countries) == {"CY", "ES", "IT", "KZ", "UZ"}
    uz = [s for s in list_series(data_dir, "UZ") if s["source"] == "sdg_un_global_db"]
    assert {s["indicator"] for s in uz} >= {"4.4.1"}


def test_importing_again_changes_nothing(imported, project):
    data_dir, _ = imported
    assert import_source(data_dir, project, UZ).status == "unchanged"


@needs_realdata
def test_shipped_extract_is_what_the_generator_makes(tmp_path):
    make_extract(REALDATA, tmp_path)
    shipped = DEFAULT_DATA_DIR / "context"
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert made == sorted(
        p.relative_to(shipped)
        for p in shipped.rglob("*")
        if p.is_file() and "imported" not in p.parts
    )
    for rel in made:
        assert filecmp.cmp(tmp_path / rel, shipped / rel, shallow=False), rel
