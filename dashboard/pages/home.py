"""Each user's own workspace, the first page after signing in.

A National Office sees its country against the country's targets, each of its partners'
data status and the consortium beside; a partner its own figures, what is due, its
submissions and the anonymised consortium median; the coordinator the consortium and what
needs doing. Which one is drawn follows the account's reach (the permission table).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard.widgets import home_blocks, readiness_view, ui
from dashboard.widgets.uploads import state_word
from dashboard.wiring import session
from dashboard.wiring.cached_queries import query
from dashboard.wiring.run_context import Context
from pipelines.reports.frozen import list_frozen, load_frozen
from pipelines.store.ledger import comment_words


def render(ctx: Context) -> None:
    if ctx.viewer.partner:
        partner_home(ctx, ctx.viewer.partner)
    elif ctx.viewer.country:
        country_home(ctx, ctx.viewer.country)
    else:
        coordinator_home(ctx)


# ---------------------------------------------------------------------- National Office


def country_home(ctx: Context, iso2: str) -> None:
    w = ctx.words
    ctx = home_blocks.scoped(ctx, country=iso2)
    ui.page_header(ctx, w.t("dashboard.home.country_title", country=w.country(iso2)))
    mine = home_blocks.by_attention(
        query(ctx, "indicators", filters=home_blocks.own_filters(ctx, country=iso2))
    )
    st.subheader(w.t("dashboard.home.country_indicators"))
    home_blocks.whose(ctx, "country", country=w.country(iso2))
    ui.status_legend(ctx.project, w)
    home_blocks.cards(ctx, mine, "country")

    st.subheader(w.t("dashboard.home.partners_of_country"))
    home_blocks.whose(ctx, "country_partners", country=w.country(iso2))
    partners = ctx.project.partners_in(iso2)
    per_partner = query(
        ctx, "indicators", by="partner", filters=home_blocks.own_filters(ctx, country=iso2)
    )
    ui.table_with_download(
        ui.indicator_table(ctx.project, home_blocks.by_attention(per_partner), w),
        "partners",
        "home-country-partners",
        words=w,
    )
    st.subheader(w.t("dashboard.home.data_status"))
    home_blocks.whose(ctx, "country_partners", country=w.country(iso2))
    home_blocks.data_status(ctx, partners, "home-country-status")
    home_blocks.deliverables_block(
        ctx, w.t("workplan.home.country_title", country=w.country(iso2)), "home-country-wp"
    )

    st.subheader(w.t("dashboard.home.consortium_beside"))
    home_blocks.whose(ctx, "consortium_and_share", country=w.country(iso2))
    home_blocks.consortium_beside(ctx, mine, w.country(iso2))


# ------------------------------------------------------------------------------ partner


def partner_home(ctx: Context, code: str) -> None:
    w = ctx.words
    ctx = home_blocks.scoped(ctx, partner=code)
    ui.page_header(ctx, w.partner(code, with_code=True))
    home_blocks.due_next(ctx)
    home_blocks.deliverables_block(ctx, w.t("workplan.home.partner_title"), "home-partner-wp")
    mine = home_blocks.by_attention(
        query(ctx, "indicators", filters=home_blocks.own_filters(ctx, partner=code))
    )
    st.subheader(w.t("dashboard.home.own_indicators"))
    home_blocks.whose(ctx, "own", partner=w.partner(code))
    ui.status_legend(ctx.project, w)
    home_blocks.cards(ctx, mine, "own")

    st.subheader(w.t("dashboard.home.submissions"))
    home_blocks.whose(ctx, "own", partner=w.partner(code))
    submissions_table(ctx, code)

    module_gaps(ctx, code)

    st.subheader(w.t("dashboard.home.median"))
    home_blocks.whose(ctx, "median")
    median = query(ctx, "median")
    rows = [
        {
            w.t("dashboard.col.indicator"): f"{v.code} · {w.indicator(v.code)}",
            w.partner(code): w.number(v.actual, v.unit),
            w.t("dashboard.col.median"): w.number(median.get(v.code), v.unit),
        }
        for v in mine
    ]
    ui.table_with_download(pd.DataFrame(rows), "median", "home-median", words=w)


def module_gaps(ctx: Context, code: str) -> None:
    """The partner's modules that are not ready to publish, and what each lacks."""
    w = ctx.words
    modules = query(ctx, "module_catalogue")
    modules = modules[modules["lead_partner_code"] == code].reset_index(drop=True)
    if modules.empty:
        return
    st.subheader(w.t("microcred.home.title"))
    gaps = readiness_view.gaps_of(ctx, modules)
    if not any(gaps):
        st.success(w.t("microcred.home.none"), icon=":material/check_circle:")
        return
    readiness_view.gaps_table(ctx, modules, gaps, "home-module-gaps")


def submissions_table(ctx: Context, code: str) -> None:
    """The partner's uploads: pending, approved, returned (with the coordinator's comment)."""
    w = ctx.words
    found = query(ctx, "submissions")
    found = found[found["partner_code"] == code]
    if found.empty:
        st.info(w.t("dashboard.home.no_submissions"), icon=":material/upload_file:")
        return
    table = pd.DataFrame(
        {
            w.t("dashboard.col.received"): [home_blocks.day(w, d) for d in found["received_at"]],
            w.t("dashboard.col.file"): [w.vocab("template", t) for t in found["template"]],
            w.t("dashboard.col.file_name"): found["file_name"].astype(str),
            w.t("dashboard.col.rows"): [w.number(n) for n in found["file_rows"]],
            w.t("dashboard.col.state"): [state_word(w, s) for s in found["state"]],
            w.t("dashboard.col.comment"): [comment_words(c, w.lang) for c in found["comment"]],
        }
    )
    ui.table_with_download(table, "submissions", "home-submissions", words=w)


# -------------------------------------------------------------------------- coordinator


def coordinator_home(ctx: Context) -> None:
    w = ctx.words
    ui.page_header(ctx, w.t("dashboard.home.coordinator_title"))
    session.oidc_enabled(ctx.data_dir)  # notes a broken secrets file
    problem = session.secrets_problem()
    if problem:
        st.warning(w.t("dashboard.home.secrets_broken", problem=problem), icon=":material/key:")
    values = query(ctx, "indicators")
    st.subheader(w.t("dashboard.home.todo"))
    home_blocks.whose(ctx, "consortium")
    todo(ctx, values)
    st.subheader(w.t("dashboard.home.consortium_indicators"))
    home_blocks.whose(ctx, "consortium")
    ui.status_legend(ctx.project, w)
    home_blocks.cards(ctx, home_blocks.by_attention(values), "consortium")


def todo(ctx: Context, values) -> None:
    """Uploads to review, partners with missing data, indicators needing attention,
    restatements since the last frozen report."""
    w = ctx.words
    found = query(ctx, "submissions")
    pending = found[found["state"] == "pending"].drop_duplicates("submission_id")
    latest = query(ctx, "latest_submissions")
    missing = latest[latest["approved_rows"].fillna(0) == 0]
    attention = [v for v in values if v.status in ("off_track", "at_risk")]
    lines = [
        w.n("dashboard.home.todo_review", len(pending)),
        w.n("dashboard.home.todo_missing", missing["partner_code"].nunique())
        + (
            ": " + ", ".join(w.partner(p) for p in sorted(set(missing["partner_code"])))
            if len(missing)
            else ""
        ),
        w.n("dashboard.home.todo_attention", len(attention))
        + (
            ": " + ", ".join(f"{v.code} ({w.status_word(v.status)})" for v in attention)
            if attention
            else ""
        ),
        restated(ctx, values),
        *home_blocks.workplan_todo(ctx),
    ]
    for line in lines:
        st.text("• " + line)
    st.page_link(
        "pages/workplan.py", label=w.t("workplan.home.open_page"), icon=":material/assignment:"
    )


def restated(ctx: Context, values) -> str:
    """How many consortium figures changed since the last frozen report of the consortium."""
    w = ctx.words
    cards = [
        c
        for c in list_frozen(ctx.data_dir, ctx.project, ctx.viewer)
        if c.scope.kind == "consortium"
    ]
    if not cards:
        return w.t("dashboard.home.todo_no_frozen")
    last = max(cards, key=lambda c: c.frozen_at)
    frozen = load_frozen(ctx.data_dir, ctx.project, ctx.viewer, last.frozen_id)
    period = last.period if last.period in {p.id for p in ctx.project.periods} else None
    now = {v.code: v.actual for v in query(ctx, "indicators", filters=home_period(ctx, period))}
    changed = [v.code for v in frozen.indicators if now.get(v.code) != v.actual]
    return w.n(
        "dashboard.home.todo_restated",
        len(changed),
        day=w.date(last.frozen_at[:10]),
        codes=", ".join(changed) or "–",
    )


def home_period(ctx: Context, period: str | None):
    return replace(
        ctx.filters, partner=None, country=None, period=period, date_from=None, date_to=None
    )


ui.run_page(render)
