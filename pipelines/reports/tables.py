"""The tables of the Word and PDF reports as rows of text, and the sentences around them.

Both documents show the same tables with the same words; only the layout (widths, colours,
links) belongs to each writer. The Excel writer keeps numbers as numbers and builds its own.
"""

from __future__ import annotations

from pipelines.metrics.indicators import IndicatorValue
from pipelines.reports.text import (
    BREAKDOWN_COLUMNS,
    ReportWords,
    by_scope,
    learners_table,
)

PIVOT_CHUNK = 6  # indicator columns per pivot table, so that tables fit the page
INDICATOR_KEYS = ("code", "indicator", "actual", "target", "expected", "progress", "status")
STATUS_COLUMN = INDICATOR_KEYS.index("status")
ACTIVITY_KEYS = ("date", "partner", "type", "title", "country", "audience", "participants")
ACTIVITY_KEYS += ("reach",)
SUBMISSION_KEYS = ("submission", "template", "file", "partner", "rows", "received", "sha256")


def header(w: ReportWords, keys: tuple[str, ...]) -> list[str]:
    return [w.t(f"col.{k}") for k in keys]


def indicator_rows(w: ReportWords, values: list[IndicatorValue]) -> list[list[str]]:
    """One row per indicator, columns as INDICATOR_KEYS."""
    return [
        [
            v.code,
            w.indicator(v),
            w.value(v),
            w.value(v, "target"),
            w.value(v, "expected"),
            w.progress(v),
            w.status(v.status),
        ]
        for v in values
    ]


def breakdown_sections(w: ReportWords) -> list[tuple[str, str, list[IndicatorValue]]]:
    """(heading, breakdown, values) of section 3: by partner, by country when any, by SDG."""
    data = w.data
    sections = [("partner", data.by_partner)]
    if data.by_country:
        sections.append(("country", data.by_country))
    sections.append(("sdg", data.by_sdg))
    return [
        (f"3.{n} {w.t(f'h.by_{kind}')}", kind, values)
        for n, (kind, values) in enumerate(sections, 2)
    ]


def pivot_tables(
    w: ReportWords, breakdown: str, values: list[IndicatorValue]
) -> list[tuple[list[str], list[list[str]]]]:
    """Actual values, one row per partner / country / SDG, indicators in columns: a
    (header, rows) table per PIVOT_CHUNK indicators."""
    grid = by_scope(values)
    codes = [v.code for v in w.data.indicators]
    tables = []
    for start in range(0, len(codes), PIVOT_CHUNK):
        chunk = codes[start : start + PIVOT_CHUNK]
        rows = [
            [w.scope_name(breakdown, scope), *(w.value(cells[c]) for c in chunk)]
            for scope, cells in grid.items()
        ]
        tables.append(([w.t(BREAKDOWN_COLUMNS[breakdown]), *chunk], rows))
    return tables


def learner_rows(w: ReportWords) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the cross table of learners: learner types by gender, with totals."""
    genders, types, cells = learners_table(w.data)
    total = w.t("col.total")
    rows = [
        [
            w.vocab("learner_type", kind) if kind else total,
            *(w.number(cells.get((g, kind), 0)) for g in [*genders, None]),
        ]
        for kind in [*types, None]
    ]
    return [w.t("col.learner_type"), *(w.vocab("gender", g) for g in genders), total], rows


def activity_rows(w: ReportWords) -> list[list[str]]:
    """The table of achieved results, columns as ACTIVITY_KEYS."""
    return [
        [
            w.date(a.date, "medium"),
            a.partner_code,
            w.vocab("activity_type", a.activity_type),
            a.title,
            w.country(a.event_country),
            ", ".join(w.vocab("audience", x) for x in a.audience),
            w.number(a.participants),
            w.number(a.reach),
        ]
        for a in w.data.activities
    ]


def submission_rows(w: ReportWords) -> list[list[str]]:
    """The submissions behind the figures, columns as SUBMISSION_KEYS."""
    return [
        [
            str(s.submission_id),
            s.template,
            s.file_name,
            ", ".join(s.partners),
            w.number(s.row_count),
            w.date(s.received_at, "medium"),
            s.sha256,
        ]
        for s in w.data.submissions
    ]


# ------------------------------------------------------------------ the work plan (part A)

DELIVERABLE_KEYS = ("code", "title", "work_package", "lead", "type", "dissemination", "due")
DELIVERABLE_KEYS += ("status", "submitted_on", "justification")
MILESTONE_KEYS = ("code", "title", "work_package", "due", "verification", "status")
MILESTONE_KEYS += ("reached_on",)
RISK_KEYS = ("code", "description", "work_package", "likelihood", "impact", "mitigation")
RISK_KEYS += ("status",)


def _level(w: ReportWords, value: str) -> str:
    key = f"workplan.page.level.{value}"
    return w.words.t(key) if value in ("low", "medium", "high") else value


def _status(w: ReportWords, status: str, late: bool = False) -> str:
    said = w.words.t(f"workplan.status.{status}")
    return f"{said} ({w.t('value.late')})" if late else said


def deliverable_rows(w: ReportWords) -> list[list[str]]:
    """Code, title, work package, lead beneficiary, type, dissemination level, due date,
    status (late ones marked), submitted on, justification."""
    return [
        [
            d.code,
            d.title,
            d.wp,
            d.lead,  # the short code, as the achieved results name partners
            d.type,
            d.dissemination,
            w.date(d.due, "medium"),
            _status(w, d.status, d.late),
            w.date(d.submitted_on, "medium") if d.submitted_on else "",
            d.justification or "",
        ]
        for d in w.data.deliverables
    ]


def milestone_rows(w: ReportWords) -> list[list[str]]:
    """Code, title, work package, due date, means of verification, status, reached on."""
    return [
        [
            m.code,
            m.title,
            m.wp,
            w.date(m.due, "medium"),
            m.verification,
            _status(w, m.status, m.late and m.status != "reached"),
            w.date(m.reached_on, "medium") if m.reached_on else "",
        ]
        for m in w.data.milestones
    ]


def risk_rows(w: ReportWords) -> list[list[str]]:
    """Code, description, work package, likelihood, impact, mitigation, status."""
    return [
        [
            r.code,
            r.description,
            r.wp,
            _level(w, r.likelihood),
            _level(w, r.impact),
            r.mitigation,
            _status(w, r.status),
        ]
        for r in w.data.risks
    ]


def work_plan_tables(
    w: ReportWords,
) -> list[tuple[str, tuple[str, ...], list[list[str]]]]:
    """The three tables of part A that the report has rows for: (sheet key, columns, rows)."""
    found = [
        ("deliverables", DELIVERABLE_KEYS, deliverable_rows(w)),
        ("milestones", MILESTONE_KEYS, milestone_rows(w)),
        ("risks", RISK_KEYS, risk_rows(w)),
    ]
    return [(key, columns, rows) for key, columns, rows in found if rows]
