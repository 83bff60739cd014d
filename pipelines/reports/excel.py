"""The Excel report (XlsxWriter): a cover, one sheet per table, native charts, provenance last.

Submitted text never becomes a formula: every text cell goes through ``safe_cell`` and
``write_string`` (never ``write``), and the workbook is opened with ``strings_to_formulas``
off as a second guard; characters XML cannot hold are replaced (``plain``). Numbers are
written as numbers with number formats (counts whole), dates as dates. Every sheet is set
up for printing: A4, fit to one page wide, header rows repeated, a print area, and a header
and footer with the project number, the sheet name and "page x of y".
"""

from __future__ import annotations

import datetime as dt
import io
import math

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from pipelines.metrics.indicators import IndicatorValue, number
from pipelines.reports import emblem, fonts, tables
from pipelines.reports.model import ReportData
from pipelines.reports.text import (
    BREAKDOWN_COLUMNS,
    ReportWords,
    by_work_package,
    cover_rows,
    disclaimer,
    entry_text,
    funding_statement,
    learners_table,
    plain,
    sdg_chart_codes,
)
from pipelines.rounding import half_up
from pipelines.words.cells import safe_cell

MAX_URL = 2079  # Excel's limit for a hyperlink
A4 = 9
CHAR_PT = 5.6  # one unit of Excel column width, in points (Calibri/Carlito 11; DejaVu
# measures about 15 % wider, hence the 0.85 below)
LINE_PT = 15.0
DECIMAL_UNITS = ("%", "ECTS")  # every other unit counts things: whole numbers
INDICATOR_COLUMNS = [("actual", 11), ("target", 11), ("expected", 11), ("progress", 11)]
INDICATOR_COLUMNS += [("status", 13)]


class _Book:
    """A workbook with the report's formats and safe cell writers."""

    def __init__(self, w: ReportWords, out: io.BytesIO) -> None:
        self.w = w
        self.data = data = w.data
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
        self.bold_top = add({"bold": True, "valign": "top"})
        self.lines: dict[tuple[str, int], int] = {}
        self.widths: dict[tuple[str, int], float] = {}
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
        self.note = add(
            {"italic": True, "font_color": "#555555", "text_wrap": True, "valign": "top"}
        )
        self.header.set_valign("top")
        self.wrapping = (self.wrap, self.header)
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
        text = plain(safe_cell(value))
        ws.write_string(row, col, text, fmt or self.text)
        if fmt in self.wrapping:
            self.wrapped(ws, row, col, text)

    def column(self, ws: Worksheet, col: int, width: float) -> None:
        ws.set_column(col, col, width)
        self.widths[(ws.name, col)] = width

    def number_cell(
        self, ws: Worksheet, row: int, col: int, value: float | None, fmt=None, unit: str = ""
    ):
        value = number(value)
        if value is None:
            ws.write_blank(row, col, None, fmt or self.text)
        elif unit not in DECIMAL_UNITS and fmt is None:
            ws.write_number(row, col, int(half_up(value, 0)), self.integer)
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
            self.column(ws, col, width)
            self.wrapped(ws, row, col, name)
        ws.freeze_panes(row + 1, 0)
        ws.repeat_rows(row)

    def sheet(self, key: str, landscape: bool = True) -> Worksheet:
        """A new sheet named in the reader's language, set up for printing."""
        name = self.w.t(f"sheet.{key}")[:31]
        ws = self.wb.add_worksheet(name)
        ws.set_paper(A4)
        if landscape:
            ws.set_landscape()
        ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
        ws.fit_to_pages(1, 0)  # one page wide, as many pages long as needed
        p = self.data.project
        header = f"&L{_amp(p['acronym'])} {_amp(p['number'])}&R&A"
        page = _amp(self.w.t("footer.page", page="PAGE_NO", pages="PAGES_NO"))
        footer = "&R" + page.replace("PAGE_NO", "&P").replace("PAGES_NO", "&N")
        ws.set_header(header, {"margin": 0.3})
        ws.set_footer(footer, {"margin": 0.3})
        return ws

    def finish(self, ws: Worksheet, last_row: int, last_col: int) -> None:
        """Print area, and row heights for wrapped text (LibreOffice does not grow rows)."""
        ws.print_area(0, 0, max(last_row, 0), last_col)
        for (name, row), lines in self.lines.items():
            if name == ws.name and lines > 1:
                ws.set_row(row, LINE_PT * lines + 3)

    def wrapped(self, ws: Worksheet, row: int, col: int, text: str) -> None:
        """Remember how many lines a wrapped cell needs at its column's width."""
        chars = self.widths.get((ws.name, col), 8.43)
        room = chars * CHAR_PT - 4
        lines = sum(
            max(1, math.ceil(0.85 * fonts.longest_line_pt(part, 11) / room))
            for part in str(text).split("\n")
        )
        key = (ws.name, row)
        self.lines[key] = max(self.lines.get(key, 1), lines)

    def indicator_cells(self, ws: Worksheet, row: int, col: int, v: IndicatorValue) -> None:
        """Actual, target, expected, progress, status: the same five cells on every sheet."""
        if v.suppressed:
            self.text_cell(ws, row, col, self.w.t("value.not_shown"))
        else:
            self.number_cell(ws, row, col, v.actual, unit=v.unit)
        self.number_cell(ws, row, col + 1, v.target, unit=v.unit)
        self.number_cell(ws, row, col + 2, v.expected, unit=v.unit)
        if v.progress is None:
            ws.write_blank(row, col + 3, None, self.text)
        else:
            ws.write_number(row, col + 3, v.progress, self.percent)
        label = self.w.status(v.status)
        self.text_cell(ws, row, col + 4, label, self.status.get(v.status or "", self.text))

    def columns(self, keys: list[tuple[str, float]]) -> list[tuple[str, float]]:
        return [(self.w.t(f"col.{k}"), width) for k, width in keys]


def _amp(text: str) -> str:
    """Text for an Excel header or footer, where '&' starts a code."""
    return plain(text).replace("&", "&&")


def write_xlsx(data: ReportData, lang: str = "en") -> bytes:
    """The report as an .xlsx file (bytes), in ``lang``."""
    out = io.BytesIO()
    w = ReportWords(data, lang)
    book = _Book(w, out)
    generated = dt.datetime.fromisoformat(data.generated_at).replace(tzinfo=None)
    book.wb.set_properties(
        {
            "title": f"{data.project['acronym']} {w.title()}",
            "subject": w.scope(),
            "company": data.project["acronym"],
            "created": generated,
        }
    )
    _cover(book)
    indicators = _indicators(book)
    _breakdown(book, "by_partner", "partner", data.by_partner)
    if data.by_country:
        _breakdown(book, "by_country", "country", data.by_country)
    _breakdown(book, "by_sdg", "sdg", data.by_sdg)
    _work_packages(book)
    _learners(book)
    _activities(book)
    _work_plan(book)
    _catalogue(book)
    _charts(book, indicators)
    _sources(book)
    book.wb.close()
    return out.getvalue()


def _cover(book: _Book) -> None:
    """The cover, on one portrait page: emblem and funding statement, the facts, disclaimer."""
    data, w = book.data, book.w
    ws = book.sheet("cover", landscape=False)
    ws.fit_to_pages(1, 1)
    book.column(ws, 0, 24)
    book.column(ws, 1, 76)
    ws.set_row(0, 62)
    ws.set_row(2, 24)
    ws.insert_image(
        0,
        0,
        "emblem.png",
        {
            "image_data": io.BytesIO(emblem.emblem_png(240)),
            "x_scale": 0.33,
            "y_scale": 0.33,
            "x_offset": 4,
            "y_offset": 4,
            "object_position": 3,
            "description": w.t("eu.emblem_alt"),
        },
    )
    statement = book.wb.add_format({"bold": True, "font_size": 12, "valign": "vcenter"})
    book.text_cell(ws, 0, 1, funding_statement(data), statement)
    book.text_cell(ws, 2, 0, data.project["acronym"], book.title)
    book.text_cell(ws, 3, 0, data.project["title"])
    book.text_cell(ws, 4, 0, w.title(), book.bold)
    row = 6
    for label, value in cover_rows(w):
        book.text_cell(ws, row, 0, label, book.bold_top)
        book.text_cell(ws, row, 1, value, book.wrap)
        row += 1
    row += 1
    ws.merge_range(row, 0, row, 1, "", book.note)
    book.text_cell(ws, row, 0, disclaimer(data), book.note)
    ws.set_row(row, 62)
    book.finish(ws, row, 1)
    ws.activate()


def _indicators(book: _Book) -> tuple[str, int]:
    data, w = book.data, book.w
    ws = book.sheet("indicators")
    columns = book.columns([("code", 8), ("indicator", 28), ("unit", 10), ("work_package", 9)])
    definition = book.columns([("definition", 60)])
    book.header_row(ws, 0, [*columns, *book.columns(INDICATOR_COLUMNS), *definition])
    for row, v in enumerate(data.indicators, 1):
        book.text_cell(ws, row, 0, v.code)
        book.text_cell(ws, row, 1, w.indicator(v), book.wrap)
        book.text_cell(ws, row, 2, w.words.unit(v.unit))
        book.text_cell(ws, row, 3, v.work_package)
        book.indicator_cells(ws, row, 4, v)
        book.text_cell(ws, row, 9, data.labels.indicator_definitions.get(v.code, ""), book.wrap)
    ws.autofilter(0, 0, len(data.indicators), 9)
    book.finish(ws, len(data.indicators), 9)
    return ws.name, len(data.indicators)


def _breakdown(book: _Book, sheet: str, breakdown: str, values: list[IndicatorValue]) -> None:
    data, w = book.data, book.w
    ws = book.sheet(sheet)
    first = w.t(BREAKDOWN_COLUMNS[breakdown])
    columns = [(first, 9), (w.t("col.name"), 36)]
    if breakdown == "partner":
        columns.append((w.t("col.country"), 12))
    columns += book.columns([("code", 8), ("indicator", 26), ("unit", 10)])
    book.header_row(ws, 0, [*columns, *book.columns(INDICATOR_COLUMNS)])
    for row, v in enumerate(values, 1):
        col = 0
        if breakdown == "sdg":
            ws.write_number(row, col, int(v.scope), book.integer)
        else:
            book.text_cell(ws, row, col, v.scope)
        name = w.partner(v.scope, with_code=False) if breakdown == "partner" else None
        book.text_cell(ws, row, col + 1, name or w.scope_name(breakdown, v.scope), book.wrap)
        col += 2
        if breakdown == "partner":
            book.text_cell(ws, row, col, w.country(data.labels.partner_countries.get(v.scope)))
            col += 1
        book.text_cell(ws, row, col, v.code)
        book.text_cell(ws, row, col + 1, w.indicator(v))
        book.text_cell(ws, row, col + 2, w.words.unit(v.unit))
        book.indicator_cells(ws, row, col + 3, v)
    last = len(columns) + len(INDICATOR_COLUMNS) - 1
    ws.autofilter(0, 0, max(len(values), 1), last)
    book.finish(ws, len(values), last)


def _work_packages(book: _Book) -> None:
    data, w = book.data, book.w
    ws = book.sheet("by_wp")
    columns = book.columns(
        [("work_package", 9), ("title", 34), ("lead", 10), ("code", 8), ("indicator", 26)]
    )
    columns += book.columns([("unit", 10)])
    book.header_row(ws, 0, [*columns, *book.columns(INDICATOR_COLUMNS)])
    row = 0
    for wp, values in by_work_package(data).items():
        for v in values:
            row += 1
            book.text_cell(ws, row, 0, wp)
            book.text_cell(ws, row, 1, data.labels.work_packages.get(wp, ""), book.wrap)
            book.text_cell(ws, row, 2, data.labels.work_package_leads.get(wp, ""))
            book.text_cell(ws, row, 3, v.code)
            book.text_cell(ws, row, 4, w.indicator(v))
            book.text_cell(ws, row, 5, w.words.unit(v.unit))
            book.indicator_cells(ws, row, 6, v)
    book.finish(ws, row, len(columns) + len(INDICATOR_COLUMNS) - 1)


def _learners(book: _Book) -> None:
    data, w = book.data, book.w
    ws = book.sheet("learners", landscape=False)
    genders, types, cells = learners_table(data)
    columns = [(w.t("col.learner_type"), 22)] + [(w.vocab("gender", g), 12) for g in genders]
    book.header_row(ws, 0, [*columns, (w.t("col.total"), 12)])
    for row, kind in enumerate([*types, None], 1):
        label = w.vocab("learner_type", kind) if kind else w.t("col.total")
        book.text_cell(ws, row, 0, label, book.bold if kind is None else None)
        for col, gender in enumerate([*genders, None], 1):
            ws.write_number(row, col, cells.get((gender, kind), 0), book.integer)
    note = len(types) + 3
    ws.merge_range(note, 0, note, len(genders) + 1, "", book.note)
    book.text_cell(ws, note, 0, w.t("note.learners"), book.note)
    ws.set_row(note, 45)
    book.finish(ws, note, len(genders) + 1)


def _activities(book: _Book) -> None:
    data, w = book.data, book.w
    ws = book.sheet("results")
    columns = book.columns(
        [("date", 11), ("partner", 10), ("activity_id", 12), ("type", 16), ("title", 44)]
    )
    columns += book.columns(
        [("country", 12), ("audience", 24), ("participants", 11), ("reach", 10), ("sdgs", 9)]
    )
    columns += book.columns([("evidence", 40)])
    book.header_row(ws, 0, columns)
    for row, a in enumerate(data.activities, 1):
        ws.write_datetime(row, 0, dt.datetime.fromisoformat(a.date), book.date)
        book.text_cell(ws, row, 1, a.partner_code)
        book.text_cell(ws, row, 2, a.activity_id)
        book.text_cell(ws, row, 3, w.vocab("activity_type", a.activity_type))
        book.text_cell(ws, row, 4, a.title, book.wrap)
        book.text_cell(ws, row, 5, w.country(a.event_country))
        book.text_cell(ws, row, 6, ", ".join(w.vocab("audience", x) for x in a.audience), book.wrap)
        book.number_cell(ws, row, 7, a.participants)
        book.number_cell(ws, row, 8, a.reach)
        book.text_cell(ws, row, 9, ", ".join(str(g) for g in a.sdg_goals))
        book.url_cell(ws, row, 10, a.url)
    ws.autofilter(0, 0, max(len(data.activities), 1), len(columns) - 1)
    book.finish(ws, len(data.activities), len(columns) - 1)


WORK_PLAN_WIDTHS = {
    "code": 8,
    "title": 40,
    "description": 40,
    "work_package": 9,
    "lead": 10,
    "type": 7,
    "dissemination": 10,
    "due": 12,
    "status": 16,
    "submitted_on": 12,
    "reached_on": 12,
    "justification": 44,
    "verification": 36,
    "likelihood": 11,
    "impact": 11,
    "mitigation": 44,
}
WRAPPED = {"title", "description", "justification", "verification", "mitigation"}


def _work_plan(book: _Book) -> None:
    """Deliverables, milestones and critical risks, one sheet each, as part A lists them."""
    w = book.w
    for key, keys, rows in tables.work_plan_tables(w):
        ws = book.sheet(key)
        book.header_row(ws, 0, book.columns([(k, WORK_PLAN_WIDTHS[k]) for k in keys]))
        for r, cells in enumerate(rows, 1):
            for c, (k, value) in enumerate(zip(keys, cells, strict=True)):
                book.text_cell(ws, r, c, value, book.wrap if k in WRAPPED else None)
        ws.autofilter(0, 0, len(rows), len(keys) - 1)
        book.finish(ws, len(rows), len(keys) - 1)


CATALOGUE_COLUMNS = [
    ("module_code", 12, "module_code"),
    ("title", 32, "title"),
    ("awarding_body", 28, "awarding_body"),
    ("lead_partner", 10, "lead_partner_code"),
    ("country", 12, "country"),
    ("micro", 10, "micro_credential"),
    ("outcomes", 44, "learning_outcomes"),
    ("workload", 10, "ects"),
    ("level", 7, "eqf_level"),
    ("assessment", 22, "assessment_type"),
    ("participation", 12, "delivery_mode"),
    ("qa", 24, "quality_assurance"),
    ("language", 9, "language"),
    ("status", 12, "status"),
    ("work_package", 8, "work_package"),
    ("sdgs", 9, "sdg_goals"),
    ("co_developers", 16, "partner_codes"),
    ("available", 12, "available_from"),
    ("info", 30, "catalog_url"),
]


def _catalogue(book: _Book) -> None:
    data, w = book.data, book.w
    ws = book.sheet("catalogue")
    header = [(w.t(f"el.{key}"), width) for key, width, _ in CATALOGUE_COLUMNS]
    book.header_row(ws, 0, header)
    for row, m in enumerate(data.catalogue, 1):
        for col, (_key, _width, field) in enumerate(CATALOGUE_COLUMNS):
            value = getattr(m, field)
            if field in ("ects", "eqf_level"):
                book.number_cell(ws, row, col, value, unit="ECTS" if field == "ects" else "")
            elif field == "micro_credential":
                book.text_cell(ws, row, col, w.words.yes_no(value))
            elif field == "catalog_url":
                book.url_cell(ws, row, col, value)
            elif field == "country":
                book.text_cell(ws, row, col, w.country(value))
            elif field == "delivery_mode":
                book.text_cell(ws, row, col, w.vocab("delivery_mode", value))
            elif field == "status":
                book.text_cell(ws, row, col, w.vocab("module_status", value))
            elif field in ("sdg_goals", "language", "partner_codes"):
                book.text_cell(ws, row, col, ", ".join(str(x) for x in value))
            elif field in ("learning_outcomes", "title"):
                book.text_cell(ws, row, col, entry_text(w, m, field), book.wrap)
            elif field in ("awarding_body", "quality_assurance"):
                book.text_cell(ws, row, col, value, book.wrap)
            else:
                book.text_cell(ws, row, col, value)
    note = len(data.catalogue) + 2
    ws.merge_range(note, 0, note, 5, "", book.note)
    book.text_cell(ws, note, 0, w.t("note.catalogue"), book.note)
    ws.set_row(note, 45)
    book.finish(ws, note, len(CATALOGUE_COLUMNS) - 1)


def _charts(book: _Book, indicators: tuple[str, int]) -> None:
    """Native charts: progress per indicator, and per-SDG contribution (data on this sheet).

    The report's title heads the sheet and is repeated at the top of every printed page
    (print titles), so that each page of charts says which report it belongs to."""
    data, w = book.data, book.w
    sheet, count = indicators
    ws = book.sheet("charts", landscape=False)
    head = 1  # the title row
    ws.merge_range(0, 0, 0, 7, "", book.header)
    book.text_cell(ws, 0, 0, w.title(), book.header)
    ws.repeat_rows(0)
    chart = book.wb.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": w.t("chart.progress_series"),
            "categories": [sheet, 1, 0, count, 0],
            "values": [sheet, 1, 7, count, 7],
            "points": [
                {"fill": {"color": data.labels.status_colours.get(v.status or "", "#999999")}}
                for v in data.indicators
            ],
            "data_labels": {"value": True, "num_format": "0%"},
        }
    )
    chart.set_title({"name": w.t("chart.progress"), "name_font": {"size": 12}})
    chart.set_x_axis({"num_format": "0%", "min": 0})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"none": True})
    chart.set_size({"width": 900, "height": 420})
    ws.insert_chart(head, 0, chart, {"object_position": 3})

    codes = sdg_chart_codes(data)
    goals = list(data.labels.sdgs)
    values = {(v.scope, v.code): v.actual for v in data.by_sdg}
    names = {v.code: w.indicator(v) for v in data.by_sdg}
    per_row = 2
    chart_rows = 17
    first = head + 22  # the first row of SDG charts
    end = first + chart_rows * -(-len(codes) // per_row)  # the row below the last chart
    top = end + 1
    for n, code in enumerate(codes):
        sdg = book.wb.add_chart({"type": "column"})
        sdg.add_series(
            {
                "name": f"{code} {names.get(code, '')}",
                "categories": [ws.name, top + 1, 0, top + len(goals), 0],
                "values": [ws.name, top + 1, n + 1, top + len(goals), n + 1],
                "points": [
                    {"fill": {"color": data.labels.sdg_colours.get(g, "#999999")}} for g in goals
                ],
            }
        )
        title = w.t("chart.per_sdg", indicator=f"{code} {names.get(code, '')}")
        sdg.set_title({"name": title, "name_font": {"size": 10}})
        sdg.set_legend({"none": True})
        sdg.set_x_axis({"num_font": {"size": 8}})
        sdg.set_size({"width": 448, "height": 320})
        place = (first + chart_rows * (n // per_row), 0 if n % per_row == 0 else 4)
        ws.insert_chart(*place, sdg, {"object_position": 3, "x_offset": 4 * (n % per_row)})
    ws.write_string(top, 0, w.t("col.sdg"), book.header)
    for col, code in enumerate(codes, 1):
        ws.write_string(top, col, f"{code} {names.get(code, '')}", book.header)
    for row, goal in enumerate(goals, top + 1):
        book.text_cell(ws, row, 0, w.sdg(goal))
        for col, code in enumerate(codes, 1):
            book.number_cell(ws, row, col, values.get((goal, code)))
    for col in range(8):
        book.column(ws, col, 16.5)
    # page breaks between rows of charts, never through one: the progress chart and the first
    # row of SDG charts on the first page, two rows of SDG charts on each further page
    breaks = list(range(first + chart_rows, end, 2 * chart_rows))
    ws.set_h_pagebreaks([*breaks, top])
    book.finish(ws, top + len(goals), 7)


def _sources(book: _Book) -> None:
    """The annex: the submissions behind the figures, with their SHA-256 checksums."""
    data, w = book.data, book.w
    ws = book.sheet("sources")
    note = w.t("note.annex", position=data.ledger_position, built=data.built_at)
    ws.merge_range(0, 0, 0, 7, "", book.note)
    book.text_cell(ws, 0, 0, note, book.note)
    ws.set_row(0, 30)
    keys = [("submission", 10), ("template", 14), ("file", 36), ("sha256", 66), ("partner", 14)]
    keys += [("rows", 8), ("received", 20), ("state", 10)]
    book.header_row(ws, 1, book.columns(keys))
    row = 1
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
    book.finish(ws, row, 7)
