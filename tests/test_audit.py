"""The audit log: append-only, coordinator-only, nothing secret in it, formula-safe export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
import threading

import pytest

from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.errors import AccessDenied, UsageError
from pipelines.paths import DataDir

COORDINATOR = Viewer.coordinator("upv-coord")


@pytest.fixture()
def data_dir(tmp_path) -> DataDir:
    return DataDir(tmp_path / "data")


def test_entries_come_back_newest_first_with_their_details(data_dir):
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    first = audit.record(data_dir, "kaznu-data", "upload_accepted", "submission 3", rows=12)
    second = audit.record(data_dir, "upv-coord", "approve", "submission 3", comment="fine")
    after = dt.datetime.now(dt.UTC)
    assert second == first + 1
    found = audit.entries(data_dir, COORDINATOR)
    assert [(e.entry_id, e.who, e.action, e.target, e.detail) for e in found] == [
        (second, "upv-coord", "approve", "submission 3", {"comment": "fine"}),
        (first, "kaznu-data", "upload_accepted", "submission 3", {"rows": 12}),
    ]
    at = dt.datetime.fromisoformat(found[0].at)
    assert at.utcoffset() == dt.timedelta(0)
    assert before <= at <= after


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit SET who = 'someone-else'", "DELETE FROM audit", "DELETE FROM audit WHERE 1"],
)
def test_the_log_refuses_updates_and_deletes(data_dir, statement):
    audit.record(data_dir, "upv-coord", "export", "indicators")
    con = sqlite3.connect(audit.audit_path(data_dir))
    with pytest.raises(sqlite3.IntegrityError, match="the audit log is append-only"):
        con.execute(statement)
    con.close()
    assert [e.who for e in audit.entries(data_dir, COORDINATOR)] == ["upv-coord"]


def test_unknown_actions_are_refused(data_dir):
    audit.record(data_dir, "upv-coord", "login")
    with pytest.raises(UsageError) as err:
        audit.record(data_dir, "upv-coord", "delete_everything")
    assert str(err.value).startswith("Unknown audit action 'delete_everything'; use one of: login,")
    con = sqlite3.connect(audit.audit_path(data_dir))
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        con.execute(
            "INSERT INTO audit (at, who, action, detail) VALUES ('2026', 'x', 'rename', '{}')"
        )
    con.close()


@pytest.mark.parametrize("key", ["password", "token", "email", "Password"])
def test_secrets_and_addresses_cannot_enter_the_details(data_dir, key):
    with pytest.raises(UsageError) as err:
        audit.record(data_dir, "upv-coord", "login", **{key: "x"})
    assert str(err.value) == f"Audit details may not hold {key}"


def test_details_must_be_json(data_dir):
    with pytest.raises(UsageError, match=r"^Audit detail is not JSON-serialisable"):
        audit.record(data_dir, "upv-coord", "export", when=dt.date(2026, 1, 1))


@pytest.mark.parametrize(
    "viewer",
    [
        Viewer("partner", "kaznu-data", "KAZNU"),
        Viewer("national_office", "kz-office", None, "KZ"),
        Viewer("public"),
        Viewer("", "nobody"),
        Viewer("Coordinator", "case-trick"),
    ],
)
def test_only_the_coordinator_reads_the_log(data_dir, viewer):
    audit.record(data_dir, "upv-coord", "login")
    for call in (audit.entries, audit.export_csv):
        with pytest.raises(AccessDenied) as err:
            call(data_dir, viewer)
        assert str(err.value) == "Only the coordinator can read the audit log"
    assert [e.action for e in audit.entries(data_dir, COORDINATOR)] == ["login"]


def test_since_limit_and_action_filters(data_dir):
    for n in range(5):
        audit.record(data_dir, f"user-{n}", "login" if n % 2 == 0 else "logout")
    assert [e.who for e in audit.entries(data_dir, COORDINATOR, limit=2)] == ["user-4", "user-3"]
    assert [e.who for e in audit.entries(data_dir, COORDINATOR, action="logout")] == [
        "user-3",
        "user-1",
    ]
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert audit.entries(data_dir, COORDINATOR, since=tomorrow) == []
    assert audit.entries(data_dir, COORDINATOR, since=tomorrow.date().isoformat()) == []
    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).date()
    assert len(audit.entries(data_dir, COORDINATOR, since=yesterday)) == 5
    with pytest.raises(UsageError) as err:
        audit.entries(data_dir, COORDINATOR, since="last week")
    assert str(err.value) == (
        "'since' must be a date or time like 2026-01-31 or 2026-01-31T08:00, found 'last week'"
    )
    with pytest.raises(UsageError, match=r"^The limit must be at least 1$"):
        audit.entries(data_dir, COORDINATOR, limit=0)


def test_concurrent_writers_lose_no_entry(data_dir):
    audit.record(data_dir, "setup", "login")  # create the file before the race

    def write(n: int) -> None:
        for i in range(20):
            audit.record(data_dir, f"writer-{n}", "export", f"file {i}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    found = audit.entries(data_dir, COORDINATOR, limit=500)
    assert len(found) == 121
    assert len({e.entry_id for e in found}) == 121


def test_export_is_formula_safe_and_itself_logged(data_dir):
    audit.record(data_dir, "kaznu-data", "upload_rejected", '=HYPERLINK("http://x")', n=1)
    audit.record(data_dir, "upv-coord", "return", "submission 7", comment="-fix row 3")
    data = audit.export_csv(data_dir, COORDINATOR)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["entry_id", "at", "who", "action", "target", "detail"]
    assert [r[2:] for r in rows[1:]] == [
        ["kaznu-data", "upload_rejected", '\'=HYPERLINK("http://x")', '{"n": 1}'],
        ["upv-coord", "return", "submission 7", '{"comment": "-fix row 3"}'],
    ]
    last = audit.entries(data_dir, COORDINATOR, limit=1)[0]
    assert (last.who, last.action, last.target, last.detail) == (
        "upv-coord",
        "export",
        "audit log",
        {"rows": 2},
    )
