"""The Excel report (XlsxWriter): a cover with provenance, one sheet per table, native charts.

Submitted text never becomes a formula: every text cell goes through ``export.safe_cell`` and
``write_string`` (never ``write``), and the workbook is opened with ``strings_to_formulas``
off as a second guard. Numbers are written as numbers with number formats, dates as dates.
"""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from pipelines.metrics.indicators import IndicatorValue, number
from pipelines.reports.model import ReportData
from pipelines.reports.text import (
    BREAKDOWN_TITLES,
    EU_ELEMENTS_NOTE,
    LEARNERS_NOTE,
    NOT_SHOWN,
    by_work_package,
    cover_rows,
    learners_table,
    report_title,
    scope_name,
    sdg_chart_codes,
    status_label,
)
from pipelines.words.cells import safe_cell

MAX_URL = 2079  # Excel's limit for a hyperlink

INDICATOR_COLUMNS = [
    ("Actual", 12),
    ("Target", 12),
    ("Expected to date", 16),
    ("Progress", 10),
    ("Status", 13),
]


class _Book:
    """A workbook with the report's formats and safe cell writers."""

    def __init__(self, data: ReportData, out: io.BytesIO) -> None:
        self.data = data
        self.wb = xlsxwriter.Workbook(
            out,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        add = self.wb.add_format
        self.title = add({"bold": True, "font_size": 16, "font_color": "#1F3864"})
        self.bold = add({"bold": True})
        self.header = add(
            {"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF", "text_wrap": True}
        )
        self.wrap = add({"text_wrap": True, "valign": "top"})
        self.text = add({"valign": "top"})
        self.integer = add({"num_format": "#,##0", "valign": "top"})
        self.decimal = add({"num_format": "#,##0.0", "valign": "top"})
        self.percent = add({"num_format": "0%", "valign": "top"})
        self.date = add({"num_format": "yyyy-mm-dd", "valign": "top"})
        self.link = add({"font_color": "#0563C1", "underline": 1, "valign": "top"})
        self.note = add({"italic": True, "font_color": "#555555", "text_wrap": True})
        self.status = {
            key: add({"bg_color": colour, "valign": "top"})
            for key, colour in data.labels.status_colours.items()
        }

    # cells ------------------------------------------------------------------------------
    def text_cell(self, ws: Worksheet, row: int, col: int, value: object, fmt=None) -> None:
        """Text, neutralised so that it can never start a formula."""
        if value is None:
            ws.write_blank(row, col, None, fmt or self.text)
            return
        ws.write_string(row, col, str(safe_cell(value)), fmt or self.text)

    def number_cell(self, ws: Worksheet, row: int, col: int, value: float | None, fmt=None):
        value = number(value)
        if value is None:
            ws.write_blank(row, col, None, fmt or self.text)
        else:
            ws.write_number(row, col, value, fmt or self._number_format(value))

    def _number_format(self, value: float | int):
        return self.integer if isinstance(value, int) else self.decimal

    def url_cell(self, ws: Worksheet, row: int, col: int, url: str | None) -> None:
        if not url:
            ws.write_blank(row, col, None, self.text)
            return
        if len(url) > MAX_URL or not url.lower().startswith(("http://", "https://")):
            self.text_cell(ws, row, col, url)
            return
        if ws.write_url(row, col, url, self.link, string=url) != 0:
            self.text_cell(ws, row, col, url)

    def header_row(self, ws: Worksheet, row: int, columns: list[tuple[str, float]]) -> None:
        for col, (name, width) in enumerate(columns):
            ws.write_string(row, col, name, self.header)
            ws.set_column(col, col, width)
        ws.freeze_panes(row + 1, 0)

    def indicator_cells(self, ws: Worksheet, row: int, col: int, v: IndicatorValue) -> None:
        """Actual, target, expected, progress, status: the same five cells on every sheet."""
        if v.suppressed:
            self.text_cell(ws, row, col, NOT_SHOWN)
        else:
            self.number_cell(ws, row, col, v.actual)
        self.number_cell(ws, row, col + 1, v.target)
        self.number_cell(ws, row, col + 2, v.expected)
        if v.progress is None:
            ws.write_blank(row, col + 3, None, self.text)
        else:
            ws.write_number(row, col + 3, v.progress, self.percent)
        label = status_label(self.data, v.status)
        self.text_cell(ws, row, col + 4, label, self.status.get(v.status or "", self.text))


def write_xlsx(data: ReportData) -> bytes:
    """The report as an .xlsx file (bytes)."""
    out = io.BytesIO()
    book = _Book(data, out)
    generated = dt.datetime.fromisoformat(data.generated_at).replace(tzinfo=None)
    book.wb.set_properties(
        {
            "title": f"{data.project['acronym']} {report_title(data)}",
            "subject": data.scope.label,
            "company": data.project["acronym"],
            "created": generated,
        }
    )
    _cover(book)
    indicators = _indicators(book)
    _breakdown(book, "By partner", "partner", data.by_partner)
    if data.by_country:
        _breakdown(book, "By country", "country", data.by_country)
    _breakdown(book, "By SDG", "sdg", data.by_sdg)
    _work_packages(book)
    _learners(book)
    _activities(book)
    _catalogue(book)
    _charts(book, indicators)
    book.wb.close()
    return out.getvalue()


def _cover(book: _Book) -> None:
    data = book.data
    ws = book.wb.add_worksheet("Cover")
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 90)
    book.text_cell(ws, 0, 0, f"{data.project['acronym']}: {report_title(data)}", book.title)
    row = 2
    for label, value in cover_rows(data):
        book.text_cell(ws, row, 0, label, book.bold)
        book.text_cell(ws, row, 1, value, book.wrap)
        row += 1
    row += 1
    book.text_cell(ws, row, 0, "Submissions behind these figures", book.bold)
    row += 1
    names = ["Submission", "Template", "File", "SHA-256", "Partners", "Rows", "Received at"]
    for col, name in enumerate([*names, "State"]):
        ws.write_string(row, col, name, book.header)
    for col, width in ((2, 40), (3, 66), (4, 24), (5, 8), (6, 22), (7, 10)):
        ws.set_column(col, col, width)
    for s in data.submissions:
        row += 1
        ws.write_number(row, 0, s.submission_id, book.integer)
        book.text_cell(ws, row, 1, s.template)
        book.text_cell(ws, row, 2, s.file_name)
        book.text_cell(ws, row, 3, s.sha256)
        book.text_cell(ws, row, 4, ", ".join(s.partners))
        ws.write_number(row, 5, s.row_count, book.integer)
        book.text_cell(ws, row, 6, s.received_at)
        book.text_cell(ws, row, 7, s.state)
    ws.activate()


def _indicators(book: _Book) -> tuple[str, int]:
    data = book.data
    ws = book.wb.add_worksheet("Indicators")
    columns = [("Code", 9), ("Indicator", 30), ("Unit", 11), ("Work package", 12)]
    book.header_row(ws, 0, [*columns, *INDICATOR_COLUMNS, ("Definition", 60)])
    for row, v in enumerate(data.indicators, 1):
        book.text_cell(ws, row, 0, v.code)
        book.text_cell(ws, row, 1, v.name)
        book.text_cell(ws, row, 2, v.unit)
        book.text_cell(ws, row, 3, v.work_package)
        book.indicator_cells(ws, row, 4, v)
        book.text_cell(ws, row, 9, data.labels.indicator_definitions.get(v.code, ""), book.wrap)
    ws.autofilter(0, 0, len(data.indicators), 9)
    return "Indicators", len(data.indicators)


def _breakdown(book: _Book, sheet: str, breakdown: str, values: list[IndicatorValue]) -> None:
    data = book.data
    ws = book.wb.add_worksheet(sheet)
    first = BREAKDOWN_TITLES[breakdown]
    columns = [(first, 10), (f"{first} name", 36)]
    if breakdown == "partner":
        columns.append(("Country", 9))
    columns += [("Code", 9), ("Indicator", 30), ("Unit", 11)]
    book.header_row(ws, 0, [*columns, *INDICATOR_COLUMNS])
    for row, v in enumerate(values, 1):
        col = 0
        if breakdown == "sdg":
            ws.write_number(row, col, int(v.scope), book.integer)
        else:
            book.text_cell(ws, row, col, v.scope)
        book.text_cell(ws, row, col + 1, scope_name(data, breakdown, v.scope))
        col += 2
        if breakdown == "partner":
            book.text_cell(ws, row, col, data.labels.partner_countries.get(v.scope, ""))
            col += 1
        book.text_cell(ws, row, col, v.code)
        book.text_cell(ws, row, col + 1, v.name)
        book.text_cell(ws, row, col + 2, v.unit)
        book.indicator_cells(ws, row, col + 3, v)
    ws.autofilter(0, 0, max(len(values), 1), len(columns) + len(INDICATOR_COLUMNS) - 1)


def _work_packages(book: _Book) -> None:
    data = book.data
    ws = book.wb.add_worksheet("By work package")
    columns = [
        ("Work package", 12),
        ("Title", 40),
        ("Lead", 10),
        ("Code", 9),
        ("Indicator", 30),
        ("Unit", 11),
    ]
    book.header_row(ws, 0, [*columns, *INDICATOR_COLUMNS])
    row = 0
    for wp, values in by_work_package(data).items():
        for v in values:
            row += 1
            book.text_cell(ws, row, 0, wp)
            book.text_cell(ws, row, 1, data.labels.work_packages.get(wp, ""))
            book.text_cell(ws, row, 2, data.labels.work_package_leads.get(wp, ""))
            book.text_cell(ws, row, 3, v.code)
            book.text_cell(ws, row, 4, v.name)
            book.text_cell(ws, row, 5, v.unit)
            book.indicator_cells(ws, row, 6, v)


def _learners(book: _Book) -> None:
    data = book.data
    ws = book.wb.add_worksheet("Learners")
    genders, types, cells = learners_table(data)
    columns = [("Learner type", 18)] + [(f"Gender {g}", 11) for g in genders] + [("Total", 11)]
    book.header_row(ws, 0, columns)
    for row, kind in enumerate([*types, None], 1):
        book.text_cell(ws, row, 0, kind or "Total", book.bold if kind is None else None)
        for col, gender in enumerate([*genders, None], 1):
            ws.write_number(row, col, cells.get((gender, kind), 0), book.integer)
    book.text_cell(ws, len(types) + 3, 0, LEARNERS_NOTE, book.note)
    ws.set_row(len(types) + 3, 30)


def _activities(book: _Book) -> None:
    data = book.data
    ws = book.wb.add_worksheet("Achieved results")
    columns = [
        ("Date", 11),
        ("Partner", 10),
        ("Activity id", 12),
        ("Type", 16),
        ("Title", 50),
        ("Country", 8),
        ("Audience", 30),
        ("Participants", 12),
        ("Reach", 10),
        ("SDGs", 10),
        ("Evidence", 45),
    ]
    book.header_row(ws, 0, columns)
    for row, a in enumerate(data.activities, 1):
        ws.write_datetime(row, 0, dt.datetime.fromisoformat(a.date), book.date)
        book.text_cell(ws, row, 1, a.partner_code)
        book.text_cell(ws, row, 2, a.activity_id)
        book.text_cell(ws, row, 3, a.activity_type.replace("_", " "))
        book.text_cell(ws, row, 4, a.title, book.wrap)
        book.text_cell(ws, row, 5, a.event_country)
        book.text_cell(ws, row, 6, a.audience)
        book.number_cell(ws, row, 7, a.participants)
        book.number_cell(ws, row, 8, a.reach)
        book.text_cell(ws, row, 9, ", ".join(str(g) for g in a.sdg_goals))
        book.url_cell(ws, row, 10, a.url)
    ws.autofilter(0, 0, max(len(data.activities), 1), len(columns) - 1)


CATALOGUE_COLUMNS = [
    ("Module code", 14, "module_code"),
    ("Title", 45, "title"),
    ("Awarding body", 36, "awarding_body"),
    ("Lead partner", 10, "lead_partner_code"),
    ("Country of the issuer", 12, "country"),
    ("Micro-credential", 10, "micro_credential"),
    ("Learning outcomes", 50, "learning_outcomes"),
    ("Notional workload (ECTS)", 12, "ects"),
    ("Level (EQF)", 8, "eqf_level"),
    ("Type of assessment", 28, "assessment_type"),
    ("Form of participation", 12, "delivery_mode"),
    ("Type of quality assurance", 30, "quality_assurance"),
    ("Language", 10, "language"),
    ("Status", 14, "status"),
    ("Work package", 8, "work_package"),
    ("SDGs", 10, "sdg_goals"),
    ("Co-developers", 20, "partner_codes"),
    ("Available from", 12, "available_from"),
    ("Further information", 40, "catalog_url"),
]


def _catalogue(book: _Book) -> None:
    data = book.data
    ws = book.wb.add_worksheet("Catalogue")
    book.header_row(ws, 0, [(name, width) for name, width, _ in CATALOGUE_COLUMNS])
    for row, m in enumerate(data.catalogue, 1):
        for col, (_name, _width, key) in enumerate(CATALOGUE_COLUMNS):
            value = getattr(m, key)
            if key in ("ects", "eqf_level"):
                book.number_cell(ws, row, col, value)
            elif key == "micro_credential":
                book.text_cell(ws, row, col, "yes" if value else "no")
            elif key == "catalog_url":
                book.url_cell(ws, row, col, value)
            elif key == "country":
                book.text_cell(ws, row, col, data.labels.countries.get(value, value))
            elif key == "sdg_goals":
                book.text_cell(ws, row, col, ", ".join(str(g) for g in value))
            elif key == "learning_outcomes":
                book.text_cell(ws, row, col, value, book.wrap)
            else:
                book.text_cell(ws, row, col, value)
    book.text_cell(ws, len(data.catalogue) + 2, 0, EU_ELEMENTS_NOTE, book.note)


def _charts(book: _Book, indicators: tuple[str, int]) -> None:
    """Native charts: progress per indicator, and per-SDG contribution (data on this sheet)."""
    data = book.data
    sheet, count = indicators
    ws = book.wb.add_worksheet("Charts")
    chart = book.wb.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "Progress towards the period's target",
            "categories": [sheet, 1, 0, count, 0],
            "values": [sheet, 1, 7, count, 7],
            "points": [
                {"fill": {"color": data.labels.status_colours.get(v.status or "", "#999999")}}
                for v in data.indicators
            ],
            "data_labels": {"value": True, "num_format": "0%"},
        }
    )
    chart.set_title({"name": "Progress towards targets"})
    chart.set_x_axis({"num_format": "0%", "min": 0})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"none": True})
    chart.set_size({"width": 720, "height": 420})
    ws.insert_chart(0, 0, chart)

    codes = sdg_chart_codes(data)
    goals = list(data.labels.sdgs)
    values = {(v.scope, v.code): v.actual for v in data.by_sdg}
    names = {v.code: v.name for v in data.by_sdg}
    top = 22
    ws.write_string(top, 0, "SDG", book.header)
    for col, code in enumerate(codes, 1):
        ws.write_string(top, col, f"{code} {names.get(code, '')}", book.header)
        ws.set_column(col, col, 16)
    for row, goal in enumerate(goals, top + 1):
        book.text_cell(ws, row, 0, f"SDG {goal} {data.labels.sdgs[goal]}")
        for col, code in enumerate(codes, 1):
            book.number_cell(ws, row, col, values.get((goal, code)))
    ws.set_column(0, 0, 40)
    for n, code in enumerate(codes):
        col = n + 1
        sdg = book.wb.add_chart({"type": "column"})
        sdg.add_series(
            {
                "name": f"{code} {names.get(code, '')}",
                "categories": ["Charts", top + 1, 0, top + len(goals), 0],
                "values": ["Charts", top + 1, col, top + len(goals), col],
                "points": [
                    {"fill": {"color": data.labels.sdg_colours.get(g, "#999999")}} for g in goals
                ],
            }
        )
        sdg.set_title({"name": f"{code} {names.get(code, '')} per SDG", "name_font": {"size": 10}})
        sdg.set_legend({"none": True})
        sdg.set_size({"width": 480, "height": 300})
        ws.insert_chart(top + len(goals) + 2 + 16 * (n // 2), 8 * (n % 2), sdg)
