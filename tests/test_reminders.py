"""Reminders by e-mail, through a real SMTP server on 127.0.0.1 (aiosmtpd): one message per
partner listing what it owes, in the partner's language, recorded in the audit log; the
``reminders`` command's JSON; ``--send`` without SMTP settings; no header injection."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import json
import socket
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from pipelines.access import audit
from pipelines.access.scope import Viewer
from pipelines.cli import main
from pipelines.config import Calendar, Deadline, Project
from pipelines.errors import AccessDenied, UsageError
from pipelines.paths import DataDir
from pipelines.submissions import mail, reminders
from pipelines.submissions.ingest import Source, ingest
from tests.conftest import copy_installation

TINY = Path(__file__).parent / "fixtures" / "tiny"
COORD = Viewer.coordinator("upv-coord")
ALL = ("modules", "enrollments", "dissemination")
TODAY = dt.date(2026, 11, 29)


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), msg))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.fixture()
def proj(project: Project) -> Project:
    """Only the P2 due date two days ago; ministries owe dissemination only."""
    cal = Calendar(
        (Deadline("P2", TODAY - dt.timedelta(days=2), ALL),), {"ministry": ("dissemination",)}
    )
    return dataclasses.replace(project, calendar=cal)


@pytest.fixture(scope="session")
def built_reminders_dir(tmp_path_factory, project) -> DataDir:
    """The modules and dissemination of the tiny data, ingested once per session."""
    data_dir = DataDir(tmp_path_factory.mktemp("reminders") / "data")
    files = [TINY / "1_modules.csv", TINY / "3_dissemination.csv"]
    assert ingest(data_dir, project, [Source(p.name, p) for p in files]).all_accepted
    return data_dir


@pytest.fixture()
def data_dir(tmp_path, built_reminders_dir) -> DataDir:
    """Only KAZNU's and FPI's dissemination are in: everything else is late."""
    data_dir = copy_installation(built_reminders_dir, tmp_path / "data")
    data_dir.private.mkdir(parents=True, exist_ok=True)
    (data_dir.private / "contacts.toml").write_text(
        '[partners."KAZNU"]\nemails = ["data-office@kaznu.example", "wp6@kaznu.example"]\n'
        'language = "ru"\n\n[partners."UPV"]\nemails = ["leslie@upv.example"]\nlanguage = "en"\n'
        '\n[partners."FPI"]\nemails = ["data@fpi.example"]\nlanguage = "uz"\n',
        encoding="utf-8",
    )
    return data_dir


def _smtp_file(data_dir: DataDir, port: int, sender: str = "leslie-impact@upv.example") -> None:
    (data_dir.private / "smtp.toml").write_text(
        f'host = "127.0.0.1"\nport = {port}\nsender = "{sender}"\nstarttls = false\n',
        encoding="utf-8",
    )


def test_what_is_owed_by_the_calendar(data_dir, proj) -> None:
    owed = reminders.owed(data_dir, proj, TODAY)
    by = {(e.partner, e.template): (e.status, e.days) for e in owed}
    assert by[("KAZNU", "enrollments")] == ("late", 2)
    assert ("KAZNU", "dissemination") not in by and ("KAZNU", "modules") not in by
    assert ("MSHE-KZ", "dissemination") not in by  # sent in the tiny file
    assert by[("MHESI-UZ", "dissemination")] == ("late", 2)
    assert ("MHESI-UZ", "modules") not in by  # not expected
    assert len(owed) == 3 * 14 - 2 * 2 - 7  # 14 partners x 3, ministries owe 1, 7 lines in


def test_reminders_arrive_in_each_partners_language(smtp, data_dir, proj) -> None:
    controller, inbox = smtp
    _smtp_file(data_dir, controller.port)
    sent = reminders.send_reminders(data_dir, proj, COORD, TODAY)
    assert len(sent.sent) == 3  # the partners with an address; the others are listed
    assert "KAZNU" not in sent.without_address and "UCY" in sent.without_address
    mails = {tuple(rcpt): msg for _, rcpt, msg in inbox.received}
    assert set(mails) == {
        ("data-office@kaznu.example", "wp6@kaznu.example"),
        ("leslie@upv.example",),
        ("data@fpi.example",),
    }
    ru = mails[("data-office@kaznu.example", "wp6@kaznu.example")]
    assert ru["Subject"] == "LESLIE: напоминание о данных для KazNU (KAZNU)"
    assert ru["From"] == "leslie-impact@upv.example"
    body = ru.get_content().replace("\r\n", "\n")
    assert body.startswith("Уважаемые коллеги из KazNU (KAZNU)!\n\n")
    assert "По календарю отчётности LESLIE от вас ожидается 1 позиция:" in body
    assert (
        "Зачисления: Просрочено на 2 дня (срок 27 ноября 2026\u202fг.). Пока ничего не отправлено."
        in body
    )
    en = mails[("leslie@upv.example",)].get_content().replace("\r\n", "\n")
    assert mails[("leslie@upv.example",)]["Subject"] == "LESLIE: data due from UPV"
    assert "According to the LESLIE submission calendar, 1 item is waiting for you:" in en
    assert "- Enrollments: Late by 2 days (due 27 November 2026). Nothing submitted yet." in en
    uz = mails[("data@fpi.example",)].get_content()
    assert "Muddatga" not in uz and "2 kunga kechikdi" in uz
    logged = [e for e in audit.entries(data_dir, COORD) if e.action == "reminder_sent"]
    assert sorted(e.target for e in logged) == ["FPI", "KAZNU", "UPV"]
    kaznu = next(e for e in logged if e.target == "KAZNU")
    assert kaznu.detail == {
        "language": "ru",
        "recipients": 2,
        "templates": ["enrollments"],
        "period": None,
    }
    assert kaznu.who == "upv-coord"


def test_cli_json_lists_the_reminders(data_dir, capsys, monkeypatch) -> None:
    monkeypatch.setenv("LESLIE_TODAY", "2026-11-29")
    assert main(["reminders", "--data-dir", str(data_dir.root), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = {(r["partner"], r["template"]): r for r in out["reminders"]}
    assert rows[("MHESI-UZ", "enrollments")] == {
        "partner": "MHESI-UZ",
        "template": "enrollments",
        "due": "2025-07-31",
        "status": "late",
        "last_submitted": None,
    }
    assert set(out["reminders"][0]) == {"partner", "template", "due", "status", "last_submitted"}
    assert ("KAZNU", "dissemination") not in rows


def test_send_without_smtp_explains_what_to_configure(data_dir, proj, capsys) -> None:
    assert main(["reminders", "--data-dir", str(data_dir.root), "--send", "--lang", "ru"]) == 2
    err = capsys.readouterr().err
    assert "Почтовый сервер не настроен" in err and "smtp.toml" in err
    with pytest.raises(UsageError) as refused:
        reminders.send_reminders(data_dir, proj, COORD, TODAY)
    assert refused.value.key == "editing.mail.not_configured"


def test_only_the_coordinator_sends(data_dir, proj) -> None:
    with pytest.raises(AccessDenied):
        reminders.send_reminders(data_dir, proj, Viewer("partner", "k", "KAZNU"), TODAY)


def test_no_header_injection_from_data(smtp, data_dir, proj) -> None:
    controller, inbox = smtp
    _smtp_file(data_dir, controller.port)
    evil = "x@kaznu.example\r\nBcc: spy@evil.example"
    letter = reminders.compose(
        proj, "KAZNU", reminders.owed(data_dir, proj, TODAY)[:1], "en", (evil,)
    )
    msg = letter.message("leslie@upv.example\nBcc: spy2@evil.example")
    mail.send(mail.load_smtp(data_dir), [msg])
    ((_, rcpt, got),) = inbox.received
    assert rcpt == ["x@kaznu.example Bcc: spy@evil.example"] or "spy@evil.example" not in rcpt
    assert got["Bcc"] is None
    assert "\n" not in got["To"] and "\n" not in got["From"]


def test_eml_download_is_the_same_message(data_dir, proj) -> None:
    made = reminders.letters(data_dir, proj, reminders.owed(data_dir, proj, TODAY))
    kaznu = next(m for m in made if m.partner == "KAZNU")
    msg = email.message_from_bytes(kaznu.eml(), policy=email.policy.default)
    assert msg["Subject"] == kaznu.subject and msg.get_content() == kaznu.body
