"""The Word report (python-docx), laid out like a periodic technical report to the EU agency.

Built on named styles (Title, Heading 1/2, Caption, the custom "LESLIE Table" table style and
"LESLIE Placeholder" paragraph style), so the coordinator restyles the whole document by
editing styles, and finds every place where narrative is still to be written by searching
for the placeholder style. One font family (DejaVu Sans) for body and headings; table
columns are sized from their content with the font's own metrics, so no name is broken
inside a word; wide tables get a landscape section; page numbers and a table of contents
are Word fields, which Word and LibreOffice fill in.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell

from pipelines.metrics.indicators import IndicatorValue
from pipelines.reports import charts, emblem, fonts, tables
from pipelines.reports.model import ReportData
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

TABLE_STYLE = "LESLIE Table"
PLACEHOLDER_STYLE = "LESLIE Placeholder"
HEADER_FILL = "1F3864"
TABLE_PT = 8.5
CELL_PAD_PT = 12.0  # Word's default cell margins (0.19 cm each side) and a little air
PAGE = (21.0, 29.7)
MARGIN_CM = 2.0
STYLED = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption")
STYLED += ("Footer",)


def write_docx(data: ReportData, lang: str = "en") -> bytes:
    """The report as a .docx file (bytes), in ``lang``."""
    w = ReportWords(data, lang)
    doc = Document()
    _page_setup(doc.sections[0], landscape=False)
    _styles(doc)
    _footer(doc, w)
    _title_page(doc, w)
    _contents(doc, w)
    doc.add_heading(w.t("h.summary"), level=1)
    for sentence in summary_sentences(w):
        doc.add_paragraph(sentence)
    _narratives(doc, w, WHOLE_PERIOD, w.t("placeholder.overall"))
    _work_packages(doc, w)
    _indicators(doc, w)
    _learners(doc, w)
    _activities(doc, w)
    _work_plan(doc, w)
    _catalogue(doc, w)
    _annex(doc, w)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------- setup


def _page_setup(section, landscape: bool) -> None:
    short, long = Cm(PAGE[0]), Cm(PAGE[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))


def _text_width_pt(doc: DocxDocument) -> float:
    section = doc.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / 12700


def _landscape(doc: DocxDocument, on: bool) -> None:
    """Start a new section in landscape (``on``) or back in portrait."""
    _page_setup(doc.add_section(WD_SECTION.NEW_PAGE), landscape=on)


def _font(element, family: str = fonts.FAMILY) -> None:
    """Set every script slot of a style's font (ascii, hAnsi, Cyrillic, East Asian)."""
    r_pr = element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        r_fonts.set(qn(slot), family)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        r_fonts.attrib.pop(qn(theme), None)


def _styles(doc: DocxDocument) -> None:
    styles = doc.styles
    styles["Normal"].font.size = Pt(10)
    for name in STYLED:
        _font(styles[name].element)
    for n in (1, 2):
        styles[f"Heading {n}"].font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
        toc = styles.add_style(f"TOC {n}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = styles["Normal"]
        toc.paragraph_format.left_indent = Cm(0.6 * (n - 1))
        toc.paragraph_format.space_after = Pt(2)
    table = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Table Grid"]
    table.font.size = Pt(TABLE_PT)
    _font(table.element)
    table.element.append(
        parse_xml(
            f'<w:tblStylePr {nsdecls("w")} w:type="firstRow">'
            '<w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
            "</w:tblStylePr>"
        )
    )
    placeholder = styles.add_style(PLACEHOLDER_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    placeholder.base_style = styles["Normal"]
    placeholder.font.italic = True
    placeholder.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def _placeholder(doc: DocxDocument, w: ReportWords, what: str) -> None:
    doc.add_paragraph(w.t("placeholder", what=what), style=PLACEHOLDER_STYLE)


def _field(paragraph, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC): begin, instruction, separate, result, end."""

    def run_with(child) -> None:
        run = OxmlElement("w:r")
        run.append(child)
        paragraph._p.append(run)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    text = OxmlElement("w:t")
    text.text = shown
    run_with(text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _footer(doc: DocxDocument, w: ReportWords) -> None:
    """Project number and title, then "Page x of y" at the right, on every page."""
    p = w.data.project
    footer = doc.sections[0].footer
    first = footer.paragraphs[0]
    first.add_run(f"{p['acronym']} {p['number']} · {w.title()}").font.size = Pt(8)
    pages = footer.add_paragraph()
    pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    template = w.t("footer.page", page="\x00", pages="\x01")
    fields = {"\x00": "PAGE", "\x01": "NUMPAGES"}  # in the language's own order
    for part in re.split("([\x00\x01])", template):
        if part in fields:
            _field(pages, fields[part], "1")
        elif part:
            pages.add_run(part)
    for run in pages.runs:
        run.font.size = Pt(8)


def _contents(doc: DocxDocument, w: ReportWords) -> None:
    """A table-of-contents field (headings 1-2). Word fills in the page numbers when the
    document opens; until then the field shows the headings, so LibreOffice lists them too."""
    doc.add_paragraph(w.t("h.contents"), style="Title").runs[0].font.size = Pt(18)
    entries = _contents_entries(w)
    paragraphs = [doc.add_paragraph(text, style=f"TOC {level}") for level, text in entries]
    _open_field(paragraphs[0], 'TOC \\o "1-2" \\h \\z \\u')
    end = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end.append(char)
    paragraphs[-1]._p.append(end)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _open_field(paragraph, instruction: str) -> None:
    """Begin a field whose result is the paragraphs that follow (up to its end mark)."""
    runs = []
    for kind in ("begin", None, "separate"):
        run = OxmlElement("w:r")
        if kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                char.set(qn("w:dirty"), "true")
            run.append(char)
        runs.append(run)
    p_pr = paragraph._p.pPr
    at = 1 if p_pr is not None else 0
    for n, run in enumerate(runs):
        paragraph._p.insert(at + n, run)


def _contents_entries(w: ReportWords) -> list[tuple[int, str]]:
    """The headings of levels 1 and 2, as the writer below will make them."""
    data = w.data
    out = [(1, w.t("h.summary")), (1, w.t("h.work_packages"))]
    out += [(2, w.work_package(wp)) for wp in by_work_package(data)]
    out += [(1, w.t("h.indicators")), (2, w.t("h.against_targets"))]
    out += [(2, heading) for heading, _, _ in tables.breakdown_sections(w)]
    out += [(1, w.t("h.learners")), (1, w.t("h.activities"))]
    if any(a.url for a in data.activities):
        out.append((2, w.t("h.evidence")))
    found = tables.work_plan_tables(w)
    if found:
        out.append((1, w.t("h.work_plan")))
        out += [(2, w.t(f"h.{key}")) for key, _, _ in found]
    out.append((1, w.t("h.catalogue")))
    out.append((1, w.t("h.annex")))
    return out


# ------------------------------------------------------------------------- tables


def column_widths(
    header: list[str] | None, rows: list[list[str]], available_pt: float
) -> list[float]:
    """Widths (points) from the content: every column at least as wide as its longest word,
    the rest of the line shared by how much more each column's longest line needs."""
    columns = list(zip(*([header] if header else []), *rows, strict=True)) if rows or header else []
    bold = bool(header)
    least, wanted = [], []
    for column in columns:
        head = column[0] if bold else None
        body = column[1:] if bold else column
        words = [fonts.longest_word_pt(c, TABLE_PT) for c in body]
        lines = [fonts.longest_line_pt(c, TABLE_PT) for c in body]
        if head is not None:
            words.append(fonts.longest_word_pt(head, TABLE_PT, bold=True))
            lines.append(fonts.longest_line_pt(head, TABLE_PT, bold=True))
        least.append(max(words, default=0) + CELL_PAD_PT)
        wanted.append(max(max(lines, default=0) + CELL_PAD_PT, least[-1]))
    if sum(least) >= available_pt:
        return [x * available_pt / sum(least) for x in least]
    if sum(wanted) <= available_pt:
        return [x * available_pt / sum(wanted) for x in wanted]
    spare = available_pt - sum(least)
    extra = [b - a for a, b in zip(least, wanted, strict=True)]
    return [a + spare * e / sum(extra) for a, e in zip(least, extra, strict=True)]


def _table(doc: DocxDocument, header: list[str] | None, rows: list[list[str]]) -> Table:
    """A table in the LESLIE Table style; with a header row repeated on each page, or none.
    Columns are sized from their content (see ``column_widths``)."""
    top = 0 if header is None else 1
    cols = len(header) if header is not None else len(rows[0])
    table = doc.add_table(rows=top + len(rows), cols=cols, style=TABLE_STYLE)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid = _cells(table)
    if header is None:
        _no_header_look(table)
    else:
        _repeat_header(table)
        for cell, text in zip(grid[0], header, strict=True):
            _set_text(cell, text, bold=True)
            _shade(cell, HEADER_FILL, white=True)
    for cells, row in zip(grid[top:], rows, strict=True):
        for cell, text in zip(cells, row, strict=True):
            _set_text(cell, text)
    widths = column_widths(header, rows, _text_width_pt(doc))
    table.autofit = False
    for tr in table._tbl.tr_lst:  # a row never splits across two pages
        tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Pt(width)
    for cells in grid:
        for cell, width in zip(cells, widths, strict=True):
            cell.width = Pt(width)
    return table


def _cells(table: Table) -> list[list[_Cell]]:
    """The table's cells row by row, in linear time (python-docx's ``row.cells`` rebuilds the
    whole grid on every call, which makes filling a long table quadratic)."""
    return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def _set_text(cell: _Cell, text: str, bold: bool = False) -> None:
    """Write into a new (empty) cell's first paragraph."""
    run = cell.paragraphs[0].add_run(plain(text))
    run.font.size = Pt(TABLE_PT)
    if bold:
        run.bold = True


def _shade(cell: _Cell, fill: str, white: bool = False) -> None:
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#"))
    props.append(shd)
    if white:
        for run in cell.paragraphs[0].runs:
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _no_header_look(table: Table) -> None:
    """Tell Word the first row is data, so the style's header look does not apply to it."""
    props = table._tbl.tblPr
    look = props.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        props.append(look)
    look.set(qn("w:firstRow"), "0")
    look.set(qn("w:val"), "0000")


def _hyperlink(cell: _Cell, url: str) -> None:
    """A clickable external link (python-docx has no public API for it)."""
    paragraph = cell.paragraphs[0]
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.extend([style, colour, underline])
    run.append(props)
    text = OxmlElement("w:t")
    text.text = plain(url)
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _indicator_table(doc: DocxDocument, w: ReportWords, values: list[IndicatorValue]) -> None:
    head = tables.header(w, tables.INDICATOR_KEYS)
    table = _table(doc, head, tables.indicator_rows(w, values))
    for cells, v in zip(_cells(table)[1:], values, strict=True):
        colour = w.data.labels.status_colours.get(v.status or "")
        if colour:
            _shade(cells[tables.STATUS_COLUMN], colour)


def _caption(doc: DocxDocument, text: str) -> None:
    doc.add_paragraph(text, style="Caption")


def _picture(doc: DocxDocument, png: bytes, caption: str) -> None:
    doc.add_picture(io.BytesIO(png), width=Cm(16.5))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _caption(doc, caption)


def _para(doc: DocxDocument, text: str, size: float | None = None, bold: bool = False):
    """A paragraph of plain text (narratives, notes): never read as markup."""
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(plain(text))
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return paragraph


# ------------------------------------------------------------------------- sections


def _title_page(doc: DocxDocument, w: ReportWords) -> None:
    data = w.data
    top = doc.add_table(rows=1, cols=2)
    top.autofit = False
    left, right = top.rows[0].cells
    left.width, right.width = Cm(3.2), Cm(13.8)
    left.paragraphs[0].add_run().add_picture(io.BytesIO(emblem.emblem_png(300)), height=Cm(2.0))
    statement = right.paragraphs[0].add_run(funding_statement(data))
    statement.bold = True
    statement.font.size = Pt(12)
    right.vertical_alignment = 1  # centre
    doc.add_paragraph()
    doc.add_paragraph(data.project["acronym"], style="Title")
    doc.add_paragraph(data.project["title"], style="Subtitle")
    doc.add_heading(w.title(), level=1).paragraph_format.keep_with_next = True
    doc.add_paragraph(w.period())
    doc.add_paragraph(w.scope())
    _table(doc, None, [[label, value] for label, value in cover_rows(w)])
    doc.add_paragraph()
    _para(doc, disclaimer(data), size=7.5)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _narratives(doc: DocxDocument, w: ReportWords, wp: str, what: str) -> None:
    """The written sections of a work package (or the whole period), as plain text; a
    placeholder where the coordinator has written none yet."""
    found = [n for n in w.data.narratives if n.work_package == wp]
    if not any(n.section in SECTIONS for n in found):
        _placeholder(doc, w, what)
    for n in found:
        if n.section == CONTRIBUTION:
            title = f"{w.t('narrative.contributions')}: {w.partner(n.partner)}"
        else:
            title = w.t(f"narrative.{n.section}")
        _para(doc, title, bold=True).paragraph_format.keep_with_next = True
        for block in plain(n.text).split("\n\n"):
            _para(doc, block)


def _work_packages(doc: DocxDocument, w: ReportWords) -> None:
    doc.add_heading(w.t("h.work_packages"), level=1)
    for wp, values in by_work_package(w.data).items():
        doc.add_heading(w.work_package(wp), level=2)
        if values:
            _indicator_table(doc, w, values)
        else:
            doc.add_paragraph(w.t("note.no_wp_indicator"))
        _narratives(doc, w, wp, w.t("placeholder.wp", wp=wp))


def _indicators(doc: DocxDocument, w: ReportWords) -> None:
    doc.add_heading(w.t("h.indicators"), level=1)
    doc.add_heading(w.t("h.against_targets"), level=2)
    doc.add_paragraph(w.t("note.indicators", date=w.judged_on()))
    _indicator_table(doc, w, w.data.indicators)
    _picture(doc, charts.progress_chart(w), w.t("figure.progress"))
    for heading, breakdown, values in tables.breakdown_sections(w):
        doc.add_heading(heading, level=2)
        for header, rows in tables.pivot_tables(w, breakdown, values):
            _table(doc, header, rows)
            doc.add_paragraph()
        if breakdown == "sdg":
            doc.add_paragraph(w.t("note.sdg"))
            _picture(doc, charts.sdg_chart(w), w.t("figure.sdg"))


def _learners(doc: DocxDocument, w: ReportWords) -> None:
    doc.add_heading(w.t("h.learners"), level=1)
    _table(doc, *tables.learner_rows(w))
    doc.add_paragraph(w.t("note.learners"))


def _activities(doc: DocxDocument, w: ReportWords) -> None:
    data = w.data
    _landscape(doc, True)  # the widest table of the report
    doc.add_heading(w.t("h.activities"), level=1)
    if not data.activities:
        doc.add_paragraph(w.t("note.no_activity"))
    else:
        _table(doc, tables.header(w, tables.ACTIVITY_KEYS), tables.activity_rows(w))
        evidence = [a for a in data.activities if a.url]
        if evidence:
            doc.add_heading(w.t("h.evidence"), level=2)
            head = [w.t(f"col.{k}") for k in ("date", "partner", "activity_id", "evidence")]
            rows = [
                [w.date(a.date, "medium"), a.partner_code, a.activity_id, a.url or ""]
                for a in evidence
            ]
            table = _table(doc, head, rows)
            for cells, a in zip(_cells(table)[1:], evidence, strict=True):
                cells[3].paragraphs[0]._p.clear_content()
                _hyperlink(cells[3], a.url or "")
    if not data.narratives:
        _placeholder(doc, w, w.t("placeholder.dissemination"))
    _landscape(doc, False)


def _work_plan(doc: DocxDocument, w: ReportWords) -> None:
    """Part A: deliverables, milestones and critical risks, on landscape pages."""
    found = tables.work_plan_tables(w)
    if not found:
        return
    _landscape(doc, True)
    doc.add_heading(w.t("h.work_plan"), level=1)
    for key, keys, rows in found:
        doc.add_heading(w.t(f"h.{key}"), level=2)
        _table(doc, tables.header(w, keys), rows)
    _landscape(doc, False)


def _catalogue(doc: DocxDocument, w: ReportWords) -> None:
    doc.add_heading(w.t("h.catalogue"), level=1)
    doc.add_paragraph(w.t("note.catalogue"))
    if not w.data.catalogue:
        doc.add_paragraph(w.t("note.no_module"))
    head = [w.t("col.element"), w.t("col.value")]
    for m in w.data.catalogue:
        doc.add_heading(f"{m.module_code} {plain(entry_text(w, m, 'title') or m.title)}", level=3)
        _table(doc, head, [[k, v] for k, v in catalogue_elements(w, m)])


def _annex(doc: DocxDocument, w: ReportWords) -> None:
    _landscape(doc, True)
    doc.add_heading(w.t("h.annex"), level=1)
    doc.add_paragraph(w.t("note.annex", position=w.data.ledger_position, built=w.data.built_at))
    _table(doc, tables.header(w, tables.SUBMISSION_KEYS), tables.submission_rows(w))
