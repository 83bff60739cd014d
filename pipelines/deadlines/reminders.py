"""Reminders: what each partner owes by the submission calendar and, as lead partner, the
work plan's deliverables late or due soon, put into words in the partner's language, and e-mailed (one message per partner) or offered as ``.eml`` files.

Each partner's outcome is written to the audit log as it happens (partner, templates, the
deadlines it was reminded of, how many addresses accepted or refused it; never the addresses
themselves): sent, partly sent (the server refused some addresses), refused, or failed (the
conversation with the server broke off; the partners after it are failed too, with the same
reason). A refused address does not stop the run.

The audit log is also the memory of what was sent: a partner already reminded of the same
lines (template, status, due date, returned submission) gets nothing again unless ``resend``
is asked for, so running the command twice sends no duplicate.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from email.message import EmailMessage

from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.config import Project
from pipelines.deadlines import mail
from pipelines.deadlines.calendar import DeliverableEntry, Entry, calendar, deliverables_owed
from pipelines.errors import LeslieError, UsageError
from pipelines.paths import DataDir
from pipelines.store.ledger import Ledger
from pipelines.store.lock import store_lock
from pipelines.words.present import Words

FALLBACK_SENDER = "leslie-impact@localhost"
LOCK = ".reminders.lock"
DELIVERED = ("sent", "partly_sent")
Line = tuple[str, str, str | None, int | None]  # template, status, due date, returned submission


def line_of(entry: Entry) -> Line:
    """What a reminder line is about: a second reminder of the same line is a duplicate."""
    returned = entry.last_id if entry.status == "returned" else None
    return (entry.template, entry.status, entry.due.isoformat() if entry.due else None, returned)


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
    lines: tuple[Line, ...] = ()
    deliverables: tuple[str, ...] = ()  # codes of the deliverables it names

    def message(self, sender: str) -> EmailMessage:
        return mail.message(sender, self.to, self.subject, self.body)

    def eml(self, sender: str = FALLBACK_SENDER) -> bytes:
        return bytes(self.message(sender))


def deliverable_text(words: Words, entry: DeliverableEntry) -> str:
    """'D3.1 «Needs analysis…»: was due on 30 September 2024 and is not submitted yet; …'"""
    return words.t(
        f"workplan.reminder.{entry.status}",
        code=entry.code,
        title=entry.title,
        due=words.date(entry.due),
    )


def compose(
    project: Project,
    partner: str,
    entries: list[Entry],
    lang: str,
    to: tuple[str, ...] = (),
    work: list[DeliverableEntry] | None = None,
) -> Letter:
    """The reminder text for one partner, in ``lang``: the calendar's lines, then the
    deliverables it leads that are late or due soon."""
    work = work or []
    w = Words(lang, project)
    name = w.partner(partner, with_code=True)
    subject = w.t("editing.reminder.subject", project=project.acronym, partner=name)
    lines = [w.t("editing.reminder.greeting", partner=name), ""]
    lines.append(w.n("editing.reminder.intro", len(entries) + len(work), project=project.acronym))
    lines.append("")
    for e in entries:
        last = (
            w.t("editing.reminder.last", date=w.date(e.last_submitted))
            if e.last_submitted
            else w.t("editing.reminder.never")
        )
        lines.append(f"- {w.vocab('template', e.template)}: {status_text(w, e)}. {last}")
    if work:
        lines += ["", w.t("workplan.reminder.heading")]
        lines += [f"- {deliverable_text(w, d)}" for d in work]
    lines += ["", w.t("editing.reminder.how", project=project.acronym), ""]
    lines.append(w.t("editing.reminder.closing", project=project.acronym))
    body = "\n".join(lines) + "\n"
    return Letter(
        partner,
        w.lang,
        to,
        subject,
        body,
        tuple(e.template for e in entries),
        tuple(line_of(e) for e in entries) + tuple(d.line for d in work),
        tuple(d.code for d in work),
    )


def letters(
    data_dir: DataDir,
    project: Project,
    entries: list[Entry],
    lang: str | None = None,
    work: list[DeliverableEntry] | None = None,
) -> list[Letter]:
    """One letter per partner owing something (calendar lines or deliverables it leads);
    each in its contact language (or ``lang``)."""
    contacts = mail.load_contacts(data_dir)
    grouped = by_partner(entries)
    led: dict[str, list[DeliverableEntry]] = {}
    for d in work or []:
        led.setdefault(d.partner, []).append(d)
    partners = list(grouped) + [p for p in led if p not in grouped]
    out = []
    for partner in partners:
        contact = contacts.get(partner)
        chosen = lang or (contact.language if contact else "en")
        to = contact.emails if contact else ()
        out.append(
            compose(project, partner, grouped.get(partner, []), chosen, to, led.get(partner))
        )
    return out


@dataclass(frozen=True)
class Outcome:
    """What happened to one partner's reminder.

    ``status``: sent | partly_sent (some addresses refused) | refused (every address) |
    failed (the conversation with the server broke off) | already_sent (skipped: nothing new
    since the last reminder) | no_address."""

    partner: str
    status: str
    accepted: tuple[str, ...] = ()
    refused: dict[str, str] = field(default_factory=dict)  # address -> the server's reply
    not_sent: tuple[str, ...] = ()  # addresses not tried (failed, already_sent)
    error: mail.MailError | None = None


@dataclass(frozen=True)
class Sent:
    sent: list[Letter]  # delivered to at least one address
    without_address: list[str]  # partners owing something but with no contact address
    outcomes: list[Outcome] = field(default_factory=list)
    error: mail.MailError | None = None  # the failure that ended the conversation, if any

    @property
    def not_sent(self) -> list[Outcome]:
        """Partners whose reminder reached none of their addresses."""
        return [o for o in self.outcomes if o.status in ("refused", "failed")]

    @property
    def complete(self) -> bool:
        """Every address of every partner has its reminder (now or before)."""
        return not self.not_sent and not any(o.refused for o in self.outcomes)


def reminded(data_dir: DataDir, viewer: Viewer) -> dict[str, set[Line]]:
    """Partner -> the lines it was already reminded of (delivered to at least one address)."""
    done: dict[str, set[Line]] = {}
    for e in audit.entries(data_dir, viewer, action="reminder_sent", limit=1_000_000):
        if e.target and e.detail.get("outcome") in DELIVERED:
            done.setdefault(e.target, set()).update(
                (str(t), str(s), d, r) for t, s, d, r in e.detail.get("lines") or []
            )
    return done


def _record(
    data_dir: DataDir, viewer: Viewer, letter: Letter, outcome: Outcome, period: str | None
) -> None:
    reason = outcome.error.key if outcome.error is not None else None
    audit.record(
        data_dir,
        viewer.username or "cli",
        "reminder_sent",
        letter.partner,
        language=letter.lang,
        recipients=len(letter.to),
        templates=list(letter.templates),
        period=period,
        outcome=outcome.status,
        accepted=len(outcome.accepted),
        refused=len(outcome.refused),
        lines=[list(line) for line in letter.lines],
        **({"deliverables": list(letter.deliverables)} if letter.deliverables else {}),
        **({"reason": reason} if reason else {}),
    )


def send_reminders(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    today: dt.date,
    period: str | None = None,
    lang: str | None = None,
    resend: bool = False,
) -> Sent:
    """E-mail every partner that owes something (data by the calendar, deliverables it leads
    late or due soon) and was not reminded of it yet (all of them with ``resend``); refuse without SMTP settings. Each outcome is audited at once."""
    viewer.require("send_reminders")
    settings = mail.load_smtp(data_dir)
    if settings is None:
        raise UsageError(key="editing.mail.not_configured", file=str(mail.smtp_path(data_dir)))
    work = deliverables_owed(data_dir, project, today)
    made = letters(data_dir, project, owed(data_dir, project, today, period), lang, work)
    ready = [letter for letter in made if letter.to]
    outcomes: dict[str, Outcome] = {}
    error: mail.MailError | None = None
    with store_lock(data_dir, LOCK):  # two coordinators pressing "send" at once send once
        done = {} if resend else reminded(data_dir, viewer)
        todo = []
        for letter in ready:
            if set(letter.lines) <= done.get(letter.partner, set()):
                outcomes[letter.partner] = Outcome(
                    letter.partner, "already_sent", not_sent=letter.to
                )
            else:
                todo.append(letter)
        if todo:
            error = _converse(data_dir, viewer, settings, todo, outcomes, period)
    for letter in made:
        if not letter.to:
            outcomes[letter.partner] = Outcome(letter.partner, "no_address")
    delivered = [letter for letter in ready if outcomes[letter.partner].status in DELIVERED]
    return Sent(
        delivered,
        [letter.partner for letter in made if not letter.to],
        [outcomes[letter.partner] for letter in made],
        error,
    )


def _converse(
    data_dir: DataDir,
    viewer: Viewer,
    settings: mail.SmtpSettings,
    todo: list[Letter],
    outcomes: dict[str, Outcome],
    period: str | None,
) -> mail.MailError | None:
    """Send ``todo`` over one conversation, recording each outcome as it happens. A broken
    conversation fails the letter in hand and every letter after it; returns that error."""
    pending = list(todo)
    try:
        with mail.Conversation(settings) as talk:
            while pending:
                letter = pending[0]
                got = talk.deliver(letter.message(settings.sender))
                status = ("partly_sent" if got.refused else "sent") if got.accepted else "refused"
                outcome = Outcome(letter.partner, status, got.accepted, got.refused)
                outcomes[letter.partner] = outcome
                pending.pop(0)
                _record(data_dir, viewer, letter, outcome, period)
    except mail.MailError as exc:
        for letter in pending:
            outcome = Outcome(letter.partner, "failed", not_sent=letter.to, error=exc)
            outcomes[letter.partner] = outcome
            _record(data_dir, viewer, letter, outcome, period)
        return exc
    except Exception as exc:  # a defect: say how far sending got, never "nothing happened"
        sent = sum(1 for o in outcomes.values() if o.status in DELIVERED)
        if os.environ.get("LESLIE_DEBUG") or not sent:
            raise
        detail = str(exc) if isinstance(exc, LeslieError) else f"{type(exc).__name__}: {exc}"
        raise mail.MailError(
            key="mail.interrupted", detail=detail, sent=sent, total=len(todo)
        ) from exc
    return None
