"""``python -m pipelines audit``: the log for an auditor, oldest first, events in words in the
reader's language, filtered by date and actor, as text, JSON or a formula-safe CSV; bad
dates, actors and readers refused with keyed messages (exit 2). Also: every action has
words in every language, and a log created before an action existed accepts it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import stat

import pytest

from pipelines import cli
from pipelines.access import audit
from pipelines.access.accounts import Accounts
from pipelines.access.scope import Viewer
from pipelines.words.catalogue import LANGUAGES, text

PASSWORD = "correct horse battery staple 42"
# (at, who, action, target, detail): fixed times, so that --since and the rows are exact
ROWS = [
    ("2026-01-10T09:00:00+00:00", "upv-coord", "login", None, {"role": "coordinator"}),
    ("2026-02-01T08:30:00+00:00", "kaznu-data", "upload_accepted", '=HYPERLINK("http://e")',
     {"rows": 12}),
    ("2026-02-03T10:00:00+00:00", "os:alice", "publish", "/srv/open",
     {"published": 10, "suppressed": 4}),
    ("2026-02-03T11:00:00+00:00", "(unknown)", "session_refused", None,
     {"reason": "unknown session", "via": "cookie"}),
]  # fmt: skip


@pytest.fixture()
def logged(empty_dir):
    """An installation whose audit log holds ROWS (written with the log's own schema)."""
    con = sqlite3.connect(audit.audit_path(empty_dir))
    con.executescript(audit.SCHEMA)
    con.execute(f"PRAGMA user_version = {audit.DATA_FORMAT}")
    con.executemany(
        "INSERT INTO audit (at, who, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        [(at, who, a, t, json.dumps(d, sort_keys=True)) for at, who, a, t, d in ROWS],
    )
    con.commit()
    con.close()
    return empty_dir


def run(capsys, data_dir, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["audit", "--data-dir", str(data_dir.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_whole_log_in_english_words_oldest_first(logged, capsys):
    code, out, err = run(capsys, logged, "--lang", "en")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "No.  When (UTC)           Who         Action                       Concerns"
        "                Detail",
        "1    2026-01-10 09:00:00  upv-coord   Sign-in                      "
        '                        {"role": "coordinator"}',
        "2    2026-02-01 08:30:00  kaznu-data  Upload accepted              "
        '=HYPERLINK("http://e")  {"rows": 12}',
        "3    2026-02-03 10:00:00  os:alice    Open data package published  /srv/open"
        '               {"published": 10, "suppressed": 4}',
        "4    2026-02-03 11:00:00  (unknown)   Session cookie refused       "
        '                        {"reason": "unknown session", "via": "cookie"}',
        "4 entries, oldest first.",
    ]


def test_since_and_actor_in_russian(logged, capsys):
    code, out, err = run(
        capsys, logged, "--since", "2026-02-01", "--actor", "KAZNU-data", "--lang", "ru"
    )
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "№  Когда (UTC)          Кто         Действие          Объект                  Подробности",
        '2  2026-02-01 08:30:00  kaznu-data  Загрузка принята  =HYPERLINK("http://e")  '
        '{"rows": 12}',
        "1 запись, сначала старые.",
    ]


def test_a_time_of_day_and_an_actor_with_no_entries_since(logged, capsys):
    code, out, _ = run(capsys, logged, "--since", "2026-02-03T10:30", "--lang", "uz")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[1:-1]] == ["4"]
    code, out, _ = run(capsys, logged, "--since", "2026-02-02", "--actor", "upv-coord")
    assert (code, out) == (0, "No audit entries match.\n")


def test_json_keeps_codes_and_english_keys(logged, capsys):
    code, out, _ = run(capsys, logged, "--json", "--lang", "kk", "--since", "2026-02-03")
    assert code == 0
    assert json.loads(out) == {
        "since": "2026-02-03",
        "actor": None,
        "entries": [
            {
                "entry_id": 3,
                "at": "2026-02-03T10:00:00+00:00",
                "who": "os:alice",
                "action": "publish",
                "action_words": "Ашық деректер пакеті жарияланды",
                "target": "/srv/open",
                "detail": {"published": 10, "suppressed": 4},
            },
            {
                "entry_id": 4,
                "at": "2026-02-03T11:00:00+00:00",
                "who": "(unknown)",
                "action": "session_refused",
                "action_words": "Сеанстың cookie файлы қабылданбады",
                "target": None,
                "detail": {"reason": "unknown session", "via": "cookie"},
            },
        ],
    }


def test_csv_is_in_words_formula_safe_private_and_its_export_is_logged(logged, capsys, tmp_path):
    target = tmp_path / "for-the-auditor.csv"
    code, out, _ = run(capsys, logged, "--csv", str(target), "--lang", "ru")
    assert code == 0
    assert out == f"4 записи сохранены в {target} (сама выгрузка тоже записана в журнал).\n"
    data = target.read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [
        ["№", "Когда (UTC)", "Кто", "Действие", "Объект", "Подробности"],
        ["1", "2026-01-10 09:00:00", "upv-coord", "Вход", "", '{"role": "coordinator"}'],
        ["2", "2026-02-01 08:30:00", "kaznu-data", "Загрузка принята",
         "'=HYPERLINK(\"http://e\")", '{"rows": 12}'],
        ["3", "2026-02-03 10:00:00", "os:alice", "Пакет открытых данных опубликован",
         "/srv/open", '{"published": 10, "suppressed": 4}'],
        ["4", "2026-02-03 11:00:00", "(unknown)", "Cookie-файл сеанса отклонён", "",
         '{"reason": "unknown session", "via": "cookie"}'],
    ]  # fmt: skip
    last = audit.entries(logged, Viewer.coordinator(), limit=1)[0]
    assert (last.who, last.action, last.target) == (audit.os_user(), "export", "audit log")
    assert last.detail == {
        "actor": None,
        "channel": "cli",
        "file": "for-the-auditor.csv",
        "rows": 4,
        "since": None,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "2026-02-30", "01.02.2026", ""])
def test_a_bad_date_is_refused_with_its_message(logged, capsys, value):
    code, out, err = run(capsys, logged, "--since", value, "--lang", "en")
    assert (code, out) == (2, "")
    assert err == (
        "error: --since needs a date such as 2026-01-31 (or a UTC time such as "
        f"2026-01-31T08:00); «{value}» is not one\n"
    )


def test_a_blank_or_unknown_actor_is_refused(logged, capsys):
    code, out, err = run(capsys, logged, "--actor", "  ")
    assert (code, out) == (2, "")
    assert (
        err == "error: --actor needs a name as the log records it, such as os:alice or upv-coord\n"
    )
    code, out, err = run(capsys, logged, "--actor", "nobody", "--lang", "ru")
    assert (code, out) == (2, "")
    assert err == (
        "ошибка: Ни учётной записи, ни записей в журнале аудита с именем «nobody» нет. "
        "Имена в журнале: (unknown), kaznu-data, os:alice, upv-coord\n"
    )


def test_reading_as_an_account_needs_the_permission(logged, capsys, project, tmp_path):
    accounts = Accounts(logged, project)
    accounts.add("upv-coord", "coordinator", PASSWORD, by="test")
    accounts.add("kaznu-data", "partner", PASSWORD, partner="KAZNU", by="test")
    code, out, err = run(capsys, logged, "--by", "kaznu-data")
    assert (code, out) == (2, "")
    assert err == "error: «kaznu-data» is not an active account that may read the audit log\n"
    code, _, err = run(capsys, logged, "--by", "ghost")
    assert (code, err) == (
        2,
        "error: «ghost» is not an active account that may read the audit log\n",
    )
    target = tmp_path / "log.csv"
    code, _, err = run(capsys, logged, "--by", "upv-coord", "--csv", str(target))
    assert (code, err) == (0, "")
    last = audit.entries(logged, Viewer.coordinator(), limit=1)[0]
    assert (last.who, last.action, last.detail["rows"]) == ("upv-coord", "export", 6)


def test_an_unwritable_csv_is_a_keyed_usage_error(logged, capsys, tmp_path):
    target = tmp_path / "missing" / "log.csv"
    code, out, err = run(capsys, logged, "--csv", str(target))
    assert (code, out) == (2, "")
    assert err == f"error: Cannot write {target}: No such file or directory\n"
    assert audit.entries(logged, Viewer.coordinator(), limit=1)[0].action == "session_refused"


def test_json_and_csv_exclude_each_other(logged, capsys, tmp_path):
    with pytest.raises(SystemExit) as stop:
        cli.main(["audit", "--json", "--csv", str(tmp_path / "x.csv")])
    assert stop.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_only_the_permission_table_lets_a_viewer_read(logged):
    from pipelines.errors import AccessDenied

    with pytest.raises(AccessDenied) as denied:
        audit.entries(logged, Viewer("national_office", "kz-office", country="KZ"))
    assert denied.value.key == "pages_a.audit.denied"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_action_has_words_in_every_language(lang):
    missing = [
        a for a in audit.ACTIONS if text(f"pages_a.audit.action.{a}", lang).startswith("pages_a.")
    ]
    assert missing == []


def test_a_log_from_before_an_action_existed_accepts_it(empty_dir):
    """An installation's log was created when ACTIONS was shorter: its CHECK constraint does
    not know 'publish'. The first such entry widens it, keeping every entry and id."""
    older = tuple(a for a in audit.ACTIONS if a not in ("publish", "session_refused"))
    con = sqlite3.connect(audit.audit_path(empty_dir))
    con.executescript(audit.SCHEMA.replace(
        ", ".join(repr(a) for a in audit.ACTIONS), ", ".join(repr(a) for a in older)
    ))  # fmt: skip
    con.execute(
        "INSERT INTO audit (at, who, action, target, detail)"
        " VALUES ('2026-01-01T00:00:00+00:00', 'upv-coord', 'login', NULL, '{}')"
    )
    con.commit()
    con.close()
    entry = audit.record(empty_dir, "os:alice", "publish", "/srv/open", published=3)
    found = audit.entries(empty_dir, Viewer.coordinator())
    assert [(e.entry_id, e.who, e.action) for e in found] == [
        (entry, "os:alice", "publish"),
        (1, "upv-coord", "login"),
    ]
    assert entry == 2
