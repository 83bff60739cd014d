"""Hardening of the store and the audit trail: each test fails on the release before it.

File names shown literally; CSV cells that Excel with a ';' list separator could split into a
formula; one answer for every failed sign-in; every command-line change and export audited
with an actor; ``--by`` only a known account.
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import io
import json
import shutil

import markdown_it
import pandas as pd
import pytest

from dashboard.widgets import uploads
from pipelines.access.accounts import WRONG, Accounts
from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.errors import AccessDenied
from pipelines.paths import DataDir
from pipelines.store.ledger import Ledger
from pipelines.words.cells import safe_csv_bytes
from pipelines.words.literal import markdown_literal
from tests.ops_helpers import cli
from tests.test_dashboard_upload import KAZNU, KAZNU_V2, install, open_as, upload  # noqa: F401

EVIL_NAME = "[phish](https:evil.example) ![p](https:127.0.0.1:8999) end.csv"
COORD = Viewer.coordinator("test")


def _html(markdown: str) -> str:
    return markdown_it.MarkdownIt("commonmark").render(markdown)


# ------------------------------------------------------------------ file names as text


@pytest.mark.parametrize(
    "name",
    [EVIL_NAME, "www.evil.example.csv", "<img src=x onerror=alert(1)>.csv", ":red[x] $x$.csv"],
)
def test_a_literal_name_renders_as_its_own_characters(name):
    html = _html(markdown_literal(name))
    assert "<a" not in html and "<img" not in html and "<code" not in html
    assert html == f"<p>{name.replace('<', '&lt;').replace('>', '&gt;')}</p>\n"


def test_the_upload_result_shows_the_file_name_as_text(monkeypatch, install):  # noqa: F811
    at = upload(open_as(monkeypatch, install, "kaznu-data", "upload"), EVIL_NAME, KAZNU_V2)
    [message] = [s.value for s in at.success]
    html = _html(message)
    assert "<a" not in html and "<img" not in html
    assert html.startswith(f"<p>{EVIL_NAME} accepted: 2 rows of Dissemination for KazNU (KAZNU)")


def test_the_review_page_shows_the_file_name_as_text(monkeypatch, install, project):  # noqa: F811
    data_dir, _tokens = install
    uploads.submit_file(data_dir, project, KAZNU, EVIL_NAME, KAZNU_V2)
    at = open_as(monkeypatch, install, "upv-coord", "review")
    # drawn with st.text: never markdown, never HTML; the name exactly as typed
    [line] = [t.value for t in at.text if EVIL_NAME in t.value]
    assert line.startswith(f"{EVIL_NAME} · 2 rows")
    assert not [m.value for m in at.markdown if "phish" in m.value]


# ------------------------------------------------------------------------------- CSV


def test_csv_cells_cannot_become_formulas_in_a_semicolon_locale():
    table = pd.DataFrame(
        {
            "title": ["x;=1+1", "a, -2+3", "Almaty, Kazakhstan", "=SUM(A1)", "plain"],
            "n": [1, 2, 3, 4, 5],
        }
    )
    data = safe_csv_bytes(table).decode("utf-8-sig")
    assert data.splitlines() == [
        '"title","n"',
        '"\'x;=1+1",1',
        '"\'a, -2+3",2',
        '"Almaty, Kazakhstan",3',
        '"\'=SUM(A1)",4',
        '"plain",5',
    ]
    for delimiter in (",", ";"):  # Excel in en (',') and in es/it (';')
        for row in csv.reader(io.StringIO(data), delimiter=delimiter):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row


# ---------------------------------------------------------------------------- sign-in


def test_a_locked_account_gets_the_answer_of_an_unknown_name(tmp_path, project):
    accounts = Accounts(DataDir(tmp_path / "data"), project)
    accounts.add("kaznu-data", "partner", "the right passphrase", partner="KAZNU")
    accounts.add("fpi-data", "partner", "the right passphrase", partner="FPI")
    accounts.set_disabled("fpi-data", True)
    for _ in range(project.access.lockout_attempts):
        with pytest.raises(AccessDenied):
            accounts.authenticate("kaznu-data", "a wrong passphrase")
    answers = []
    for name, password in (
        ("kaznu-data", "the right passphrase"),  # locked
        ("fpi-data", "the right passphrase"),  # disabled
        ("nobody-here", "the right passphrase"),  # unknown
        ("kaznu-data", "a wrong passphrase"),  # wrong (and locked)
    ):
        with pytest.raises(AccessDenied) as err:
            accounts.authenticate(name, password)
        answers.append((str(err.value), err.value.key, err.value.render("ru")))
    assert answers == [(WRONG, "ops.signin.failed", "Неверное имя пользователя или пароль")] * 4
    reasons = [
        e.detail.get("reason")
        for e in audit.entries(accounts.data_dir, COORD, action="login_failed", limit=4)
    ]
    assert reasons == ["locked", "unknown account", "disabled", "locked"]  # newest first


# ------------------------------------------------------------------------------ audit


@pytest.fixture()
def data_dir(tiny_dir, tmp_path, project) -> DataDir:
    copy = DataDir(tmp_path / "data")
    shutil.copytree(tiny_dir.root, copy.root)
    Accounts(copy, project).add("upv-coord", "coordinator", "a long passphrase", by="test")
    Accounts(copy, project).add("kaznu-data", "partner", "a long passphrase", partner="KAZNU")
    return copy


def test_cli_ingest_is_audited_under_the_operating_system_user(data_dir, tmp_path):
    new = tmp_path / "kaznu.csv"
    new.write_bytes(KAZNU_V2)
    assert cli("ingest", new, "--quiet", "--data-dir", data_dir.root)[0] == 0
    [entry] = audit.entries(data_dir, COORD, action="ingest")
    assert (entry.who, entry.target) == (f"os:{getpass.getuser()}", "kaznu.csv")
    assert entry.detail["status"] == "accepted"
    assert entry.detail["sha256"] == hashlib.sha256(KAZNU_V2).hexdigest()
    assert entry.detail["submission_id"] == Ledger(data_dir.ledger).submissions()[-1].submission_id


def test_cli_report_writing_and_freezing_are_audited(data_dir, tmp_path):
    out = tmp_path / "p1.xlsx"
    assert cli("report", "--period", "P1", "--out", out, "--data-dir", data_dir.root)[0] == 0
    code, frozen_id, _err = cli("report", "freeze", "--period", "P1", "--data-dir", data_dir.root)
    assert code == 0
    written = audit.entries(data_dir, COORD, action="report_write")[0]
    assert written.who == f"os:{getpass.getuser()}" and written.target == "report P1"
    assert written.detail["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    frozen = audit.entries(data_dir, COORD, action="report_freeze")[0]
    assert (frozen.who, frozen.target, frozen.detail["scope"]) == (
        f"os:{getpass.getuser()}",
        "P1",
        "consortium",
    )
    assert frozen_id.strip()


def _pending(data_dir: DataDir, project, data: bytes = KAZNU_V2) -> int:
    return uploads.submit_file(data_dir, project, KAZNU, "k.csv", data)[0].submission_id


@pytest.mark.parametrize(
    "by", ["coordinator' or 'victim", "nobody-here", "kaznu-data", "a@b.example"]
)
def test_review_by_must_name_a_coordinator_account(data_dir, project, by):
    sid = _pending(data_dir, project)
    before = Ledger(data_dir.ledger).position()
    code, _out, err = cli("review", "approve", sid, "--by", by, "--data-dir", data_dir.root)
    assert code == 2
    assert "--by takes the name of an existing account" in err
    assert Ledger(data_dir.ledger).position() == before


def test_review_by_a_coordinator_or_the_operating_system_user_is_recorded(data_dir, project):
    first = _pending(data_dir, project)
    args = ("--data-dir", data_dir.root)
    assert cli("review", "approve", first, "--by", "upv-coord", *args)[0] == 0
    second = _pending(data_dir, project, KAZNU_V2.replace(b",130,", b",131,"))
    assert cli("review", "return", second, "--comment", "Add the links", *args)[0] == 0
    # the last event of each: the decision, by whom
    events = {e[1]: e[4] for e in Ledger(data_dir.ledger).events() if e[1] in (first, second)}
    assert events == {first: "upv-coord", second: f"os:{getpass.getuser()}"}


def test_a_refused_upload_is_recorded_with_reason_and_checksum(data_dir):
    data = b"x" * 2048
    audit.record_refused_upload(data_dir, "kaznu-data", "big.csv", data, "too large")
    [entry] = audit.entries(data_dir, COORD, action="upload_refused")
    assert (entry.who, entry.target) == ("kaznu-data", "big.csv")
    assert entry.detail == {
        "reason": "too large",
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": 2048,
    }


def test_the_audit_export_quotes_every_text_cell(data_dir):
    audit.record(data_dir, "kaznu-data", "upload_rejected", "x;=1+1", n=1)
    data = audit.export_csv(data_dir, COORD).decode("utf-8-sig")
    assert '"\'x;=1+1"' in data and json.dumps({"n": 1}) in data.replace('""', '"')
