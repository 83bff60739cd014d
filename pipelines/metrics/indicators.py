"""The indicator engine: actuals from ``marts/indicator_actuals.sql``, targets and status from
``progress``. The CLI, the dashboard, the reports and the marts all call ``compute``, so a
figure is the same wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace

import duckdb

from pipelines.access.scope import Viewer
from pipelines.config import Project, today
from pipelines.errors import UsageError
from pipelines.metrics import freshness, progress
from pipelines.metrics.facts import facts_sql
from pipelines.metrics.progress import Window
from pipelines.paths import sql_file
from pipelines.rounding import percent, rounded

BASES = ("official", "with_pending")


@dataclass(frozen=True)
class Filters:
    """What the user asked for. Codes are normalised; unknown values are usage errors."""

    partner: str | None = None
    country: str | None = None
    sdg: int | None = None
    period: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    work_package: str | None = None  # selects the indicators linked to a work package
    basis: str = "official"

    def normalised(self, project: Project) -> Filters:
        partner = self.partner.strip().upper() if self.partner else None
        country = self.country.strip().upper() if self.country else None
        period = self.period.strip().upper() if self.period else None
        wp = self.work_package.strip().upper() if self.work_package else None
        if partner and partner not in project.partner_codes:
            raise UsageError(
                key="metrics.filter.unknown_partner",
                value=self.partner,
                choices=", ".join(project.partner_codes),
            )
        countries = [c.iso2 for c in project.countries]
        if country and country not in countries:
            raise UsageError(
                key="metrics.filter.unknown_country",
                value=self.country,
                choices=", ".join(countries),
            )
        if self.sdg is not None and self.sdg not in project.sdg_goals:
            goals = ", ".join(str(g) for g in project.sdg_goals)
            raise UsageError(key="metrics.filter.unknown_sdg", value=str(self.sdg), choices=goals)
        periods = [p.id for p in project.periods]
        if period and period not in [p.upper() for p in periods]:
            raise UsageError(
                key="metrics.filter.unknown_period", value=self.period, choices=", ".join(periods)
            )
        if wp and wp not in project.wp_codes:
            raise UsageError(
                key="metrics.filter.unknown_work_package",
                value=self.work_package,
                choices=", ".join(project.wp_codes),
            )
        if self.basis not in BASES:
            raise UsageError(
                key="metrics.filter.unknown_basis", value=self.basis, choices=", ".join(BASES)
            )
        if period and (self.date_from or self.date_to):
            raise UsageError(key="metrics.filter.period_and_dates")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UsageError(key="metrics.filter.dates_reversed")
        return Filters(
            partner,
            country,
            self.sdg,
            period and project.period(period).id,
            self.date_from,
            self.date_to,
            wp,
            self.basis,
        )

    def window(self, project: Project) -> Window:
        if self.period:
            p = project.period(self.period)
            return Window(p.start, p.end)
        return Window(self.date_from, self.date_to)

    def sql_params(self, window: Window) -> dict[str, object]:
        """The bound parameters that choose the facts of this request in SQL (the
        ``*_in_scope`` macros): basis, partner, country, SDG and the window's bounds."""
        return {
            "basis": self.basis,
            "partner": self.partner,
            "country": self.country,
            "sdg": self.sdg,
            "date_from": window.lo,
            "date_to": window.hi,
        }


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    name: str
    unit: str
    actual: float | None
    target: float | None
    expected: float | None
    progress: float | None
    status: str | None
    scope: str  # 'all', a partner code, an ISO2 country, a region or an SDG goal
    work_package: str
    suppressed: bool = False

    def contract_dict(self) -> dict:
        """The CLI's JSON shape (data contract): code, name, unit, actual, target, status."""
        return {
            "code": self.code,
            "name": self.name,
            "unit": self.unit,
            "actual": number(self.actual),
            "target": number(self.target),
            "status": self.status,
        }

    def as_dict(self) -> dict:
        return asdict(self)


def number(value: float | None) -> int | float | None:
    """Whole numbers print as integers (3000, not 3000.0); others keep their decimals."""
    if value is None:
        return None
    value = rounded(value)
    return int(value) if value.is_integer() else value


def actuals(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    f: Filters,
    window: Window,
    by: str = "all",
    memo: dict | None = None,
) -> dict[str, dict[str, float | None]]:
    """scope_key -> code -> actual, from SQL (no targets, no scope checks).

    SQL gives partner (or SDG) sums of each indicator's facts; consortium, country and
    region figures are their sums, since every fact belongs to exactly one partner. A share
    is made from its two sums last. ``memo`` lets a caller asking for several breakdowns of
    one filter run the SQL once.
    """
    sql_by = "sdg" if by == "sdg" else "partner"
    key = (f, window, sql_by)
    if memo is not None and key in memo:
        rows = memo[key]
    else:
        rows = actual_rows(con, project, f, window, sql_by)
        if memo is not None:
            memo[key] = rows
    scope_of = _scope_function(project, by)
    sums: dict[str, dict[str, tuple[float, float]]] = {}
    for scope_key, code, actual, base in rows:
        codes = sums.setdefault(scope_of(scope_key), {})
        value, whole = codes.get(code, (0.0, 0.0))
        codes[code] = (value + (actual or 0.0), whole + (base or 0.0))
    shares = {i.code for i in project.indicators if i.kind == "share"}
    return {
        scope: {
            code: percent(value, whole) if code in shares else value
            for code, (value, whole) in codes.items()
        }
        for scope, codes in sums.items()
    }


def from_partials(f: Filters) -> bool:
    """Whole periods of approved data are materialised per partner and month at build time
    (``mart_partial``): the same sums as the facts, without reading a million rows."""
    return f.date_from is None and f.date_to is None and f.basis == "official"


def partial_params(f: Filters, **extra: object) -> dict[str, object]:
    return {
        "period_id": f.period or "ALL",
        "partner": f.partner,
        "country": f.country,
        "sdg": f.sdg,
        **extra,
    }


def actual_rows(
    con: duckdb.DuckDBPyConnection, project: Project, f: Filters, window: Window, sql_by: str
) -> list[tuple]:
    """(scope_key, code, actual, base) per partner or SDG: from the partials when they hold
    the request and were made with today's settings and SQL, else from the facts (a date
    range, pending data, an older warehouse, settings changed since the build)."""
    if from_partials(f) and freshness.made_as_configured(con, project):
        try:
            sql = sql_file("queries/partial_actuals.sql")
            return con.execute(sql, partial_params(f, by=sql_by)).fetchall()
        except duckdb.CatalogException:
            pass  # built before the partials existed: the facts give the same sums
    sql = facts_sql(project, "marts/indicator_actuals.sql")
    return con.execute(sql, {**f.sql_params(window), "by": sql_by}).fetchall()


def _scope_function(project: Project, by: str):
    """The scope a partner's (or an SDG's) row adds up into for a breakdown."""
    country_of = {p.code: p.country for p in project.partners}
    region_of = {c.iso2: c.region for c in project.countries}
    if by in ("partner", "sdg"):
        return lambda key: key
    if by == "country":
        return lambda key: country_of[key]
    if by == "region":
        return lambda key: region_of[country_of[key]]
    return lambda key: "all"


def scoped_filters(project: Project, viewer: Viewer, filters: Filters, by: str = "all") -> Filters:
    """A request as this viewer may make it, decided in one place for the indicator engine,
    the dashboard queries and the reports: codes normalised (unknown ones are usage errors),
    the scope checked (AccessDenied) and the basis the viewer may use."""
    f = filters.normalised(project)
    viewer.check(project, partner=f.partner, country=f.country, by=by)
    return replace(f, basis=viewer.basis_for(project, f.basis, f.partner, by))


def compute(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    by: str = "all",
    as_of: dt.date | None = None,
    memo: dict | None = None,
) -> list[IndicatorValue]:
    """Every configured indicator for the filter, one block per scope of the breakdown."""
    f = scoped_filters(project, viewer, filters, by)
    as_of = as_of or today()
    window = f.window(project)
    found = actuals(con, project, f, window, by, memo)
    scopes = _scopes(project, viewer, by, f)
    indicators = [
        i for i in project.indicators if not f.work_package or i.work_package == f.work_package
    ]
    values: list[IndicatorValue] = []
    for scope in scopes:
        got = found.get(scope, {})
        partner = scope if by == "partner" else f.partner
        country = scope if by == "country" else f.country
        sdg = int(scope) if by == "sdg" else f.sdg
        for ind in indicators:
            actual = got.get(ind.code)
            if actual is None and ind.kind != "share":
                actual = 0.0
            total = progress.scope_target(ind, project, partner, country, sdg)
            if by == "region":
                total = _region_target(ind, project, scope)
            target = progress.window_target(ind, project, total, window)
            expected = progress.expected_to_date(ind, project, total, window, as_of)
            suppressed = False
            small = actual is not None and 0 < actual < project.access.public_min_count
            if small and ind.kind != "share" and not viewer.can("see_small_counts"):
                actual, suppressed = None, True
            values.append(
                IndicatorValue(
                    code=ind.code,
                    name=ind.name,
                    unit=ind.unit,
                    actual=actual,
                    target=target,
                    expected=expected,
                    progress=progress.progress_share(actual, target),
                    status=None
                    if suppressed
                    else progress.status(project, actual, target, expected),
                    scope=scope,
                    work_package=ind.work_package,
                    suppressed=suppressed,
                )
            )
    return values


def _region_target(ind, project: Project, region: str) -> float | None:
    if ind.kind == "share":
        return ind.target
    codes = [p.code for p in project.partners if project.country(p.country).region == region]
    values = [ind.partner_targets[c] for c in codes if c in ind.partner_targets]
    return sum(values) if values else None


def _scopes(project: Project, viewer: Viewer, by: str, f: Filters) -> list[str]:
    if by == "all":
        return ["all"]
    if by == "partner":
        codes = project.partner_codes
        if f.country:
            codes = project.partners_in(f.country)
        if f.partner:
            codes = (f.partner,)
        return [c for c in codes if viewer.keep_scope(project, by, c)]
    if by == "country":
        isos = [c.iso2 for c in project.countries]
        if f.country:
            isos = [f.country]
        return [c for c in isos if viewer.keep_scope(project, by, c)]
    if by == "region":
        return sorted({c.region for c in project.countries})
    return [str(g) for g in project.sdg_goals if f.sdg is None or g == f.sdg]
