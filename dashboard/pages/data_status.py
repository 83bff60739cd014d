"""Data status: per partner and template, what was sent and when, where it stands against the
submission calendar (on time, due in N days, late by N days, returned, not expected), and for
the coordinator the reminders to send. Ledger positions, checks and tables stay in a collapsed
technical section for the coordinator."""

from __future__ import annotations

import streamlit as st

from dashboard.widgets import plain, shown_tables, ui
from dashboard.widgets.calendar_view import (
    calendar_frame,
    counts,
    deliverables_frame,
    outcomes_frame,
)
from dashboard.widgets.health_view import render_health
from dashboard.widgets.uploads import submission_table
from dashboard.wiring.cached_queries import query
from dashboard.wiring.run_context import Context
from pipelines.deadlines import mail, reminders
from pipelines.deadlines.calendar import calendar_for, deliverables_owed
from pipelines.errors import LeslieError, WarehouseMissing
from pipelines.warehouse import technical
from pipelines.warehouse.build import is_behind, require_current
from pipelines.words.present import Words


def render(ctx: Context) -> None:
    project, viewer = ctx.project, ctx.viewer
    w = Words(ctx.words.lang, project)
    st.title(w.t("editing.status_page.title"))
    if not viewer.can("see_data_status"):
        st.info(w.t("editing.status_page.sign_in"), icon=":material/login:")
        return
    st.caption(w.t("editing.status_page.intro"))
    if viewer.can("rebuild"):
        _repair(ctx, w)

    entries = calendar_for(ctx.data_dir, project, viewer, ctx.as_of)
    numbers = counts(entries)
    for column, status in zip(st.columns(len(numbers)), numbers, strict=True):
        column.metric(w.t(f"editing.status_page.count.{status}"), w.count(numbers[status]))

    st.subheader(w.t("editing.status_page.calendar"))
    table = calendar_frame(entries, w)
    shown_tables.show(table, hide_index=True, height=35 * (len(table) + 1) + 3)
    dates = " · ".join(f"{w.period(d.period)}: {w.date(d.due)}" for d in project.calendar.deadlines)
    st.caption(f"{w.t('editing.status_page.deadlines')}: {dates}")
    st.caption(w.n("editing.status_page.legend", project.calendar.reminder_days))
    if viewer.can("edit_records"):
        st.page_link(
            "pages/my_data.py",
            label=w.t("editing.status_page.edit_link"),
            icon=":material/edit_note:",
        )

    if viewer.can("see_workplan"):
        _deliverables(ctx, w)
    if viewer.can("send_reminders"):
        _reminders(ctx, w)
    if viewer.can("see_technical"):
        label = w.t("editing.status_page.technical")
        if (box := ui.section_when_opened(label, "technical", ":material/build:")) is not None:
            with box:
                try:
                    _technical(ctx, w)
                except WarehouseMissing:
                    st.caption(w.missing)
        render_health(ctx, w.lang)


def _repair(ctx: Context, w: Words) -> None:
    """A build killed after its ledger entry leaves the figures behind: every page rebuilds
    them first (``dashboard.wiring.freshness_gate``); when that could not be done, say so, offer the fix."""
    if not is_behind(ctx.data_dir):
        return
    st.warning(w.t("status.warehouse_behind"), icon=":material/sync_problem:")
    if st.button(w.t("status.rebuild"), key="status_rebuild", icon=":material/sync:"):
        with st.spinner(w.t("status.rebuilding")):
            require_current(ctx.data_dir, ctx.project)  # under the store lock, as an ingest
        st.cache_data.clear()
        st.rerun()


def _deliverables(ctx: Context, w: Words) -> None:
    """The work plan's deliverables late or due soon, of the partners this viewer sees."""
    due = deliverables_owed(ctx.data_dir, ctx.project, ctx.as_of, ctx.viewer)
    st.subheader(w.t("workplan.calendar.title"))
    if not due:
        st.caption(w.t("workplan.calendar.none", days=ctx.project.calendar.reminder_days))
        return
    table = deliverables_frame(due, w)
    shown_tables.show(table, hide_index=True)


def _reminders(ctx: Context, w: Words) -> None:
    st.subheader(w.t("editing.status_page.reminders"))
    st.caption(w.t("editing.status_page.reminders_intro"))
    owed = reminders.owed(ctx.data_dir, ctx.project, ctx.as_of)
    work = deliverables_owed(ctx.data_dir, ctx.project, ctx.as_of)
    if not owed and not work:
        st.caption(w.t("editing.cli.nothing_owed"))
        return
    if mail.load_smtp(ctx.data_dir) is not None:
        resend = st.checkbox(w.t("mail.page.resend"), key="ds_resend")
        if st.button(w.t("editing.status_page.send"), key="ds_send", icon=":material/send:"):
            try:
                sent = reminders.send_reminders(
                    ctx.data_dir, ctx.project, ctx.viewer, ctx.as_of, resend=resend
                )
            except LeslieError as exc:
                st.error(plain.message(exc, w.lang), icon=":material/error:")
                return
            _sent(w, sent)
        return
    st.info(w.t("editing.status_page.no_smtp"), icon=":material/mail:")
    letters = reminders.letters(ctx.data_dir, ctx.project, owed, work=work)
    for letter in letters:
        st.download_button(
            w.t("editing.status_page.download", partner=w.partner(letter.partner, True)),
            data=letter.eml,
            file_name=f"reminder-{letter.partner.lower()}.eml",
            mime="message/rfc822",
            key=f"ds_eml_{letter.partner}",
            icon=":material/download:",
            on_click="ignore",
        )


def _sent(w: Words, sent: reminders.Sent) -> None:
    """What a send did, in words: how many went out, what was skipped, every address the
    server refused (its reply shown as plain text in a table), the failure that ended it."""
    st.success(w.n("editing.cli.sent", len(sent.sent)), icon=":material/send:")
    skipped = sum(1 for o in sent.outcomes if o.status == "already_sent")
    if skipped:
        st.info(w.n("mail.page.resend_hint", skipped), icon=":material/done_all:")
    if sent.error is not None:
        st.error(plain.message(sent.error, w.lang), icon=":material/error:")
    if sent.not_sent:
        st.warning(w.n("mail.not_sent", len(sent.not_sent)), icon=":material/warning:")
    table = outcomes_frame(sent, w)
    if len(table):
        shown_tables.show(table, hide_index=True)
    for code in sent.without_address:
        st.caption(w.t("editing.cli.no_address", partner=w.partner(code, True)))


def _technical(ctx: Context, w: Words) -> None:
    """The warehouse build, submissions with their ledger state, and the data checks, in the
    reader's words (``pipelines.warehouse.technical``)."""
    build = query(ctx, "build_status")
    if build is not None:
        shown = technical.build_metrics(build, w)
        for column, (label, value) in zip(st.columns(len(shown)), shown.items(), strict=True):
            column.metric(label, value)
        st.caption(technical.rows_caption(build, w))
    latest = query(ctx, "latest_submissions")
    if not latest.empty:
        table = technical.latest_frame(latest, w)
        ui.table_with_download(table, "submissions per partner", "status-latest", words=w)
    history = query(ctx, "submissions")
    if not history.empty:
        table = submission_table(history, w)
        ui.table_with_download(table, "submission history", "status-history", words=w)
    checks = query(ctx, "check_results")
    if not checks.empty:
        passed, said = technical.checks_summary(checks, w)
        if passed:
            st.success(said, icon=":material/check_circle:")
        else:
            st.error(said, icon=":material/error:")
        table = technical.checks_frame(checks, w)
        ui.table_with_download(table, "data checks", "status-checks", words=w)


ui.run_page(render)
