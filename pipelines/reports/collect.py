"""Gather every figure and table of a report into one ReportData.

Indicators come only from ``pipelines.metrics.indicators.compute`` (the CLI's engine); the tables
come from the pages' own query SQL (``pipelines/sql/queries/``, run through
``pipelines.metrics.queries``): the catalogue and the achieved results are the dashboard's
catalogue and activity list, the build is the data-status page's. Learners and submissions
have report-only shapes (``learners_report.sql``, ``submissions_report.sql``) beside them.
All use the same filters as the indicator SQL, so rows add up to the indicators.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, fields

import duckdb

from pipelines.access.scope import Viewer
from pipelines.catalogue import texts
from pipelines.config import Project, today
from pipelines.errors import AccessDenied, StoreError, UsageError
from pipelines.intake.contract import TRANSLATED_FIELDS
from pipelines.metrics import queries
from pipelines.metrics.indicators import Filters, IndicatorValue, compute, scoped_filters
from pipelines.reports.model import (
    Activity,
    CatalogueEntry,
    Labels,
    LearnerCount,
    ReportData,
    Scope,
    SubmissionRef,
)


def scope_of(project: Project, filters: Filters) -> Scope:
    """The scope a (normalised) filter describes."""
    if filters.partner:
        p = project.partner(filters.partner)
        return Scope("partner", p.code, f"{p.name} ({p.code}, {project.country(p.country).name})")
    if filters.country:
        c = project.country(filters.country)
        n = len(project.partners_in(c.iso2))
        return Scope("country", c.iso2, f"{c.name} ({c.iso2}): {n} partners")
    return Scope("consortium", None, f"Consortium: {len(project.partners)} partners")


def available_scopes(project: Project, viewer: Viewer) -> list[Scope]:
    """The scopes this viewer may report on: the consortium for the coordinator only,
    a national office its country and its partners, a partner itself."""
    viewer.validate(project)
    scopes: list[Scope] = []
    if viewer.reaches_all("download_report"):
        scopes.append(scope_of(project, Filters()))
    scopes += [scope_of(project, Filters(country=c)) for c in viewer.visible_countries(project)]
    scopes += [scope_of(project, Filters(partner=p)) for p in viewer.visible_partners(project)]
    return scopes


def check_scope(project: Project, viewer: Viewer, filters: Filters) -> None:
    """Refuse a report outside the viewer's scope (raises AccessDenied)."""
    if not viewer.can("download_report"):
        raise AccessDenied("Reports are for consortium members: sign in to make one")
    viewer.check(project, partner=filters.partner, country=filters.country)
    if not filters.partner and not filters.country and not viewer.reaches_all("download_report"):
        raise AccessDenied(
            "Consortium reports are made by the coordinator; choose your country or partner"
        )


def normalise(project: Project, viewer: Viewer, filters: Filters) -> Filters:
    """Check the filter for a report: a period or a date range, one scope, the viewer's basis."""
    f = filters.normalised(project)
    if f.partner and f.country:
        raise UsageError("Choose a partner or a country for the report, not both")
    if f.work_package:
        raise UsageError("A report covers every work package; leave the work package out")
    if not f.period and not (f.date_from and f.date_to):
        periods = ", ".join(p.id for p in project.periods)
        raise UsageError(f"Choose a reporting period ({periods}) or a full date range")
    check_scope(project, viewer, f)
    return scoped_filters(project, viewer, f)


def collect(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    viewer: Viewer,
    filters: Filters,
    as_of: dt.date | None = None,
    generated_at: dt.datetime | None = None,
) -> ReportData:
    """Everything a report shows, for one period (or date range) and one scope."""
    f = normalise(project, viewer, filters)
    as_of = as_of or today()
    scope = scope_of(project, f)
    window = f.window(project)
    indicators = compute(con, project, viewer, f, by="all", as_of=as_of)
    by_partner = compute(con, project, viewer, f, by="partner", as_of=as_of)
    by_country: list[IndicatorValue] = []
    if scope.kind != "partner":
        by_country = compute(con, project, viewer, f, by="country", as_of=as_of)
    by_sdg = compute(con, project, viewer, f, by="sdg", as_of=as_of)
    params = f.sql_params(window)
    partners = [
        p.code
        for p in project.partners
        if (not f.partner or p.code == f.partner) and (not f.country or p.country == f.country)
    ]
    position, built_at = _build_info(con, project, viewer)
    listed = queries.Scoped(f, window, tuple(partners))
    generated_at = generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    period = project.period(f.period) if f.period else None
    return ReportData(
        project={
            "acronym": project.acronym,
            "title": project.title,
            "number": project.number,
            "programme": project.programme,
            **{f"programme.{lang}": name for lang, name in project.programme_names.items()},
            "call": project.call,
            "coordinator": project.partner(project.coordinator).name if project.coordinator else "",
            "website": project.website,
            "funding_statement": project.reporting.funding_statement,
            "disclaimer": project.reporting.disclaimer,
            "start": project.start.isoformat(),
            "end": project.end.isoformat(),
        },
        period=None
        if period is None
        else {
            "id": period.id,
            "name": period.name,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "report": period.report,
        },
        date_from=window.lo.isoformat() if window.lo else None,
        date_to=window.hi.isoformat() if window.hi else None,
        scope=scope,
        basis=f.basis,
        filters={k: _jsonable(v) for k, v in asdict(f).items()},
        generated_at=generated_at.isoformat(),
        generated_by=viewer.role,
        as_of=as_of.isoformat(),
        ledger_position=position,
        built_at=built_at,
        submissions=_submissions(con, f.basis, partners),
        indicators=indicators,
        by_partner=by_partner,
        by_country=by_country,
        by_sdg=by_sdg,
        learners=_learners(con, params),
        activities=_activities(con, listed),
        catalogue=_catalogue(con, listed),
        labels=labels_of(project),
    )


def labels_of(project: Project) -> Labels:
    return Labels(
        partners={p.code: p.name for p in project.partners},
        partner_countries={p.code: p.country for p in project.partners},
        countries={c.iso2: c.name for c in project.countries},
        sdgs={str(s.goal): s.short_name for s in project.sdgs},
        sdg_colours={str(s.goal): s.colour for s in project.sdgs},
        work_packages={w.code: w.title for w in project.work_packages},
        work_package_leads={w.code: w.lead for w in project.work_packages},
        indicator_definitions={i.code: i.definition for i in project.indicators},
        status=dict(project.status.labels),
        status_colours=dict(project.status.colours),
    )


def _jsonable(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _build_info(
    con: duckdb.DuckDBPyConnection, project: Project, viewer: Viewer
) -> tuple[int, str]:
    try:
        found = queries.build_status(con, project, viewer)
    except duckdb.Error as exc:
        raise StoreError(
            f"The warehouse has no build information ({exc}); rebuild it with "
            "'python -m pipelines build'"
        ) from exc
    if found is None:
        raise StoreError("The warehouse has no build information; rebuild it")
    return found.ledger_position, str(found.built_at)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _submissions(
    con: duckdb.DuckDBPyConnection, basis: str, partners: list[str]
) -> list[SubmissionRef]:
    return [
        SubmissionRef(**{**r, "partners": list(r["partners"] or [])})
        for r in queries.rows_of(con, "submissions_report", {"basis": basis, "partners": partners})
    ]


def _learners(con: duckdb.DuckDBPyConnection, params: dict) -> list[LearnerCount]:
    return [
        LearnerCount(r["gender"], r["learner_type"], int(r["learners"]))
        for r in queries.rows_of(con, "learners_report", params)
    ]


def _activities(con: duckdb.DuckDBPyConnection, listed: queries.Scoped) -> list[Activity]:
    """The dashboard's activity list, all of it, oldest first (the order of the table)."""
    found = queries.rows_of(con, "activity_list", queries.activity_params(listed, None))
    found.sort(key=lambda r: (r["date"], r["partner_code"], r["activity_id"]))
    known = {f.name for f in fields(Activity)}
    return [
        Activity(
            **{
                **{k: v for k, v in r.items() if k in known},
                "date": _iso(r["date"]),
                "audience": list(r["audience"] or []),
                "sdg_goals": [int(g) for g in r["sdg_goals"] or []],
                "participants": None if r["participants"] is None else int(r["participants"]),
                "reach": None if r["reach"] is None else int(r["reach"]),
            }
        )
        for r in found
    ]


def _catalogue(con: duckdb.DuckDBPyConnection, listed: queries.Scoped) -> list[CatalogueEntry]:
    """The dashboard's catalogue of the report's partners (current: every module listed)."""
    known = {f.name for f in fields(CatalogueEntry)}
    return [
        CatalogueEntry(
            **{
                **{k: v for k, v in r.items() if k in known},
                "country": r["partner_country"],
                "available_from": _iso(r["available_from"]),
                "partner_codes": list(r["partner_codes"] or []),
                "sdg_goals": [int(g) for g in r["sdg_goals"] or []],
                "language": list(r["language"] or []),
                "ects": None if r["ects"] is None else float(r["ects"]),
                "micro_credential": bool(r["micro_credential"]),
                "translations": {
                    name: {
                        lang: text
                        for lang, text in texts.texts(r, name).items()
                        if lang != texts.SOURCE
                    }
                    for name in TRANSLATED_FIELDS
                },
            }
        )
        for r in queries.rows_of(con, "module_catalogue", queries.catalogue_params(listed))
    ]
