"""The grant agreement's list of deliverables and milestones, read from a CSV or XLSX file.

The file goes through the intake's reader (any encoding and delimiter, XLSX with its real
dates, size limits), then through the checks below: a work plan has tens of rows, so they are
plain Python, each problem said by a ``workplan.load.*`` message with its row and column.
A file is taken whole or refused whole, with every problem listed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

import duckdb

from pipelines.config import (
    DELIVERABLE_CODE,
    DELIVERABLE_TYPES,
    DISSEMINATION_LEVELS,
    MILESTONE_CODE,
    Deliverable,
    Milestone,
    Project,
)
from pipelines.intake.contract import Limits
from pipelines.intake.readers import quote_ident, read_submission
from pipelines.intake.validate import Problem
from pipelines.intake.wording import phrase

COLUMNS = (
    "kind",
    "code",
    "title",
    "work_package",
    "lead_partner",
    "type",
    "dissemination",
    "due",
    "verification",
)
KINDS = ("deliverable", "milestone")
# a deliverable's or milestone's field -> the column that sets it
FIELD_COLUMN = {"wp": "work_package", "lead": "lead_partner"}
NEEDED = {
    "deliverable": (
        "code",
        "title",
        "work_package",
        "lead_partner",
        "type",
        "dissemination",
        "due",
    ),
    "milestone": ("code", "title", "work_package", "due", "verification"),
}
ALWAYS = ("kind", "code", "title", "work_package", "due")  # the columns every file must have
MAX_TEXT = 500
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
# control characters and bidirectional overrides, refused like in every partner file
REFUSED = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\\u202a-\\u202e\\u2066-\\u2069]")
EXAMPLES = (
    {"kind": "deliverable", "code": "D3.1", "title": "Needs analysis report",
     "work_package": "WP3", "lead_partner": "KAZNU", "type": "R", "dissemination": "PU",
     "due": "2024-09-30", "verification": ""},
    {"kind": "milestone", "code": "M2", "title": "Needs analysis validated",
     "work_package": "WP3", "lead_partner": "", "type": "", "dissemination": "",
     "due": "2024-10-31", "verification": "Validated needs analysis report (D3.1)"},
)  # fmt: skip


@dataclass
class ListFile:
    """What a file says: its deliverables and milestones, or the problems that refuse it."""

    name: str
    deliverables: list[Deliverable] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.problems


@cache
def header_names() -> dict[str, str]:
    """Every way a header may be written (the column's name, its words in each language)
    -> the column."""
    from pipelines.words.catalogue import LANGUAGES, text

    names: dict[str, str] = {}
    for column in COLUMNS:
        names[_fold(column)] = column
        for lang in LANGUAGES:
            names.setdefault(_fold(text(f"workplan.column.{column}", lang)), column)
    return names


def _fold(header: str) -> str:
    return " ".join(header.replace("_", " ").lower().split())


def read_list(data: bytes, name: str, project: Project, limits: Limits) -> ListFile:
    """Read and check a list file (InputFileError when it is not a readable CSV or XLSX)."""
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    try:
        raw = read_submission(con, data, name, table="wpl_raw", limits=limits)
        result = con.execute(f"SELECT * FROM {quote_ident(raw.table)} ORDER BY _row")
        headers = [d[0] for d in result.description]
        rows = result.fetchall()
    finally:
        con.close()
    found = ListFile(name)
    columns = _columns(headers, found)
    if not rows:
        found.problems.append(Problem.keyed((None, None, None), "workplan.load.no_rows"))
    checker = _Rows(project, found)
    for values in rows:
        cells = dict(zip(headers, values, strict=True))
        row = {columns[h]: (cells[h] or "").strip() for h in headers if h in columns}
        checker.check(int(cells["_row"]), row, {v: k for k, v in columns.items()})
    for column in sorted(checker.absent, key=COLUMNS.index):  # needed by some rows
        found.problems.append(_missing(column))
    return found


def _missing(column: str) -> Problem:
    """A column the list needs is not in the file."""
    return Problem.keyed(
        (None, None, None),
        "workplan.load.missing_column",
        column=phrase(f"workplan.column.{column}"),
    )


def _columns(headers: list[str], found: ListFile) -> dict[str, str]:
    """The file's headers -> columns; an unknown header or a missing column is a problem."""
    known = header_names()
    columns: dict[str, str] = {}
    for header in headers:
        if header == "_row":
            continue
        column = known.get(_fold(header))
        first = next((h for h, c in columns.items() if c == column), None)
        if column is not None and first is not None:
            found.problems.append(
                Problem.keyed(
                    (None, header, None),
                    "workplan.load.duplicate_column",
                    first=first,
                    second=header,
                    column=phrase(f"workplan.column.{column}"),
                )
            )
        elif column is None:
            found.problems.append(
                Problem.keyed(
                    (None, header, None),
                    "workplan.load.unknown_column",
                    column=header,
                    columns=[phrase(f"workplan.column.{c}") for c in COLUMNS],
                )
            )
        else:
            columns[header] = column
    for column in ALWAYS:
        if column not in columns.values():
            found.problems.append(_missing(column))
    return columns


class _Rows:
    """The checks of one row, and those across rows (codes unique)."""

    def __init__(self, project: Project, found: ListFile) -> None:
        self.project = project
        self.found = found
        self.seen: dict[str, int] = {}
        self.absent: set[str] = set()  # columns some rows need that the file lacks

    def problem(self, row: int, column: str, value: str | None, key: str, /, **params) -> None:
        self.found.problems.append(Problem.keyed((row, column, value), key, **params))

    def check(self, row: int, cells: dict[str, str], header_of: dict[str, str]) -> None:
        before = len(self.found.problems)

        def where(column: str) -> str:
            return header_of.get(column, column)

        for column, value in cells.items():
            if REFUSED.search(value) or len(value) > MAX_TEXT:
                self.problem(row, where(column), value[:80], "workplan.load.bad_text",
                             limit=MAX_TEXT)  # fmt: skip
        kind = cells.get("kind", "").lower()
        if kind not in KINDS:
            self.problem(row, where("kind"), cells.get("kind"), "workplan.load.bad_kind")
            return
        lacking = [c for c in NEEDED[kind] if c not in cells and c not in ALWAYS]
        self.absent.update(lacking)  # said once for the file
        for column in NEEDED[kind]:
            if column in cells and not cells[column]:
                self.problem(row, where(column), None, "workplan.load.missing_cell",
                             column=where(column), kind=kind)  # fmt: skip
        code = self._code(row, kind, cells, where)
        wp = self._wp(row, cells, where)
        if kind == "deliverable" and code and wp and not _numbered_in(code, wp):
            self.problem(row, where("code"), code, "workplan.load.code_wp", code=code, wp=wp,
                         expected=f"WP{int(code[1:].split('.')[0])}")  # fmt: skip
        lead = cells.get("lead_partner", "").upper()
        if lead and lead not in self.project.partner_codes:
            self.problem(row, where("lead_partner"), lead, "workplan.load.unknown_partner",
                         partner=lead, known=", ".join(self.project.partner_codes))  # fmt: skip
        due = self._date(row, cells.get("due", ""), where("due"))
        if len(self.found.problems) > before or lacking or not (code and wp and due):
            return
        if kind == "deliverable":
            kind_of = self._choice(row, cells, "type", DELIVERABLE_TYPES, where)
            level = self._choice(row, cells, "dissemination", DISSEMINATION_LEVELS, where)
            if kind_of and level:
                self.found.deliverables.append(
                    Deliverable(code, cells["title"], wp, lead, kind_of, level, due)
                )
        else:
            self.found.milestones.append(
                Milestone(code, cells["title"], wp, due, cells["verification"])
            )

    def _code(self, row: int, kind: str, cells: dict[str, str], where) -> str:
        code = cells.get("code", "").upper().replace(" ", "")
        if not code:
            return ""
        pattern, example = (DELIVERABLE_CODE, "D3.1") if kind == "deliverable" else (
            MILESTONE_CODE, "M4")  # fmt: skip
        if not pattern.match(code):
            self.problem(row, where("code"), cells["code"], "workplan.load.bad_code",
                         kind=kind, example=example)  # fmt: skip
            return ""
        if code in self.seen:
            self.problem(row, where("code"), code, "workplan.load.duplicate_code",
                         code=code, first=self.seen[code])  # fmt: skip
            return ""
        self.seen[code] = row
        return code

    def _wp(self, row: int, cells: dict[str, str], where) -> str:
        wp = cells.get("work_package", "").upper().replace(" ", "")
        if wp and wp not in self.project.wp_codes:
            self.problem(row, where("work_package"), wp, "workplan.load.unknown_wp",
                         wp=wp, known=", ".join(self.project.wp_codes))  # fmt: skip
            return ""
        return wp

    def _date(self, row: int, value: str, column: str) -> dt.date | None:
        if not value:
            return None
        day = parse_date(value)
        if day is None:
            self.problem(row, column, value, "workplan.load.bad_date")
            return None
        start, end = self.project.start, self.project.end
        if not start <= day <= end:
            self.problem(row, column, value, "workplan.load.date_outside",
                         start=start.isoformat(), end=end.isoformat())  # fmt: skip
            return None
        return day

    def _choice(self, row: int, cells: dict[str, str], column: str, allowed, where) -> str:
        value = cells.get(column, "").upper()
        if value not in allowed:
            self.problem(row, where(column), cells.get(column), f"workplan.load.unknown_{column}",
                         known=", ".join(allowed))  # fmt: skip
            return ""
        return value


def _numbered_in(code: str, wp: str) -> bool:
    """Whether a deliverable's number names its work package (D3.1 and D03.1 in WP3)."""
    digits = wp.upper().removeprefix("WP")
    return digits.isdigit() and int(code[1:].split(".")[0]) == int(digits)


def parse_date(value: str) -> dt.date | None:
    """The intake's date forms: 2024-09-30, 30.09.2024, 30/09/2024 (an XLSX date cell is
    read as 2024-09-30)."""
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), form).date()
        except ValueError:
            continue
    return None
