"""The work plan's list template (CSV and XLSX), written by ``python -m pipelines templates``.

Headers are the column words of the reader's language (``workplan.column.*``); the reader
takes them in any of the four languages. The XLSX offers drop-downs for the kind, work
package, lead partner, type and dissemination level, and date cells for the due date.
Output is byte-deterministic, so the committed templates can be checked against fresh output.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import xlsxwriter

from pipelines.config import DELIVERABLE_TYPES, DISSEMINATION_LEVELS, Project
from pipelines.intake.templates import FIXED_CREATED, VALIDATED_ROWS
from pipelines.words.catalogue import text
from pipelines.workplan.listfile import COLUMNS, EXAMPLES, KINDS

NAME = "workplan"


def headers(lang: str) -> list[str]:
    return [text(f"workplan.column.{c}", lang) for c in COLUMNS]


def csv_bytes(lang: str = "en") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers(lang))
    for row in EXAMPLES:
        writer.writerow([row[c] for c in COLUMNS])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")  # BOM: Excel reads UTF-8 right


def xlsx_bytes(project: Project, lang: str = "en") -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": f"{project.acronym} work plan list", "created": FIXED_CREATED})
    bold = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    text_format = book.add_format({"num_format": "@"})
    sheet = book.add_worksheet(NAME)
    sheet.freeze_panes(1, 0)
    choices = {
        "kind": KINDS,
        "work_package": project.wp_codes,
        "lead_partner": project.partner_codes,
        "type": DELIVERABLE_TYPES,
        "dissemination": DISSEMINATION_LEVELS,
    }
    for c, (column, header) in enumerate(zip(COLUMNS, headers(lang), strict=True)):
        sheet.write_string(0, c, header, bold)
        width = 60 if column in ("title", "verification") else max(len(header) + 2, 14)
        sheet.set_column(c, c, width, date_format if column == "due" else text_format)
        if column in choices:
            sheet.data_validation(
                1, c, VALIDATED_ROWS, c, {"validate": "list", "source": list(choices[column])}
            )
        for r, row in enumerate(EXAMPLES, 1):
            value = row[column]
            if column == "due":
                day = dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
                sheet.write_datetime(r, c, day, date_format)
            elif value:
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def write(out_dir: Path, project: Project, lang: str = "en") -> list[Path]:
    """``workplan.csv`` and ``workplan.xlsx`` in ``out_dir``; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, data in (("csv", csv_bytes(lang)), ("xlsx", xlsx_bytes(project, lang))):
        path = out_dir / f"{NAME}.{suffix}"
        path.write_bytes(data)
        written.append(path)
    return written
