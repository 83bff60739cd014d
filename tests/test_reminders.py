"""Reminders by e-mail, through a real SMTP server on 127.0.0.1 (aiosmtpd): one message per
partner listing what it owes, in the partner's language, recorded in the audit log; the
``reminders`` command's JSON; ``--send`` without SMTP settings; no header injection. A server
that refuses one address, one that trickles its greeting a byte a second and one that is not
there: every partner's outcome is said and audited, and the run always ends. A second run
sends no duplicate; ``--resend`` does."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import json
import socket
import threading
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.cli import main
from pipelines.config import Calendar, Deadline, Project, WorkPlan
from pipelines.deadlines import calendar, mail, reminders
from pipelines.errors import AccessDenied, ConfigError, UsageError
from pipelines.paths import DataDir
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


def _calendar() -> Calendar:
    """Only the P2 due date two days ago; ministries owe dissemination only."""
    return Calendar(
        (Deadline("P2", TODAY - dt.timedelta(days=2), ALL),), {"ministry": ("dissemination",)}
    )


@pytest.fixture()
def proj(project: Project) -> Project:
    """The calendar of ``_calendar``, without a work plan (the data reminders alone)."""
    return dataclasses.replace(project, calendar=_calendar(), work_plan=WorkPlan())


@pytest.fixture()
def planned(project: Project) -> Project:
    """The calendar of ``_calendar`` with the bundled work plan (nothing submitted yet)."""
    return dataclasses.replace(project, calendar=_calendar())


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


def _smtp_file(
    data_dir: DataDir, port: int, sender: str = "leslie-impact@upv.example", deadline: int = 30
) -> None:
    (data_dir.private / "smtp.toml").write_text(
        f'host = "127.0.0.1"\nport = {port}\nsender = "{sender}"\nstarttls = false\n'
        f"deadline = {deadline}\n",
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
        "outcome": "sent",
        "accepted": 2,
        "refused": 0,
        "lines": [["enrollments", "late", "2026-11-27", None]],
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


class Refusing(Inbox):
    """Refuses the given addresses at RCPT with 550, as a real server does for a bad mailbox."""

    def __init__(self, *refused: str) -> None:
        super().__init__()
        self.refused = set(refused)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture()
def refusing():
    inbox = Refusing("wp6@kaznu.example", "data@fpi.example")
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def _reminders_cli(data_dir: DataDir, *extra: str) -> int:
    return main(["reminders", "--data-dir", str(data_dir.root), "--send", "--json", *extra])


def _logged(data_dir: DataDir) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for e in reversed(audit.entries(data_dir, COORD, action="reminder_sent")):
        found.setdefault(e.target, []).append(e.detail)
    return found


def test_a_refused_address_is_reported_and_the_run_goes_on(
    refusing, data_dir, capsys, monkeypatch
) -> None:
    controller, inbox = refusing
    _smtp_file(data_dir, controller.port)
    assert _reminders_cli(data_dir) == 1  # something was not delivered
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert "unexpected" not in captured.err
    assert out["error"] is None and out["reminders"]
    rows = {r["partner"]: r for r in out["sent"]}
    assert rows["KAZNU"] == {
        "partner": "KAZNU",
        "outcome": "partly_sent",
        "recipients": [
            {"address": "data-office@kaznu.example", "outcome": "sent", "reply": None},
            {
                "address": "wp6@kaznu.example",
                "outcome": "refused",
                "reply": "550 5.1.1 No such user here",
            },
        ],
        "error": None,
    }
    assert rows["FPI"]["outcome"] == "refused"
    assert rows["UPV"]["outcome"] == "sent"  # a partner after the refused one still gets it
    assert rows["UCY"] == {
        "partner": "UCY",
        "outcome": "no_address",
        "recipients": [],
        "error": None,
    }
    assert sorted(tuple(rcpt) for _, rcpt, _ in inbox.received) == [
        ("data-office@kaznu.example",),
        ("leslie@upv.example",),
    ]
    assert (
        "KazNU (KAZNU): sent, but the mail server refused wp6@kaznu.example "
        "(550 5.1.1 No such user here)." in captured.err
    )
    assert "FPI: not sent, the mail server refused data@fpi.example (550 5.1.1" in captured.err
    assert "1 reminder was not sent; running again sends only what is still missing." in (
        captured.err
    )
    logged = _logged(data_dir)
    assert [d["outcome"] for d in logged["KAZNU"]] == ["partly_sent"]
    assert (logged["KAZNU"][0]["accepted"], logged["KAZNU"][0]["refused"]) == (1, 1)
    assert [d["outcome"] for d in logged["FPI"]] == ["refused"]
    assert [d["outcome"] for d in logged["UPV"]] == ["sent"]
    assert "data-office@kaznu.example" not in json.dumps(logged)  # no address in the log


def test_a_second_run_sends_no_duplicate_and_resend_does(refusing, data_dir, capsys) -> None:
    controller, inbox = refusing
    _smtp_file(data_dir, controller.port)
    assert _reminders_cli(data_dir) == 1
    capsys.readouterr()
    first = len(inbox.received)
    assert _reminders_cli(data_dir, "--lang", "ru") == 1  # FPI is still refused
    captured = capsys.readouterr()
    rows = {r["partner"]: r["outcome"] for r in json.loads(captured.out)["sent"]}
    assert (rows["KAZNU"], rows["UPV"], rows["FPI"]) == ("already_sent", "already_sent", "refused")
    assert len(inbox.received) == first  # KAZNU and UPV got nothing twice
    assert "2 партнёрам уже напоминали о тех же сроках" in captured.err
    assert _reminders_cli(data_dir, "--resend") == 1
    rows = {r["partner"]: r["outcome"] for r in json.loads(capsys.readouterr().out)["sent"]}
    assert (rows["KAZNU"], rows["UPV"]) == ("partly_sent", "sent")
    assert len(inbox.received) == first + 2
    assert [d["outcome"] for d in _logged(data_dir)["UPV"]] == ["sent", "sent"]


def test_resend_needs_send(data_dir, capsys) -> None:
    assert main(["reminders", "--data-dir", str(data_dir.root), "--resend"]) == 2
    assert "--resend works only together with --send" in capsys.readouterr().err


class Trickle:
    """A raw TCP server that writes an SMTP greeting one byte a second and never finishes."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def __enter__(self) -> Trickle:
        self._start(self._accept)
        return self

    def _start(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self.threads.append(thread)

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._start(self._trickle, conn)

    def _trickle(self, conn: socket.socket) -> None:
        with conn:
            for byte in b"220 " + b"slow" * 100 + b" ESMTP\r\n":
                if self.stop.wait(1.0):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.listener.close()
        for thread in self.threads:
            thread.join(5)


def _in_thread(call, cap: float = 60.0):
    """Run ``call`` in a thread; the test fails if it has not ended after ``cap`` seconds."""
    result: dict = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", call()), daemon=True)
    thread.start()
    thread.join(cap)
    assert not thread.is_alive(), f"still running after {cap} s"
    return result["value"]


def test_a_trickling_server_ends_at_the_deadline_named(data_dir, capsys) -> None:
    with Trickle() as server:
        _smtp_file(data_dir, server.port, deadline=2)
        code = _in_thread(lambda: _reminders_cli(data_dir))
    captured = capsys.readouterr()
    assert code == 1
    out = json.loads(captured.out)
    assert out["error"] == {
        "key": "mail.no_answer",
        "message": f"The mail server 127.0.0.1:{server.port} did not finish answering within 2 "
        "seconds, so the conversation was ended. Check that host and port in smtp.toml are "
        "those of an SMTP server, or raise deadline there.",
    }
    failed = [r for r in out["sent"] if r["recipients"]]
    assert {r["partner"] for r in failed} == {"KAZNU", "UPV", "FPI"}
    assert all(r["outcome"] == "failed" and r["error"] == "mail.no_answer" for r in failed)
    assert f"127.0.0.1:{server.port}" in captured.err and "unexpected" not in captured.err
    logged = _logged(data_dir)
    assert {k: [d["outcome"] for d in v] for k, v in logged.items()} == {
        "KAZNU": ["failed"],
        "UPV": ["failed"],
        "FPI": ["failed"],
    }
    assert logged["UPV"][0]["reason"] == "mail.no_answer"


def test_an_unreachable_server_is_named(data_dir, capsys) -> None:
    port = _free_port()  # nothing listens there
    _smtp_file(data_dir, port)
    assert _reminders_cli(data_dir, "--lang", "ru") == 1
    captured = capsys.readouterr()
    error = json.loads(captured.out)["error"]
    assert error["key"] == "mail.unreachable"
    assert error["message"].startswith(f"Почтовый сервер 127.0.0.1:{port} недоступен (")
    assert "unexpected" not in captured.err and "непредвиденный" not in captured.err


def test_deadline_in_smtp_toml_is_checked(data_dir) -> None:
    (data_dir.private / "smtp.toml").write_text(
        'host = "127.0.0.1"\nport = 25\nsender = "a@b.example"\ndeadline = 0\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as refused:
        mail.load_smtp(data_dir)
    assert refused.value.key == "editing.mail.bad_smtp"
    _smtp_file(data_dir, 25, deadline=7)
    assert mail.load_smtp(data_dir).deadline == 7


def test_the_data_status_page_shows_outcomes_in_words(refusing, demo_dir, tmp_path, monkeypatch):
    import shutil

    from streamlit.testing.v1 import AppTest

    from pipelines.paths import REPO_ROOT

    controller, _ = refusing
    shutil.copytree(demo_dir.root, tmp_path / "demo")
    copy = DataDir(tmp_path / "demo")
    copy.private.mkdir(parents=True, exist_ok=True)
    (copy.private / "contacts.toml").write_text(
        '[partners."MHESI-UZ"]\nemails = ["data@fpi.example"]\nlanguage = "uz"\n',
        encoding="utf-8",
    )
    _smtp_file(copy, controller.port)
    monkeypatch.setenv("LESLIE_DATA_DIR", str(copy.root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: COORD)
    at = AppTest.from_file(str(REPO_ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.switch_page("pages/data_status.py")
    at.run()
    at.button(key="ds_send").click()
    at.run()
    assert not at.exception
    assert [e.value for e in at.warning] == [
        "1 reminder was not sent; running again sends only what is still missing."
    ]
    assert "0 reminders sent." in [s.value for s in at.success]
    (table,) = [d.value for d in at.dataframe if "Server's reply" in d.value.columns]
    assert table.to_dict("records") == [
        {
            "Partner": "MHESI (MHESI-UZ)",
            "Address": "data@fpi.example",
            "Outcome": "Refused",
            "Server's reply": "550 5.1.1 No such user here",
        }
    ]
    assert not any("{" in e.value for e in at.error)


def test_an_address_the_server_cannot_take_is_refused_alone(data_dir, proj) -> None:
    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=_free_port(), enable_SMTPUTF8=False
    )  # a server without SMTPUTF8 cannot take an address in Cyrillic
    controller.start()
    try:
        _refused_alone(controller, inbox, data_dir, proj)
    finally:
        controller.stop()


def _refused_alone(controller, inbox, data_dir, proj) -> None:
    (data_dir.private / "contacts.toml").write_text(
        '[partners."KAZNU"]\nemails = ["почта@kaznu.example"]\n'
        '[partners."UPV"]\nemails = ["leslie@upv.example"]\n',
        encoding="utf-8",
    )
    _smtp_file(data_dir, controller.port)
    sent = reminders.send_reminders(data_dir, proj, COORD, TODAY)
    by = {o.partner: o for o in sent.outcomes}
    assert by["KAZNU"].status == "refused" and list(by["KAZNU"].refused) == ["почта@kaznu.example"]
    assert "SMTPUTF8" in by["KAZNU"].refused["почта@kaznu.example"]
    assert by["UPV"].status == "sent" and sent.error is None
    assert [tuple(rcpt) for _, rcpt, _ in inbox.received] == [("leslie@upv.example",)]


class BreaksTheAuditLog(Inbox):
    """Takes the first message, then puts a folder where the audit log was: the next write
    of the log fails for real, after a reminder has gone out."""

    def __init__(self, data_dir: DataDir) -> None:
        super().__init__()
        self.log = audit.audit_path(data_dir)

    async def handle_DATA(self, server, session, envelope):
        if not self.received:
            self.log.rename(self.log.with_name("audit.sqlite.moved"))
            self.log.mkdir()
        return await super().handle_DATA(server, session, envelope)


def test_a_failure_after_sending_says_what_was_sent(data_dir, capsys) -> None:
    audit.record(data_dir, "test", "login")  # the log exists before the run
    inbox = BreaksTheAuditLog(data_dir)
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        _smtp_file(data_dir, controller.port)
        assert _reminders_cli(data_dir) == 1
    finally:
        controller.stop()
    err = capsys.readouterr().err
    assert len(inbox.received) == 1
    assert "Nothing was half-written" not in err
    assert "reminders sent before it: 1 of 3. Those were delivered" in err
    assert "Cannot open the audit log" in err


def test_reminders_name_the_deliverables_a_partner_leads_late_or_due(smtp, data_dir, planned):
    """KAZNU leads D3.1 and D3.2 (past their dates, nothing submitted) and D6.3 (due in 16
    days, within the 30 days of the reminder window); UPV's D1.3 is 32 days away."""
    controller, inbox = smtp
    _smtp_file(data_dir, controller.port)
    work = calendar.deliverables_owed(data_dir, planned, TODAY)
    kaznu = [(d.code, d.status, d.days) for d in work if d.partner == "KAZNU"]
    assert kaznu == [("D3.1", "late", 790), ("D3.2", "late", 608), ("D6.3", "due", 16)]
    assert "D1.3" not in [d.code for d in work]
    reminders.send_reminders(data_dir, planned, COORD, TODAY)
    mails = {tuple(rcpt): msg for _, rcpt, msg in inbox.received}
    ru = mails[("data-office@kaznu.example", "wp6@kaznu.example")].get_content()
    body = ru.replace("\r\n", "\n")
    assert "По календарю отчётности LESLIE от вас ожидаются 4 позиции:" in body
    assert "Результаты плана работ, за которые вы отвечаете:\n- D3.1 «" in body
    assert "- D6.3 «" in body and "»: срок — 15 декабря 2026\u202fг." in body
    logged = next(
        e
        for e in audit.entries(data_dir, COORD)
        if e.action == "reminder_sent" and e.target == "KAZNU"
    )
    assert logged.detail["deliverables"] == ["D3.1", "D3.2", "D6.3"]
    assert ["D6.3", "due", "2026-12-15", None] in logged.detail["lines"]
    # nothing new: a second run sends nothing again
    again = reminders.send_reminders(data_dir, planned, COORD, TODAY)
    assert {o.partner: o.status for o in again.outcomes}["KAZNU"] == "already_sent"


def test_a_submitted_deliverable_is_no_longer_owed(data_dir, planned) -> None:
    from pipelines.workplan import service
    from pipelines.workplan.evidence import Evidence

    service.update_deliverable(
        data_dir,
        planned,
        COORD,
        "D6.3",
        status="submitted",
        evidence=Evidence("D6.3.pdf", b"%PDF-1.4\n%x\n"),
    )
    codes = [d.code for d in calendar.deliverables_owed(data_dir, planned, TODAY)]
    assert "D6.3" not in codes and "D3.1" in codes
    scoped = calendar.deliverables_owed(
        data_dir, planned, TODAY, Viewer("partner", "k", partner="KAZNU")
    )
    assert {d.partner for d in scoped} == {"KAZNU"}
