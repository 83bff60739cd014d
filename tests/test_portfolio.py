"""A National Office's portfolio: packages written by ``publish`` in two installations with
different project configurations, added with ``portfolio add`` into a third, listed with the
packages' own figures; an edited package, one that reveals a small count and unsafe zip files
refused, whole; the same package twice changes nothing; a newer one supersedes."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.paths import REPO_ROOT, DataDir
from pipelines.portfolio.store import portfolio_path
from tests.ops_helpers import cli

STEPPE = {  # the second project: its own identity and its own published measures
    r'^acronym = "LESLIE"': 'acronym = "STEPPE"',
    r'^number = "101129032"': 'number = "101200001"',
    r"^title = .*": 'title = "Synthetic: soil and water skills in the steppe"\nsynthetic = true',
    r"^measures = \[.*": 'measures = ["ENR-1", "ENR-2", "DIS-1"]',
}


def publish(data_dir: Path, out: Path) -> Path:
    code, _out, err = cli("publish", "--out", out, "--data-dir", data_dir)
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def packages(demo_dir, tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("portfolio")
    leslie = publish(demo_dir.root, root / "leslie")
    other = Path(shutil.copytree(demo_dir.root, root / "steppe-data"))
    text = (REPO_ROOT / "data" / "project.toml").read_text(encoding="utf-8")
    for pattern, replacement in STEPPE.items():
        text, n = re.subn(pattern, replacement, text, count=1, flags=re.M)
        assert n == 1, pattern
    (other / "project.toml").write_text(text, encoding="utf-8")
    return {"leslie": leslie, "steppe": publish(other, root / "steppe")}


@pytest.fixture()
def office(tmp_path) -> Path:
    return tmp_path / "office"


def listed(office: Path) -> dict:
    code, out, err = cli("portfolio", "list", "--json", "--data-dir", office)
    assert code == 0, err
    return json.loads(out)


def totals(package: Path) -> dict:
    with (package / "figures.csv").open(encoding="utf-8") as fh:
        return {
            r["measure"]: float(r["value"])
            for r in csv.DictReader(fh)
            if (r["sdg"], r["country"], r["period"]) == ("ALL", "ALL", "ALL") and r["value"]
        }


def state(office: Path) -> dict:
    con = sqlite3.connect(f"file:{portfolio_path(DataDir(office))}?mode=ro", uri=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("packages", "figures", "measures")}  # fmt: skip
    finally:
        con.close()


def rehash(package: Path) -> None:
    """Make the descriptor's checksums match the files again (what a careless editor does)."""
    path = package / "datapackage.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    for r in body["resources"]:
        data = (package / r["path"]).read_bytes()
        r["hash"], r["bytes"] = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
    path.write_text(json.dumps(body, indent=2), encoding="utf-8")


def test_two_projects_are_listed_with_their_own_figures(packages, office):
    for name in ("leslie", "steppe"):
        code, _out, err = cli("portfolio", "add", packages[name], "--data-dir", office)
        assert code == 0, err
    projects = listed(office)["projects"]
    assert [(p["acronym"], p["number"]) for p in projects] == [
        ("LESLIE", "101129032"),
        ("STEPPE", "101200001"),
    ]
    leslie, steppe = projects
    assert leslie["title"].startswith("Land management")
    assert steppe["title"] == "Synthetic: soil and water skills in the steppe"
    assert leslie["countries"] == steppe["countries"] == ["ES", "IT", "CY", "KZ", "UZ"]
    assert leslie["figures"] == totals(packages["leslie"])
    assert steppe["figures"] == totals(packages["steppe"])
    assert "ENR-3" in leslie["figures"] and "ENR-3" not in steppe["figures"]
    created = json.loads((packages["steppe"] / "datapackage.json").read_text())["created"]
    assert steppe["published"] == created
    assert (leslie["synthetic"], steppe["synthetic"]) == (False, True)
    last = audit.entries(DataDir(office), Viewer.coordinator(), limit=2)
    assert [(e.action, e.target, e.detail["outcome"]) for e in last] == [
        ("portfolio_add", "101200001", "added"),
        ("portfolio_add", "101129032", "added"),
    ]


def test_the_same_package_twice_changes_nothing(packages, office):
    assert cli("portfolio", "add", packages["leslie"], "--data-dir", office)[0] == 0
    before = state(office)
    code, out, err = cli("portfolio", "add", packages["leslie"], "--data-dir", office)
    assert (code, err) == (0, "")
    assert out.strip() == (
        "LESLIE (project 101129032): the portfolio already holds this package; nothing changed"
    )
    assert state(office) == before


def test_a_figure_changed_after_publishing_is_refused(packages, office, tmp_path):
    edited = Path(shutil.copytree(packages["leslie"], tmp_path / "edited"))
    figures = edited / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    total = int(totals(edited)["ENR-1"])
    assert f"ENR-1,ALL,ALL,ALL,{total}," in text
    figures.write_text(text.replace(f"ENR-1,ALL,ALL,ALL,{total},",
                                    f"ENR-1,ALL,ALL,ALL,{total + 1},"), encoding="utf-8")  # fmt: skip
    code, out, err = cli("portfolio", "add", edited, "--data-dir", office)
    assert (code, out) == (1, "")
    assert err.strip() == (
        "error: refused: «figures.csv» was changed after publishing (its SHA-256 does not match)"
    )
    assert listed(office) == {"projects": []}


def test_a_package_revealing_a_small_count_is_refused(packages, office, tmp_path):
    edited = Path(shutil.copytree(packages["leslie"], tmp_path / "small"))
    figures = edited / "figures.csv"
    rows = list(csv.reader(figures.open(encoding="utf-8")))
    hidden = next(r for r in rows[1:] if r[0] == "DIS-1" and r[5] == "suppressed")
    hidden[4], hidden[5] = "3", "published"  # a withheld count given away
    with figures.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    rehash(edited)
    code, out, err = cli("portfolio", "add", edited, "--data-dir", office)
    assert (code, out) == (1, "")
    assert err.strip() == "error: refused: the package reveals a count of DIS-1 below 5"
    assert listed(office) == {"projects": []}


def test_a_newer_package_supersedes_and_the_older_is_kept(packages, office, tmp_path):
    assert cli("portfolio", "add", packages["leslie"], "--data-dir", office)[0] == 0
    newer = Path(shutil.copytree(packages["leslie"], tmp_path / "newer"))
    body = json.loads((newer / "datapackage.json").read_text(encoding="utf-8"))
    body["created"] = "2099-01-01T00:00:00Z"
    (newer / "datapackage.json").write_text(json.dumps(body), encoding="utf-8")
    code, out, err = cli("portfolio", "add", newer, "--data-dir", office)
    assert code == 0, err
    assert "replaces the one held" in out
    assert [p["published"] for p in listed(office)["projects"]] == ["2099-01-01T00:00:00Z"]
    assert len(state(office)["packages"]) == 2
    code, _out, err = cli("portfolio", "add", packages["leslie"], "--data-dir", office)
    assert code == 1 and "was replaced or removed before" in err
    code, out, err = cli("portfolio", "remove", "101129032", "--data-dir", office)
    assert code == 0, err
    assert listed(office) == {"projects": []}
    assert len(state(office)["packages"]) == 2  # history kept
    last = audit.entries(DataDir(office), Viewer.coordinator(), limit=1)[0]
    assert (last.action, last.target, last.detail) == ("portfolio_remove", "101129032",
                                                       {"packages": 2})  # fmt: skip


def zipped(package: Path, target: Path, extra=None) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        if extra:
            extra(z)
        taken = {Path(n).name for n in z.namelist()}
        for f in sorted(package.iterdir()):
            if f.name not in taken:
                z.write(f, f"pkg/{f.name}")
    return target


def test_a_zipped_package_is_added(packages, office, tmp_path):
    archive = zipped(packages["steppe"], tmp_path / "steppe.zip")
    code, _out, err = cli("portfolio", "add", archive, "--data-dir", office)
    assert code == 0, err
    assert [p["acronym"] for p in listed(office)["projects"]] == ["STEPPE"]


def _link(z: zipfile.ZipFile) -> None:
    info = zipfile.ZipInfo("pkg/notes.csv")
    info.external_attr = 0o120777 << 16
    z.writestr(info, "/etc/passwd")


def _escape(z: zipfile.ZipFile) -> None:
    z.writestr("../../outside.csv", "x")


def _bomb(z: zipfile.ZipFile) -> None:
    z.writestr("pkg/figures.csv", b"0" * (21 * 1024 * 1024))  # 21 MB, about 20 kB packed


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (_link, "error: refused: «pkg/notes.csv» is a link; a package holds files only"),
        (_escape, "error: refused: «../../outside.csv» points outside the package"),
        (_bomb, "error: refused: «pkg/figures.csv» unpacks beyond the limit of 20 MB"),
    ],
    ids=["link", "escape", "oversize"],
)
def test_unsafe_zip_members_are_refused(packages, office, tmp_path, extra, message):
    archive = zipped(packages["steppe"], tmp_path / "bad.zip", extra)
    assert os.path.getsize(archive) < 2 * 1024 * 1024
    code, out, err = cli("portfolio", "add", archive, "--data-dir", office)
    assert (code, out, err.strip()) == (1, "", message)
    assert listed(office) == {"projects": []}
    assert not (office / "outside.csv").exists() and not (tmp_path / "outside.csv").exists()


def test_frictionless_agrees_with_the_refusals(packages, tmp_path):
    from frictionless import validate

    assert validate(str(packages["leslie"] / "datapackage.json")).valid
    edited = Path(shutil.copytree(packages["leslie"], tmp_path / "edited"))
    figures = edited / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",published,", ",published,0"),
                       encoding="utf-8")  # fmt: skip
    assert not validate(str(edited / "datapackage.json")).valid


# ----------------------------------------------------------------------------- the page


@pytest.fixture(scope="module")
def office_install(demo_dir, packages, tmp_path_factory):
    """An office's installation (the sample's, copied) holding both projects' packages, and
    the Kazakh office's session token."""
    import secrets

    from pipelines.access.accounts import Accounts
    from pipelines.config import load_project

    root = Path(shutil.copytree(demo_dir.root, tmp_path_factory.mktemp("office") / "data"))
    for name in ("leslie", "steppe"):
        assert cli("portfolio", "add", packages[name], "--data-dir", root)[0] == 0
    data_dir = DataDir(root)
    accounts = Accounts(data_dir, load_project(data_dir.project_file))
    password = secrets.token_urlsafe(18)
    accounts.add("kz-office", "national_office", password, None, "KZ", by="test")
    return data_dir, accounts.authenticate("kz-office", password).token


def open_page(monkeypatch, data_dir: DataDir, token: str):
    from streamlit.testing.v1 import AppTest

    from dashboard.wiring.session import TOKEN

    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    at = AppTest.from_file(str(REPO_ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.session_state[TOKEN] = token
    at.switch_page("pages/portfolio.py")
    return at.run()


def test_the_kazakh_office_sees_both_projects_and_keeps_a_note(
    monkeypatch, office_install, packages
):
    data_dir, token = office_install
    at = open_page(monkeypatch, data_dir, token)
    assert not at.exception, [e.message for e in at.exception]
    assert [t.value for t in at.title] == ["Portfolio"]
    projects = at.dataframe[0].value
    assert list(projects["Project"]) == ["LESLIE (101129032)", "STEPPE (101200001)"]
    assert list(projects["Synthetic sample"]) == ["No", "Yes"]
    kz_partners = projects["Partner institutions"][0].split("; ")
    assert "Al-Farabi Kazakh National University" in kz_partners
    assert all("Uzbek" not in p and "València" not in p for p in kz_partners)
    subheaders = [s.value for s in at.subheader]
    assert "LESLIE: indicators against targets" in subheaders
    assert "STEPPE: indicators against targets" in subheaders
    texts = [t.value for t in at.text]
    assert "ENR-4 is a percentage: percentages are not added up across projects." in texts
    assert any(t.startswith("Chart: DIS-1 across projects, per country") for t in texts)
    leslie = next(
        d.value for d in at.dataframe if "Indicator" in d.value.columns and "Target" in d.value
    )
    row = leslie[leslie["Indicator"].str.startswith("ENR-1 ·")].iloc[0]
    assert row["Value"] == f"{int(totals(packages['leslie'])['ENR-1']):,} learners"
    assert row["Target"] == "1,200 learners"

    at.selectbox(key="portfolio_project").set_value("101200001").run()
    at.selectbox(key="portfolio_criterion").set_value("sustainability")
    at.selectbox(key="portfolio_score").set_value(3)
    at.text_area(key="portfolio_comment").input("Two partners fund the course after the project")
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [s.value for s in at.success] == ["Note saved."]

    again = open_page(monkeypatch, data_dir, token)  # a new session: read back from the store
    again.selectbox(key="portfolio_project").set_value("101200001").run()
    notes = again.dataframe[-1].value
    assert notes.to_dict("records") == [
        {
            "Visit": notes["Visit"][0],
            "Criterion": "Sustainability",
            "Score": "3 · good",
            "Comment": "Two partners fund the course after the project",
            "Written by": "kz-office",
        }
    ]
    last = audit.entries(data_dir, Viewer.coordinator(), limit=1)[0]
    assert (last.who, last.action, last.target) == ("kz-office", "monitoring_note", "101200001")
    assert last.detail["criterion"] == "sustainability" and last.detail["score"] == 3
