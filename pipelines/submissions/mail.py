"""E-mail through the installation's own SMTP server (stdlib ``smtplib``), and the private
files that say where mail goes: ``private/smtp.toml`` and ``private/contacts.toml``.

Both files live in the data directory's private folder, never in the repository. Header
values taken from data (names, addresses) lose every control character, so no CR/LF can
add a header.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import tomllib
import unicodedata
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from pipelines.errors import ConfigError
from pipelines.paths import DataDir
from pipelines.words.catalogue import normalise_lang

SMTP_FILE = "smtp.toml"
CONTACTS_FILE = "contacts.toml"
PASSWORD_ENV = "LESLIE_SMTP_PASSWORD"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    starttls: bool = False
    username: str | None = None
    password: str | None = None


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
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(key="editing.mail.bad_smtp", file=str(path), detail=str(exc)) from exc


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


def send(settings: SmtpSettings, messages: list[EmailMessage]) -> None:
    """Send every message over one SMTP connection (STARTTLS and login when configured)."""
    with smtplib.SMTP(settings.host, settings.port, timeout=30) as smtp:
        smtp.ehlo()
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if settings.username:
            smtp.login(settings.username, settings.password or "")
        for msg in messages:
            smtp.send_message(msg)
