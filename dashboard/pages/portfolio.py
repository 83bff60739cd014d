"""Portfolio (a National Office, the coordinator): the projects whose open data packages
this installation holds, with their SDGs, countries and partner institutions, indicators
against targets, how fresh each package is, totals across projects where they measure the
same thing, and the office's monitoring notes on the five criteria."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.widgets import shown_tables, ui
from dashboard.wiring.run_context import Context
from pipelines.errors import AccessDenied, LeslieError
from pipelines.portfolio import store, view
from pipelines.words.present import Words


def render(ctx: Context) -> None:
    viewer, w = ctx.viewer, ctx.words
    st.title(w.t("dashboard.nav.portfolio"))
    if not viewer.can("see_portfolio"):
        raise AccessDenied(key="portfolio.page.denied")
    st.caption(w.t("portfolio.page.intro"))
    country = viewer.country  # a National Office sees the projects of its country
    held = [h for h in store.current(ctx.data_dir) if not country or country in h.countries]
    if not held:
        st.info(w.t("portfolio.page.none"))
        return
    st.subheader(w.t("portfolio.page.projects"))
    shown_tables.show(_projects(ctx, w, held, country), hide_index=True)
    _across(w, held)
    for h in held:
        st.subheader(w.t("portfolio.page.indicators", acronym=h.acronym))
        shown_tables.show(_indicators(ctx, w, h, country), hide_index=True)
    if viewer.can("write_monitoring_note") and country:
        _notes(ctx, w, held, country)


def _sdg(w: Words, ctx: Context, goal: object) -> str:
    if int(str(goal)) in ctx.project.sdg_goals:
        return w.sdg(int(str(goal)))
    return w.t("portfolio.page.sdg", goal=str(goal))


def _projects(ctx: Context, w: Words, held: list[store.Held], country: str | None):
    rows = []
    for h in held:
        project = h.descriptor["project"]
        partners = [p["name"] for p in project["partners"]
                    if not country or p["country"] == country]  # fmt: skip
        rows.append({
            w.t("portfolio.col.project"): f"{h.acronym} ({h.number})",
            w.t("portfolio.col.title"): h.title,
            w.t("portfolio.col.synthetic"): w.yes_no(bool(project.get("synthetic"))),
            w.t("portfolio.col.sdgs"): ", ".join(_sdg(w, ctx, g) for g in project["sdgs"]),
            w.t("portfolio.col.countries"): ", ".join(w.country(c) for c in h.countries),
            w.t("portfolio.col.partners"): "; ".join(partners),
            w.t("portfolio.col.figures_as_of"): w.date(h.figures_as_of[:10]),
            w.t("portfolio.col.age"): w.count(view.freshness(h, ctx.as_of)),
        })  # fmt: skip
    return pd.DataFrame(rows)


def _indicators(ctx: Context, w: Words, h: store.Held, country: str | None):
    mine = {r.code: r for r in view.indicator_rows(ctx.project, h, country)} if country else {}
    rows = []
    for r in view.indicator_rows(ctx.project, h):
        row = {
            w.t("portfolio.col.indicator"): f"{r.code} · {r.name}",
            w.t("portfolio.col.value"): _value(w, r),
            w.t("portfolio.col.target"): w.value_with_unit(r.target, r.unit)
            if r.target is not None else w.missing,
            w.t("portfolio.col.expected"): w.value_with_unit(r.expected, r.unit)
            if r.expected is not None else w.missing,
            w.t("portfolio.col.status"): w.missing if r.withheld else w.status(r.status),
        }  # fmt: skip
        if country:
            own = mine.get(r.code)
            row[w.t("portfolio.col.in_country", country=w.country(country))] = (
                _value(w, own) if own else w.missing
            )
            row[w.t("portfolio.col.status_country", country=w.country(country))] = (
                w.status(own.status) if own and not own.withheld else w.missing
            )
        rows.append(row)
    return pd.DataFrame(rows)


def _value(w: Words, r: view.Row) -> str:
    return w.t("portfolio.page.withheld") if r.withheld else w.value_with_unit(r.value, r.unit)


def _across(w: Words, held: list[store.Held]) -> None:
    st.subheader(w.t("portfolio.page.totals"))
    if len(held) < 2:
        st.caption(w.t("portfolio.page.one_project"))
        return
    shared = view.shared_measures(held)
    st.caption(w.t("portfolio.page.totals_intro"))
    for code in shared.different:
        st.text(w.t("portfolio.page.not_summed", code=code))
    for code in shared.shares:
        st.text(w.t("portfolio.page.share_not_summed", code=code))
    if not shared.same:
        st.text(w.t("portfolio.page.nothing_shared"))
        return
    for by in ("sdg", "country"):
        rows = []
        for code in shared.same:
            for t in view.totals(held, code, by):
                level = (
                    w.t("portfolio.page.sdg", goal=t.level) if by == "sdg" else w.country(t.level)
                )
                rows.append({
                    w.t("portfolio.col.measure"): code,
                    w.t(f"portfolio.col.{by}"): level,
                    w.t("portfolio.col.total"): w.count(t.value),
                    w.t("portfolio.col.projects"): w.count(t.projects),
                    w.t("portfolio.col.withheld"): w.count(t.withheld),
                })  # fmt: skip
        st.text(w.t(f"portfolio.page.by_{by}"))
        shown_tables.show(pd.DataFrame(rows), hide_index=True)
    first = shared.same[0]
    per_country = view.totals(held, first, "country")
    fig = go.Figure(go.Bar(x=[w.country(t.level) for t in per_country],
                           y=[t.value for t in per_country], name=first))  # fmt: skip
    fig.update_layout(height=320, margin={"t": 30, "b": 30})
    ui.figure(fig, w.t("portfolio.page.chart", measure=first), f"portfolio-{first}", words=w)


def _notes(ctx: Context, w: Words, held: list[store.Held], country: str) -> None:
    st.subheader(w.t("portfolio.page.notes"))
    st.caption(w.t("portfolio.page.notes_intro"))
    numbers = [h.number for h in held]
    names = {h.number: f"{h.acronym} ({h.number})" for h in held}
    number = st.selectbox(w.t("portfolio.form.project"), numbers, format_func=names.get,
                          key="portfolio_project")  # fmt: skip
    with st.form("portfolio_note", clear_on_submit=True):
        visit = st.date_input(w.t("portfolio.form.visit"), value=ctx.as_of,
                              key="portfolio_visit", format="YYYY-MM-DD")  # fmt: skip
        criterion = st.selectbox(w.t("portfolio.form.criterion"), store.CRITERIA,
                                 format_func=lambda c: w.t(f"portfolio.criterion.{c}"),
                                 key="portfolio_criterion")  # fmt: skip
        score = st.selectbox(w.t("portfolio.form.score"), store.SCORES,
                             format_func=lambda s: w.t(f"portfolio.score.{s}"),
                             key="portfolio_score")  # fmt: skip
        comment = st.text_area(w.t("portfolio.form.comment"), key="portfolio_comment",
                               max_chars=4000)  # fmt: skip
        if st.form_submit_button(w.t("portfolio.form.save")):
            try:
                store.add_note(ctx.data_dir, number, country, visit, criterion, score,
                               comment.strip(), ctx.viewer.username)  # fmt: skip
                st.success(w.t("portfolio.page.saved"))
            except LeslieError as exc:
                st.error(exc.render(w.lang))
    found = store.notes(ctx.data_dir, number, country)
    if not found:
        st.info(w.t("portfolio.page.no_notes"))
        return
    shown_tables.show(pd.DataFrame([{
        w.t("portfolio.col.visit"): w.date(n.visit),
        w.t("portfolio.col.criterion"): w.t(f"portfolio.criterion.{n.criterion}"),
        w.t("portfolio.col.score"): w.t(f"portfolio.score.{n.score}") if n.score else w.missing,
        w.t("portfolio.col.comment"): n.comment,
        w.t("portfolio.col.written_by"): n.written_by,
    } for n in found]), hide_index=True)  # fmt: skip


ui.run_page(render)
