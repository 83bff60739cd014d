"""The Word report (python-docx), laid out like a periodic technical report to the EU agency.

Built on named styles (Title, Heading 1/2, Caption, the custom "LESLIE Table" table style and
"LESLIE Placeholder" paragraph style), so the coordinator restyles the whole document by
editing styles, and finds every place where narrative is still to be written by searching
for the placeholder style or its bracketed text.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell

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

TABLE_STYLE = "LESLIE Table"
PLACEHOLDER_STYLE = "LESLIE Placeholder"
HEADER_FILL = "1F3864"


def write_docx(data: ReportData) -> bytes:
    """The report as a .docx file (bytes)."""
    doc = Document()
    _page_setup(doc)
    _styles(doc)
    _title_page(doc, data)
    doc.add_heading("1. Summary of the period", level=1)
    for sentence in summary_sentences(data):
        doc.add_paragraph(sentence)
    _placeholder(doc, "overall progress, main achievements and deviations in the period")
    _work_packages(doc, data)
    _indicators(doc, data)
    _learners(doc, data)
    _activities(doc, data)
    _catalogue(doc, data)
    _annex(doc, data)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------- setup


def _page_setup(doc: DocxDocument) -> None:
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.0))
        section.top_margin = section.bottom_margin = Cm(2.0)


def _styles(doc: DocxDocument) -> None:
    styles = doc.styles
    styles["Normal"].font.size = Pt(10)
    table = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Table Grid"]
    table.font.size = Pt(8.5)
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


def _placeholder(doc: DocxDocument, what: str) -> None:
    doc.add_paragraph(PLACEHOLDER.format(what=what), style=PLACEHOLDER_STYLE)


# ------------------------------------------------------------------------- tables


def _table(
    doc: DocxDocument, header: list[str] | None, rows: list[list[str]], widths=None
) -> Table:
    """A table in the LESLIE Table style; with a header row repeated on each page, or none."""
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
    if widths:
        for cells in grid:
            for cell, width in zip(cells, widths, strict=False):
                cell.width = Cm(width)
    return table


def _cells(table: Table) -> list[list[_Cell]]:
    """The table's cells row by row, in linear time (python-docx's ``row.cells`` rebuilds the
    whole grid on every call, which makes filling a long table quadratic)."""
    return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def _set_text(cell: _Cell, text: str, bold: bool = False) -> None:
    """Write into a new (empty) cell's first paragraph."""
    run = cell.paragraphs[0].add_run(text)
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
    text.text = url
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _indicator_table(doc: DocxDocument, data: ReportData, values: list[IndicatorValue]) -> None:
    table = _table(
        doc,
        tables.INDICATOR_HEADER,
        tables.indicator_rows(data, values),
        [1.5, 5.0, 2.0, 2.0, 2.0, 1.8, 2.7],
    )
    for cells, v in zip(_cells(table)[1:], values, strict=True):
        colour = data.labels.status_colours.get(v.status or "")
        if colour:
            _shade(cells[tables.STATUS_COLUMN], colour)


def _caption(doc: DocxDocument, text: str) -> None:
    doc.add_paragraph(text, style="Caption")


def _picture(doc: DocxDocument, png: bytes, caption: str) -> None:
    doc.add_picture(io.BytesIO(png), width=Cm(16.5))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _caption(doc, caption)


# ------------------------------------------------------------------------- sections


def _title_page(doc: DocxDocument, data: ReportData) -> None:
    doc.add_paragraph(data.project["acronym"], style="Title")
    doc.add_paragraph(data.project["title"], style="Subtitle")
    doc.add_heading(report_title(data), level=1)
    doc.add_paragraph(period_label(data))
    doc.add_paragraph(data.scope.label)
    rows = [[label, value] for label, value in cover_rows(data)]
    _table(doc, None, rows, [4.0, 13.0])
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _work_packages(doc: DocxDocument, data: ReportData) -> None:
    doc.add_heading("2. Progress per work package", level=1)
    for wp, values in by_work_package(data).items():
        doc.add_heading(tables.work_package_heading(data, wp), level=2)
        if values:
            _indicator_table(doc, data, values)
        else:
            doc.add_paragraph(tables.NO_WORK_PACKAGE_INDICATOR)
        _placeholder(doc, f"activities carried out in {wp}, deliverables, deviations and risks")


def _indicators(doc: DocxDocument, data: ReportData) -> None:
    doc.add_heading("3. Indicators", level=1)
    doc.add_heading("3.1 Indicators against targets", level=2)
    doc.add_paragraph(tables.indicators_note(data))
    _indicator_table(doc, data, data.indicators)
    _picture(doc, charts.progress_chart(data), "Figure 1. Progress towards targets")
    for heading, breakdown, values in tables.breakdown_sections(data):
        doc.add_heading(heading, level=2)
        for header, rows in tables.pivot_tables(data, breakdown, values):
            _table(doc, header, rows, [5.0] + [2.0] * (len(header) - 1))
            doc.add_paragraph()
        if breakdown == "sdg":
            doc.add_paragraph(tables.SDG_NOTE)
            _picture(doc, charts.sdg_chart(data), "Figure 2. Contribution to the SDGs")


def _learners(doc: DocxDocument, data: ReportData) -> None:
    doc.add_heading("4. Learners by gender and learner type", level=1)
    _table(doc, *tables.learner_rows(data))
    doc.add_paragraph(LEARNERS_NOTE)


def _activities(doc: DocxDocument, data: ReportData) -> None:
    doc.add_heading("5. Dissemination: table of achieved results", level=1)
    if not data.activities:
        doc.add_paragraph(tables.NO_ACTIVITY)
        return
    widths = [1.9, 1.6, 1.8, 4.9, 1.2, 2.6, 1.5, 1.5]
    _table(doc, tables.ACTIVITY_HEADER, tables.activity_rows(data), widths)
    doc.add_heading("Evidence", level=2)
    evidence = [a for a in data.activities if a.url]
    table = _table(
        doc,
        ["Date", "Partner", "Activity id", "Evidence (link)"],
        [[a.date, a.partner_code, a.activity_id, ""] for a in evidence],
        [1.9, 1.6, 2.5, 11.0],
    )
    for cells, a in zip(_cells(table)[1:], evidence, strict=True):
        _hyperlink(cells[3], a.url or "")
    _placeholder(doc, "the most significant dissemination results and their impact")


def _catalogue(doc: DocxDocument, data: ReportData) -> None:
    doc.add_heading("6. Catalogue of modules and micro-credentials", level=1)
    doc.add_paragraph(tables.CATALOGUE_NOTE)
    if not data.catalogue:
        doc.add_paragraph(tables.NO_MODULE)
    for m in data.catalogue:
        doc.add_heading(f"{m.module_code} {m.title}", level=2)
        _table(doc, ["Element", "Value"], [[k, v] for k, v in catalogue_elements(data, m)], [5, 12])


def _annex(doc: DocxDocument, data: ReportData) -> None:
    doc.add_heading("Annex. Data sources", level=1)
    doc.add_paragraph(tables.annex_note(data))
    _table(
        doc,
        tables.SUBMISSION_HEADER,
        tables.submission_rows(data),
        [1.0, 2.2, 4.6, 2.8, 1.4, 2.0, 3.0],
    )
