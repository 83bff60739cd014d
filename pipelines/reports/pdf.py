"""The PDF report (fpdf2), with DejaVu Sans embedded so Cyrillic, Kazakh and Uzbek render.

The font files come from the matplotlib wheel (``mpl-data/fonts/ttf``), a runtime
dependency already, so no system font is needed. Same sections and figures as the Word
report; charts are the same matplotlib images.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from fpdf import FPDF

from pipelines.errors import ConfigError
from pipelines.metrics.indicators import IndicatorValue
from pipelines.reports import charts, tables
from pipelines.reports.model import ReportData
from pipelines.reports.text import (
    LEARNERS_NOTE,
    PLACEHOLDER,
    by_work_package,
    catalogue_elements,
    cover_rows,
    period_label,
    report_title,
    summary_sentences,
)

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}  # each embedded font costs time
HEADER_FILL = (31, 56, 100)
CELL_PAD = 1.0


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


class _Report(FPDF):
    def __init__(self, data: ReportData) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.data = data
        for style, name in FONT_FILES.items():
            path = FONT_DIR / name
            if not path.exists():
                raise ConfigError(f"The PDF font {path} is missing; reinstall matplotlib")
            self.add_font(FONT, style, str(path))
        self.set_auto_page_break(auto=True, margin=16)
        self.set_margins(15, 15, 15)
        self.alias_nb_pages()
        self.set_title(f"{data.project['acronym']} {report_title(data)}")
        self.set_subject(data.scope.label)
        self.set_creator(f"{data.project['acronym']} Impact")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        text = (
            f"{self.data.project['acronym']} · {report_title(self.data)} · {self.data.scope.label}"
        )
        self.cell(0, 6, text, align="L")
        self.set_x(-40)
        self.cell(25, 6, f"Page {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    # blocks -------------------------------------------------------------------------
    def ensure_space(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one (keeps blocks whole)."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def h1(self, text: str) -> None:
        self.ensure_space(40)
        self.ln(3)
        self.set_font(FONT, "B", 14)
        self.set_text_color(31, 56, 100)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(1)

    def h2(self, text: str) -> None:
        self.ensure_space(30)
        self.ln(2)
        self.set_font(FONT, "B", 11)
        self.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def para(self, text: str, size: float = 9.5, style: str = "") -> None:
        self.set_font(FONT, style, size)
        self.multi_cell(0, 5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def placeholder(self, what: str) -> None:
        self.set_text_color(192, 0, 0)
        self.para(PLACEHOLDER.format(what=what))
        self.set_text_color(0, 0, 0)

    def grid(
        self,
        header: list[str] | None,
        rows: list[list[str]],
        widths: tuple[float, ...],
        fills: dict[tuple[int, int], str] | None = None,
        links: dict[tuple[int, int], str] | None = None,
        size: float = 8,
    ) -> None:
        """A bordered table whose cells wrap; the header repeats on each new page.

        Drawn directly (wrap by word widths, then ``cell`` per line): fpdf2's own table
        lays every cell out several times and takes seconds for a catalogue of modules.
        """
        line = size * 0.42
        self.set_font(FONT, "", size)
        all_wrapped = [
            [self._wrap(t, w - 2 * CELL_PAD) for t, w in zip(values, widths, strict=True)]
            for values in rows
        ]
        heights = [max(len(w) for w in wrapped) * line + 2 * CELL_PAD for wrapped in all_wrapped]
        if header is not None:
            self.ensure_space(line * 2 + 4 * CELL_PAD + (heights[0] if heights else 0))
            self._grid_row(header, widths, line, size, header=True)
        for r, (values, wrapped, height) in enumerate(zip(rows, all_wrapped, heights, strict=True)):
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
                if header is not None:
                    self._grid_row(header, widths, line, size, header=True)
            self._grid_row(
                values,
                widths,
                line,
                size,
                wrapped=wrapped,
                fills={c: f for (rr, c), f in (fills or {}).items() if rr == r},
                links={c: u for (rr, c), u in (links or {}).items() if rr == r},
            )
        self.ln(2)

    def _grid_row(
        self,
        values: list[str],
        widths: tuple[float, ...],
        line: float,
        size: float,
        header: bool = False,
        wrapped: list[list[str]] | None = None,
        fills: dict[int, str] | None = None,
        links: dict[int, str] | None = None,
    ) -> None:
        self.set_font(FONT, "B" if header else "", size)
        if wrapped is None:
            wrapped = [self._wrap(t, w - 2 * CELL_PAD) for t, w in zip(values, widths, strict=True)]
        height = max(len(w) for w in wrapped) * line + 2 * CELL_PAD
        x0, y0 = self.l_margin, self.get_y()
        x = x0
        for c, (lines, width) in enumerate(zip(wrapped, widths, strict=True)):
            fill = HEADER_FILL if header else (fills or {}).get(c)
            if fill:
                self.set_fill_color(*(_hex(fill) if isinstance(fill, str) else fill))
            self.rect(x, y0, width, height, style="DF" if fill else "D")
            if header:
                self.set_text_color(255, 255, 255)
            elif (links or {}).get(c):
                self.set_text_color(5, 99, 193)
            for n, text in enumerate(lines):
                self.set_xy(x + CELL_PAD, y0 + CELL_PAD + n * line)
                self.cell(width - 2 * CELL_PAD, line, text)
            if (links or {}).get(c):
                self.link(x, y0, width, height, links[c])
            self.set_text_color(0, 0, 0)
            x += width
        self.set_xy(x0, y0 + height)

    def _wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap by the current font's widths; over-long words are cut."""
        out: list[str] = []
        for paragraph in str(text).split("\n"):
            current = ""
            for word in paragraph.split(" "):
                candidate = f"{current} {word}" if current else word
                if self.get_string_width(candidate) <= width:
                    current = candidate
                    continue
                if current:
                    out.append(current)
                current = word
                while self.get_string_width(current) > width and len(current) > 1:
                    cut = len(current) - 1
                    while cut > 1 and self.get_string_width(current[:cut]) > width:
                        cut -= 1
                    out.append(current[:cut])
                    current = current[cut:]
            out.append(current)
        return out or [""]

    def image_png(self, png: bytes, caption: str) -> None:
        self.image(io.BytesIO(png), w=175)
        self.para(caption, size=8)


def write_pdf(data: ReportData) -> bytes:
    """The report as a PDF file (bytes)."""
    pdf = _Report(data)
    pdf.add_page()
    _title_page(pdf, data)
    pdf.add_page()
    pdf.h1("1. Summary of the period")
    for sentence in summary_sentences(data):
        pdf.para(sentence)
    pdf.placeholder("overall progress, main achievements and deviations in the period")
    _work_packages(pdf, data)
    _indicators(pdf, data)
    _learners(pdf, data)
    _activities(pdf, data)
    _catalogue(pdf, data)
    _annex(pdf, data)
    return bytes(pdf.output())


def _title_page(pdf: _Report, data: ReportData) -> None:
    pdf.set_font(FONT, "B", 26)
    pdf.set_text_color(31, 56, 100)
    pdf.cell(0, 14, data.project["acronym"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.para(data.project["title"], size=13)
    pdf.ln(4)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, report_title(data), new_x="LMARGIN", new_y="NEXT")
    pdf.para(period_label(data), size=11)
    pdf.para(data.scope.label, size=11)
    pdf.ln(4)
    pdf.grid(None, [[k, v] for k, v in cover_rows(data)], (40, 140), size=8.5)


def _indicator_table(pdf: _Report, data: ReportData, values: list[IndicatorValue]) -> None:
    fills = {
        (r, tables.STATUS_COLUMN): data.labels.status_colours[v.status]
        for r, v in enumerate(values)
        if v.status in data.labels.status_colours
    }
    widths = (15, 55, 22, 22, 22, 18, 26)
    pdf.grid(tables.INDICATOR_HEADER, tables.indicator_rows(data, values), widths, fills=fills)


def _work_packages(pdf: _Report, data: ReportData) -> None:
    pdf.h1("2. Progress per work package")
    for wp, values in by_work_package(data).items():
        pdf.h2(tables.work_package_heading(data, wp))
        if values:
            _indicator_table(pdf, data, values)
        else:
            pdf.para(tables.NO_WORK_PACKAGE_INDICATOR)
        pdf.placeholder(f"activities carried out in {wp}, deliverables, deviations and risks")


def _indicators(pdf: _Report, data: ReportData) -> None:
    pdf.add_page()
    pdf.h1("3. Indicators")
    pdf.h2("3.1 Indicators against targets")
    pdf.para(tables.indicators_note(data))
    _indicator_table(pdf, data, data.indicators)
    pdf.image_png(charts.progress_chart(data), "Figure 1. Progress towards targets")
    for heading, breakdown, values in tables.breakdown_sections(data):
        pdf.h2(heading)
        for header, rows in tables.pivot_tables(data, breakdown, values):
            pdf.grid(header, rows, (60, *([20] * (len(header) - 1))))
        if breakdown == "sdg":
            pdf.para(tables.SDG_NOTE)
            pdf.image_png(charts.sdg_chart(data), "Figure 2. Contribution to the SDGs")


def _learners(pdf: _Report, data: ReportData) -> None:
    pdf.h1("4. Learners by gender and learner type")
    header, rows = tables.learner_rows(data)
    pdf.grid(header, rows, (40, *([20] * (len(header) - 1))))
    pdf.para(LEARNERS_NOTE, size=8)


def _activities(pdf: _Report, data: ReportData) -> None:
    pdf.add_page()
    pdf.h1("5. Dissemination: table of achieved results")
    if not data.activities:
        pdf.para(tables.NO_ACTIVITY)
        return
    link = len(tables.ACTIVITY_HEADER)  # a last column links to the evidence
    rows = [
        [*row, "evidence" if a.url else "-"]
        for row, a in zip(tables.activity_rows(data), data.activities, strict=True)
    ]
    links = {(r, link): a.url for r, a in enumerate(data.activities) if a.url}
    widths = (17, 16, 17, 50, 12, 25, 14, 14, 15)
    pdf.grid([*tables.ACTIVITY_HEADER, "Link"], rows, widths, links=links, size=7)
    pdf.placeholder("the most significant dissemination results and their impact")


def _catalogue(pdf: _Report, data: ReportData) -> None:
    pdf.add_page()
    pdf.h1("6. Catalogue of modules and micro-credentials")
    pdf.para(tables.CATALOGUE_NOTE)
    if not data.catalogue:
        pdf.para(tables.NO_MODULE)
    for m in data.catalogue:
        pdf.ensure_space(95)  # a module's elements stay on one page
        pdf.h2(f"{m.module_code} {m.title}")
        elements = catalogue_elements(data, m)
        links = {(r, 1): v for r, (k, v) in enumerate(elements) if k == "Further information"}
        links = {key: url for key, url in links.items() if url.startswith("http")}
        pdf.grid(["Element", "Value"], [[k, v] for k, v in elements], (45, 135), links=links)


def _annex(pdf: _Report, data: ReportData) -> None:
    pdf.add_page()
    pdf.h1("Annex. Data sources")
    pdf.para(tables.annex_note(data))
    widths = (9, 20, 40, 25, 12, 18, 56)
    pdf.grid(tables.SUBMISSION_HEADER, tables.submission_rows(data), widths, size=6.5)
