"""National SDG sources read as data, never as links, and from any country: a link to a
secret or to a file outside the source refuses the import and stores nothing; YAML anchors
(a "billion laughs" file), over-long cells and labels and deep nesting are refused with
their own message naming the file and the limit; a repository's root is searched for its
data folder; a country outside the project is imported, listed and shown when chosen; an
imported unit label with HTML is drawn as text; every import is audited."""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.context import store
from pipelines.context.importer import ContextError, import_source, list_series
from pipelines.context.source_files import MAX_FIELD_CHARS, MAX_LABEL_CHARS, SourceRefused
from pipelines.errors import UsageError
from pipelines.paths import REPO_ROOT, DataDir

FIXTURES = Path(__file__).parent / "fixtures"
QUIRKS = FIXTURES / "opensdg_quirks"
REALDATA = Path(
    os.environ.get("LESLIE_REALDATA") or Path(__file__).resolve().parents[2] / "shared" / "realdata"
)


@pytest.fixture()
def data_dir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


def refused(data_dir: DataDir, project, path, country="KZ") -> SourceRefused:
    with pytest.raises(SourceRefused) as caught:
        import_source(data_dir, project, path, country=country)
    assert not store.folder(data_dir).exists()  # nothing stored
    return caught.value


def run_cli(*args: str, memory: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:  # a bound on the child's memory: an expansion fails, not the machine
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [sys.executable, "-m", "pipelines", *args], capture_output=True, text=True,
        cwd=REPO_ROOT, check=False, preexec_fn=limit if memory else None,
    )  # fmt: skip


# ------------------------------------------------------------------------- links


def test_licence_linked_to_the_installation_secret_is_refused(data_dir, project, tmp_path):
    secret = data_dir.private / "secret.key"
    secret.parent.mkdir(parents=True)
    secret.write_text("THE-INSTALLATION-SECRET-0123456789\n")
    repo = tmp_path / "hostile"
    shutil.copytree(QUIRKS, repo)
    (repo / "LICENSE").symlink_to(secret)
    error = refused(data_dir, project, repo)
    assert error.key == "context_sources.refused.link"
    assert error.params["path"] == "LICENSE"
    assert "THE-INSTALLATION-SECRET" not in error.render("en")


def test_licence_hard_linked_to_the_installation_secret_is_refused(data_dir, project, tmp_path):
    secret = data_dir.private / "secret.key"
    secret.parent.mkdir(parents=True)
    secret.write_text("THE-INSTALLATION-SECRET-0123456789\n")
    repo = tmp_path / "hostile"
    shutil.copytree(QUIRKS, repo)
    os.link(secret, repo / "LICENSE")
    error = refused(data_dir, project, repo)
    assert (error.key, error.params) == ("context_sources.refused.link", {"path": "LICENSE"})


def test_data_file_linked_from_outside_the_source_is_refused(data_dir, project, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("Year,Value\n2020,1\n")
    repo = tmp_path / "hostile"
    shutil.copytree(QUIRKS, repo)
    (repo / "data" / "indicator_9-9-9.csv").symlink_to(outside)
    error = refused(data_dir, project, repo)
    assert error.key == "context_sources.refused.link"
    assert error.params["path"] == "data/indicator_9-9-9.csv"


def test_data_folder_linked_elsewhere_is_refused(data_dir, project, tmp_path):
    repo = tmp_path / "hostile"
    repo.mkdir()
    (repo / "data").symlink_to(QUIRKS / "data", target_is_directory=True)
    assert refused(data_dir, project, repo).key == "context_sources.refused.link"


def test_translation_linked_elsewhere_is_refused(data_dir, project, tmp_path):
    repo = tmp_path / "hostile"
    shutil.copytree(QUIRKS, repo)
    labels = repo / "translations" / "en" / "UNIT_MEASURE.yml"
    labels.unlink()
    labels.symlink_to(QUIRKS / "translations" / "en" / "UNIT_MEASURE.yml")
    error = refused(data_dir, project, repo)
    assert (error.key, error.params["path"]) == (
        "context_sources.refused.link",
        "translations/en/UNIT_MEASURE.yml",
    )


def test_a_link_refusal_names_the_file_in_every_language(data_dir, project, tmp_path):
    repo = tmp_path / "hostile"
    shutil.copytree(QUIRKS, repo)
    (repo / "LICENSE").symlink_to(tmp_path)
    error = refused(data_dir, project, repo)
    assert error.render("en") == (
        "LICENSE is a link: a national SDG source is read as data and may hold no links "
        "(nothing was stored)"
    )
    for lang in ("ru", "kk", "uz"):
        assert error.render(lang).startswith("LICENSE — ")


# ------------------------------------------------------------------ sizes and YAML


def test_billion_laughs_is_refused_by_its_anchors(data_dir, project):
    error = refused(data_dir, project, FIXTURES / "context_billion_laughs")
    assert error.key == "context_sources.refused.yaml_alias"
    assert error.params == {"path": "translations/en/UNIT_MEASURE.yml"}


def test_billion_laughs_on_the_command_line_stays_small(data_dir):
    """Under a 1.5 GiB address-space limit the import answers with its message (an expansion
    would end in MemoryError instead), and the refusal is audited."""
    done = run_cli(
        "context", "import", str(FIXTURES / "context_billion_laughs"), "--country", "KZ",
        "--data-dir", str(data_dir.root), memory=1536 * 2**20,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == (
        "error: translations/en/UNIT_MEASURE.yml uses YAML anchors or aliases (& and *), which "
        "the importer does not expand: refused (nothing was stored)"
    )
    assert not store.folder(data_dir).exists()
    entry = audit.entries(data_dir, Viewer.coordinator("t"), action="context_import")[0]
    assert entry.detail["status"] == "refused"
    assert entry.detail["key"] == "context_sources.refused.yaml_alias"


def test_over_long_label_is_refused(data_dir, project):
    error = refused(data_dir, project, FIXTURES / "context_long_label")
    assert error.key == "context_sources.refused.label"
    assert error.params == {
        "path": "translations/en/UNIT_MEASURE.yml",
        "code": "TH_HA",
        "limit": MAX_LABEL_CHARS,
    }


def test_over_long_cell_is_refused_with_its_row(data_dir, project, tmp_path):
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    long = "x" * (MAX_FIELD_CHARS + 1)
    (repo / "data" / "indicator_7-1-1.csv").write_text(f"Year,SEX,Value\n2020,F,1\n2021,{long},2\n")
    error = refused(data_dir, project, repo)
    assert (error.key, error.params) == (
        "context_sources.refused.field",
        {"path": "data/indicator_7-1-1.csv", "row": 3, "limit": MAX_FIELD_CHARS},
    )


def test_over_long_cell_of_a_un_export_is_refused(data_dir, project, tmp_path):
    folder = tmp_path / "un"
    folder.mkdir()
    body = (
        (FIXTURES / "unsdg_export" / "t441.csv")
        .read_text()
        .replace("Survey", "S" * (MAX_FIELD_CHARS + 1), 1)
    )
    (folder / "t441.csv").write_text(body)
    error = refused(data_dir, project, folder, country=None)
    assert error.key == "context_sources.refused.field"
    assert error.params["path"] == "t441.csv"


def test_deeply_nested_provenance_is_refused(data_dir, project, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(QUIRKS, repo)
    (repo / "provenance.json").write_text('{"name": "x", "more": ' + "[" * 50 + "]" * 50 + "}")
    error = refused(data_dir, project, repo)
    assert (error.key, error.params) == (
        "context_sources.refused.depth",
        {"path": "provenance.json", "limit": 8},
    )


def test_long_licence_line_is_bounded(data_dir, project, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(QUIRKS, repo)
    (repo / "LICENSE").write_text("L" * 5000 + "\n")
    import_source(data_dir, project, repo, country="IT")
    (entry,) = store.manifest(data_dir).values()
    assert len(entry.licence) == MAX_LABEL_CHARS and entry.licence.endswith("…")


# --------------------------------------------------------------- any country


def test_a_country_outside_the_project_is_imported_and_listed(data_dir, project):
    report = import_source(data_dir, project, QUIRKS, country="ca")
    assert report.countries == ("CA",) and report.status == "imported"
    listed = list_series(data_dir, "CA")
    assert len(listed) == 7 and {s["country"] for s in listed} == {"CA"}


def test_three_letter_codes_name_the_same_country(data_dir, project):
    assert import_source(data_dir, project, QUIRKS, country="CAN").countries == ("CA",)


def test_cli_imports_canada_and_lists_it(data_dir):
    done = run_cli(
        "context", "import", str(QUIRKS), "--country", "CA", "--json",
        "--data-dir", str(data_dir.root),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["countries"] == ["CA"]
    listed = run_cli(
        "context", "list", "--country", "CA", "--json", "--data-dir", str(data_dir.root)
    )
    assert {s["country"] for s in json.loads(listed.stdout)["series"]} == {"CA"}
    entry = audit.entries(data_dir, Viewer.coordinator("t"), action="context_import")[0]
    assert entry.target == str(QUIRKS)
    assert entry.who.startswith("os:")
    assert entry.detail == {
        "channel": "cli",
        "countries": ["CA"],
        "format": "opensdg",
        "rows": 15,
        "source": "opensdg_quirks",
        "status": "imported",
    }


def test_un_export_keeps_the_chosen_country_only(data_dir, project):
    report = import_source(data_dir, project, FIXTURES / "context_repo_unsdg", country="CA")
    assert report.countries == ("CA",)
    assert [s["years"] for s in list_series(data_dir, "CA")] == [[2019, 2019]]


# ------------------------------------------------------------ repository roots


def test_root_of_a_scrape_repository_finds_its_data_folder(data_dir, project):
    report = import_source(data_dir, project, FIXTURES / "context_repo_scrape", country="UZ")
    assert (report.format, report.countries, report.rows) == ("scrape", ("UZ",), 2)
    (entry,) = store.manifest(data_dir).values()
    assert entry.licence == "Creative Commons Attribution-ShareAlike 4.0 International"
    assert entry.name == "context_repo_scrape"


def test_root_of_a_un_export_repository_finds_its_data_folder(data_dir, project):
    report = import_source(data_dir, project, FIXTURES / "context_repo_unsdg")
    assert (report.format, report.countries) == ("unsdg", ("KZ",))  # the project's by default


def test_root_above_an_open_sdg_repository_finds_it(data_dir, project, tmp_path):
    shutil.copytree(QUIRKS, tmp_path / "root" / "sdg-data")
    report = import_source(data_dir, project, tmp_path / "root", country="IT")
    assert (report.format, report.rows) == ("opensdg", 15)


def test_a_root_with_several_data_folders_asks_for_one(data_dir, project, tmp_path):
    root = tmp_path / "root"
    shutil.copytree(FIXTURES / "scrape_leading_zeros", root / "uzb")
    shutil.copytree(FIXTURES / "unsdg_export", root / "un")
    with pytest.raises(ContextError) as caught:
        import_source(data_dir, project, root)
    assert caught.value.key == "context_sources.error.several"
    assert caught.value.params["found"] == "un, uzb"


def test_a_linked_folder_in_a_root_is_refused_not_followed(data_dir, project, tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "linked").symlink_to(FIXTURES / "scrape_leading_zeros", target_is_directory=True)
    error = refused(data_dir, project, root, country=None)
    assert (error.key, error.params["path"]) == ("context_sources.refused.link", "linked")


def test_an_invalid_country_is_a_usage_error(data_dir, project):
    with pytest.raises(UsageError) as caught:
        import_source(data_dir, project, QUIRKS, country="<b>")
    assert caught.value.key == "context_sources.error.country"


@pytest.mark.skipif(not (REALDATA / "sdg_uz_scraped").exists(), reason="no ../shared/realdata")
def test_root_of_the_real_uzbek_scrape_repository(data_dir, project):
    report = import_source(data_dir, project, REALDATA / "sdg_uz_scraped", country="UZ")
    assert (report.format, report.files_read, report.countries) == ("scrape", 108, ("UZ",))


# ------------------------------------------------------------------- the page


def sdgs_page_with_canada(monkeypatch, demo_dir, project, tmp_path, lang: str = "en"):
    from streamlit.testing.v1 import AppTest

    from pipelines.warehouse.build import build

    root = tmp_path / "data"
    shutil.copytree(demo_dir.root, root)
    import_source(DataDir(root), project, FIXTURES / "context_html_unit", country="CA")
    build(DataDir(root), project)
    monkeypatch.setenv("LESLIE_DATA_DIR", str(root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: Viewer.coordinator("t"))
    at = AppTest.from_file(str(REPO_ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.switch_page("pages/sdgs.py")
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    return at


def test_sdgs_page_names_the_imported_countries_in_the_readers_language(
    monkeypatch, demo_dir, project, tmp_path
):
    at = sdgs_page_with_canada(monkeypatch, demo_dir, project, tmp_path, "ru")
    choice = at.multiselect(key="sdgs_countries")
    assert choice.label == "Страны"
    assert choice.options[-1] == "Канада" and choice.value == ["ES", "IT", "CY", "KZ", "UZ"]


def test_sdgs_page_draws_an_imported_html_unit_as_text(monkeypatch, demo_dir, project, tmp_path):
    at = sdgs_page_with_canada(monkeypatch, demo_dir, project, tmp_path)
    choice = at.multiselect(key="sdgs_countries")
    assert choice.value == ["ES", "IT", "CY", "KZ", "UZ"]  # the project's by default
    assert choice.options == ["Spain", "Italy", "Cyprus", "Kazakhstan", "Uzbekistan", "Canada"]
    for toggle in at.toggle:  # every goal's national figures shown
        if toggle.key.startswith("sdgs_national_"):
            toggle.set_value(True)
    choice.set_value(["KZ", "CA"]).run()
    assert not at.exception
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    canada = [f for f in figures if any(t.get("name") == "Canada" for t in f["data"])]
    assert len(canada) == 1
    title = canada[0]["layout"]["yaxis"]["title"]["text"]
    assert title == (
        '&lt;a href="https://evil.example/login"&gt;sign in again&lt;/a&gt; '
        "&lt;b&gt;hectares&lt;/b&gt; &amp; more"
    )
    assert "<a" not in json.dumps(figures) and "<b>" not in json.dumps(figures)
    # the chart's summary for screen readers is plain text: the label as written, no entities
    summary = next(t.value for t in at.text if "Canada" in t.value)
    assert '<a href="https://evil.example/login">sign in again</a> <b>hectares</b>' in summary
    assert "&lt;" not in summary
    tables = [d.value for d in at.dataframe if "Country" in d.value.columns]
    land = next(t for t in tables if "Canada" in set(t["Country"]))
    assert set(land["Country"]) == {"Kazakhstan", "Canada"}


# ------------------------------------------------------------------- archives


def zip_of(path: Path, folder: Path, prefix: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in sorted(folder.rglob("*")):
            if item.is_file():
                zf.write(item, f"{prefix}/{item.relative_to(folder).as_posix()}")
    return path


def test_zip_of_a_repository_is_imported(data_dir, project, tmp_path):
    archive = zip_of(tmp_path / "sdg-data.zip", QUIRKS, "sdg-data-main")
    report = import_source(data_dir, project, archive, country="CA")
    assert (report.source, report.format, report.rows, report.countries) == (
        "sdg-data", "opensdg", 15, ("CA",),
    )  # fmt: skip
    (entry,) = store.manifest(data_dir).values()
    assert entry.provenance == str(archive)


def test_archive_member_that_is_a_link_is_refused(data_dir, project, tmp_path):
    archive = zip_of(tmp_path / "hostile.zip", QUIRKS, "repo")
    with zipfile.ZipFile(archive, "a") as zf:
        link = zipfile.ZipInfo("repo/LICENSE")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "../../private/secret.key")
    error = refused(data_dir, project, archive)
    assert (error.key, error.params) == (
        "context_sources.refused.archive_link",
        {"path": "hostile.zip: repo/LICENSE"},
    )


@pytest.mark.parametrize("name", ["../outside.csv", "/tmp/outside.csv", "repo/../../x.csv"])
def test_archive_member_leaving_the_archive_is_refused(data_dir, project, tmp_path, name):
    archive = zip_of(tmp_path / "hostile.zip", QUIRKS, "repo")
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr(name, "Year,Value\n2020,1\n")
    error = refused(data_dir, project, archive)
    assert (error.key, error.params) == (
        "context_sources.refused.archive_escape",
        {"path": f"hostile.zip: {name}"},
    )
    assert not (tmp_path / "outside.csv").exists()


def test_archive_member_sizes_are_counted_as_read(data_dir, project, tmp_path, monkeypatch):
    from pipelines.context import source_files

    monkeypatch.setattr(source_files, "MAX_FILE_BYTES", 1024)
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("repo/data/indicator_7-1-1.csv", "Year,Value\n" + "2020,1\n" * 1000)
    error = refused(data_dir, project, archive)
    assert (error.key, error.params) == (
        "context_sources.refused.file_size",
        {"path": "big.zip: repo/data/indicator_7-1-1.csv", "limit": 1},
    )


def test_a_file_that_is_not_a_zip_is_refused(data_dir, project, tmp_path):
    fake = tmp_path / "fake.zip"
    fake.write_text("not an archive")
    assert refused(data_dir, project, fake).key == "context_sources.refused.archive_unreadable"


# ------------------------------------------------------------------ the audit log


def test_an_audit_log_older_than_the_action_takes_it(data_dir):
    path = audit.audit_path(data_dir)
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as con:  # the log as an installation of 0.2.0 has it
        con.executescript(audit.SCHEMA.replace(", 'context_import'", ""))
    entry = audit.record(data_dir, "os:t", "context_import", "x", status="imported")
    assert audit.entries(data_dir, Viewer.coordinator("t"))[0].entry_id == entry


@pytest.mark.parametrize("mark", ["\x1b[2J", "\u202e", "\x00"])
def test_control_or_direction_characters_in_a_label_are_refused(data_dir, project, tmp_path, mark):
    repo = tmp_path / "repo"
    shutil.copytree(QUIRKS, repo)
    (repo / "translations" / "en" / "UNIT_MEASURE.yml").write_text(
        json.dumps({"PT": f"per{mark}cent"}), encoding="utf-8"
    )
    error = refused(data_dir, project, repo)
    assert (error.key, error.params) == (
        "context_sources.refused.control",
        {"path": "translations/en/UNIT_MEASURE.yml", "code": "PT"},
    )


def test_over_long_provenance_names_its_own_limit(data_dir, project, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(QUIRKS, repo)
    meta = {"name": "x", "provenance": "p" * (MAX_FIELD_CHARS + 1)}
    (repo / "provenance.json").write_text(json.dumps(meta))
    error = refused(data_dir, project, repo)
    assert (error.key, error.params) == (
        "context_sources.refused.label",
        {"path": "provenance.json", "code": "provenance", "limit": MAX_FIELD_CHARS},
    )


def test_a_pipe_among_the_data_files_is_refused(data_dir, project, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(QUIRKS, repo)
    os.mkfifo(repo / "data" / "indicator_9-9-9.csv")  # opening it for reading would wait
    error = refused(data_dir, project, repo)
    assert (error.key, error.params) == (
        "context_sources.refused.not_file",
        {"path": "data/indicator_9-9-9.csv"},
    )


def test_a_field_over_the_csv_modules_own_limit_is_refused_with_its_line(
    data_dir, project, tmp_path
):
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    huge = '"' + "x" * 140_000 + '"'  # over 128 KiB: the csv module itself gives up
    (repo / "data" / "indicator_7-1-1.csv").write_text(f"Year,SEX,Value\n2020,F,1\n2021,{huge},2\n")
    error = refused(data_dir, project, repo)
    assert (error.key, error.params) == (
        "context_sources.refused.field",
        {"path": "data/indicator_7-1-1.csv", "row": 3, "limit": MAX_FIELD_CHARS},
    )


def test_a_un_export_with_a_row_longer_than_its_header_is_skipped(data_dir, project, tmp_path):
    folder = tmp_path / "un"
    shutil.copytree(FIXTURES / "unsdg_export", folder)
    (folder / "broken.csv").write_text(
        "Indicator,SeriesCode,GeoAreaCode,TimePeriod,Value\n4.4.1,S,398,2018,1\n"
        "4.4.1,S,398,2019,1,extra,cells\n"
    )
    report = import_source(data_dir, project, folder)
    skipped = {s.file: s.reason.key for s in report.skipped}
    assert skipped["broken.csv"] == "context_sources.skip.malformed"
    assert report.countries == ("ES", "KZ")


def test_un_export_area_codes_that_are_no_country_are_left_out(data_dir, project, tmp_path):
    folder = tmp_path / "un"
    folder.mkdir()
    (folder / "t.csv").write_text(
        "Indicator,SeriesCode,GeoAreaCode,TimePeriod,Value\n"
        '4.4.1,S,"1,5",2019,1\n4.4.1,S,1e999,2019,1\n4.4.1,S,398,2019,2\n'
    )
    report = import_source(data_dir, project, folder)
    assert (report.countries, report.rows) == (("KZ",), 1)
