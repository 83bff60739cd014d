"""Every figure the dashboard shows, as functions of (connection, project, viewer, filters).

The scope is enforced here, not in the pages: each function checks the viewer (default deny:
an invalid viewer raises AccessDenied) and lists rows only of the partners the viewer may see
one by one. A national office sees its country's partners and consortium totals; a partner
sees itself, consortium totals and the anonymised consortium median.

Indicator figures always come from ``indicators.compute`` (the CLI's engine). The other
queries are aggregations pushed down to DuckDB (pipelines/sql/queries/*.sql) that return
small tables; values are bound parameters, never SQL text. No streamlit here.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from pipelines.access.scope import Viewer
from pipelines.config import Project, today
from pipelines.intake.contract import TEMPLATES
from pipelines.metrics import freshness, progress
from pipelines.metrics.facts import facts_sql
from pipelines.metrics.indicators import (
    Filters,
    IndicatorValue,
    compute,
    from_partials,
    partial_params,
    scoped_filters,
)
from pipelines.metrics.progress import Window
from pipelines.paths import sql_file
from pipelines.rounding import percent, rounded

LEARNER_DIMENSIONS = ("gender", "learner_type")
ACTIVITY_DIMENSIONS = ("activity_type", "audience", "event_country", "month")
ACTIVITY_LIST_LIMIT = 5000


# ------------------------------------------------------------------------------ scope


@dataclass(frozen=True)
class Scoped:
    """A request after the scope checks: normalised filters and the bound parameters."""

    filters: Filters
    window: Window
    listed: tuple[str, ...]  # partners whose rows may be listed one by one

    def params(self, **extra: object) -> dict[str, object]:
        return {**self.filters.sql_params(self.window), **extra}


def effective_basis(project: Project, viewer: Viewer, filters: Filters, by: str = "all") -> str:
    """The basis a request may use, as ``Viewer.basis_for`` decides it (pages say which)."""
    partner = filters.partner.strip().upper() if filters.partner else None
    return viewer.basis_for(project, filters.basis, partner, by)


def scoped(project: Project, viewer: Viewer, filters: Filters, by: str = "all") -> Scoped:
    """Normalise the filters and check them against the viewer (raises AccessDenied)."""
    f = scoped_filters(project, viewer, filters, by)
    listed = tuple(
        code
        for code in viewer.visible_partners(project)
        if (f.partner is None or code == f.partner)
        and (f.country is None or project.partner(code).country == f.country)
    )
    return Scoped(f, f.window(project), listed)


def _frame(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object]) -> pd.DataFrame:
    return con.execute(sql_file(f"queries/{name}.sql"), params).df()


def rows_of(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object]) -> list[dict]:
    """A query's rows as plain Python values: the reports read the same SQL as the pages,
    keeping whole numbers, dates and lists exactly as stored (no data frame in between)."""
    cur = con.execute(sql_file(f"queries/{name}.sql"), params)
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


def _suppress(df: pd.DataFrame, project: Project, viewer: Viewer, columns: list[str]):
    """For the public view, counts below the configured minimum are not shown."""
    if viewer.can("see_small_counts") or df.empty:
        return df
    out = df.copy()
    low = project.access.public_min_count
    for column in columns:
        values = out[column].astype("Float64")
        out[column] = values.mask((values > 0) & (values < low))
    return out


# ------------------------------------------------------------------------- indicators


def indicator_values(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    by: str = "all",
    as_of: dt.date | None = None,
) -> list[IndicatorValue]:
    """The indicators exactly as the CLI prints them (``indicators.compute``).

    The build stores compute()'s figures for every breakdown and period of approved data in
    ``mart_indicator_progress``; when that table holds exactly this request (same reporting
    date, same settings and SQL as the build: ``freshness``) it is read instead of recomputed,
    which keeps pages fast on millions of rows. Anything else goes to compute().
    """
    as_of = as_of or today()
    stored = _from_mart(con, project, viewer, filters, by, as_of)
    if stored is not None:
        return stored
    return compute(con, project, viewer, filters, by=by, as_of=as_of)


def _mart_request(
    project: Project, viewer: Viewer, f: Filters, by: str
) -> tuple[str, list[str], str | None] | None:
    """(breakdown, scopes, scope to report) of the mart rows equal to compute(f, by)."""
    if by == "all":
        if f.partner and f.country and project.partner(f.partner).country != f.country:
            return None
        if f.partner:
            return "partner", [f.partner], "all"
        if f.country:
            return "country", [f.country], "all"
        return "all", ["all"], None
    if by == "partner":
        codes = project.partners_in(f.country) if f.country else project.partner_codes
        if f.partner:
            if f.country and project.partner(f.partner).country != f.country:
                return None
            codes = (f.partner,)
        return "partner", [c for c in codes if viewer.keep_scope(project, by, c)], None
    if f.partner or f.country:
        return None
    if by == "country":
        isos = [c.iso2 for c in project.countries if viewer.keep_scope(project, by, c.iso2)]
        return "country", isos, None
    if by == "region":
        return "region", sorted({c.region for c in project.countries}), None
    if by == "sdg":
        return "sdg", [str(g) for g in project.sdg_goals], None
    return None


def _mart_is_current(con: duckdb.DuckDBPyConnection, project: Project, as_of: dt.date) -> bool:
    """The mart holds today's reporting date and was made with today's settings and SQL."""
    try:
        (dates,) = con.execute(sql_file("queries/mart_freshness.sql")).fetchall()[0]
    except duckdb.Error:
        return False
    return dates == [as_of] and freshness.made_as_configured(con, project)


def _from_mart(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    by: str,
    as_of: dt.date,
) -> list[IndicatorValue] | None:
    f = scoped_filters(project, viewer, filters, by)
    if not viewer.can("see_small_counts") or f.sdg is not None or f.date_from or f.date_to:
        return None  # small counts are suppressed, or the mart has no such rows
    if f.basis != "official":
        return None
    request = _mart_request(project, viewer, f, by)
    if request is None or not _mart_is_current(con, project, as_of):
        return None
    breakdown, scopes, shown = request
    params = {"breakdown": breakdown, "period": f.period or "ALL", "scopes": scopes, "as_of": as_of}
    found = {
        (scope, code): rest
        for scope, code, *rest in con.execute(
            sql_file("queries/mart_indicators.sql"), params
        ).fetchall()
    }
    indicators = [
        i for i in project.indicators if not f.work_package or i.work_package == f.work_package
    ]
    values = []
    for scope in scopes:
        for ind in indicators:
            if (scope, ind.code) not in found:
                return None
            actual, target, expected, share, status = found[(scope, ind.code)]
            values.append(
                IndicatorValue(
                    code=ind.code,
                    name=ind.name,
                    unit=ind.unit,
                    actual=actual,
                    target=target,
                    expected=expected,
                    progress=share,
                    status=status,
                    scope=shown or scope,
                    work_package=ind.work_package,
                )
            )
    return values


def consortium_median(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    as_of: dt.date | None = None,
) -> dict[str, float | None]:
    """Median over all configured partners of each indicator: a benchmark without names.

    Any valid viewer may see it; the partner and country filters do not apply (it is the
    consortium's median), the period, dates, SDG and basis do.
    """
    s = scoped(project, viewer, replace(filters, partner=None, country=None))
    # other partners' unreviewed uploads never show through the median
    basis = viewer.basis_for(project, s.filters.basis, None)
    whole = replace(s.filters, partner=None, country=None, basis=basis)
    everyone = Viewer.coordinator("median")
    values = indicator_values(con, project, everyone, whole, by="partner", as_of=as_of)
    by_code: dict[str, list[float]] = {}
    for v in values:
        if v.actual is not None:
            by_code.setdefault(v.code, []).append(v.actual)
    codes = dict.fromkeys(v.code for v in values)
    return {
        code: (rounded(statistics.median(by_code[code])) if by_code.get(code) else None)
        for code in codes
    }


def indicator_trajectory(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    code: str,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Cumulative actual by month against the expected curve of ``pipelines.metrics.progress``.

    Columns: month (its last day), actual (cumulative; empty after the reporting date),
    expected (target expected by the month's end; empty where no target applies).
    Module indicators are a current count: their actual is only known today.
    """
    s = scoped(project, viewer, filters)
    f = s.filters
    ind = project.indicator(code)
    as_of = as_of or today()
    lo = s.window.lo or project.start
    hi = s.window.hi or project.end
    months = _month_ends(lo, hi)
    total = progress.scope_target(ind, project, f.partner, f.country, f.sdg)
    expected = [
        progress.expected_to_date(ind, project, total, s.window, day) if total is not None else None
        for day in months
    ]
    actual: list[float | None] = [None] * len(months)
    last = _last_index(months, min(as_of, hi))
    if not ind.is_stock and last is not None:
        rows = _monthly_rows(con, project, s, ind.code)
        actual = _cumulative(rows, ind.kind, months, last)
    elif last is not None:  # a stock: today's value only
        now = indicator_values(con, project, viewer, f, as_of=as_of)
        actual[last] = next(v.actual for v in now if v.code == ind.code)
    return pd.DataFrame(
        {
            "month": months,
            "actual": pd.array(actual, dtype="Float64"),
            "expected": pd.array(expected, dtype="Float64"),
        }
    )


def _monthly_rows(
    con: duckdb.DuckDBPyConnection, project: Project, s: Scoped, code: str
) -> pd.DataFrame:
    """(month, value, base) increments: from the partials when they hold the request and
    follow today's settings (``freshness``)."""
    if from_partials(s.filters) and freshness.made_as_configured(con, project):
        try:
            sql = sql_file("queries/partial_monthly.sql")
            return con.execute(sql, partial_params(s.filters, code=code)).df()
        except duckdb.CatalogException:
            pass  # built before the partials existed: the facts give the same sums
    sql = facts_sql(project, "queries/indicator_monthly.sql")
    return con.execute(sql, s.params(code=code, by="partner")).df()


def _month_ends(lo: dt.date, hi: dt.date) -> list[dt.date]:
    out, year, month = [], lo.year, lo.month
    while (year, month) <= (hi.year, hi.month):
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        out.append(min(nxt - dt.timedelta(days=1), hi))
        year, month = nxt.year, nxt.month
    return out


def _last_index(months: list[dt.date], day: dt.date) -> int | None:
    index = None
    for i, end in enumerate(months):
        start = end.replace(day=1)
        if start <= day:
            index = i
    return index


def _cumulative(
    rows: pd.DataFrame, kind: str, months: list[dt.date], last: int
) -> list[float | None]:
    """The running sums of the monthly facts at each month's end (a share: of its value and
    its base, divided); empty after the reporting date's month."""

    def running(column: str) -> list[float]:
        per_month = {
            (m.year, m.month): (0.0 if pd.isna(v) else float(v))
            for m, v in zip(rows["month"], rows[column], strict=True)
        }
        total, out = 0.0, []
        for end in months:
            total += per_month.get((end.year, end.month), 0.0)
            out.append(total)
        return out

    if kind == "share":
        values = [percent(v, w) for v, w in zip(running("value"), running("base"), strict=True)]
    else:
        values = running("value")
    return [v if i <= last else None for i, v in enumerate(values)]


# ----------------------------------------------------------------------------- learners


def enrollment_monthly(
    con: duckdb.DuckDBPyConnection, project: Project, viewer: Viewer, filters: Filters
) -> pd.DataFrame:
    """Enrollments, completions, credentials and ECTS per month."""
    s = scoped(project, viewer, filters)
    df = _frame(con, "enrollment_monthly", s.params(partners=None))
    return _suppress(df, project, viewer, ["enrollments", "completions", "credentials"])


def learner_breakdown(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    dimension: str,
) -> pd.DataFrame:
    """Learners by gender or learner type (consortium totals within the filter)."""
    if dimension not in LEARNER_DIMENSIONS:
        raise ValueError(f"dimension must be one of {LEARNER_DIMENSIONS}")
    s = scoped(project, viewer, filters)
    df = _frame(con, "learner_breakdown", s.params(dimension=dimension, partners=None))
    counts = ["enrollments", "learners_enrolled", "completions", "learners_completed"]
    return _suppress(df, project, viewer, [*counts, "credentials"])


# ------------------------------------------------------------------------------ modules


def module_catalogue(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    search: str | None = None,
    statuses: tuple[str, ...] = (),
    modes: tuple[str, ...] = (),
    micro_only: bool = False,
) -> pd.DataFrame:
    """Modules of the partners the viewer may see, with the EU standard elements and the
    per-module funnel (enrolled -> completed -> credential) within the window."""
    s = scoped(project, viewer, filters)
    return _frame(con, "module_catalogue", catalogue_params(s, search, statuses, modes, micro_only))


def catalogue_params(
    s: Scoped,
    search: str | None = None,
    statuses: tuple[str, ...] = (),
    modes: tuple[str, ...] = (),
    micro_only: bool = False,
) -> dict[str, object]:
    """The bound parameters of ``module_catalogue.sql`` (the page's and the report's)."""
    text = (search or "").strip()
    return s.params(
        partners=list(s.listed),
        work_package=s.filters.work_package,
        search=text or None,
        statuses=list(statuses) or None,
        modes=list(modes) or None,
        micro_only=micro_only,
    )


# ------------------------------------------------------------------------ dissemination


def activity_list(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    limit: int = ACTIVITY_LIST_LIMIT,
) -> pd.DataFrame:
    """Activities of the partners the viewer may see, newest first."""
    s = scoped(project, viewer, filters)
    return _frame(con, "activity_list", activity_params(s, limit))


def activity_params(s: Scoped, limit: int | None) -> dict[str, object]:
    """The bound parameters of ``activity_list.sql``; a report lists all (``limit`` None)."""
    return s.params(partners=list(s.listed), limit=None if limit is None else int(limit))


def activity_summary(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    dimension: str,
) -> pd.DataFrame:
    """Activities, participants and reach by type, audience, event country or month."""
    if dimension not in ACTIVITY_DIMENSIONS:
        raise ValueError(f"dimension must be one of {ACTIVITY_DIMENSIONS}")
    s = scoped(project, viewer, filters)
    df = _frame(con, "activity_summary", s.params(dimension=dimension, partners=None))
    return _suppress(df, project, viewer, ["activities", "participants", "reach"])


# -------------------------------------------------------------------------- data status


def submissions(
    con: duckdb.DuckDBPyConnection, project: Project, viewer: Viewer, filters: Filters
) -> pd.DataFrame:
    """Every submission (one row per partner in it) of the partners the viewer may see.

    Who submitted (an account name) and through what are shown to the coordinator only.
    """
    s = scoped(project, viewer, filters)
    df = con.execute(sql_file("queries/submissions.sql"), {"partners": list(s.listed)}).df()
    if not viewer.can("see_submitters"):
        df = df.drop(columns=["submitted_by", "state_by", "channel"])
    return df


def latest_submissions(
    con: duckdb.DuckDBPyConnection, project: Project, viewer: Viewer, filters: Filters
) -> pd.DataFrame:
    """Per visible partner and template: rows in the warehouse now (approved), the last
    upload, and how many submissions are pending, superseded or returned (one query: the
    data status page reads the history itself)."""
    s = scoped(project, viewer, filters)
    df = _frame(
        con, "latest_submissions", {"partners": list(s.listed), "templates": list(TEMPLATES)}
    )
    if not df.empty:
        df["approved_rows"] = df["approved_rows"].astype("Int64")
    return df


@dataclass(frozen=True)
class BuildStatus:
    built_at: str
    ledger_position: int
    as_of: dt.date
    seconds: float
    rows: dict[str, int]
    checks_run: int
    checks_failed: int


def build_status(
    con: duckdb.DuckDBPyConnection, project: Project, viewer: Viewer
) -> BuildStatus | None:
    """When the live warehouse was built and how its data checks went."""
    viewer.check(project)
    found = con.execute(sql_file("queries/build_info.sql")).fetchall()
    if not found:
        return None
    built_at, position, as_of, seconds, rows, run, failed = found[0]
    return BuildStatus(
        built_at, int(position), as_of, float(seconds), json.loads(rows or "{}"), run, failed
    )


def check_results(con: duckdb.DuckDBPyConnection, project: Project, viewer: Viewer):
    """The declared data checks of the last build, failures first."""
    viewer.check(project)
    return con.execute(sql_file("queries/check_results.sql")).df()
