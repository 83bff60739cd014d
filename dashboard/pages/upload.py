"""Upload data: templates pre-filled with the partner's code, a file checked at once against
the data contract (every problem listed, downloadable), and the partner's submissions with
their review state. The coordinator uploads on a partner's behalf."""

from __future__ import annotations

import streamlit as st

from dashboard.widgets import ui
from dashboard.widgets.uploads import UploadSummary, plain, submission_table, submit_file
from dashboard.wiring.cached_queries import query
from dashboard.wiring.run_context import Context
from pipelines.errors import AccessDenied, WarehouseMissing
from pipelines.intake.contract import TEMPLATES
from pipelines.intake.templates import template_bytes, template_filename
from pipelines.metrics.indicators import Filters
from pipelines.words.present import Words

DONE = "_upload_done"  # uploaded file id -> its outcome, so a rerun never submits twice


def render(ctx: Context) -> None:
    project, viewer, w = ctx.project, ctx.viewer, ctx.words
    st.title(w.t("dashboard.nav.upload"))
    if not viewer.can("upload"):
        raise AccessDenied(key="pages_a.upload.denied")

    approve_now = False
    if viewer.partner:
        partner = viewer.partner or ""
        st.caption(w.t("pages_a.upload.for_partner", partner=w.partner(partner, with_code=True)))
    else:
        partner = st.selectbox(
            w.t("pages_a.upload.on_behalf"),
            project.partner_codes,
            format_func=lambda c: w.partner(c, with_code=True),
            key="up_partner",
            width=480,
        )
        approve_now = st.checkbox(
            w.t("pages_a.upload.approve_now"),
            key="up_approve",
            help=w.t("pages_a.upload.approve_now_help"),
        )

    st.page_link("pages/my_data.py", label=w.t("editing.upload.hint"), icon=":material/edit_note:")
    _templates(ctx, partner)
    _upload(ctx, approve_now)
    _history(ctx, partner)


def _templates(ctx: Context, partner: str) -> None:
    project, w = ctx.project, ctx.words
    st.subheader(w.t("pages_a.upload.step_template"))
    st.caption(w.t("pages_a.upload.template_hint"))
    for template in TEMPLATES:
        name, csv_button, xlsx_button = st.columns([1.2, 1, 1], vertical_alignment="center")
        name.markdown(f"**{w.vocab('template', template)}**")
        for column, fmt in ((csv_button, "csv"), (xlsx_button, "xlsx")):
            column.download_button(
                w.t("pages_a.upload.template_button", format=fmt.upper()),
                data=lambda t=template, f=fmt: template_bytes(t, f, project, partner),
                file_name=template_filename(template, fmt, partner),
                mime="text/csv" if fmt == "csv" else "application/vnd.ms-excel",
                key=f"up-template-{template}-{fmt}",
                icon=":material/download:",
                on_click="ignore",
            )


def _upload(ctx: Context, approve_now: bool) -> None:
    w = ctx.words
    st.subheader(w.t("pages_a.upload.step_file"))
    limit = ctx.project.access.max_upload_mb
    file = st.file_uploader(
        w.t("pages_a.upload.file_label", limit=limit),
        type=["csv", "xlsx"],
        key="up_file",
        max_upload_size=limit,
    )
    if file is None:
        return
    done = st.session_state.setdefault(DONE, {})
    if file.file_id not in done:
        with st.spinner(w.t("pages_a.upload.checking", file=plain(file.name))):
            done[file.file_id] = submit_file(
                ctx.data_dir,
                ctx.project,
                ctx.viewer,
                file.name,
                file.getvalue(),
                approve_now,
                words=w,
            )
    for summary in done[file.file_id]:
        _show(summary, w)


def _history(ctx: Context, partner: str) -> None:
    w = ctx.words
    st.subheader(w.t("pages_a.upload.step_history", partner=w.partner(partner)))
    try:
        history = query(ctx, "submissions", filters=Filters(partner=partner))
    except WarehouseMissing:
        history = None
    if history is None or history.empty:
        st.caption(w.t("pages_a.upload.no_history"))
        return
    st.caption(w.t("pages_a.upload.states"))
    ui.table_with_download(
        submission_table(history, w), f"submissions {partner}", "up-history", words=w
    )


def _show(summary: UploadSummary, w: Words) -> None:
    icons = {
        "success": ":material/pending:",
        "error": ":material/error:",
        "info": ":material/info:",
    }
    # the file name is the uploader's text: shown literally, never as markdown (a name like
    # "[x](https://evil) ![p](https://evil).csv" would become a link and a fetched image)
    body = summary.message.replace(summary.file_name, plain(summary.file_name), 1)
    getattr(st, summary.level)(body, icon=icons[summary.level])
    if not summary.problems.empty:
        ui.table_with_download(
            summary.problems,
            f"problems {summary.file_name}",
            "up-problems",
            column_config={
                w.t("pages_a.col.how_to_fix"): st.column_config.TextColumn(width="large")
            },
            words=w,
        )


ui.run_page(render)
