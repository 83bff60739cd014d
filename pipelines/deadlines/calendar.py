"""The submission calendar: per partner and template, what is due when, and where each stands.

A deadline (``[calendar]`` in project.toml) is met by any submission of the template received
after the previous deadline's due date, on time or late: a partner that sends its complete
list late is no longer late. The status is the first that applies:

- ``not_expected``: the partner does not submit this template (its type or its own list);
- ``returned``: its newest submission came back from review and awaits a correction;
- ``late``: a due date has passed with nothing received since the deadline before it;
- ``due``: the next due date is less than ``reminder_days`` away and not met yet;
- ``on_time``: everything so far is in.

The work plan's deliverables join it (``deliverables_owed``): a deliverable not submitted yet
is ``late`` once its due date has passed and ``due`` when that date is less than
``reminder_days`` away; the reminders name them to their lead partners.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipelines.access.scope import Viewer
from pipelines.config import Deadline, Project
from pipelines.intake.contract import TEMPLATES
from pipelines.paths import DataDir
from pipelines.store.ledger import Ledger, Submission
from pipelines.warehouse.build import connect_memory
from pipelines.workplan import service as workplan

STATUSES = ("on_time", "due", "late", "returned", "not_expected")
OWING = ("due", "late", "returned")  # the statuses a reminder is sent for
LIVE_STATES = ("pending", "approved", "returned")


@dataclass(frozen=True)
class Entry:
    """One partner × template line of the calendar."""

    partner: str
    template: str
    status: str
    due: dt.date | None  # the due date the status is about (None: nothing due)
    days: int | None  # days late (late) or days left (due, on_time); None otherwise
    period: str | None
    last_submitted: dt.date | None
    last_state: str | None  # pending | approved | returned of the newest submission
    last_rows: int | None
    last_id: int | None

    @property
    def owing(self) -> bool:
        return self.status in OWING


def received_on(sub: Submission) -> dt.date:
    return dt.datetime.fromisoformat(sub.received_at).date()


def _newest(subs: list[Submission], partner: str, template: str) -> Submission | None:
    mine = [
        s
        for s in subs
        if s.template == template and partner in s.partners and s.state in LIVE_STATES
    ]
    return max(mine, key=lambda s: s.submission_id) if mine else None


def _windows(deadlines: tuple[Deadline, ...], template: str) -> list[tuple[dt.date, Deadline]]:
    """Each deadline of the template with the day its window opens (the previous due date)."""
    mine = [d for d in deadlines if template in d.templates]
    opens = [dt.date.min] + [d.due for d in mine[:-1]]
    return list(zip(opens, mine, strict=True))


def status_of(
    project: Project,
    partner: str,
    template: str,
    subs: list[Submission],
    today: dt.date,
    rows: dict[tuple[int, str], int] | None = None,
) -> Entry:
    """Where one partner stands with one template on ``today``. ``rows`` gives the records
    of each partner in a file of several partners (else a file's row count is used)."""
    cal = project.calendar
    last = _newest(subs, partner, template)
    received = received_on(last) if last else None

    def entry(status: str, deadline: Deadline | None, days: int | None) -> Entry:
        return Entry(
            partner=partner,
            template=template,
            status=status,
            due=deadline.due if deadline else None,
            days=days,
            period=deadline.period if deadline else None,
            last_submitted=received,
            last_state=last.state if last else None,
            last_rows=(rows or {}).get((last.submission_id, partner), last.row_count)
            if last
            else None,
            last_id=last.submission_id if last else None,
        )

    windows = _windows(cal.deadlines, template)
    opens, upcoming = next(((o, d) for o, d in windows if d.due >= today), (None, None))
    days_left = (upcoming.due - today).days if upcoming else None
    if not cal.expects(project.partner(partner), template):
        return entry("not_expected", None, None)
    if last is not None and last.state == "returned":
        return entry("returned", upcoming, days_left)
    for start, deadline in windows:
        if deadline.due < today and not (received is not None and received > start):
            return entry("late", deadline, (today - deadline.due).days)
    met = received is not None and opens is not None and received > opens
    if upcoming and not met and days_left is not None and days_left <= cal.reminder_days:
        return entry("due", upcoming, days_left)
    return entry("on_time", upcoming, days_left)


def calendar(
    project: Project,
    subs: list[Submission],
    today: dt.date,
    partners: tuple[str, ...] | None = None,
    rows: dict[tuple[int, str], int] | None = None,
) -> list[Entry]:
    """Every partner (or those given) × template, in the project's partner order."""
    codes = partners if partners is not None else project.partner_codes
    return [status_of(project, p, t, subs, today, rows) for p in codes for t in TEMPLATES]


def rows_per_partner(data_dir: DataDir, subs: list[Submission]) -> dict[tuple[int, str], int]:
    """Records per partner of every file that holds several partners (a national
    coordinator's workbook), counted in the stored Parquet."""
    counts: dict[tuple[int, str], int] = {}
    shared = [s for s in subs if len(s.partners) > 1 and (data_dir.store / s.parquet).exists()]
    if not shared:
        return counts
    con = connect_memory()
    try:
        for s in shared:
            column = TEMPLATES[s.template].partner_column
            found = con.execute(
                f'SELECT "{column}", count(*) FROM read_parquet($path) GROUP BY 1',
                {"path": str(data_dir.store / s.parquet)},
            ).fetchall()
            counts.update({(s.submission_id, code): int(n) for code, n in found})
    finally:
        con.close()
    return counts


def calendar_for(
    data_dir: DataDir, project: Project, viewer: Viewer, today: dt.date
) -> list[Entry]:
    """The calendar lines of the partners whose data status this viewer may see."""
    viewer.validate(project)
    viewer.require("see_data_status")
    mine = tuple(p for p in project.partner_codes if viewer.can("see_data_status", p, project))
    subs = Ledger(data_dir.ledger).submissions()
    return calendar(project, subs, today, mine, rows_per_partner(data_dir, subs))


@dataclass(frozen=True)
class DeliverableEntry:
    """A deliverable of the work plan its lead partner still owes."""

    partner: str  # the lead partner
    code: str
    title: str
    status: str  # late | due
    due: dt.date
    days: int  # days late (late) or days left (due)
    state: str  # pending | draft

    @property
    def line(self) -> tuple[str, str, str, None]:
        """What a reminder of it is about (a second reminder of the same line is a
        duplicate)."""
        return (self.code, self.status, self.due.isoformat(), None)


def owed_deliverables(
    project: Project, states: list[workplan.DeliverableState], today: dt.date
) -> list[DeliverableEntry]:
    """The deliverables not submitted yet that are late or due within ``reminder_days``."""
    window = project.calendar.reminder_days
    out = []
    for d in states:
        if d.status == "submitted":
            continue
        left = (d.item.due - today).days
        if left < 0:
            status, days = "late", -left
        elif left <= window:
            status, days = "due", left
        else:
            continue
        out.append(
            DeliverableEntry(
                d.item.lead, d.item.code, d.item.title, status, d.item.due, days, d.status
            )
        )
    return out


def deliverables_owed(
    data_dir: DataDir, project: Project, today: dt.date, viewer: Viewer | None = None
) -> list[DeliverableEntry]:
    """The late and due deliverables of the partners ``viewer`` may see (every partner's
    for the reminders, which only the coordinator sends)."""
    who = viewer or Viewer.coordinator("reminders")
    return owed_deliverables(
        project, workplan.deliverables(data_dir, project, who, day=today), today
    )
