"""Submission templates (CSV and XLSX) generated from the data contract, so they never drift.

The XLSX template helps partners get it right before uploading: drop-downs for codes and
vocabularies, date cells, number ranges, and a "columns" sheet explaining every column.
The validator stays the authority; Excel's checks are a convenience that users can bypass.
Output is byte-deterministic (fixed workbook dates), so committed templates can be checked
against fresh output.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal

import xlsxwriter

from pipelines.config import Project
from pipelines.errors import UsageError
from pipelines.intake.contract import TEMPLATES
from pipelines.intake.validate import when_key
from pipelines.words.catalogue import text

FIXED_CREATED = dt.datetime(2024, 1, 1, 0, 0, 0)  # workbook date: fixed for identical bytes
FORMATS = ("csv", "xlsx")
VALIDATED_ROWS = 5000  # rows below the header that carry Excel's drop-downs and ranges
YES_NO = ("yes", "no")

# Kinds whose cell holds one value from a list (a drop-down) or several (typed, ';'-separated).
SINGLE_CHOICE_KINDS = {"partner", "wp", "choice", "yesno"}
LIST_KINDS = {"partner_list", "sdg_list", "choice_list", "iso639_list"}
PARTNER_KINDS = {"partner"}
FORMAT_HINT_KINDS = ("iso639_list", "iso3166", "url", "date")  # intake.doc.hint.<kind>


def _columns(template: str):
    try:
        return TEMPLATES[template].columns
    except KeyError:
        known = ", ".join(TEMPLATES)
        raise UsageError(f"Unknown template {template!r}: choose one of {known}") from None


def allowed_values(column, project: Project) -> tuple[str, ...]:
    """The values a column accepts, from project.toml (empty when free or open-ended)."""
    kind = column.kind
    if kind in ("partner", "partner_list"):
        return project.partner_codes
    if kind == "wp":
        return project.wp_codes
    if kind == "sdg_list":
        return tuple(str(g) for g in project.sdg_goals)
    if kind == "yesno":
        return YES_NO
    if getattr(column, "vocabulary", None):
        return project.vocabulary(column.vocabulary)
    return ()


def _check_partner(project: Project, partner: str | None) -> str | None:
    if partner is None:
        return None
    code = partner.strip().upper()
    if code not in project.partner_codes:
        raise UsageError(
            f"Unknown partner {partner!r}: use one of {', '.join(project.partner_codes)}"
        )
    return code


def example_row(template: str, project: Project, partner: str | None = None) -> dict[str, str]:
    """The contract's example values; partner columns carry ``partner`` when given."""
    partner = _check_partner(project, partner)
    row = {}
    for column in _columns(template):
        value = str(column.example or "")
        if partner and column.kind in PARTNER_KINDS:
            value = partner
        row[column.name] = value
    return row


# --------------------------------------------------------------------------- CSV


def _csv_bytes(template: str, rows: Iterable[Mapping[str, object]]) -> bytes:
    names = [c.name for c in _columns(template)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row.get(n) is None else str(row.get(n)) for n in names])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")  # BOM: Excel reads UTF-8 right


# --------------------------------------------------------------------------- XLSX


def _rule_text(column, project: Project, template: str, lang: str = "en") -> str:
    """The contract's description plus the checks the validator applies to the column."""
    english = column.description
    if lang == "en":
        description = english
    else:
        description = text(f"intake.describe.{template}.{column.name}", lang)
        english = re.sub(r"\s*\(required[^)]*\)$", "", english)
    parts = [description.strip().rstrip(".") + "."]
    if column.required_when and "required" not in english.lower():
        condition = text(when_key(column), lang)
        parts.append(text("intake.doc.required_when", lang, condition=condition))
    said = column.description.lower()
    if column.kind == "date":
        key = "intake.doc.not_before_only" if "future" in said else "intake.doc.not_before"
        parts.append(text(key, lang, start=project.start.isoformat()))
    if column.kind == "pseudonym":
        key = "intake.doc.no_spaces" if "e-mail" in said else "intake.doc.no_personal_data"
        parts.append(text(key, lang))
    if column.max_length:
        parts.append(text("intake.doc.at_most_characters", lang, limit=str(column.max_length)))
    if column.kind in LIST_KINDS and "';'" not in column.description:
        parts.append(text("intake.doc.list_help", lang))
    return " ".join(parts)


def _allowed_text(column, project: Project, lang: str = "en") -> str:
    values = allowed_values(column, project)
    if values:
        return ", ".join(values)
    if column.kind in ("number", "integer"):
        return _range_text(column, lang)
    if column.kind in FORMAT_HINT_KINDS:
        return text(f"intake.doc.hint.{column.kind}", lang)
    return ""


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _range_text(column, lang: str = "en") -> str:
    """'a number more than 0 and at most 30', from the contract's limits."""
    key = "intake.doc.a_whole_number" if column.kind == "integer" else "intake.doc.a_number"
    word = text(key, lang)
    low, high = column.minimum, column.maximum
    parts = []
    if low is not None:
        bound = "intake.doc.more_than" if column.minimum_exclusive else "intake.doc.at_least"
        parts.append(text(bound, lang, low=_num(low)))
    if high is not None:
        parts.append(text("intake.doc.at_most", lang, high=_num(high)))
    if len(parts) == 2:
        parts = [text("intake.doc.and", lang, first=parts[0], second=parts[1])]
    return f"{word} {parts[0]}" if parts else word


def _cell_value(column, value: object) -> object:
    """Python value -> what goes in the cell: dates as dates, numbers as numbers."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return YES_NO[0] if value else YES_NO[1]
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if column.kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if column.kind in ("number", "integer") and isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    return value


def _write_lists(book, columns, project: Project, partner: str | None) -> dict[str, str]:
    """The 'lists' sheet: one column per drop-down source; returns column name -> range."""
    sheet = book.add_worksheet("lists")
    bold = book.add_format({"bold": True})
    sources: dict[str, str] = {}
    col = 0
    for column in columns:
        if column.kind not in SINGLE_CHOICE_KINDS:
            continue
        values = allowed_values(column, project)
        if partner and column.kind in PARTNER_KINDS:
            values = (partner, *(v for v in values if v != partner))
        if not values:
            continue
        sheet.write(0, col, column.name, bold)
        sheet.write_column(1, col, list(values))
        sheet.set_column(col, col, max(14, len(column.name) + 2))
        letter = xlsxwriter.utility.xl_col_to_name(col)
        sources[column.name] = f"=lists!${letter}$2:${letter}${len(values) + 1}"
        col += 1
    return sources


def _validation(
    column,
    index: int,
    project: Project,
    sources: dict[str, str],
    partner: str | None,
    lang: str = "en",
) -> dict | None:
    """Excel data validation for one column, or None where Excel cannot express the rule."""
    title = column.name[:32]
    invalid = text("intake.doc.invalid", lang, column=column.name)[:32]
    if column.name in sources:
        message = text("intake.doc.choose", lang)
        if partner and column.kind in PARTNER_KINDS:
            message = text("intake.doc.your_partner", lang, partner=partner)
        return {
            "validate": "list",
            "source": sources[column.name],
            "input_title": title,
            "input_message": message,
            "error_title": invalid,
            "error_message": text("intake.doc.choose_error", lang),
        }
    if column.kind == "date":
        start = project.start.isoformat()
        return {
            "validate": "date",
            "criteria": ">=",
            "value": dt.datetime.combine(project.start, dt.time()),
            "input_title": title,
            "input_message": text(
                "intake.doc.date_prompt", lang, start=start, example=column.example
            ),
            "error_title": text("intake.doc.invalid_date", lang)[:32],
            "error_message": text("intake.doc.date_error", lang, start=start),
        }
    if column.kind in ("number", "integer") and (column.minimum, column.maximum) != (None, None):
        return _number_validation(column, index, _range_text(column, lang), title, invalid)
    if column.kind in LIST_KINDS:
        hint = _allowed_text(column, project, lang)
        help_text = text("intake.doc.list_help", lang)
        message = f"{help_text} {hint}" if hint else help_text
        return {"validate": "any", "input_title": title, "input_message": message[:255]}
    return None


def _number_validation(column, index: int, said: str, title: str, invalid: str) -> dict:
    """Excel's range check of a number column, with its rule said in the prompt."""
    said = said[0].upper() + said[1:] + "."
    rule = {
        "validate": "decimal" if column.kind == "number" else "integer",
        "input_title": title,
        "input_message": said,
        "error_title": invalid,
        "error_message": said,
    }
    low, high = column.minimum, column.maximum
    if low is not None and high is not None and not column.minimum_exclusive:
        rule.update(criteria="between", minimum=low, maximum=high)
    elif low is not None and high is not None:  # (low, high]: Excel needs a formula
        cell = f"{xlsxwriter.utility.xl_col_to_name(index)}2"
        rule.update(
            validate="custom",
            value=f"=AND(ISNUMBER({cell}),{cell}>{_num(low)},{cell}<={_num(high)})",
        )
    elif low is not None:
        rule.update(criteria=">" if column.minimum_exclusive else ">=", value=low)
    else:
        rule.update(criteria="<=", value=high)
    return rule


def workbook_bytes(
    template: str,
    project: Project,
    rows: Iterable[Mapping[str, object]],
    properties: Mapping[str, str] | None = None,
    partner: str | None = None,
    lang: str = "en",
) -> bytes:
    """A template workbook holding ``rows`` (column name -> value): the template itself when
    rows is the example row, or a filled submission (the sample data uses this). ``lang``
    is the language of the documentation sheet and the input help; headers stay canonical."""
    columns = _columns(template)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties(
        {
            "title": f"{project.acronym} submission: {template}",
            "subject": f"{project.acronym} data contract v1, template '{template}'",
            "created": FIXED_CREATED,
            **(properties or {}),
        }
    )
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    header_required = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    text_format = book.add_format({"num_format": "@"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    bold = book.add_format({"bold": True})

    sheet = book.add_worksheet(template)
    docs = book.add_worksheet("columns")
    sources = _write_lists(book, columns, project, partner)

    sheet.freeze_panes(1, 0)
    rows = list(rows)
    for c, column in enumerate(columns):
        sheet.write_string(0, c, column.name, header_required if column.required else header)
        width = max([len(column.name) + 2, len(str(column.example or "")) + 2, 12])
        if column.kind == "date":
            cell_format = date_format
        elif column.kind in ("number", "integer"):
            cell_format = None
        else:
            cell_format = text_format  # keeps ids like 000123 and codes as typed
        sheet.set_column(c, c, min(width, 48), cell_format)
        rule = _validation(column, c, project, sources, partner, lang)
        if rule:
            sheet.data_validation(1, c, VALIDATED_ROWS, c, rule)
        for r, row in enumerate(rows, 1):
            value = _cell_value(column, row.get(column.name))
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))

    doc_header = tuple(
        text(f"intake.doc.{k}", lang) for k in ("column", "required", "rule", "allowed", "example")
    )
    docs.write_row(0, 0, doc_header, bold)
    docs.freeze_panes(1, 0)
    for r, column in enumerate(columns, 1):
        docs.write_row(
            r,
            0,
            (
                column.name,
                text("intake.doc.yes" if column.required else "intake.doc.no", lang),
                _rule_text(column, project, template, lang),
                _allowed_text(column, project, lang),
                str(column.example or ""),
            ),
            wrap,
        )
    for c, width in enumerate((20, 10, 60, 40, 28)):
        docs.set_column(c, c, width)
    book.close()
    return buffer.getvalue()


# --------------------------------------------------------------------------- public


def template_bytes(
    template: str,
    fmt: Literal["csv", "xlsx"],
    project: Project,
    partner: str | None = None,
    lang: str = "en",
) -> bytes:
    """The template as bytes: header and one example row (partner pre-filled when given);
    an XLSX template documents its columns in ``lang``."""
    if fmt not in FORMATS:
        raise UsageError(f"Unknown template format {fmt!r}: use csv or xlsx")
    row = example_row(template, project, partner)
    if fmt == "csv":
        return _csv_bytes(template, [row])
    return workbook_bytes(
        template, project, [row], partner=_check_partner(project, partner), lang=lang
    )


def template_filename(template: str, fmt: str, partner: str | None = None) -> str:
    return f"{template}_{partner.upper()}.{fmt}" if partner else f"{template}.{fmt}"


def templates_markdown(project: Project) -> str:
    """The column reference of every template as Markdown (data/templates/README.md)."""
    lines = [
        f"# {project.acronym} submission templates",
        "",
        "Generated from the data contract by `python -m pipelines templates`; do not edit.",
        "Each template comes as CSV (UTF-8 with BOM) and XLSX (drop-downs, a 'columns' sheet).",
        "Header names are matched case-insensitively; column order is free; lists inside a",
        "cell are separated by `;`. The second line of each template is an example: replace it.",
    ]
    for template in TEMPLATES.values():
        lines += ["", f"## `{template.name}`", "", template.description, ""]
        lines += [f"Unique together in a file: {', '.join(template.key)}.", ""]
        lines += [
            "| column | required | rule | allowed values | example |",
            "|---|---|---|---|---|",
        ]
        for column in template.columns:
            cells = (
                f"`{column.name}`",
                "yes" if column.required else "no",
                _rule_text(column, project, template.name),
                _allowed_text(column, project),
                f"`{column.example}`" if column.example else "",
            )
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def write_templates(
    out_dir: Path, project: Project, partner: str | None = None, lang: str = "en"
) -> list[Path]:
    """Write every template in both formats into ``out_dir`` (and, for the generic English
    set, a README.md documenting the columns); return the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    partner = _check_partner(project, partner)
    paths = []
    for template in TEMPLATES:
        for fmt in FORMATS:
            path = out_dir / template_filename(template, fmt, partner)
            data = template_bytes(template, fmt, project, partner, lang)  # type: ignore[arg-type]
            path.write_bytes(data)
            paths.append(path)
    if partner is None and lang == "en":
        path = out_dir / "README.md"
        path.write_bytes(templates_markdown(project).encode("utf-8"))
        paths.append(path)
    return paths
