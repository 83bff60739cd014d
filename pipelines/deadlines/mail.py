"""E-mail through the installation's own SMTP server (stdlib ``smtplib``), and the private
files that say where mail goes: ``private/smtp.toml`` and ``private/contacts.toml``.

Both files live in the data directory's private folder, never in the repository. Header
values taken from data (names, addresses) lose every control character, so no CR/LF can
add a header.

One conversation with the server (connect, greeting, login, every message) has an overall
deadline (``deadline`` in ``smtp.toml``, seconds): a server that answers one byte at a time
cannot hold a run for longer than that. A recipient the server refuses is reported for that
message alone; only a failure of the conversation itself (unreachable, no answer in time,
connection dropped, login refused) raises ``MailError``, naming the server.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import socket
import ssl
import threading
import time
import tomllib
import unicodedata
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from pipelines.errors import ConfigError, LeslieError
from pipelines.paths import DataDir
from pipelines.words.catalogue import normalise_lang

SMTP_FILE = "smtp.toml"
CONTACTS_FILE = "contacts.toml"
PASSWORD_ENV = "LESLIE_SMTP_PASSWORD"
DEFAULT_DEADLINE = 120.0  # seconds one conversation with the server may take at most
READ_TIMEOUT = 30.0  # seconds one read or write may wait (never beyond the deadline)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    deadline: float = DEFAULT_DEADLINE

    @property
    def server(self) -> str:
        """``host:port``, as messages name the server."""
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Contact:
    emails: tuple[str, ...]
    language: str


def header_safe(value: str) -> str:
    """A header value with every control character (CR, LF, tab, ...) replaced by a space."""
    cleaned = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in str(value))
    return " ".join(cleaned.split())


def _read_toml(path: Path) -> dict | None:
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(key="editing.mail.bad_file", file=str(path), detail=str(exc)) from exc


def smtp_path(data_dir: DataDir) -> Path:
    return data_dir.private / SMTP_FILE


def contacts_path(data_dir: DataDir) -> Path:
    return data_dir.private / CONTACTS_FILE


def load_smtp(data_dir: DataDir) -> SmtpSettings | None:
    """The SMTP settings, or None when the installation has none."""
    path = smtp_path(data_dir)
    data = _read_toml(path)
    if data is None:
        return None
    try:
        return SmtpSettings(
            host=str(data["host"]),
            port=int(data.get("port", 25)),
            sender=header_safe(str(data["sender"])),
            starttls=bool(data.get("starttls", False)),
            username=data.get("username"),
            password=data.get("password") or os.environ.get(PASSWORD_ENV),
            deadline=_deadline(data.get("deadline", DEFAULT_DEADLINE)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(key="editing.mail.bad_smtp", file=str(path), detail=str(exc)) from exc


def _deadline(value: object) -> float:
    seconds = float(value)  # type: ignore[arg-type]
    if not 0 < seconds <= 3600:
        raise ValueError(f"deadline must be between 0 and 3600 seconds, found {value!r}")
    return seconds


def load_contacts(data_dir: DataDir) -> dict[str, Contact]:
    """Partner code -> its addresses and language (English when not given or unknown)."""
    data = _read_toml(contacts_path(data_dir)) or {}
    contacts = {}
    for code, entry in (data.get("partners") or {}).items():
        emails = tuple(header_safe(e) for e in entry.get("emails", []) if "@" in str(e))
        lang = normalise_lang(str(entry.get("language", "en"))) or "en"
        contacts[str(code).upper()] = Contact(emails, lang)
    return contacts


def message(sender: str, to: tuple[str, ...], subject: str, body: str) -> EmailMessage:
    """A plain-text UTF-8 message; every header value made safe."""
    msg = EmailMessage()
    msg["From"] = header_safe(sender)
    msg["To"] = ", ".join(header_safe(a) for a in to)
    msg["Subject"] = header_safe(subject)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="leslie-impact.local")
    msg.set_content(body)
    return msg


class MailError(LeslieError):
    """The conversation with the mail server failed; the message names the server."""


@dataclass(frozen=True)
class Delivery:
    """What the server said to one message: the addresses it accepted, and those it refused
    with its reply (``550 5.1.1 No such user``)."""

    accepted: tuple[str, ...]
    refused: dict[str, str] = field(default_factory=dict)


def _reply(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return header_safe(f"{code} {said}")


class _Client(smtplib.SMTP):
    """``smtplib.SMTP`` whose every read and write waits at most until the deadline."""

    def __init__(self, conversation: Conversation) -> None:
        self._conversation = conversation
        super().__init__(timeout=min(READ_TIMEOUT, conversation.settings.deadline))

    def _get_socket(self, host, port, timeout):
        left = self._conversation.remaining()
        if left <= 0:
            raise TimeoutError("deadline")
        sock = socket.create_connection((host, port), min(timeout, left), self.source_address)
        self._conversation.watch(sock)
        return sock

    def _tick(self) -> None:
        left = self._conversation.remaining()
        if left <= 0:
            raise TimeoutError("deadline")
        if self.sock is not None:
            self.sock.settimeout(min(READ_TIMEOUT, left))

    def send(self, s) -> None:
        self._tick()
        super().send(s)

    def getreply(self):
        self._tick()
        return super().getreply()


class Conversation:
    """One conversation with the mail server, under its overall deadline.

    ``with Conversation(settings) as talk: talk.deliver(message)``. A watchdog shuts the
    connection down when the deadline passes, so even a read that receives one byte a second
    ends then. Conversation failures raise ``MailError``; refusals of one message do not."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._ends = 0.0
        self._lock = threading.Lock()
        self._watched: socket.socket | None = None
        self._timer: threading.Timer | None = None
        self.expired = False
        self._smtp: _Client | None = None

    def remaining(self) -> float:
        return self._ends - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        """Remember the connection (a duplicate of it, which outlives TLS wrapping)."""
        with self._lock:
            self._watched = sock.dup()
            if self.expired:
                self._shut()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            self._shut()

    def _shut(self) -> None:
        if self._watched is not None:
            with contextlib.suppress(OSError):
                self._watched.shutdown(socket.SHUT_RDWR)

    def _error(self, exc: BaseException) -> MailError:
        s = self.settings
        where = {"server": s.server}
        if self.expired or isinstance(exc, TimeoutError):
            return MailError(key="mail.no_answer", seconds=_seconds(s.deadline), **where)
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return MailError(key="mail.login_refused", user=s.username or "", **where)
        if isinstance(exc, smtplib.SMTPNotSupportedError | ssl.SSLError):
            return MailError(key="mail.tls_failed", reason=_reason(exc), **where)
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return MailError(key="mail.disconnected", **where)
        if isinstance(exc, smtplib.SMTPResponseException):
            return MailError(
                key="mail.server_error", reply=_reply(exc.smtp_code, exc.smtp_error), **where
            )
        if self._smtp is None or self._smtp.sock is None:
            return MailError(key="mail.unreachable", reason=_reason(exc), **where)
        return MailError(key="mail.broken", reason=_reason(exc), **where)

    def __enter__(self) -> Conversation:
        s = self.settings
        self._ends = time.monotonic() + s.deadline
        self._timer = threading.Timer(s.deadline, self._expire)
        self._timer.daemon = True
        self._timer.start()
        try:
            self._smtp = _Client(self)
            self._smtp.connect(s.host, s.port)
            self._smtp.ehlo()
            if s.starttls:
                self._smtp.starttls(context=ssl.create_default_context())
                self._smtp.ehlo()
            if s.username:
                self._smtp.login(s.username, s.password or "")
        except (OSError, smtplib.SMTPException, ValueError) as exc:
            error = self._error(exc)
            self._close()
            raise error from exc
        return self

    def deliver(self, msg: EmailMessage) -> Delivery:
        """Send one message. Refusals (of some or every address, of the sender or of the
        content) come back in the ``Delivery``; a broken conversation raises MailError."""
        assert self._smtp is not None, "use the conversation in a with block"
        to = [a.strip() for a in str(msg["To"] or "").split(",") if a.strip()]
        try:
            refused = self._smtp.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            said = {str(a): _reply(code, text) for a, (code, text) in exc.recipients.items()}
            return Delivery((), said)
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            return Delivery((), dict.fromkeys(to, _reply(exc.smtp_code, exc.smtp_error)))
        except smtplib.SMTPNotSupportedError as exc:  # an address needs SMTPUTF8 the server lacks
            self._smtp.rset()
            return Delivery((), dict.fromkeys(to, _reason(exc)))
        except (OSError, smtplib.SMTPException, ValueError) as exc:
            raise self._error(exc) from exc
        said = {str(a): _reply(code, text) for a, (code, text) in refused.items()}
        return Delivery(tuple(a for a in to if a not in said), said)

    def _close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._watched is not None:
                self._watched.close()
                self._watched = None
        if self._smtp is not None:
            self._smtp.close()

    def __exit__(self, *exc: object) -> None:
        try:
            if self._smtp is not None and not self.expired and self.remaining() > 0:
                self._smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
        finally:
            self._close()


def _seconds(value: float) -> str:
    return f"{value:g}"


def _reason(exc: BaseException) -> str:
    return header_safe(getattr(exc, "strerror", None) or str(exc) or type(exc).__name__)


def send(settings: SmtpSettings, messages: list[EmailMessage]) -> list[Delivery]:
    """Send every message over one conversation (STARTTLS and login when configured)."""
    with Conversation(settings) as talk:
        return [talk.deliver(msg) for msg in messages]
