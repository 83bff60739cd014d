"""My data: a partner (or the coordinator on its behalf) edits its modules and dissemination
records in a table, or adds one activity with a short form; the result is submitted for review
like an uploaded file. Enrollments stay file-based: the page says how to export them."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.widgets import plain, shown_tables, ui
from dashboard.widgets.records_table import column_config, frame, problems_frame, rows_from_frame
from dashboard.wiring.run_context import Context
from pipelines.errors import LeslieError
from pipelines.intake.contract import TEMPLATES
from pipelines.submissions import editing
from pipelines.submissions.ingest import BatchResult
from pipelines.words.present import Words

CHOICES = ("dissemination", "modules", "enrollments")
FLASH = "_my_data_flash"


def render(ctx: Context) -> None:
    project, viewer = ctx.project, ctx.viewer
    w = Words(ctx.words.lang, project)
    st.title(w.t("editing.page.title"))
    mine = [p for p in project.partner_codes if viewer.can("edit_records", p, project)]
    if not mine:
        st.info(w.t("editing.page.no_rights"), icon=":material/lock:")
        return
    st.caption(w.t("editing.page.intro"))
    if len(mine) == 1:
        partner = mine[0]
    else:
        partner = st.selectbox(
            w.t("editing.page.partner"),
            mine,
            format_func=lambda c: w.partner(c, with_code=True),
            key="md_partner",
            width=480,
        )
    st.subheader(w.t("editing.page.for_partner", partner=w.partner(partner, with_code=True)))
    template = st.segmented_control(
        w.t("editing.status_page.col.template"),
        CHOICES,
        format_func=lambda t: w.vocab("template", t),
        default="dissemination",
        key="md_template",
    )
    flash = st.session_state.pop(FLASH, None)
    if flash:
        getattr(st, flash[0])(flash[1], icon=":material/pending:")
    if template == "enrollments":
        st.info(w.t("editing.page.enrollments_help"), icon=":material/school:")
        st.page_link(
            "pages/upload.py", label=w.t("editing.page.upload_link"), icon=":material/upload_file:"
        )
        return
    if template is None:
        return
    _editor(ctx, w, partner, template)


def _snapshot_key(partner: str, template: str) -> str:
    return f"_md_records_{partner}_{template}"


def _records(ctx: Context, partner: str, template: str) -> editing.Records:
    """The records as they were when the table was opened (kept until reload or submit)."""
    key = _snapshot_key(partner, template)
    if key not in st.session_state:
        st.session_state[key] = editing.open_records(
            ctx.data_dir, ctx.project, ctx.viewer, partner, template
        )
        st.session_state[key + "_v"] = st.session_state.get(key + "_v", 0) + 1
    return st.session_state[key]


def _forget(partner: str, template: str) -> None:
    st.session_state.pop(_snapshot_key(partner, template), None)


def _editor(ctx: Context, w: Words, partner: str, template: str) -> None:
    records = _records(ctx, partner, template)
    version = st.session_state[_snapshot_key(partner, template) + "_v"]
    if records.state == "pending":
        st.caption(w.t("editing.page.pending_note"))
    if not records.rows:
        st.caption(w.t("editing.page.empty"))
    st.caption(w.t("editing.page.table_help"))
    edited = shown_tables.editor(
        frame(records),
        column_config=column_config(template, ctx.project, w, ctx.as_of),
        num_rows="dynamic",
        hide_index=True,
        key=f"md_editor_{partner}_{template}_{version}",
    )
    submit, reload = st.columns([1, 1])
    if reload.button(
        w.t("editing.page.reload"), key=f"md_reload_{template}", icon=":material/refresh:"
    ):
        _forget(partner, template)
        st.rerun()
    if submit.button(w.t("editing.page.submit"), key=f"md_submit_{template}", type="primary"):
        column = TEMPLATES[template].partner_column
        rows = rows_from_frame(edited, column, partner)
        _outcome(
            ctx,
            w,
            partner,
            template,
            lambda: editing.submit_records(
                ctx.data_dir, ctx.project, ctx.viewer, partner, template, rows, records.opened_from
            ),
        )
    if template == "dissemination":
        _activity_form(ctx, w, partner, records)


def _outcome(ctx: Context, w: Words, partner: str, template: str, call) -> None:
    """Submit, then say what happened: stored and pending, unchanged, or every problem."""
    try:
        result: BatchResult = call()
    except LeslieError as exc:
        st.error(plain.message(exc, w.lang), icon=":material/error:")
        return
    (outcome,) = result.files
    if outcome.status == "rejected":
        st.error(w.n("editing.page.problems", len(outcome.errors)), icon=":material/error:")
        shown_tables.show(problems_frame(outcome.errors, template, w), hide_index=True)
        return
    if outcome.status == "unchanged":
        message = ("info", w.t("editing.page.unchanged"))
    else:
        message = ("success", w.n("editing.page.submitted", outcome.rows))
    st.session_state[FLASH] = message
    _forget(partner, template)
    st.rerun()


def _activity_form(ctx: Context, w: Words, partner: str, records: editing.Records) -> None:
    project = ctx.project
    st.subheader(w.t("editing.form.title"))
    with st.form("md_activity", clear_on_submit=False, border=True):
        left, right = st.columns(2)
        day = left.date_input(
            w.t("editing.col.date"),
            value=ctx.as_of,
            min_value=project.start,
            max_value=ctx.as_of,
            format="YYYY-MM-DD",
        )
        kind = right.selectbox(
            w.t("editing.col.activity_type"),
            project.vocabulary("activity_type"),
            format_func=lambda v: w.vocab("activity_type", v),
        )
        title = st.text_input(w.t("editing.col.title"))  # too long: refused, not cut
        audience = st.multiselect(
            w.t("editing.col.audience"),
            project.vocabulary("audience"),
            format_func=lambda v: w.vocab("audience", v),
        )
        a, b, c = st.columns(3)
        country = a.text_input(
            w.t("editing.col.country"), value=project.partner(partner).country, max_chars=2
        )
        participants = b.number_input(w.t("editing.col.participants"), min_value=0, step=1)
        reach = c.number_input(w.t("editing.col.reach"), min_value=0, step=1)
        sdgs = st.multiselect(
            w.t("editing.col.sdg_goals"),
            list(project.sdg_goals),
            format_func=lambda g: f"{g} · {project.sdg(g).short_name}",
        )
        url = st.text_input(w.t("editing.col.url"))
        sent = st.form_submit_button(w.t("editing.form.submit"), type="primary", key="md_add")
    if sent:
        activity = {
            "activity_id": "",
            "date": day if isinstance(day, dt.date) else None,
            "activity_type": kind,
            "title": title,
            "country": country,
            "audience": audience,
            "participants": int(participants),
            "reach": int(reach),
            "sdg_goals": sdgs,
            "url": url,
        }
        _outcome(
            ctx,
            w,
            partner,
            "dissemination",
            lambda: editing.add_activity(
                ctx.data_dir, project, ctx.viewer, partner, activity, records.opened_from
            ),
        )


ui.run_page(render)
