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
from pipelines.reports import charts, emblem, tables
from pipelines.reports.model import Narrative, ReportData
from pipelines.reports.narratives import CONTRIBUTION, SECTIONS, WHOLE_PERIOD
from pipelines.reports.text import (
    ReportWords,
    by_work_package,
    catalogue_elements,
    cover_rows,
    disclaimer,
    entry_text,
    funding_statement,
    plain,
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
    def __init__(self, w: ReportWords) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        data = w.data
        self.w_ = w
        self.data = data
        for style, name in FONT_FILES.items():
            path = FONT_DIR / name
            if not path.exists():
                raise ConfigError(f"The PDF font {path} is missing; reinstall matplotlib")
            self.add_font(FONT, style, str(path))
        self.set_auto_page_break(auto=True, margin=16)
        self.set_margins(15, 15, 15)
        self.alias_nb_pages()
        self.set_title(f"{data.project['acronym']} {w.title()}")
        self.set_subject(w.scope())
        self.set_lang(w.lang)
        self.set_creator(f"{data.project['acronym']} Impact")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        w = self.w_
        text = f"{self.data.project['acronym']} {self.data.project['number']} · {w.title()}"
        self.cell(0, 6, text, align="L")
        self.set_x(-60)
        self.cell(45, 6, w.t("footer.page", page=str(self.page_no()), pages="{nb}"), align="R")
        self.set_text_color(0, 0, 0)

    # blocks -------------------------------------------------------------------------
    def ensure_space(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one (keeps blocks whole)."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page(same=True)  # a landscape section stays landscape

    def h1(self, text: str) -> None:
        self.ensure_space(40)
        self.start_section(text, level=0)
        self.ln(3)
        self.set_font(FONT, "B", 14)
        self.set_text_color(31, 56, 100)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(1)

    def h2(self, text: str) -> None:
        self.ensure_space(30)
        self.start_section(text, level=1)
        self.ln(2)
        self.set_font(FONT, "B", 11)
        self.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def para(self, text: str, size: float = 9.5, style: str = "") -> None:
        self.set_font(FONT, style, size)
        self.multi_cell(0, 5, plain(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def placeholder(self, what: str) -> None:
        self.set_text_color(192, 0, 0)
        self.para(self.w_.t("placeholder", what=what))
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
                self.add_page(same=True)  # a landscape table goes on in landscape
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
                self.cell(width - 2 * CELL_PAD, line, plain(text))
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


def write_pdf(data: ReportData, lang: str = "en") -> bytes:
    """The report as a PDF file (bytes), in ``lang``."""
    w = ReportWords(data, lang)
    pdf = _Report(w)
    pdf.add_page()
    _title_page(pdf, w)
    pdf.add_page()
    pdf.h1(w.t("h.summary"))
    for sentence in summary_sentences(w):
        pdf.para(sentence)
    _narratives(pdf, w, WHOLE_PERIOD, w.t("placeholder.overall"))
    _work_packages(pdf, w)
    _indicators(pdf, w)
    _learners(pdf, w)
    _activities(pdf, w)
    _work_plan(pdf, w)
    _catalogue(pdf, w)
    _annex(pdf, w)
    return bytes(pdf.output())


def _title_page(pdf: _Report, w: ReportWords) -> None:
    data = w.data
    emblem.draw_on_pdf(pdf, pdf.l_margin, pdf.t_margin, 16)
    pdf.set_xy(pdf.l_margin + 28, pdf.t_margin + 4)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 8, funding_statement(data), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.t_margin + 24)
    pdf.set_font(FONT, "B", 26)
    pdf.set_text_color(31, 56, 100)
    pdf.cell(0, 14, data.project["acronym"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.para(data.project["title"], size=13)
    pdf.ln(3)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, w.title(), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.para(w.period(), size=11)
    pdf.para(w.scope(), size=11)
    pdf.ln(3)
    pdf.grid(None, [[k, v] for k, v in cover_rows(w)], (45, 135), size=8.5)
    pdf.set_y(max(pdf.get_y() + 4, pdf.page_break_trigger - 24))
    pdf.para(disclaimer(data), size=7.5)


def _narrative_blocks(pdf: _Report, w: ReportWords, found: list[Narrative]) -> None:
    for n in found:
        if n.section == CONTRIBUTION:
            title = f"{w.t('narrative.contributions')}: {w.partner(n.partner)}"
        else:
            title = w.t(f"narrative.{n.section}")
        pdf.ensure_space(20)  # a title never ends a page without its text
        pdf.para(title, size=9.5, style="B")
        pdf.para(n.text)


def _narratives(pdf: _Report, w: ReportWords, wp: str, what: str) -> None:
    """The written sections of a work package (or the whole period); a placeholder where the
    coordinator has written none yet."""
    found = [n for n in w.data.narratives if n.work_package == wp]
    if not any(n.section in SECTIONS for n in found):
        pdf.placeholder(what)
    _narrative_blocks(pdf, w, found)


def _indicator_table(pdf: _Report, w: ReportWords, values: list[IndicatorValue]) -> None:
    data = w.data
    fills = {
        (r, tables.STATUS_COLUMN): data.labels.status_colours[v.status]
        for r, v in enumerate(values)
        if v.status in data.labels.status_colours
    }
    widths = (15, 55, 20, 20, 20, 20, 30)
    head = tables.header(w, tables.INDICATOR_KEYS)
    pdf.grid(head, tables.indicator_rows(w, values), widths, fills=fills)


def _work_packages(pdf: _Report, w: ReportWords) -> None:
    pdf.h1(w.t("h.work_packages"))
    for wp, values in by_work_package(w.data).items():
        pdf.h2(w.work_package(wp))
        if values:
            _indicator_table(pdf, w, values)
        else:
            pdf.para(w.t("note.no_wp_indicator"))
        _narratives(pdf, w, wp, w.t("placeholder.wp", wp=wp))


def _indicators(pdf: _Report, w: ReportWords) -> None:
    pdf.add_page()
    pdf.h1(w.t("h.indicators"))
    pdf.h2(w.t("h.against_targets"))
    pdf.para(w.t("note.indicators", date=w.judged_on()))
    _indicator_table(pdf, w, w.data.indicators)
    pdf.image_png(charts.progress_chart(w), w.t("figure.progress"))
    for heading, breakdown, values in tables.breakdown_sections(w):
        pdf.h2(heading)
        for header, rows in tables.pivot_tables(w, breakdown, values):
            pdf.grid(header, rows, (66, *([19] * (len(header) - 1))))
        if breakdown == "sdg":
            pdf.para(w.t("note.sdg"))
            pdf.image_png(charts.sdg_chart(w), w.t("figure.sdg"))


def _learners(pdf: _Report, w: ReportWords) -> None:
    pdf.h1(w.t("h.learners"))
    header, rows = tables.learner_rows(w)
    pdf.grid(header, rows, (45, *([22] * (len(header) - 1))))
    pdf.para(w.t("note.learners"), size=8)


def _activities(pdf: _Report, w: ReportWords) -> None:
    pdf.add_page(orientation="L")  # the widest table gets a landscape page
    pdf.h1(w.t("h.activities"))
    data = w.data
    if not data.activities:
        pdf.para(w.t("note.no_activity"))
    else:
        link = len(tables.ACTIVITY_KEYS)  # a last column links to the evidence
        rows = [
            [*row, w.t("link.evidence") if a.url else w.words.missing]
            for row, a in zip(tables.activity_rows(w), data.activities, strict=True)
        ]
        links = {(r, link): a.url for r, a in enumerate(data.activities) if a.url}
        widths = (24, 18, 26, 80, 24, 40, 20, 20, 15)
        head = [*tables.header(w, tables.ACTIVITY_KEYS), w.t("col.evidence")]
        pdf.grid(head, rows, widths, links=links, size=7)
    if not data.narratives:
        pdf.placeholder(w.t("placeholder.dissemination"))


WORK_PLAN_WIDTHS = {
    "deliverables": (13, 56, 14, 18, 10, 20, 22, 28, 22, 64),
    "milestones": (13, 60, 16, 24, 94, 30, 30),
    "risks": (12, 60, 16, 26, 20, 98, 35),
}


def _work_plan(pdf: _Report, w: ReportWords) -> None:
    """Part A: deliverables, milestones and critical risks, on a landscape page."""
    found = tables.work_plan_tables(w)
    if not found:
        return
    pdf.add_page(orientation="L")
    pdf.h1(w.t("h.work_plan"))
    for key, keys, rows in found:
        pdf.h2(w.t(f"h.{key}"))
        pdf.grid(tables.header(w, keys), rows, WORK_PLAN_WIDTHS[key], size=7)


def _catalogue(pdf: _Report, w: ReportWords) -> None:
    pdf.add_page(orientation="P")
    pdf.h1(w.t("h.catalogue"))
    pdf.para(w.t("note.catalogue"))
    if not w.data.catalogue:
        pdf.para(w.t("note.no_module"))
    info = w.t("el.info")
    for m in w.data.catalogue:
        pdf.ensure_space(95)  # a module's elements stay on one page
        pdf.h2(f"{m.module_code} {entry_text(w, m, 'title') or m.title}")
        elements = catalogue_elements(w, m)
        links = {(r, 1): v for r, (k, v) in enumerate(elements) if k == info}
        links = {key: url for key, url in links.items() if url.startswith("http")}
        head = [w.t("col.element"), w.t("col.value")]
        pdf.grid(head, [[k, v] for k, v in elements], (45, 135), links=links)


def _annex(pdf: _Report, w: ReportWords) -> None:
    pdf.add_page(orientation="L")
    pdf.h1(w.t("h.annex"))
    pdf.para(w.t("note.annex", position=w.data.ledger_position, built=w.data.built_at))
    widths = (16, 26, 60, 32, 14, 24, 95)
    head = tables.header(w, tables.SUBMISSION_KEYS)
    pdf.grid(head, tables.submission_rows(w), widths, size=6.5)
