"""Loading the grant agreement's list of deliverables and milestones from CSV or XLSX.

fixtures/workplan/rejects/<defect>.csv: one defect each, its exact problems (row, column,
catalogue key) in <defect>.expected.json. fixtures/workplan/accepts/: good files in three
shapes (UTF-8 CSV with English headers, Windows-1251 CSV with semicolons and Russian headers,
XLSX with date cells and Kazakh headers), loaded end to end.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipelines.access.accounts import Accounts
from pipelines.access.scope import ROLES, Viewer
from pipelines.audit import log as audit
from pipelines.errors import AccessDenied
from pipelines.intake.contract import DEFAULT_LIMITS
from pipelines.paths import DataDir
from pipelines.words.catalogue import LANGUAGES, keys
from pipelines.workplan import history, loaded, service
from pipelines.workplan.listfile import read_list
from tests.ops_helpers import cli

HERE = Path(__file__).parent / "fixtures" / "workplan"
REJECTS = sorted((HERE / "rejects").glob("*.csv"))
GOOD_CSV = HERE / "accepts" / "good.csv"
GOOD_XLSX = HERE / "accepts" / "good.xlsx"
GOOD_1251 = HERE / "accepts" / "good-windows-1251-semicolon.csv"
PASSWORD = "a long coordinator passphrase 2026"
COORD = Viewer.coordinator("coord")


@pytest.fixture()
def root(tmp_path, project) -> Path:
    root = tmp_path / "data"
    accounts = Accounts(DataDir(root), project)
    accounts.add("coord", "coordinator", PASSWORD)
    accounts.add("kaznu-data", "partner", PASSWORD, partner="KAZNU")
    accounts.add("kz-office", "national_office", PASSWORD, country="KZ")
    return root


def listed(root: Path, what: str) -> list[dict]:
    code, out, err = cli(what, "list", "--json", "--data-dir", root)
    assert code == 0, err
    return json.loads(out)[what]


def list_entries(root: Path) -> list:
    return [
        e for e in audit.entries(DataDir(root), Viewer.coordinator()) if e.target == loaded.TARGET
    ]


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("path", REJECTS, ids=lambda p: p.stem)
def test_each_defect_is_refused_with_its_exact_problems(path, project):
    found = read_list(path.read_bytes(), path.name, project, DEFAULT_LIMITS)
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert [
        {"row": p.row, "column": p.column, "value": p.value, "key": p.key, "message": p.message}
        for p in found.problems
    ] == expected
    assert not found.accepted


def test_every_problem_key_is_said_in_every_language():
    used = {
        p["key"]
        for path in REJECTS
        for p in json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    } | {"workplan.load.history_lost"}
    assert len(used) == 17
    for lang in LANGUAGES:
        assert used <= keys(lang), lang


def test_a_rejected_file_exits_1_names_row_and_column_and_stores_nothing(root):
    path = HERE / "rejects" / "code-not-in-its-work-package.csv"
    code, out, err = cli("workplan", "load", path, "--apply", "--by", "coord", "--data-dir", root)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "The list was not loaded; fix these problems and load the file again:",
        "  code-not-in-its-work-package.csv, row 2, column «code»: The deliverable D3.1 belongs "
        "to WP3 by its number, not WP4: correct the code or the work package.",
    ]
    assert loaded.latest(DataDir(root)) is None
    assert list_entries(root) == []


def test_the_refusal_is_said_in_the_readers_language(root):
    path = HERE / "rejects" / "unknown-partner.csv"
    code, out, _ = cli("workplan", "load", path, "--lang", "ru", "--data-dir", root)
    assert code == 1
    assert out.splitlines()[1].startswith(
        "  unknown-partner.csv, строка 2, столбец «lead partner»: Партнёра UNKNOWN нет;"
    )


# --------------------------------------------------------------------------- good files


def test_preview_prints_the_changes_and_stores_nothing(root):
    code, out, err = cli("workplan", "load", GOOD_CSV, "--data-dir", root)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "good.csv: deliverables: 4, milestones: 2.",
        "Added: D4.4",
        "Changed: D1.1 (title), D3.1 (title), M1 (means of verification), "
        "M2 (title, means of verification)",
        "Removed: D1.3, D2.1, D2.2, D2.3, D3.2, D4.1, D4.2, D4.3, D5.1, D5.2, D6.1, D6.2, "
        "D6.3, M3, M4, M5",
        "Nothing was stored: run again with --apply to put this list in force.",
    ]
    assert loaded.latest(DataDir(root)) is None
    assert len(listed(root, "deliverables")) == 16  # project.toml's list stays in force


def test_a_good_csv_applied_is_the_list_every_reader_sees(root):
    code, out, err = cli(
        "workplan", "load", GOOD_CSV, "--apply", "--by", "coord", "--data-dir", root
    )
    sha = hashlib.sha256(GOOD_CSV.read_bytes()).hexdigest()
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == f"The list is in force (file SHA-256 {sha})."
    shown = [
        (d["code"], d["title"], d["wp"], d["lead"], d["type"], d["dissemination"], d["due"])
        for d in listed(root, "deliverables")
    ]
    assert shown == [
        ("D1.1", "Project handbook", "WP1", "UPV", "R", "SEN", "2024-03-31"),
        ("D1.2", "Consortium agreement and governance bodies", "WP1", "UPV", "R", "SEN",
         "2024-04-30"),
        ("D3.1", "Needs analysis of land management skills", "WP3", "KAZNU", "R", "PU",
         "2024-09-30"),
        ("D4.4", "Micro-credential quality label", "WP4", "TIIAME", "OTHER", "PU", "2026-03-31"),
    ]  # fmt: skip
    assert [(m["code"], m["due"], m["verification"]) for m in listed(root, "milestones")] == [
        ("M1", "2024-02-29", "Minutes and attendance list"),
        ("M2", "2024-10-31", "Validated report (D3.1)"),
    ]
    (entry,) = list_entries(root)
    assert (entry.who, entry.action) == ("coord", "workplan_update")
    assert entry.detail["sha256"] == sha and entry.detail["file"] == "good.csv"
    assert entry.detail["added"] == ["D4.4"]


def test_the_preflight_reads_the_loaded_list(root):
    cli("workplan", "load", GOOD_CSV, "--apply", "--by", "coord", "--data-dir", root)
    code, out, _ = cli("report", "--period", "P1", "--preflight", "--json", "--data-dir", root)
    blocking = json.loads(out)["blocking"]
    assert code == 1
    assert sorted({(b["kind"], b["code"]) for b in blocking}) == [
        ("deliverable", "D1.1"),
        ("deliverable", "D1.2"),
        ("deliverable", "D3.1"),
        ("milestone", "M1"),
        ("milestone", "M2"),
    ]


def test_a_good_xlsx_with_kazakh_headers_loads_through_the_service(root, project):
    data_dir = DataDir(root)
    result = loaded.apply(data_dir, project, COORD, GOOD_XLSX.read_bytes(), GOOD_XLSX.name,
                          confirm_removal=True)  # fmt: skip
    assert result.accepted and not result.unchanged
    in_force = loaded.in_force(data_dir, project)
    states = service.deliverables(data_dir, in_force, COORD)
    assert [(s.item.code, s.item.title, s.item.due.isoformat(), s.status) for s in states] == [
        ("D2.1", "Quality assurance plan", "2024-05-31", "pending"),
        # a text that looks like a formula stays text (exports neutralise it like any text)
        ("D6.2", '=HYPERLINK("http://example.org","site")', "2024-04-30", "pending"),
    ]
    assert [m.item.code for m in service.milestones(data_dir, in_force, COORD)] == ["M3"]
    assert in_force.work_plan.risks == project.work_plan.risks


def test_a_windows_1251_csv_with_semicolons_and_russian_headers(project):
    found = read_list(GOOD_1251.read_bytes(), GOOD_1251.name, project, DEFAULT_LIMITS)
    assert found.problems == []
    assert [(d.code, d.title, d.lead, d.due.isoformat()) for d in found.deliverables] == [
        ("D3.2", "Хаб устойчивого землепользования", "KAZNU", "2025-03-31")
    ]
    assert [(m.code, m.verification) for m in found.milestones] == [("M4", "Адрес и статистика")]


def test_nothing_loaded_keeps_project_toml(tmp_path, project):
    assert loaded.in_force(DataDir(tmp_path / "new"), project) is project


def test_the_same_file_twice_changes_nothing(root, project):
    data = GOOD_CSV.read_bytes()
    loaded.apply(DataDir(root), project, COORD, data, "good.csv")
    again = loaded.apply(DataDir(root), project, COORD, data, "good.csv")
    assert again.unchanged and (again.added, again.changed, again.removed) == ([], [], [])
    assert len(list_entries(root)) == 1
    code, out, _ = cli("workplan", "load", GOOD_CSV, "--data-dir", root)
    assert code == 0 and out.splitlines()[1:] == [
        "The file lists the same deliverables and milestones as the list in force.",
        "This file is already the list in force; nothing changed.",
    ]


# --------------------------------------------------------------------------- history


def test_a_code_with_history_cannot_leave_silently_and_its_history_is_kept(root, project):
    data_dir = DataDir(root)
    service.update_deliverable(data_dir, project, COORD, "D1.1",
                               justification="Delayed by the consortium agreement")  # fmt: skip
    refused = loaded.apply(data_dir, project, COORD, GOOD_XLSX.read_bytes(), "good.xlsx")
    assert [(p.row, p.column, p.value, p.key) for p in refused.file.problems] == [
        (None, "code", "D1.1", "workplan.load.history_lost")
    ]
    assert loaded.latest(data_dir) is None and list_entries(root) == []
    code, out, _ = cli("workplan", "load", GOOD_XLSX, "--data-dir", root)
    assert code == 1 and "D1.1 has recorded statuses or evidence" in out

    taken = loaded.apply(data_dir, project, COORD, GOOD_XLSX.read_bytes(), "good.xlsx",
                         confirm_removal=True)  # fmt: skip
    assert taken.accepted and "D1.1" in [c.code for c in taken.removed]
    assert [e.code for e in history.events(data_dir)] == ["D1.1"]  # kept in the store

    loaded.apply(data_dir, project, COORD, GOOD_CSV.read_bytes(), "good.csv",
                 confirm_removal=True)  # fmt: skip
    back = service.deliverables(data_dir, loaded.in_force(data_dir, project), COORD)
    first = next(s for s in back if s.item.code == "D1.1")
    assert first.justification == "Delayed by the consortium agreement"


def test_loaded_lists_are_append_only(root, project):
    import sqlite3

    loaded.apply(DataDir(root), project, COORD, GOOD_CSV.read_bytes(), "good.csv")
    con = sqlite3.connect(DataDir(root).workplan)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute("DELETE FROM workplan_lists")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute("UPDATE workplan_lists SET by = 'x'")
    finally:
        con.close()


# --------------------------------------------------------------------------- who may


@pytest.mark.parametrize(
    ("viewer", "allowed"),
    [
        (Viewer.coordinator("coord"), True),
        (Viewer("national_office", "kz-office", country="KZ"), False),
        (Viewer("partner", "kaznu-data", partner="KAZNU"), False),
        (Viewer("public"), False),
    ],
    ids=lambda v: getattr(v, "role", str(v)),
)
def test_only_the_coordinator_may_load(root, project, viewer, allowed):
    assert {v.role for v in [viewer]} <= set(ROLES)
    assert viewer.can("load_workplan") is allowed
    data = GOOD_CSV.read_bytes()
    if allowed:
        assert loaded.apply(DataDir(root), project, viewer, data, "good.csv").accepted
        assert loaded.latest(DataDir(root)) is not None
    else:
        with pytest.raises(AccessDenied):
            loaded.apply(DataDir(root), project, viewer, data, "good.csv")
        assert loaded.latest(DataDir(root)) is None


@pytest.mark.parametrize("by", ["kaznu-data", "kz-office", "nobody"])
def test_the_command_refuses_an_account_that_is_not_a_coordinator(root, by):
    code, out, err = cli("workplan", "load", GOOD_CSV, "--apply", "--by", by, "--data-dir", root)
    assert (code, out) == (2, "")
    assert err.strip() == (
        f"error: --by must name an enabled coordinator account ('{by}' is not one): only the "
        "coordinator loads the work plan's list; see: python -m pipelines users list"
    )
    assert loaded.latest(DataDir(root)) is None


# --------------------------------------------------------------------------- template


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_committed_template_is_fresh(project, fmt):
    from pipelines.paths import REPO_ROOT
    from pipelines.workplan import template

    made = template.csv_bytes() if fmt == "csv" else template.xlsx_bytes(project)
    committed = (REPO_ROOT / "data" / "templates" / f"workplan.{fmt}").read_bytes()
    assert made == committed, "run 'python -m pipelines templates --out data/templates'"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_template_in_each_language_reads_back(project, tmp_path, lang):
    from pipelines.workplan import template

    csv_path, xlsx_path = template.write(tmp_path, project, lang=lang)
    assert csv_path.read_bytes().decode("utf-8-sig").splitlines()[0].split(",") == (
        template.headers(lang)
    )
    for path in (csv_path, xlsx_path):
        found = read_list(path.read_bytes(), path.name, project, DEFAULT_LIMITS)
        assert found.problems == [], path
        assert [d.code for d in found.deliverables] == ["D3.1"]
        assert [(m.code, m.due.isoformat()) for m in found.milestones] == [("M2", "2024-10-31")]


def test_templates_command_writes_the_work_plan_list_but_not_for_a_partner(tmp_path):
    code, out, _ = cli("templates", "--out", tmp_path / "all", "--data-dir", tmp_path / "d")
    assert code == 0 and {"workplan.csv", "workplan.xlsx"} <= {Path(p).name for p in out.split()}
    code, out, _ = cli(
        "templates", "--partner", "FPI", "--out", tmp_path / "fpi", "--data-dir", tmp_path / "d"
    )
    assert code == 0 and not [p for p in out.split() if "workplan" in p]


def test_loading_a_list_needs_no_rebuild_of_the_figures(root, project):
    from pipelines.metrics import freshness

    before = freshness.fingerprint(project)
    loaded.apply(DataDir(root), project, COORD, GOOD_CSV.read_bytes(), "good.csv")
    after = loaded.in_force(DataDir(root), project)
    assert after.work_plan != project.work_plan
    assert freshness.fingerprint(after) == before


def test_the_calendar_and_reminders_owe_the_loaded_deliverables(root, project):
    import datetime as dt

    from pipelines.cli.common import project_of
    from pipelines.deadlines.calendar import deliverables_owed

    loaded.apply(DataDir(root), project, COORD, GOOD_CSV.read_bytes(), "good.csv")
    in_force = project_of(DataDir(root))  # what every command reads
    owed = deliverables_owed(DataDir(root), in_force, dt.date(2026, 6, 1))
    assert [(e.partner, e.code, e.title, e.status) for e in owed] == [
        ("UPV", "D1.1", "Project handbook", "late"),
        ("UPV", "D1.2", "Consortium agreement and governance bodies", "late"),
        ("KAZNU", "D3.1", "Needs analysis of land management skills", "late"),
        ("TIIAME", "D4.4", "Micro-credential quality label", "late"),
    ]


def test_json_says_the_outcome_for_scripts(root):
    code, out, _ = cli("workplan", "load", GOOD_1251, "--json", "--data-dir", root)
    said = json.loads(out)
    assert code == 0
    assert said == {
        "file": GOOD_1251.name,
        "sha256": hashlib.sha256(GOOD_1251.read_bytes()).hexdigest(),
        "status": "ok",
        "deliverables": 1,
        "milestones": 1,
        "added": [],
        "changed": [
            {"kind": "deliverable", "code": "D3.2", "fields": ["title"]},
            {"kind": "milestone", "code": "M4", "fields": ["title", "verification"]},
        ],
        "removed": said["removed"],
        "errors": [],
    }
    assert len(said["removed"]) == 15 + 4  # every other deliverable and milestone
    code, out, _ = cli("workplan", "load", REJECTS[0], "--json", "--data-dir", root)
    assert code == 1 and json.loads(out)["status"] == "rejected"
    assert json.loads(out)["errors"][0]["key"] == "workplan.load.bad_code"


def test_a_zero_padded_deliverable_number_names_its_work_package(project):
    rows = (
        b"kind,code,title,work package,lead partner,type,dissemination level,due date\n"
        b"deliverable,D03.1,Needs analysis,WP3,KAZNU,R,PU,2024-09-30\n"
    )
    found = read_list(rows, "padded.csv", project, DEFAULT_LIMITS)
    assert found.problems == [] and [d.code for d in found.deliverables] == ["D03.1"]


def test_no_header_word_names_two_columns():
    from pipelines.workplan.listfile import COLUMNS, _fold

    seen: dict[str, str] = {}
    for column in COLUMNS:
        for lang in LANGUAGES:
            from pipelines.words.catalogue import text

            word = _fold(text(f"workplan.column.{column}", lang))
            assert seen.setdefault(word, column) == column, (lang, word)


def test_the_stamp_names_the_list_in_force(root, project):
    assert loaded.stamp(DataDir(root)) == ""
    loaded.apply(DataDir(root), project, COORD, GOOD_CSV.read_bytes(), "good.csv")
    sha = hashlib.sha256(GOOD_CSV.read_bytes()).hexdigest()
    assert loaded.stamp(DataDir(root)) == f"1:{sha}"
