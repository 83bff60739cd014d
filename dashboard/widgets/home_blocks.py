"""The blocks of each role's home page: whose figures, against which targets, what to do next.

Every block says whose figures it shows (own, country, consortium). Figures come from the
query functions through ``dashboard.wiring.cached_queries.query``; nothing here computes a target.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard.widgets import ui, workplan_view
from dashboard.wiring.cached_queries import query
from dashboard.wiring.run_context import Context
from pipelines.metrics import compare
from pipelines.metrics.indicators import IndicatorValue
from pipelines.workplan import service

# at risk first: what needs attention leads the page
ATTENTION = {"off_track": 0, "at_risk": 1, "not_started": 2, "on_track": 3, "achieved": 4}


def by_attention(values: list[IndicatorValue]) -> list[IndicatorValue]:
    return sorted(values, key=lambda v: (ATTENTION.get(v.status or "", 5), v.code))


def whose(ctx: Context, key: str, **params: object) -> None:
    """The line under a block title that says whose figures follow."""
    st.caption(ctx.words.t(f"dashboard.whose.{key}", **params))


def cards(ctx: Context, values: list[IndicatorValue], key: str, note: str = "") -> None:
    """Indicator cards, three a row on a wide screen (one column on a phone)."""
    for start in range(0, len(values), 3):
        for column, value in zip(st.columns(3), values[start : start + 3], strict=False):
            with column:
                ui.indicator_card(ctx, value, note, key=f"{key}-{value.code}")


def own_filters(ctx: Context, partner: str | None = None, country: str | None = None):
    return replace(ctx.filters, partner=partner, country=country)


def consortium_beside(ctx: Context, mine: list[IndicatorValue], label: str) -> None:
    """The consortium's totals next to a country's or partner's, and the share they make."""
    w = ctx.words
    consortium = query(ctx, "indicators", filters=own_filters(ctx))
    everyone = {v.code: v for v in consortium}
    shares = compare.share_of_consortium(mine, consortium)
    rows = []
    for v in mine:
        total = everyone.get(v.code)
        rows.append(
            {
                w.t("dashboard.col.indicator"): f"{v.code} · {w.indicator(v.code)}",
                label: w.number(v.actual, v.unit),
                w.t("dashboard.whose.consortium_short"): w.number(
                    total.actual if total else None, v.unit
                ),
                w.t("dashboard.home.share"): w.number(shares[v.code], "%"),
            }
        )
    ui.table_with_download(pd.DataFrame(rows), "consortium", "home-consortium", words=w)


def data_status(ctx: Context, partners: tuple[str, ...], key: str) -> None:
    """Per partner and file type: last upload, rows approved, what is pending or missing."""
    w = ctx.words
    latest = query(ctx, "latest_submissions")
    latest = latest[latest["partner_code"].isin(partners)]
    if latest.empty:
        ui.empty(w.t("dashboard.home.uploads_what"), ctx)
        return
    rows = []
    for r in latest.itertuples():
        approved = None if pd.isna(r.approved_rows) else int(r.approved_rows)
        if r.pending:
            state = w.n("dashboard.home.pending_n", int(r.pending))
        elif not approved:
            state = w.t("dashboard.home.missing")
        else:
            state = w.t("dashboard.home.complete")
        rows.append(
            {
                w.t("dashboard.col.partner"): w.partner(r.partner_code, with_code=True),
                w.t("dashboard.col.file"): w.vocab("template", r.template),
                w.t("dashboard.col.last_upload"): day(w, r.last_upload),
                w.t("dashboard.col.rows"): w.number(approved),
                w.t("dashboard.col.state"): state,
            }
        )
    ui.table_with_download(pd.DataFrame(rows), "data status", key, words=w)


def due_next(ctx: Context) -> None:
    """What is due next and by when, from project.toml's [calendar] when it has one."""
    w = ctx.words
    calendar = getattr(ctx.project, "calendar", None)
    dues = []
    for item in getattr(calendar, "due", None) or getattr(calendar, "items", None) or []:
        day = getattr(item, "due", None) or getattr(item, "date", None)
        if day and day >= ctx.as_of:
            dues.append((day, getattr(item, "template", None) or getattr(item, "what", "")))
    if dues:
        day, what = min(dues)
        st.info(
            w.t("dashboard.home.due", what=w.vocab("template", what), day=w.date(day)),
            icon=":material/event:",
        )
        return
    current = next((p for p in ctx.project.periods if p.start <= ctx.as_of <= p.end), None)
    if current is None:
        st.info(w.t("dashboard.home.no_due"), icon=":material/event:")
        return
    st.info(
        w.t("dashboard.home.period_ends", period=w.period(current.id), day=w.date(current.end)),
        icon=":material/event:",
    )


def day(words, value) -> str:
    """A stored timestamp (text, Timestamp or missing) as a date in words."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return words.missing
    return words.date(pd.Timestamp(value).date(), "medium")


def scoped(ctx: Context, partner: str | None = None, country: str | None = None) -> Context:
    """The page's context narrowed to whose figures the home page shows."""
    return replace(ctx, filters=own_filters(ctx, partner, country))


def deliverables_block(ctx: Context, title: str, key: str) -> None:
    """The viewer's deliverables not submitted yet, soonest first (late ones lead), with a
    link to the work-plan page. The library decides whose deliverables these are."""
    w = ctx.words
    if not ctx.viewer.can("see_workplan"):
        return
    st.subheader(title)
    states = service.deliverables(ctx.data_dir, ctx.project, ctx.viewer, day=ctx.as_of)
    open_ = sorted(
        (d for d in states if d.status != "submitted"), key=lambda d: (d.item.due, d.item.code)
    )
    if not open_:
        st.success(w.t("workplan.home.none_open"), icon=":material/check_circle:")
    else:
        frame = workplan_view.deliverable_frame(w, open_[:8])
        ui.table_with_download(frame, "deliverables", key, words=w)
    st.page_link(
        "pages/workplan.py", label=w.t("workplan.home.open_page"), icon=":material/assignment:"
    )


def workplan_todo(ctx: Context) -> list[str]:
    """The coordinator's action lines of the work plan: late without a justification,
    drafts to submit, due in the next 60 days."""
    w = ctx.words
    states = service.deliverables(ctx.data_dir, ctx.project, ctx.viewer, day=ctx.as_of)
    late = [d.item.code for d in states if workplan_view.needs_justification(d)]
    drafts = [d.item.code for d in states if d.status == "draft"]
    soon = [d.item.code for d in states if workplan_view.due_soon(d, ctx.as_of)]
    days = workplan_view.AHEAD_DAYS
    return [
        w.n("workplan.home.todo_late", len(late)) + (": " + ", ".join(late) if late else ""),
        w.n("workplan.home.todo_drafts", len(drafts))
        + (": " + ", ".join(drafts) if drafts else ""),
        w.n("workplan.home.todo_due", len(soon), days=days)
        + (": " + ", ".join(soon) if soon else ""),
    ]
