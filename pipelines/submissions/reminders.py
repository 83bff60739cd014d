"""Reminders: what each partner owes by the submission calendar, put into words in the
partner's language, and e-mailed (one message per partner) or offered as ``.eml`` files.

Every message sent is written to the audit log (partner, templates, number of recipients;
never the addresses themselves).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage

from pipelines.access import audit
from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.errors import UsageError
from pipelines.paths import DataDir
from pipelines.store.ledger import Ledger
from pipelines.submissions import mail
from pipelines.submissions.calendar import Entry, calendar
from pipelines.words.present import Words

FALLBACK_SENDER = "leslie-impact@localhost"


def status_text(words: Words, entry: Entry) -> str:
    """'Late by 3 days (due 31 July 2026)', 'Due in 5 days', 'On time', … in people's words."""
    due = words.date(entry.due) if entry.due else words.missing
    if entry.status == "late":
        return words.n("editing.status.late", entry.days or 0, due=due)
    if entry.status == "due":
        return words.n("editing.status.due", entry.days or 0, due=due)
    return words.t(f"editing.status.{entry.status}")


def owed(
    data_dir: DataDir, project: Project, today: dt.date, period: str | None = None
) -> list[Entry]:
    """The calendar lines a reminder is for: late, due soon, or returned for correction."""
    if period is not None and period.upper() not in {p.id.upper() for p in project.periods}:
        raise UsageError(key="editing.reminder.unknown_period", period=period)
    subs = Ledger(data_dir.ledger).submissions()
    lines = [e for e in calendar(project, subs, today) if e.owing]
    if period is not None:
        lines = [e for e in lines if e.period is None or e.period.upper() == period.upper()]
    return lines


def by_partner(entries: list[Entry]) -> dict[str, list[Entry]]:
    grouped: dict[str, list[Entry]] = {}
    for e in entries:
        grouped.setdefault(e.partner, []).append(e)
    return grouped


@dataclass(frozen=True)
class Letter:
    """One partner's reminder, composed and ready to send or download."""

    partner: str
    lang: str
    to: tuple[str, ...]
    subject: str
    body: str
    templates: tuple[str, ...] = ()

    def message(self, sender: str) -> EmailMessage:
        return mail.message(sender, self.to, self.subject, self.body)

    def eml(self, sender: str = FALLBACK_SENDER) -> bytes:
        return bytes(self.message(sender))


def compose(
    project: Project, partner: str, entries: list[Entry], lang: str, to: tuple[str, ...] = ()
) -> Letter:
    """The reminder text for one partner, in ``lang``."""
    w = Words(lang, project)
    name = w.partner(partner, with_code=True)
    subject = w.t("editing.reminder.subject", project=project.acronym, partner=name)
    lines = [w.t("editing.reminder.greeting", partner=name), ""]
    lines.append(w.n("editing.reminder.intro", len(entries), project=project.acronym))
    lines.append("")
    for e in entries:
        last = (
            w.t("editing.reminder.last", date=w.date(e.last_submitted))
            if e.last_submitted
            else w.t("editing.reminder.never")
        )
        lines.append(f"- {w.vocab('template', e.template)}: {status_text(w, e)}. {last}")
    lines += ["", w.t("editing.reminder.how", project=project.acronym), ""]
    lines.append(w.t("editing.reminder.closing", project=project.acronym))
    body = "\n".join(lines) + "\n"
    return Letter(partner, w.lang, to, subject, body, tuple(e.template for e in entries))


def letters(
    data_dir: DataDir, project: Project, entries: list[Entry], lang: str | None = None
) -> list[Letter]:
    """One letter per partner owing something; each in its contact language (or ``lang``)."""
    contacts = mail.load_contacts(data_dir)
    out = []
    for partner, lines in by_partner(entries).items():
        contact = contacts.get(partner)
        chosen = lang or (contact.language if contact else "en")
        out.append(compose(project, partner, lines, chosen, contact.emails if contact else ()))
    return out


@dataclass(frozen=True)
class Sent:
    sent: list[Letter]
    without_address: list[str]  # partners owing something but with no contact address


def send_reminders(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    today: dt.date,
    period: str | None = None,
    lang: str | None = None,
) -> Sent:
    """E-mail every partner that owes something; refuse without SMTP settings."""
    viewer.require("send_reminders")
    settings = mail.load_smtp(data_dir)
    if settings is None:
        raise UsageError(key="editing.mail.not_configured", file=str(mail.smtp_path(data_dir)))
    made = letters(data_dir, project, owed(data_dir, project, today, period), lang)
    ready = [letter for letter in made if letter.to]
    mail.send(settings, [letter.message(settings.sender) for letter in ready])
    for letter in ready:
        audit.record(
            data_dir,
            viewer.username or "cli",
            "reminder_sent",
            letter.partner,
            language=letter.lang,
            recipients=len(letter.to),
            templates=list(letter.templates),
            period=period,
        )
    return Sent(ready, [letter.partner for letter in made if not letter.to])
