"""One indicator, at ``indicator?code=ENR-1``: what it counts, its target path, its
breakdowns, and the rows behind the figure (submission, partner, spreadsheet row, what each
adds), within the viewer's scope. Every figure card elsewhere links here, keeping the
filters and the language in the URL.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard.widgets import charts, plain, ui
from dashboard.wiring.cached_queries import query
from dashboard.wiring.run_context import Context

LEARNER_SERIES = {
    "ENR-1": "learners_enrolled",
    "ENR-2": "learners_completed",
    "ENR-3": "credentials",
}


def render(ctx: Context) -> None:
    w = ctx.words
    codes = [i.code for i in ctx.project.indicators]
    asked = st.query_params.get("code") or codes[0]
    code = asked.strip().upper()
    if code not in codes:  # the link's value named as typed, as text
        st.title(w.t("dashboard.nav.indicator"))
        st.error(
            w.t("dashboard.error.unknown_indicator", code=plain.literal(asked)),
            icon=":material/error:",
        )
        return
    ui.page_header(ctx, f"{code} · {w.indicator(code)}")
    about(ctx, code)
    value = next(v for v in query(ctx, "indicators") if v.code == code)
    ui.indicator_card(ctx, value, ui.describe(ctx), link=False)
    trajectory(ctx, code, value.unit)
    breakdowns(ctx, code)
    rows_behind(ctx, code, value)


def about(ctx: Context, code: str) -> None:
    """Definition, unit, SDGs and work package, with links to their pages."""
    w, ind = ctx.words, ctx.project.indicator(code)
    st.text(w.indicator_definition(code))
    st.text(
        w.t(
            "dashboard.indicator.facts",
            unit=w.unit(ind.unit),
            wp=w.work_package(ind.work_package),
            target=w.value_with_unit(ind.target, ind.unit),
        )
    )
    keep = {k: st.query_params.get(k) for k in ("lang", "period") if st.query_params.get(k)}
    columns = st.columns(max(1, len(ind.sdg_goals)))
    for column, goal in zip(columns, ind.sdg_goals, strict=False):
        with column:
            st.page_link(
                "pages/sdgs.py",
                label=w.sdg(goal),
                icon=":material/eco:",
                query_params={**keep, "sdg": str(goal)},
            )


def trajectory(ctx: Context, code: str, unit: str) -> None:
    w = ctx.words
    st.subheader(w.t("dashboard.indicator.path"))
    trend = query(ctx, "trajectory", code)
    if trend["actual"].isna().all() and trend["expected"].isna().all():
        ui.empty(w.indicator(code), ctx)
        return
    table = pd.DataFrame(
        {
            w.t("dashboard.col.month_end"): [w.date(m, "medium") for m in trend["month"]],
            w.t("dashboard.col.actual_cumulative"): [
                w.number(x if pd.notna(x) else None, unit) for x in trend["actual"]
            ],
            w.t("dashboard.col.expected"): [
                w.number(x if pd.notna(x) else None, unit) for x in trend["expected"]
            ],
        }
    )
    ui.chart(
        charts.trajectory(trend, w.indicator(code), unit, ctx.as_of, words=w),
        table,
        w.t("dashboard.overview.trajectory_of", indicator=code),
        f"indicator-trajectory-{code}",
        words=w,
    )


def breakdowns(ctx: Context, code: str) -> None:
    """The figure by partner, country, SDG and period (and by gender and learner type for
    learner counts), each as far as the viewer may see."""
    w = ctx.words
    st.subheader(w.t("dashboard.indicator.breakdowns"))
    tables: dict[str, pd.DataFrame] = {}
    if ctx.viewer.visible_partners(ctx.project):
        tables[w.t("dashboard.filter.partner")] = by(ctx, code, "partner")
    if ctx.viewer.visible_countries(ctx.project):
        tables[w.t("dashboard.filter.country")] = by(ctx, code, "country")
    tables[w.t("dashboard.filter.sdg")] = by(ctx, code, "sdg")
    tables[w.t("dashboard.filter.period")] = by_period(ctx, code)
    if code in LEARNER_SERIES:
        for dimension in ("gender", "learner_type"):
            tables[w.t(f"dashboard.indicator.by_{dimension}")] = by_learner(ctx, code, dimension)
    names = list(tables)
    chosen = st.segmented_control(
        w.t("dashboard.indicator.breakdown"), names, default=names[0], key="ind_breakdown"
    )
    table = tables.get(chosen or names[0])
    ui.table_with_download(table, "breakdown", f"indicator-breakdown-{code}", words=w)


def by(ctx: Context, code: str, breakdown: str) -> pd.DataFrame:
    w = ctx.words
    found = [v for v in query(ctx, "indicators", by=breakdown) if v.code == code]
    return ui.indicator_table(ctx.project, found, w)


def by_period(ctx: Context, code: str) -> pd.DataFrame:
    w = ctx.words
    rows = []
    for period in ctx.project.periods:
        f = replace(ctx.filters, period=period.id, date_from=None, date_to=None)
        v = next(x for x in query(ctx, "indicators", filters=f) if x.code == code)
        rows.append(
            {
                w.t("dashboard.filter.period"): w.period(period.id),
                w.t("dashboard.col.actual"): w.number(v.actual, v.unit),
                w.t("dashboard.col.target"): w.number(v.target, v.unit),
                w.t("dashboard.col.status"): w.status(v.status),
            }
        )
    return pd.DataFrame(rows)


def by_learner(ctx: Context, code: str, dimension: str) -> pd.DataFrame:
    w = ctx.words
    df = query(ctx, "learner_breakdown", dimension)
    column = LEARNER_SERIES[code]
    return pd.DataFrame(
        {
            w.t(f"dashboard.indicator.by_{dimension}"): [
                w.vocab(dimension, x) for x in df["value"]
            ],
            w.indicator(code): [w.number(x if pd.notna(x) else None) for x in df[column]],
        }
    )


def rows_behind(ctx: Context, code: str, value) -> None:
    """The rows within the viewer's reach, what each adds, and what they add up to."""
    w = ctx.words
    st.subheader(w.t("dashboard.indicator.rows"))
    if not ctx.viewer.can("see_rows"):
        st.info(w.t("dashboard.indicator.rows_not_shown"), icon=":material/lock:")
        return
    page = query(ctx, "indicator_rows_page", code)
    st.text(
        w.n(
            "dashboard.indicator.rows_total",
            page.count,
            total=w.number(page.total, value.unit),
            figure=w.number(value.actual, value.unit),
        )
    )
    if page.total != value.actual:
        st.caption(w.t("dashboard.indicator.rows_partial"))
    if not page.count:
        return
    found = page.rows
    if page.count > len(found):
        st.caption(
            w.t(
                "dashboard.indicator.rows_first",
                shown=w.number(len(found)),
                count=w.number(page.count),
            )
        )
    ui.table_with_download(
        rows_table(ctx, found), "rows", f"indicator-rows-{code}", words=w, height=420
    )


def rows_table(ctx: Context, found: pd.DataFrame) -> pd.DataFrame:
    """Rows in words: partner names, dates, vocabulary; codes kept where they identify."""
    w = ctx.words
    out = pd.DataFrame(
        {
            w.t("dashboard.col.submission"): found["submission_id"].astype(str),
            w.t("dashboard.col.partner"): [w.partner(p, True) for p in found["partner_code"]],
            w.t("dashboard.col.source_row"): [w.number(r) for r in found["source_row"]],
        }
    )
    for column in ("module_code", "activity_id", "title"):
        if column in found:
            out[w.t(f"dashboard.col.{column}")] = found[column].astype(str)
    status = "enrollment_status" if "learner_no" in found else "module_status"
    vocabularies = {"gender": "gender", "learner_type": "learner_type", "status": status}
    for column, vocabulary in {**vocabularies, "activity_type": "activity_type"}.items():
        if column in found:
            out[w.t(f"dashboard.col.{column}")] = [w.vocab(vocabulary, x) for x in found[column]]
    for column in ("enrolled_on", "completed_on", "date"):
        if column in found:
            out[w.t(f"dashboard.col.{column}")] = [
                w.missing if pd.isna(x) else w.date(pd.Timestamp(x).date(), "medium")
                for x in found[column]
            ]
    if found["base"].notna().any():  # a share: what each row adds to each of its sums
        out[w.t("rows.col.share_part")] = [w.decimal(x) for x in found["counted"]]
        out[w.t("rows.col.share_base")] = [w.decimal(x) for x in found["base"]]
    else:
        out[w.t("dashboard.col.counted")] = [w.decimal(x) for x in found["counted"]]
    return out


ui.run_page(render)
