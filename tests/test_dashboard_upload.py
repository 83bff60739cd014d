"""The upload, review and audit pages in AppTest, signed in through the real hook, on a copy
of the tiny installation: every problem of a rejected file as a table (and its CSV), the
accepted file pending with its id, the partner's submissions and their states, the
coordinator's diff and decision, the audit log with its filters and export, and two partners
uploading at once through the page's own function."""

from __future__ import annotations

import datetime as dt
import io
import re
import secrets
import shutil
import threading
import tomllib
from collections.abc import Callable

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.widgets import ui, uploads
from dashboard.widgets.audit_view import entries_table, export_bytes, export_name
from dashboard.wiring.session import TOKEN
from pipelines.access.accounts import Accounts
from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.errors import AccessDenied
from pipelines.metrics.indicators import Filters, compute
from pipelines.paths import REPO_ROOT, DataDir
from pipelines.store.ledger import Ledger
from pipelines.submissions import review
from pipelines.warehouse.build import read_warehouse
from pipelines.words.catalogue import text
from pipelines.words.cells import safe_csv_bytes
from tests.conftest import TODAY
from tests.test_dashboard_pseudo import escaped, form_texts, visible

APP = REPO_ROOT / "dashboard" / "app.py"
COORD = Viewer("coordinator", "upv-coord")
KAZNU = Viewer("partner", "kaznu-data", "KAZNU")
FPI = Viewer("partner", "fpi-data", "FPI")
ACCOUNTS = {v.username: v for v in (COORD, KAZNU, FPI)}
KAZNU_NAME = "KazNU (KAZNU)"  # the partner as every page names it
FPI_NAME = "FPI"  # short name and code are the same

HEADER = (
    "activity_id,partner_code,date,activity_type,title,country,audience,participants,reach,"
    "sdg_goals,url\n"
)
WITH_ERRORS = (
    HEADER
    + "A1,KAZNU,2024-05-20,=cmd|' /C calc'!A0,Seminar,KZ,academics,40,130,15,\n"
    + "A2,KAZNU,2024-02-30,workshop,Seminar,KZ,academics,40,130,15,\n"
    + "A3,FPI,2025-03-10,conference,Not ours,UZ,students,85,300,4,\n"
).encode()
KAZNU_V2 = (
    HEADER
    + "A1,KAZNU,2024-05-20,workshop,Seminar,KZ,academics;policy_makers,40,130,15;4,\n"
    + "A6,KAZNU,2026-06-01,event,Open day,KZ,students,30,60,4,\n"
).encode()
FPI_V2 = (
    HEADER
    + "A3,FPI,2025-03-10,conference,Conference,UZ,students;academics,90,300,4,\n"
    + "A7,FPI,2026-04-04,training,Field training,UZ,students,12,12,15,\n"
).encode()


# ------------------------------------------------------------------------------- fixtures


@pytest.fixture()
def install(tiny_dir, tmp_path, project) -> tuple[DataDir, dict[str, str]]:
    """A copy of the tiny installation with three accounts; their session tokens."""
    data_dir = DataDir(tmp_path / "data")
    shutil.copytree(tiny_dir.root, data_dir.root)
    accounts = Accounts(data_dir, project)
    tokens = {}
    for name, v in ACCOUNTS.items():
        password = secrets.token_urlsafe(18)
        accounts.add(name, v.role, password, v.partner, v.country, by="test")
        tokens[name] = accounts.authenticate(name, password).token
    return data_dir, tokens


@pytest.fixture()
def built_csvs(monkeypatch) -> list[bytes]:
    made: list[bytes] = []

    def recording(df: pd.DataFrame | Callable[[], pd.DataFrame], then: object = None) -> bytes:
        made.append(safe_csv_bytes(df() if callable(df) else df))
        return made[-1]

    monkeypatch.setattr(ui, "csv_later", recording)  # built while the page runs
    return made


def open_as(monkeypatch, install, who: str, page: str, **params: str) -> AppTest:
    data_dir, tokens = install
    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state[TOKEN] = tokens[who]
    at.switch_page(f"pages/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="up_file").set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def last_id(data_dir: DataDir) -> int:
    return Ledger(data_dir.ledger).submissions()[-1].submission_id


def value(data_dir, project, code: str, **filters) -> float | None:
    with read_warehouse(data_dir.warehouse) as con:
        values = compute(con, project, COORD, Filters(**filters), as_of=TODAY)
    return {v.code: v.actual for v in values}[code]


# -------------------------------------------------------------------------------- upload


def test_a_rejected_file_lists_every_problem_as_a_table_and_csv(monkeypatch, install, built_csvs):
    data_dir, _ = install
    before = Ledger(data_dir.ledger).position()
    at = upload(open_as(monkeypatch, install, "kaznu-data", "upload"), "kaznu.csv", WITH_ERRORS)
    assert [e.value for e in at.error] == [
        "kaznu.csv was not accepted: 3 problems (listed below). The file was not stored. "
        "Fix every problem and upload the file again."
    ]
    table = at.dataframe[0].value
    row, column, cell, fix = (
        text(f"pages_a.col.{c}") for c in ("row", "column", "value", "how_to_fix")
    )
    assert (row, column, cell, fix) == ("Row", "Column", "Value", "How to fix")
    assert list(table.columns) == [row, column, cell, fix]
    assert table[[row, column, cell]].values.tolist() == [
        [2, "activity_type", "=cmd|' /C calc'!A0"],
        [3, "date", "2024-02-30"],
        [4, "partner_code", "FPI"],
    ]
    assert all(len(m) > 20 for m in table[fix])
    assert table[fix][2].startswith("You can submit rows of KAZNU only")
    problems_csv = [data for data in built_csvs if b"How to fix" in data][-1]
    downloaded = pd.read_csv(io.BytesIO(problems_csv), encoding="utf-8-sig")
    assert downloaded[cell][0] == "'=cmd|' /C calc'!A0"  # a formula stays text
    assert list(downloaded[fix]) == list(table[fix])
    assert Ledger(data_dir.ledger).position() == before


def test_an_accepted_file_is_pending_with_its_id_and_listed(monkeypatch, install, project):
    data_dir, _ = install
    at = upload(open_as(monkeypatch, install, "kaznu-data", "upload"), "kaznu.csv", KAZNU_V2)
    sid = last_id(data_dir)
    assert [s.value for s in at.success] == [
        f"kaznu.csv accepted: 2 rows of Dissemination for {KAZNU_NAME}; submission {sid} is pending "
        "review by the coordinator. Until it is approved it counts only in your figures with "
        "pending submissions included."
    ]
    history = at.dataframe[-1].value
    assert set(history["Partner"]) == {KAZNU_NAME}
    mine = history[history["Submission"] == sid]
    assert list(mine["State"]) == ["… Pending review"]
    assert list(mine["Template"]) == ["Dissemination"]
    assert value(data_dir, project, "DIS-1", partner="KAZNU") == 2  # unchanged: tiny has 2
    # the same bytes again change nothing
    upload(at, "kaznu-again.csv", KAZNU_V2)
    assert [i.value for i in at.info][-1] == (
        "kaznu-again.csv holds exactly the content of an earlier submission: nothing changed."
    )
    assert last_id(data_dir) == sid


def test_templates_are_offered_with_the_partners_code(monkeypatch, install):
    at = open_as(monkeypatch, install, "kaznu-data", "upload")
    labels = [b.label for b in at.get("download_button")][:6]
    assert labels == ["CSV template", "XLSX template"] * 3
    assert at.file_uploader(key="up_file").proto.max_upload_size_mb == 20


def test_upload_limit_matches_the_server_setting(project):
    with (REPO_ROOT / ".streamlit" / "config.toml").open("rb") as fh:
        server = tomllib.load(fh)["server"]
    assert server["maxUploadSize"] == project.access.max_upload_mb


def test_coordinator_uploads_for_a_partner_and_approves_at_once(monkeypatch, install, project):
    data_dir, _ = install
    at = open_as(monkeypatch, install, "upv-coord", "upload")
    at.selectbox(key="up_partner").select("FPI").run()
    at.checkbox(key="up_approve").check().run()
    upload(at, "fpi.csv", FPI_V2)
    sid = last_id(data_dir)
    assert [s.value for s in at.success] == [
        f"fpi.csv accepted: 2 rows of Dissemination for {FPI_NAME}; submission {sid} is approved and "
        "counts in the figures."
    ]
    assert value(data_dir, project, "DIS-1", partner="FPI") == 2
    assert value(data_dir, project, "DIS-2", partner="FPI") == 102  # 90 + 12 participants
    assert [s.value for s in at.subheader][
        -1
    ] == f"3. Submissions of {project.partner('FPI').short_name}"


def test_a_partner_sees_a_returned_submission_with_the_comment(monkeypatch, install, project):
    data_dir, _ = install
    sid = uploads.submit_file(data_dir, project, KAZNU, "k.csv", KAZNU_V2)[0].submission_id
    review.decide(data_dir, project, COORD, sid, "returned", "Add the evidence links")
    at = open_as(monkeypatch, install, "kaznu-data", "upload")
    history = at.dataframe[-1].value
    row = history[history["Submission"] == sid].iloc[0]
    assert (row["State"], row["Comment"]) == ("↩ Returned", "Add the evidence links")


def test_downloading_a_csv_is_logged(monkeypatch, install):
    """A CSV is built when its button is clicked (Streamlit calls the button's function
    outside the run, which the test does here), and building it writes the entry."""
    data_dir, _ = install
    offered: dict[str, Callable[[], bytes]] = {}  # first column -> the button's function
    later = ui.csv_later

    def keeping(table: pd.DataFrame, then: Callable[[], None] | None = None):
        offered[str(table.columns[0])] = later(table, then)
        return offered[str(table.columns[0])]

    monkeypatch.setattr(ui, "csv_later", keeping)
    upload(open_as(monkeypatch, install, "kaznu-data", "upload"), "kaznu.csv", WITH_ERRORS)
    assert not audit.entries(data_dir, COORD, action="export")  # nothing clicked yet
    assert b"How to fix" in offered[text("pages_a.col.row")]()  # the problems file
    (entry,) = audit.entries(data_dir, COORD, action="export")
    assert (entry.who, entry.target) == ("kaznu-data", "leslie-problems-kaznu-csv.csv")
    assert entry.detail == {"role": "partner", "scope": "KAZNU", "rows": 3}


def test_report_downloads_are_logged(monkeypatch, install):
    data_dir, _ = install
    at = open_as(monkeypatch, install, "kaznu-data", "reports", period="P2")
    excel = at.get("download_button")[0]
    assert excel.label == "Excel (.xlsx)"
    excel.click().run()
    (entry,) = audit.entries(data_dir, COORD, action="report_download")
    assert entry.who == "kaznu-data"
    assert entry.target.startswith("LESLIE_P2_") and entry.target.endswith(".xlsx")
    assert entry.detail == {"role": "partner", "scope": "KAZNU"}


# -------------------------------------------------------------------------------- review


def test_review_shows_the_diff_and_a_return_needs_a_comment(monkeypatch, install, project):
    data_dir, _ = install
    sid = uploads.submit_file(data_dir, project, KAZNU, "k.csv", KAZNU_V2)[0].submission_id
    diff = review.diff_against_current(data_dir, sid)
    at = open_as(monkeypatch, install, "upv-coord", "review")
    assert [s.value for s in at.subheader] == [f"Submission {sid} · Dissemination · {KAZNU_NAME}"]
    assert {m.label: m.value for m in at.metric} == {
        f"Rows {k}": str(n) for k, n in diff.counts().items()
    }
    assert [t.label for t in at.tabs] == [
        f"{k.capitalize()} ({diff.counts()[k]})" for k in ("added", "removed", "changed")
    ]
    added, removed, changed = (d.value for d in at.dataframe)
    activity = text("intake.column.dissemination.activity_id")
    assert list(added[activity]) == [r["activity_id"] for r in diff.added]
    assert list(removed[activity]) == [r["activity_id"] for r in diff.removed]
    assert len(changed) == sum(len(c.columns) for c in diff.changed)
    key = [text(f"intake.column.dissemination.{k}") for k in diff.key]
    assert list(changed.columns) == [*key, "Column", "Current", "Submitted"]

    at.button(key=f"rv-return-{sid}").click().run()
    assert [e.value for e in at.error] == [
        "Say what to fix when returning a submission: the comment is shown to the partner."
    ]
    at.text_area(key=f"rv-comment-{sid}").input("Activity A2 is missing")
    at.button(key=f"rv-return-{sid}").click().run()
    assert [s.value for s in at.success] == [
        f"Submission {sid} (Dissemination, {KAZNU_NAME}) returned to the partner with your "
        "comment. "
        "The figures were rebuilt without it.",
        "Nothing is waiting for review.",
    ]
    sub = Ledger(data_dir.ledger).submissions()[-1]
    assert (sub.state, sub.comment) == ("returned", "Activity A2 is missing")


def test_approval_rebuilds_and_changes_the_figures(monkeypatch, install, project):
    data_dir, _ = install
    before = value(data_dir, project, "DIS-3", partner="KAZNU")
    sid = uploads.submit_file(data_dir, project, KAZNU, "k.csv", KAZNU_V2)[0].submission_id
    at = open_as(monkeypatch, install, "upv-coord", "review")
    at.button(key=f"rv-approve-{sid}").click().run()
    assert at.success[0].value.startswith(
        f"Submission {sid} (Dissemination, {KAZNU_NAME}) approved."
    )
    assert value(data_dir, project, "DIS-3", partner="KAZNU") == 190  # 130 + 60
    assert before != 190
    (entry,) = audit.entries(data_dir, COORD, action="approve")
    assert (entry.who, entry.target) == ("upv-coord", f"submission {sid}")


# --------------------------------------------------------------------------------- audit


def test_audit_page_filters(monkeypatch, install, project):
    data_dir, _ = install
    uploads.submit_file(data_dir, project, KAZNU, "bad.csv", WITH_ERRORS)
    at = open_as(monkeypatch, install, "upv-coord", "audit")
    everything = at.dataframe[0].value
    assert list(everything.columns) == ["No.", "When (UTC)", "Who", "Action", "Concerns", "Detail"]
    assert list(everything["Action"][:2]) == ["Upload rejected", "Sign-in"]
    assert at.selectbox(key="audit_action").options[:2] == ["All actions", "Sign-in"]
    at.selectbox(key="audit_action").select("login").run()
    assert set(at.dataframe[0].value["Action"]) == {"Sign-in"}
    assert len(at.dataframe[0].value) == 3
    at.text_input(key="audit_who").input("KAZNU").run()
    assert list(at.dataframe[0].value["Who"]) == ["kaznu-data"]
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    at.date_input(key="audit_since").set_value(tomorrow).run()
    assert at.dataframe[0].value.empty
    assert at.caption[-1].value == "0 entries, newest first."


def test_audit_table_and_export(install):
    data_dir, _ = install
    found = audit.entries(data_dir, COORD)
    table = entries_table(found, who="FPI")  # any case
    assert table[["who", "action"]].values.tolist() == [["fpi-data", "login"]]
    assert len(entries_table(found)) == 6
    data = export_bytes(data_dir, COORD, None)
    exported = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(exported) == len(found)
    (entry,) = audit.entries(data_dir, COORD, action="export")
    assert (entry.who, entry.target, entry.detail) == ("upv-coord", "audit log", {"rows": 6})
    assert export_name(dt.date(2026, 1, 31)) == "leslie-audit-log-since-2026-01-31.csv"
    with pytest.raises(AccessDenied):
        export_bytes(data_dir, KAZNU, None)


# ---------------------------------------------------------------------------- two at once


def test_two_partners_upload_at_the_same_time(install, project):
    data_dir, _ = install
    results: dict[str, list[uploads.UploadSummary]] = {}
    start = threading.Barrier(2)

    def send(viewer: Viewer, data: bytes) -> None:
        start.wait()
        results[viewer.partner] = uploads.submit_file(
            data_dir, project, viewer, f"{viewer.partner}.csv", data
        )

    threads = [
        threading.Thread(target=send, args=(KAZNU, KAZNU_V2)),
        threading.Thread(target=send, args=(FPI, FPI_V2)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {p: [s.status for s in r] for p, r in results.items()} == {
        "KAZNU": ["accepted"],
        "FPI": ["accepted"],
    }
    waiting = review.pending(data_dir, COORD)
    assert sorted(s.partners for s in waiting) == [("FPI",), ("KAZNU",)]
    assert {results[p][0].submission_id for p in ("KAZNU", "FPI")} == {
        s.submission_id for s in waiting
    }


# ------------------------------------------------------------------------ in other words


def open_in(monkeypatch, install, who: str, page: str, lang: str) -> AppTest:
    data_dir, tokens = install
    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state[TOKEN] = tokens[who]
    at.switch_page(f"pages/{page}.py")
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_rejected_file_is_explained_in_russian(monkeypatch, install):
    at = upload(open_in(monkeypatch, install, "kaznu-data", "upload", "ru"), "k_1.csv", WITH_ERRORS)
    assert [e.value for e in at.error] == [
        "k\\_1.csv не принят: 3 ошибки (список ниже). Файл не сохранён. "
        "Исправьте все ошибки и загрузите файл снова."
    ]
    table = at.dataframe[0].value
    assert list(table.columns) == ["Строка", "Столбец", "Значение", "Как исправить"]
    assert table["Столбец"].tolist() == ["activity_type", "date", "partner_code"]
    fixes = table["Как исправить"].tolist()
    assert all(re.search("[а-яё]", fix) for fix in fixes), fixes
    assert not any(re.search(r"\b(the|must|only)\b", fix) for fix in fixes), fixes


def test_review_with_a_pending_diff_speaks_the_catalogue(monkeypatch, install, project):
    data_dir, _ = install
    sid = uploads.submit_file(data_dir, project, KAZNU, "k.csv", KAZNU_V2)[0].submission_id
    at = open_in(monkeypatch, install, "upv-coord", "review", "qps")
    assert len(at.dataframe) == 3 and len(at.tabs) == 3
    at.button(key=f"rv-return-{sid}").click().run()  # no comment: the refusal is in words too
    texts = visible(at) + form_texts(at)
    assert any("⟦Say what to fix" in t for t in texts)
    assert {t: escaped(t) for t in texts if escaped(t)} == {}
