"""Words and figures shared by the three writers, so every format says the same thing.

Every text comes from the ``reports`` message domain in the reader's language; figures,
dates and names go through ``pipelines.words.present.Words`` (counts whole, percentages one
decimal, CLDR country names). Names of partners, work packages and SDGs come from the
labels frozen with the report, so a frozen report reads as it was made.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipelines.catalogue import texts
from pipelines.config import Reporting
from pipelines.metrics.indicators import IndicatorValue
from pipelines.reports.model import CatalogueEntry, ReportData
from pipelines.words import catalogue
from pipelines.words.present import Words

BREAKDOWN_COLUMNS = {"partner": "col.partner", "country": "col.country", "sdg": "col.sdg"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain(value: object) -> str:
    """Text any format can hold: C0 controls (except tab and newline) become spaces, so a
    stray control character from a partner's file can never break the XML of a report."""
    return CONTROL.sub(" ", str(value)).replace("\r\n", "\n").replace("\r", "\n")


def _unbroken(figure: str) -> str:
    """A figure never wraps inside itself ('12 507', '55.6 %'): no-break spaces."""
    return figure.replace(" ", "\u00a0")


@dataclass(frozen=True)
class ReportWords:
    """The words of one report in one language."""

    data: ReportData
    lang: str = catalogue.SOURCE
    words: Words = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", Words(self.lang))
        object.__setattr__(self, "lang", self.words.lang)

    def t(self, key: str, /, **params: object) -> str:
        return self.words.t(f"reports.{key}", **params)

    def n(self, key: str, count: int, /, **params: object) -> str:
        """The plural form of ``key`` for ``count`` (passed on as ``{n}``)."""
        return self.words.n(f"reports.{key}", count, **params)

    # figures ----------------------------------------------------------------------
    def number(self, value: float | int | None, unit: str = "") -> str:
        return _unbroken(self.words.number(value, unit))

    def value(self, v: IndicatorValue, which: str = "actual") -> str:
        """An indicator's actual, target or expected value; counts whole, shares one decimal."""
        if which == "actual" and v.suppressed:
            return self.t("value.not_shown")
        return _unbroken(self.words.number(getattr(v, which), v.unit))

    def progress(self, v: IndicatorValue) -> str:
        return _unbroken(self.words.percent(v.progress))

    def date(self, iso: str | None, form: str = "long") -> str:
        return self.words.date(iso, form) if iso else ""

    # names ------------------------------------------------------------------------
    def _own(self, *keys: str) -> str | None:
        """The first of ``keys`` translated into this language, or None: English reads the
        project's configured labels. Reports name statuses and vocabulary values with the
        dashboard's keys (``status.*``, ``vocab.*``), so both say the same word."""
        if self.lang == catalogue.SOURCE:
            return None
        messages = catalogue.catalogue(self.lang).messages
        for key in keys:
            if messages.get(key) and messages[key][0]:
                return self.words.t(key)
        return None

    def status(self, status: str | None) -> str:
        if not status:
            return self.words.t("status.none")
        own = self._own(f"status.{status}")
        return own or self.data.labels.status.get(status, status)

    def vocab(self, vocabulary: str, value: str | None) -> str:
        key = f"vocab.{vocabulary}.{value}"
        return (value and self._own(key)) or self.words.vocab(vocabulary, value)

    def country(self, iso2: str | None) -> str:
        return self.words.country(iso2) if iso2 else ""

    def partner(self, code: str, with_code: bool = True) -> str:
        name = self.data.labels.partners.get(code, code)
        return f"{name} ({code})" if with_code and name != code else name

    def sdg(self, goal: str | int) -> str:
        return f"SDG {goal} {self.data.labels.sdgs.get(str(goal), '')}".strip()

    def scope_name(self, breakdown: str, key: str) -> str:
        if breakdown == "partner":
            return self.partner(key)
        if breakdown == "country":
            return self.country(key)
        if breakdown == "sdg":
            return self.sdg(key)
        return key

    def indicator(self, v: IndicatorValue) -> str:
        """An indicator's name: the catalogue's translation where there is one (project
        domain), else the name configured when the report was made."""
        return self._own(f"indicator.{v.code}.name") or v.name

    def work_package(self, wp: str) -> str:
        title = self._own(f"wp.{wp}.title") or self.data.labels.work_packages.get(wp, "")
        lead = self.data.labels.work_package_leads.get(wp, "")
        head = f"{wp} {title}".strip()
        return f"{head} ({self.t('col.lead')}: {lead})" if lead else head

    # the report -------------------------------------------------------------------
    def title(self) -> str:
        period = self.data.period
        if period and period.get("report"):
            kind = self.t(f"kind.{period['report']}")
            return self.t("title.periodic", kind=kind, period=period["id"])
        return self.t("title.technical")

    def period(self) -> str:
        d = self.data
        start, end = self.date(d.date_from), self.date(d.date_to)
        if not d.period:
            return self.t("period.range", start=start, end=end)
        name = self.t("period.named", id=d.period["id"])
        if d.period.get("report"):
            kind = self.t(f"kind.{d.period['report']}")
            return self.t("period.label", name=name, kind=kind, start=start, end=end)
        return self.t("period.plain", name=name, start=start, end=end)

    def scope(self) -> str:
        s, labels = self.data.scope, self.data.labels
        if s.kind == "partner":
            country = self.country(labels.partner_countries.get(s.code or ""))
            name = labels.partners.get(s.code or "", s.code)
            return self.t("scope.partner", name=name, code=s.code, country=country)
        if s.kind == "country":
            count = sum(1 for c in labels.partner_countries.values() if c == s.code)
            return self.n("scope.country", count, country=self.country(s.code))
        return self.n("scope.consortium", len(labels.partners))

    def basis(self) -> str:
        return self.t(f"basis.{self.data.basis}")

    def judged_on(self) -> str:
        """The date progress is judged at: the period's end once it has closed, else the
        reporting date (the engine computes 'expected' for that same day)."""
        return self.date(judged_on(self.data).isoformat())


def judged_on(data: ReportData) -> dt.date:
    as_of = dt.date.fromisoformat(data.as_of[:10])
    end = data.period["end"] if data.period else data.date_to
    if end and dt.date.fromisoformat(end[:10]) < as_of:
        return dt.date.fromisoformat(end[:10])
    return as_of


def cover_rows(w: ReportWords) -> list[tuple[str, str]]:
    """The cover facts, in order, identical on the Excel cover, the Word title page and the PDF."""
    d, p = w.data, w.data.project
    generated = dt.datetime.fromisoformat(d.generated_at).date().isoformat()
    return [
        (w.t("cover.project"), f"{p['acronym']}: {p['title']}"),
        (w.t("cover.number"), p["number"]),
        (
            w.t("cover.programme"),
            w.t(
                "cover.programme_value",
                programme=p.get(f"programme.{w.lang}") or p["programme"],
                call=p["call"],
            ),
        ),
        (w.t("cover.coordinator"), p["coordinator"]),
        (w.t("cover.report"), w.title()),
        (w.t("cover.period"), w.period()),
        (w.t("cover.scope"), w.scope()),
        (w.t("cover.basis"), w.basis()),
        (w.t("cover.judged"), w.judged_on()),
        (
            w.t("cover.generated"),
            w.t(
                "cover.generated_value", date=w.date(generated), role=w.t(f"role.{d.generated_by}")
            ),
        ),
    ]


def funding_statement(data: ReportData) -> str:
    """As configured when the report was made; a report frozen before [reporting] existed
    takes the default wording."""
    return data.project.get("funding_statement") or Reporting().funding_statement


def disclaimer(data: ReportData) -> str:
    return data.project.get("disclaimer") or Reporting().disclaimer


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


def summary_sentences(w: ReportWords) -> list[str]:
    """The generated summary of the period: the key figures in words."""
    data = w.data
    who = {
        "consortium": lambda: w.t("who.consortium"),
        "country": lambda: w.t("who.country", country=w.country(data.scope.code)),
        "partner": lambda: w.partner(data.scope.code or "", with_code=False),
    }[data.scope.kind]()
    start, end = w.date(data.date_from), w.date(data.date_to)
    out = [w.t("summary.intro", start=start, end=end, who=who, basis=w.basis())]
    listed = [f"{w.indicator(i)} {w.value(i)}" for i in data.indicators if i.unit != "%"]
    if listed:
        out.append(w.t("summary.key_figures", figures="; ".join(listed)))
    for i in (i for i in data.indicators if i.unit == "%"):
        if i.actual is None:
            out.append(w.t("summary.share_none", name=w.indicator(i)))
        else:
            out.append(
                w.t(
                    "summary.share",
                    name=w.indicator(i),
                    value=w.value(i),
                    target=w.value(i, "target"),
                )
            )
    counted = [i for i in data.indicators if i.status]
    good = sum(1 for i in counted if i.status in ("achieved", "on_track"))
    out.append(w.n("summary.on_track", len(counted), good=good, date=w.judged_on()))
    for status in ("at_risk", "off_track"):
        lagging = [i for i in counted if i.status == status]
        if lagging:
            names = ", ".join(
                w.t(
                    "summary.lagging_item",
                    code=i.code,
                    name=w.indicator(i),
                    progress=w.progress(i),
                )
                for i in lagging
            )
            out.append(w.t("summary.lagging", status=w.status(status), names=names))
    micro = sum(1 for m in data.catalogue if m.micro_credential)
    out.append(
        w.t(
            "summary.tables",
            activities=len(data.activities),
            modules=len(data.catalogue),
            micro=micro,
        )
    )
    return out


def entry_text(w: ReportWords, m: CatalogueEntry, name: str) -> str | None:
    """A catalogue entry's title or learning outcomes in the report's language, a fallback
    marked with the language it is in; None when the entry has none."""
    given = {**m.translations.get(name, {})}
    english = getattr(m, name)
    if english:
        given[texts.SOURCE] = english
    shown = texts.pick(given, w.lang)
    return None if shown.text is None else texts.label(w.words, shown)


def catalogue_elements(w: ReportWords, m: CatalogueEntry) -> list[tuple[str, str]]:
    """The EU micro-credential elements of a catalogue entry (Council Recommendation 2022)."""
    missing = w.words.missing
    ects = missing if m.ects is None else f"{w.number(m.ects, 'ECTS')} ECTS"
    level = missing if m.eqf_level is None else w.t("el.level_value", level=m.eqf_level)
    return [
        (w.t("el.title"), entry_text(w, m, "title") or missing),
        (w.t("el.module_code"), m.module_code),
        (w.t("el.awarding_body"), f"{m.awarding_body} ({m.lead_partner_code})"),
        (w.t("el.country"), w.country(m.country)),
        (w.t("el.micro"), w.words.yes_no(m.micro_credential)),
        (w.t("el.outcomes"), entry_text(w, m, "learning_outcomes") or missing),
        (w.t("el.workload"), ects),
        (w.t("el.level"), level),
        (w.t("el.assessment"), m.assessment_type or missing),
        (w.t("el.participation"), w.vocab("delivery_mode", m.delivery_mode)),
        (w.t("el.qa"), m.quality_assurance or missing),
        (w.t("el.language"), ", ".join(w.words.language(x) for x in m.language)),
        (w.t("el.status"), w.vocab("module_status", m.status)),
        (w.t("el.work_package"), m.work_package),
        (w.t("el.sdgs"), ", ".join(w.sdg(g) for g in m.sdg_goals)),
        (w.t("el.co_developers"), ", ".join(m.partner_codes) or missing),
        (w.t("el.available"), w.date(m.available_from) if m.available_from else missing),
        (w.t("el.info"), m.catalog_url or missing),
    ]


def sdg_chart_codes(data: ReportData) -> list[str]:
    """One indicator per unit (the first configured), shown per SDG: learners, modules, ..."""
    seen: dict[str, str] = {}
    for v in data.indicators:
        if v.unit != "%" and v.unit not in seen:
            seen[v.unit] = v.code
    return list(seen.values())
