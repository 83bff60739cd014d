"""The presentation layer: how every value reads, in one place for the CLI, the dashboard and
the three report formats.

``Words(lang, project)`` turns values into text for people: numbers with the language's
separators and the decimals their unit needs (counts whole, percentages one decimal),
dates, a dash for a missing value, status and vocabulary labels, and the names of partners,
countries, indicators, SDGs, work packages and periods. Project facts read in English from
``project.toml``; another language takes the catalogue's ``project`` domain where it has the
key (``indicator.ENR-1.name``) and the configured English otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipelines.config import Indicator, Project
from pipelines.words import catalogue
from pipelines.words.locale_format import (
    format_date,
    format_number,
    format_percent_value,
    locale_of,
)

DECIMALS_BY_UNIT = {"%": 1, "ECTS": 1}  # every other unit counts things: whole numbers


@dataclass(frozen=True)
class Words:
    """Words for one reader: a language and, for names, the project."""

    lang: str = catalogue.SOURCE
    project: Project | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "lang", catalogue.normalise_lang(self.lang) or catalogue.SOURCE)

    # messages -------------------------------------------------------------------------
    def t(self, key: str, /, **params: object) -> str:
        return catalogue.text(key, self.lang, **params)

    def n(self, key: str, count: int, /, **params: object) -> str:
        return catalogue.plural(key, count, self.lang, **params)

    def message(self, message: catalogue.Message) -> str:
        return message.render(self.lang)

    def _fact(self, key: str, english: str) -> str:
        """A project fact: its translation where the catalogue has one, else the config's."""
        if self.lang != catalogue.SOURCE and self.lang != catalogue.PSEUDO:
            own = catalogue.catalogue(self.lang).messages.get(key)
            if own and own[0]:
                return own[0]
        return f"⟦{english}⟧" if self.lang == catalogue.PSEUDO else english

    # values ---------------------------------------------------------------------------
    @property
    def missing(self) -> str:
        return "–"

    def number(self, value: float | int | None, unit: str = "") -> str:
        """A figure as people write it: '2,031', '48.3 %', '1 166' (count units whole)."""
        if value is None:
            return self.missing
        decimals = DECIMALS_BY_UNIT.get(unit, 0)
        if unit == "%":
            return format_percent_value(float(value), self.lang, decimals)
        if unit == "ECTS" and float(value).is_integer():
            decimals = 0
        return format_number(value, self.lang, decimals)

    def count(self, value: float | int | None) -> str:
        return self.number(value, "")

    def decimal(self, value: float | int | None, decimals: int | None = None) -> str:
        return self.missing if value is None else format_number(value, self.lang, decimals)

    def percent(self, share: float | None, decimals: int = 0) -> str:
        """A share (0.483) as a percentage ('48 %')."""
        if share is None:
            return self.missing
        return format_percent_value(100 * float(share), self.lang, decimals)

    def date(self, day: dt.date | str | None, form: str = "long") -> str:
        if not day:
            return self.missing
        if isinstance(day, str):
            day = dt.date.fromisoformat(day[:10])
        if isinstance(day, dt.datetime):
            day = day.date()
        return format_date(day, self.lang, form)

    def moment(self, stamp: str, form: str = "long") -> str:
        """An ISO UTC timestamp as the reader's date and the time to the minute."""
        return f"{self.date(stamp, form)} {stamp[11:16]}".strip()

    def value_with_unit(self, value: float | None, unit: str) -> str:
        shown = self.number(value, unit)
        if value is None or unit == "%":
            return shown
        return f"{shown} {self.unit(unit)}"

    # labels ---------------------------------------------------------------------------
    def status(self, status: str | None) -> str:
        """'✔ Achieved'; 'No target' when no target applies."""
        if not status:
            return self.t("status.none")
        icon = self.project.status.icons.get(status, "") if self.project else ""
        english = self.project.status.labels.get(status, status) if self.project else status
        label = self._fact(f"status.{status}", english)
        return f"{icon} {label}".strip()

    def status_word(self, status: str | None) -> str:
        """The status label without its icon."""
        if not status:
            return self.t("status.none")
        english = self.project.status.labels.get(status, status) if self.project else status
        return self._fact(f"status.{status}", english)

    def vocab(self, vocabulary: str, value: str | None) -> str:
        """A coded value in words: ('activity_type', 'multiplier_event') -> 'Multiplier event'."""
        if value is None or value == "":
            return self.missing
        key = f"vocab.{vocabulary}.{value}"
        if key in catalogue.keys(catalogue.SOURCE):
            return self.t(key)
        return str(value).replace("_", " ").capitalize()

    def unit(self, unit: str) -> str:
        key = f"unit.{unit}"
        return self.t(key) if key in catalogue.keys(catalogue.SOURCE) else unit

    def yes_no(self, value: bool | None) -> str:
        if value is None:
            return self.missing
        return self.t("value.yes" if value else "value.no")

    # names ----------------------------------------------------------------------------
    def partner(self, code: str | None, with_code: bool = False) -> str:
        """A partner's short name ('KazNU'), or 'KazNU (KAZNU)' where the code matters."""
        if not code:
            return self.missing
        if not self.project or code.upper() not in self.project.partner_codes:
            return code
        p = self.project.partner(code)
        name = self._fact(f"partner.{p.code}.short_name", p.short_name)
        return f"{name} ({p.code})" if with_code and name != p.code else name

    def partner_full(self, code: str) -> str:
        if not self.project or code.upper() not in self.project.partner_codes:
            return code
        p = self.project.partner(code)
        return self._fact(f"partner.{p.code}.name", p.name)

    def country(self, iso2: str | None) -> str:
        """A country's name in the reader's language (CLDR), e.g. 'Казахстан'."""
        if not iso2:
            return self.missing
        name = locale_of(self.lang).territories.get(iso2.upper())
        if name:
            return f"⟦{name}⟧" if self.lang == catalogue.PSEUDO else name
        if self.project:
            for c in self.project.countries:
                if c.iso2 == iso2.upper():
                    return self._fact(f"country.{c.iso2}", c.name)
        return iso2

    def language(self, code: str) -> str:
        name = locale_of(self.lang).languages.get(code.lower())
        return name or code

    def indicator(self, indicator: Indicator | str) -> str:
        ind = self._indicator(indicator)
        return self._fact(f"indicator.{ind.code}.name", ind.name) if ind else str(indicator)

    def indicator_definition(self, indicator: Indicator | str) -> str:
        ind = self._indicator(indicator)
        return self._fact(f"indicator.{ind.code}.definition", ind.definition) if ind else ""

    def _indicator(self, indicator: Indicator | str) -> Indicator | None:
        if isinstance(indicator, Indicator):
            return indicator
        if self.project is None:
            return None
        try:
            return self.project.indicator(indicator)
        except KeyError:
            return None

    def sdg(self, goal: int | str) -> str:
        """'SDG 4 Quality Education' in the reader's language."""
        goal = int(goal)
        english = self.project.sdg(goal).short_name if self.project else str(goal)
        return self.t("sdg.label", goal=str(goal), name=self._fact(f"sdg.{goal}.name", english))

    def sdg_target(self, code: str, english: str) -> str:
        return self._fact(f"sdg.target.{code}", english)

    def work_package(self, code: str) -> str:
        if self.project:
            for wp in self.project.work_packages:
                if wp.code == code:
                    return f"{wp.code} {self._fact(f'wp.{wp.code}.title', wp.title)}"
        return code

    def period(self, period_id: str | None) -> str:
        if not period_id or period_id == "ALL":
            return self.t("period.whole_project")
        if self.project:
            try:
                p = self.project.period(period_id)
            except KeyError:
                return period_id
            return self._fact(f"period.{p.id}.name", p.name)
        return period_id
