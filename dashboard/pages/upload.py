"""Upload data: templates pre-filled with the partner's code, a file checked at once against
the data contract (every problem listed, downloadable), and the partner's submissions with
their review state. The coordinator uploads on a partner's behalf."""

from __future__ import annotations

import streamlit as st

from dashboard import ui
from dashboard.context import Context
from dashboard.data import query
from dashboard.uploads import UploadSummary, submission_table, submit_file
from pipelines.errors import AccessDenied, WarehouseMissing
from pipelines.intake.contract import TEMPLATES
from pipelines.intake.templates import template_bytes, template_filename
from pipelines.metrics.indicators import Filters
from pipelines.words.catalogue import text
from pipelines.words.literal import markdown_literal

DONE = "_upload_done"  # uploaded file id -> its outcome, so a rerun never submits twice


def render(ctx: Context) -> None:
    project, viewer = ctx.project, ctx.viewer
    st.title("Upload data")
    if not viewer.can("upload"):
        raise AccessDenied("Only partners and the coordinator can submit data")

    approve_now = False
    if viewer.partner:
        partner = viewer.partner or ""
        st.caption(
            f"For {project.partner(partner).name} ({partner}). Your file replaces your earlier "
            "submission of the same template once the coordinator approves it."
        )
    else:
        partner = st.selectbox(
            "On behalf of partner",
            project.partner_codes,
            format_func=lambda c: f"{c} · {project.partner(c).name}",
            key="up_partner",
            width=480,
        )
        approve_now = st.checkbox(
            "Approve at once (skip the review)",
            key="up_approve",
            help="The submission counts in the official figures immediately.",
        )

    st.page_link("pages/my_data.py", label=text("editing.upload.hint"), icon=":material/edit_note:")
    st.subheader("1. Start from a template")
    st.caption(
        "One template per file. The Excel template has drop-down lists and a sheet explaining "
        "every column; CSV may use comma or semicolon."
    )
    for template in TEMPLATES:
        name, csv_button, xlsx_button = st.columns([1.2, 1, 1], vertical_alignment="center")
        name.markdown(f"**{template}**")
        for column, fmt in ((csv_button, "csv"), (xlsx_button, "xlsx")):
            column.download_button(
                f"{fmt.upper()} template",
                data=lambda t=template, f=fmt: template_bytes(t, f, project, partner),
                file_name=template_filename(template, fmt, partner),
                mime="text/csv" if fmt == "csv" else "application/vnd.ms-excel",
                key=f"up-template-{template}-{fmt}",
                icon=":material/download:",
                on_click="ignore",
            )

    st.subheader("2. Upload your file")
    limit = project.access.max_upload_mb
    file = st.file_uploader(
        f"A CSV or Excel (.xlsx) file, at most {limit} MB",
        type=["csv", "xlsx"],
        key="up_file",
        max_upload_size=limit,
    )
    if file is not None:
        done = st.session_state.setdefault(DONE, {})
        if file.file_id not in done:
            with st.spinner(f"Checking {markdown_literal(file.name)}…"):
                done[file.file_id] = submit_file(
                    ctx.data_dir, project, viewer, file.name, file.getvalue(), approve_now
                )
        for summary in done[file.file_id]:
            _show(summary)

    st.subheader("3. Submissions of " + project.partner(partner).short_name)
    try:
        history = query(ctx, "submissions", filters=Filters(partner=partner))
    except WarehouseMissing:
        history = None
    if history is None or history.empty:
        st.caption("No submission yet.")
    else:
        st.caption(
            "pending: awaiting the coordinator's review · approved: in the official figures · "
            "returned: not accepted, see the comment · superseded: replaced by a newer file."
        )
        ui.table_with_download(submission_table(history), f"submissions {partner}", "up-history")


def _show(summary: UploadSummary) -> None:
    icons = {
        "success": ":material/pending:",
        "error": ":material/error:",
        "info": ":material/info:",
    }
    # the file name is the uploader's text: shown literally, never as markdown (a name like
    # "[x](https://evil) ![p](https://evil).csv" would become a link and a fetched image)
    body = summary.message.replace(summary.file_name, markdown_literal(summary.file_name), 1)
    getattr(st, summary.level)(body, icon=icons[summary.level])
    if not summary.problems.empty:
        ui.table_with_download(
            summary.problems,
            f"problems {summary.file_name}",
            "up-problems",
            column_config={"how to fix": st.column_config.TextColumn(width="large")},
        )


ui.run_page(render)
