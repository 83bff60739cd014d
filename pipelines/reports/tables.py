"""The tables of the Word and PDF reports as rows of text, and the sentences around them.

Both documents show the same tables with the same words; only the layout (widths, colours,
links) belongs to each writer. The Excel writer keeps numbers as numbers and builds its own.
"""

from __future__ import annotations

from pipelines.metrics.indicators import IndicatorValue
from pipelines.reports.model import ReportData
from pipelines.reports.text import (
    BREAKDOWN_TITLES,
    EU_ELEMENTS_NOTE,
    by_scope,
    fmt_date,
    fmt_number,
    fmt_progress,
    fmt_value,
    learners_table,
    scope_name,
    status_label,
)

PIVOT_CHUNK = 6  # indicator columns per pivot table, so that tables fit the page
INDICATOR_HEADER = ["Code", "Indicator", "Actual", "Target", "Expected", "Progress", "Status"]
STATUS_COLUMN = INDICATOR_HEADER.index("Status")
ACTIVITY_HEADER = ["Date", "Partner", "Type", "Title", "Country", "Audience", "Particip.", "Reach"]
SUBMISSION_HEADER = ["Id", "Template", "File", "Partners", "Rows", "Received", "SHA-256"]

NO_WORK_PACKAGE_INDICATOR = "No indicator of the monitoring framework belongs to this package."
SDG_NOTE = "A record counts for each of its SDGs, so SDG columns do not add up to the total."
NO_ACTIVITY = "No dissemination activity in the period."
CATALOGUE_NOTE = (
    "Elements of the EU standard for micro-credentials (Council Recommendation of "
    "16 June 2022). " + EU_ELEMENTS_NOTE
)
NO_MODULE = "No module in this scope yet."


def work_package_heading(data: ReportData, wp: str) -> str:
    title = data.labels.work_packages.get(wp, "")
    lead = data.labels.work_package_leads.get(wp, "")
    return f"{wp} {title}" + (f" (lead: {lead})" if lead else "")


def indicators_note(data: ReportData) -> str:
    return (
        "Target: the part of the target that falls in the period. Expected: the value expected "
        f"by {fmt_date(data.as_of)}. Progress: actual as a share of the target."
    )


def annex_note(data: ReportData) -> str:
    return (
        f"Figures computed from the project's submission ledger at position "
        f"{data.ledger_position}. Each submission is identified by its SHA-256 checksum."
    )


def indicator_rows(data: ReportData, values: list[IndicatorValue]) -> list[list[str]]:
    """One row per indicator, columns as INDICATOR_HEADER."""
    return [
        [
            v.code,
            v.name,
            fmt_value(v),
            fmt_value(v, "target"),
            fmt_value(v, "expected"),
            fmt_progress(v),
            status_label(data, v.status),
        ]
        for v in values
    ]


def breakdown_sections(data: ReportData) -> list[tuple[str, str, list[IndicatorValue]]]:
    """(heading, breakdown, values) of section 3: by partner, by country when any, by SDG."""
    sections = [("3.2 By partner", "partner", data.by_partner)]
    if data.by_country:
        sections.append(("3.3 By country", "country", data.by_country))
    sections.append((f"3.{len(sections) + 2} By SDG", "sdg", data.by_sdg))
    return sections


def pivot_tables(
    data: ReportData, breakdown: str, values: list[IndicatorValue]
) -> list[tuple[list[str], list[list[str]]]]:
    """Actual values, one row per partner / country / SDG, indicators in columns: a
    (header, rows) table per PIVOT_CHUNK indicators."""
    grid = by_scope(values)
    codes = [v.code for v in data.indicators]
    tables = []
    for start in range(0, len(codes), PIVOT_CHUNK):
        chunk = codes[start : start + PIVOT_CHUNK]
        rows = [
            [scope_name(data, breakdown, scope), *(fmt_value(cells[c]) for c in chunk)]
            for scope, cells in grid.items()
        ]
        tables.append(([BREAKDOWN_TITLES[breakdown], *chunk], rows))
    return tables


def learner_rows(data: ReportData) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the cross table of learners: learner types by gender, with totals."""
    genders, types, cells = learners_table(data)
    rows = [
        [kind or "Total", *(fmt_number(cells.get((g, kind), 0)) for g in [*genders, None])]
        for kind in [*types, None]
    ]
    return ["Learner type", *(f"Gender {g}" for g in genders), "Total"], rows


def activity_rows(data: ReportData) -> list[list[str]]:
    """The table of achieved results, columns as ACTIVITY_HEADER."""
    return [
        [
            a.date,
            a.partner_code,
            a.activity_type.replace("_", " "),
            a.title,
            a.event_country,
            ", ".join(x.replace("_", " ") for x in a.audience),
            fmt_number(a.participants),
            fmt_number(a.reach),
        ]
        for a in data.activities
    ]


def submission_rows(data: ReportData) -> list[list[str]]:
    """The submissions behind the figures, columns as SUBMISSION_HEADER."""
    return [
        [
            str(s.submission_id),
            s.template,
            s.file_name,
            ", ".join(s.partners),
            f"{s.row_count:,}",
            s.received_at[:10],
            s.sha256,
        ]
        for s in data.submissions
    ]
