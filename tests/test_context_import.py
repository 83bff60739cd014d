"""Importing national SDG data: each quirk of real Open SDG repositories, the UN SDG Global
Database export, and platform scrapes whose leading zeros mean "no data"; one import is whole
or nothing and importing the same files again changes nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.context import store
from pipelines.context.importer import ContextError, import_source, list_series
from pipelines.errors import UsageError
from pipelines.paths import REPO_ROOT, DataDir

FIXTURES = Path(__file__).parent / "fixtures"
QUIRKS = FIXTURES / "opensdg_quirks"


@pytest.fixture()
def data_dir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


def rows(data_dir: DataDir, indicator: str) -> list[dict]:
    frame = store.read_all(data_dir).to_pandas()
    picked = frame[frame["indicator"] == indicator].sort_values(
        ["year", "region", "disaggregation"]
    )
    return picked.to_dict("records")


def test_open_sdg_quirks_report(data_dir, project):
    report = import_source(data_dir, project, QUIRKS, country="IT")
    assert report.format == "opensdg" and report.status == "imported"
    assert report.files_read == 7
    assert report.rows == 2 + 2 + 3 + 2 + 3 + 1 + 2
    assert report.series == 7
    skipped = {s.file: s.reason.key for s in report.skipped}
    assert skipped == {
        "data/indicator_1-1-1.csv": "context.skip.empty",
        "data/indicator_3-1-1.xlsx": "context.skip.not_csv",
        "data/notes.txt": "context.skip.not_csv",
    }


def test_trailing_spaces_in_values(data_dir, project):
    import_source(data_dir, project, QUIRKS, country="IT")
    assert [r["value"] for r in rows(data_dir, "4.4.1")] == [40.9, 41.5]


def test_units_or_unit_measure_with_labels(data_dir, project):
    import_source(data_dir, project, QUIRKS, country="IT")
    assert {(r["unit"], r["unit_code"]) for r in rows(data_dir, "7.1.1")} == {("percent", "PT")}
    assert {r["unit"] for r in rows(data_dir, "15.3.1")} == {"thousand hectares"}


def test_region_codes_take_their_labels_from_translations(data_dir, project):
    import_source(data_dir, project, QUIRKS, country="IT")
    got = [(r["region"], r["region_label"], r["value"]) for r in rows(data_dir, "7.2.1")]
    assert got == [
        ("", "", 12.5),
        ("XXNOR", "Northern region", 20.0),
        ("XXSOU", "Southern region", 7.25),
    ]


def test_fiscal_years_keep_both_years(data_dir, project):
    import_source(data_dir, project, QUIRKS, country="IT")
    assert [(r["year"], r["year_end"], r["value"]) for r in rows(data_dir, "12.5.1")] == [
        (2014, 2015, 17.0),
        (2015, 2016, 18.5),
    ]


def test_empty_disaggregation_cell_is_the_total(data_dir, project):
    import_source(data_dir, project, QUIRKS, country="IT")
    got = [(r["disaggregation"], r["value"]) for r in rows(data_dir, "13.3.1")]
    assert got == [("", 30.0), ('{"SEX": "F"}', 32.0), ('{"SEX": "M"}', 28.0)]


def test_quoted_headers_and_trailing_empty_columns(data_dir, project):
    import_source(data_dir, project, QUIRKS, country="IT")
    assert [r["value"] for r in rows(data_dir, "15.1.1")] == [4.5]
    assert [(r["year"], r["value"], r["disaggregation"]) for r in rows(data_dir, "15.3.1")] == [
        (2010, 13.1, ""),
        (2011, 12.9, ""),
    ]


def test_same_files_again_change_nothing(data_dir, project):
    import_source(data_dir, project, QUIRKS, country="IT")
    manifest = (store.folder(data_dir) / "manifest.json").read_bytes()
    before = sorted(p.name for p in store.folder(data_dir).iterdir())
    again = import_source(data_dir, project, QUIRKS, country="IT")
    assert again.status == "unchanged"
    assert (store.folder(data_dir) / "manifest.json").read_bytes() == manifest
    assert sorted(p.name for p in store.folder(data_dir).iterdir()) == before


def test_changed_source_replaces_its_figures_whole(data_dir, project, tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(QUIRKS, copy)
    import_source(data_dir, project, copy, country="IT")
    (copy / "data" / "indicator_4-4-1.csv").write_text("Year,UNIT_MEASURE,Value\n2021,PT,50\n")
    report = import_source(data_dir, project, copy, country="IT")
    assert report.status == "imported"
    assert [r["value"] for r in rows(data_dir, "4.4.1")] == [50.0]
    assert len(store.files(data_dir)) == 1  # the earlier file of the source is gone


def test_nothing_usable_stores_nothing(data_dir, project, tmp_path):
    empty = tmp_path / "empty_repo"
    (empty / "data").mkdir(parents=True)
    (empty / "data" / "indicator_1-1-1.csv").write_text("Year,Value\n")
    with pytest.raises(ContextError) as caught:
        import_source(data_dir, project, empty, country="IT")
    assert caught.value.key == "context.error.no_rows"
    assert not store.folder(data_dir).exists()


@pytest.mark.parametrize(
    ("path", "country", "key"),
    [
        ("missing-folder", "IT", "context.error.missing"),
        (str(QUIRKS), None, "context.error.need_country"),
        (str(QUIRKS), "XZ", "context_sources.error.country"),  # not an ISO 3166-1 code
    ],
)
def test_usage_errors_are_keyed(data_dir, project, path, country, key):
    with pytest.raises(UsageError) as caught:
        import_source(data_dir, project, path, country=country)
    assert caught.value.key == key


def test_unknown_format_is_refused(data_dir, project):
    with pytest.raises(ContextError) as caught:
        import_source(data_dir, project, FIXTURES / "tiny")
    assert caught.value.key == "context.error.format"


def test_scrape_leading_zeros_are_missing_not_zero(data_dir, project):
    report = import_source(data_dir, project, FIXTURES / "scrape_leading_zeros")
    assert report.format == "scrape" and report.countries == ("UZ",)
    got = [(r["series"], r["year"], r["value"]) for r in rows(data_dir, "7.1.1")]
    # 2005-2007 zeros dropped; the 0 of 2009 after a real value is kept; 16_102 is all zeros
    assert got == [("16_101", 2008, 93.5), ("16_101", 2009, 0.0), ("16_101", 2010, 100.0)]
    assert report.rows_dropped == 3 + 2
    assert [(r["disaggregation"], r["value"]) for r in rows(data_dir, "15.1.1")] == [
        ('{"caption": "Tashkent City, total"}', 7.5),
        ('{"caption": "Tashkent City, total"}', 7.75),
    ]
    assert {s.file: s.reason.key for s in report.skipped} == {"README.md": "context.skip.not_csv"}


def test_un_global_database_export(data_dir, project):
    report = import_source(data_dir, project, FIXTURES / "unsdg_export")
    assert report.format == "unsdg"
    assert report.countries == ("ES", "KZ")  # Albania is not a project country; UZ has no value
    got = [
        (r["country"], r["year"], r["value"], r["disaggregation"]) for r in rows(data_dir, "4.4.1")
    ]
    assert got == [
        ("KZ", 2019, 30.5, '{"Sex": "BOTHSEX"}'),
        ("KZ", 2019, 31.25, '{"Sex": "FEMALE"}'),
        ("ES", 2020, 60.0, '{"Sex": "BOTHSEX"}'),
    ]
    assert {r["unit"] for r in rows(data_dir, "4.4.1")} == {"PERCENT"}
    assert report.rows_dropped == 1


def test_list_contract(data_dir, project):
    import_source(data_dir, project, QUIRKS, country="IT")
    import_source(data_dir, project, FIXTURES / "scrape_leading_zeros")
    series = list_series(data_dir, "IT")
    assert {s["country"] for s in series} == {"IT"}
    fiscal = next(s for s in series if s["indicator"] == "12.5.1")
    assert fiscal == {
        "indicator": "12.5.1",
        "series": "12.5.1",
        "country": "IT",
        "years": [2014, 2016],
        "rows": 2,
        "source": "opensdg_quirks",
    }
    assert len(list_series(data_dir)) == 7 + 2


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *args],
        capture_output=True, text=True, cwd=REPO_ROOT, check=False,
    )  # fmt: skip


def test_cli_import_and_list_json(data_dir):
    first = run_cli("context", "import", str(QUIRKS), "--country", "IT", "--json",
                    "--data-dir", str(data_dir.root))  # fmt: skip
    assert first.returncode == 0, first.stderr
    body = json.loads(first.stdout)
    assert (body["status"], body["files_read"], body["rows"]) == ("imported", 7, 15)
    assert {
        "file": "data/notes.txt",
        "key": "context.skip.not_csv",
        "reason": "not a CSV file",
    } in body["skipped"]
    listed = run_cli(
        "context", "list", "--country", "IT", "--json", "--data-dir", str(data_dir.root)
    )
    assert listed.returncode == 0, listed.stderr
    series = json.loads(listed.stdout)["series"]
    assert len(series) == 7
    assert set(series[0]) == {"indicator", "series", "country", "years", "rows", "source"}


def test_cli_missing_country_is_a_usage_error_in_the_readers_language(data_dir):
    done = run_cli(
        "context", "import", str(QUIRKS), "--lang", "ru", "--data-dir", str(data_dir.root)
    )
    assert done.returncode == 2
    assert "укажите страну через --country ISO2" in done.stderr
