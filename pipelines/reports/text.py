"""Words and number formats shared by the three writers, so every format says the same thing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pipelines.metrics.indicators import IndicatorValue, number
from pipelines.reports.model import ReportData

BREAKDOWN_TITLES = {"partner": "Partner", "country": "Country", "sdg": "SDG"}
NO_TARGET = "no target"
NOT_SHOWN = "not shown"
PLACEHOLDER = "[Narrative to be completed by the coordinator: {what}]"
EU_ELEMENTS_NOTE = (
    "Learner identification and date of issue are recorded on each credential by the "
    "awarding body; this catalogue holds no personal data."
)
LEARNERS_NOTE = (
    "Distinct learners enrolled in the period. Totals are distinct counts, not sums: a learner "
    "enrolled under two learner types counts once in a gender total."
)


def fmt_number(value: float | int | None) -> str:
    """1234 -> '1,234'; 48.25 -> '48.3'; None -> '-' (numbers as the CLI computes them)."""
    value = number(value)
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.1f}"


def fmt_value(v: IndicatorValue, which: str = "actual") -> str:
    value = getattr(v, which)
    if which == "actual" and v.suppressed:
        return NOT_SHOWN
    text = fmt_number(value)
    return f"{text} %" if value is not None and v.unit == "%" else text


def fmt_progress(v: IndicatorValue) -> str:
    return "-" if v.progress is None else f"{round(100 * v.progress):,} %"


def status_label(data: ReportData, status: str | None) -> str:
    return data.labels.status.get(status, status) if status else NO_TARGET


def fmt_date(iso: str | None) -> str:
    """'2025-06-30' -> '30 June 2025'."""
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso[:10])
    return f"{d.day} {d.strftime('%B')} {d.year}"


def period_label(data: ReportData) -> str:
    window = f"{fmt_date(data.date_from)} – {fmt_date(data.date_to)}"
    if data.period:
        kind = f", {data.period['report']} report" if data.period.get("report") else ""
        return f"{data.period['name']} ({data.period['id']}{kind}): {window}"
    return f"Date range {window}"


def report_title(data: ReportData) -> str:
    if data.period and data.period.get("report"):
        return f"Periodic technical report ({data.period['report']}), {data.period['id']}"
    return "Technical report"


def basis_label(data: ReportData) -> str:
    if data.basis == "with_pending":
        return "approved and pending submissions (pending data is not yet validated)"
    return "approved submissions only"


def data_as_of(data: ReportData) -> str:
    return (
        f"ledger position {data.ledger_position} (warehouse built {data.built_at}); "
        f"{len(data.submissions)} submissions; expected-to-date values as of {data.as_of}"
    )


def cover_rows(data: ReportData) -> list[tuple[str, str]]:
    """The cover facts, in order, identical on the Excel cover, the Word title page and the PDF."""
    p = data.project
    filters = ", ".join(f"{k}={v}" for k, v in data.filters.items() if v not in (None, ""))
    return [
        ("Project", f"{p['acronym']}: {p['title']}"),
        ("Project number", p["number"]),
        ("Programme", f"{p['programme']}, call {p['call']}"),
        ("Coordinator", p["coordinator"]),
        ("Report", report_title(data)),
        ("Period", period_label(data)),
        ("Scope", data.scope.label),
        ("Data basis", basis_label(data)),
        ("Data as of", data_as_of(data)),
        ("Generated at", f"{data.generated_at} by {data.generated_by}"),
        ("Filters", filters),
    ]


def partner_name(data: ReportData, code: str) -> str:
    return data.labels.partners.get(code, code)


def scope_name(data: ReportData, breakdown: str, key: str) -> str:
    if breakdown == "partner":
        return partner_name(data, key)
    if breakdown == "country":
        return data.labels.countries.get(key, key)
    if breakdown == "sdg":
        return f"SDG {key} {data.labels.sdgs.get(key, '')}".strip()
    return key


def by_scope(values: Iterable[IndicatorValue]) -> dict[str, dict[str, IndicatorValue]]:
    """scope -> code -> value, keeping the engine's order."""
    out: dict[str, dict[str, IndicatorValue]] = {}
    for v in values:
        out.setdefault(v.scope, {})[v.code] = v
    return out


def by_work_package(data: ReportData) -> dict[str, list[IndicatorValue]]:
    """The headline indicators grouped by work package, in the configured WP order."""
    out: dict[str, list[IndicatorValue]] = {wp: [] for wp in data.labels.work_packages}
    for v in data.indicators:
        out.setdefault(v.work_package, []).append(v)
    return out


def learners_table(data: ReportData) -> tuple[list[str], list[str], dict[tuple, int]]:
    """(genders, learner types, {(gender|None, type|None): learners}) for a cross table."""
    cells = {(c.gender, c.learner_type): c.learners for c in data.learners}
    genders = sorted({c.gender for c in data.learners if c.gender is not None})
    types = sorted({c.learner_type for c in data.learners if c.learner_type is not None})
    return genders, types, cells


def summary_sentences(data: ReportData) -> list[str]:
    """The generated summary of the period: the key figures in words."""
    who = {
        "consortium": "the consortium",
        "country": f"the partners in {data.labels.countries.get(data.scope.code or '', '')}",
        "partner": data.labels.partners.get(data.scope.code or "", data.scope.code or ""),
    }[data.scope.kind]
    window = f"{fmt_date(data.date_from)} to {fmt_date(data.date_to)}"
    out = [f"From {window}, {who} reported the following results ({basis_label(data)})."]
    listed = [f"{i.name} {fmt_value(i)}" for i in data.indicators if i.unit != "%"]
    if listed:
        out.append("Key figures: " + "; ".join(listed) + ".")
    shares = [i for i in data.indicators if i.unit == "%"]
    for i in shares:
        if i.actual is None:
            out.append(f"{i.name}: no learner with a disclosed gender in the period.")
        else:
            out.append(f"{i.name}: {fmt_value(i)} (target {fmt_value(i, 'target')}).")
    counted = [i for i in data.indicators if i.status]
    good = [i for i in counted if i.status in ("achieved", "on_track")]
    out.append(
        f"{len(good)} of {len(counted)} indicators with a target are achieved or on track "
        f"against the value expected by {fmt_date(data.as_of)}."
    )
    for status in ("at_risk", "off_track"):
        lagging = [i for i in counted if i.status == status]
        if lagging:
            names = ", ".join(f"{i.code} {i.name} ({fmt_progress(i)} of target)" for i in lagging)
            out.append(f"{status_label(data, status)}: {names}.")
    out.append(
        f"The table of achieved results lists {len(data.activities):,} dissemination "
        f"activities; the catalogue lists {len(data.catalogue):,} modules, "
        f"{sum(1 for m in data.catalogue if m.micro_credential):,} of them micro-credentials."
    )
    return out


def catalogue_elements(data: ReportData, m) -> list[tuple[str, str]]:
    """The EU micro-credential elements of a catalogue entry (Council Recommendation 2022)."""
    sdgs = ", ".join(f"SDG {g}" for g in m.sdg_goals)
    return [
        ("Title", m.title),
        ("Module code", m.module_code),
        ("Awarding body", f"{m.awarding_body} ({m.lead_partner_code})"),
        ("Country of the issuer", data.labels.countries.get(m.country, m.country)),
        ("Micro-credential", "yes" if m.micro_credential else "no"),
        ("Learning outcomes", m.learning_outcomes or "-"),
        ("Notional workload", "-" if m.ects is None else f"{fmt_number(m.ects)} ECTS"),
        ("Level", "-" if m.eqf_level is None else f"EQF {m.eqf_level}"),
        ("Type of assessment", m.assessment_type or "-"),
        ("Form of participation", m.delivery_mode.replace("_", "-")),
        ("Type of quality assurance", m.quality_assurance or "-"),
        ("Language", ", ".join(m.language)),
        ("Status", m.status.replace("_", " ")),
        ("Work package", m.work_package),
        ("SDGs", sdgs),
        ("Co-developers", ", ".join(m.partner_codes) or "-"),
        ("Available from", m.available_from or "-"),
        ("Further information", m.catalog_url or "-"),
    ]


def sdg_chart_codes(data: ReportData) -> list[str]:
    """One indicator per unit (the first configured), shown per SDG: learners, modules, ..."""
    seen: dict[str, str] = {}
    for v in data.indicators:
        if v.unit != "%" and v.unit not in seen:
            seen[v.unit] = v.code
    return list(seen.values())
