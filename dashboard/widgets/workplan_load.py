"""The coordinator's load of the grant agreement's list on the Work plan page: upload a CSV or
XLSX file, read what it adds, changes and removes, apply it. Nobody else sees it (the
permission table's ``load_workplan``); the library checks the permission again on apply."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.widgets import plain, shown_tables
from dashboard.wiring.run_context import Context
from pipelines.errors import LeslieError
from pipelines.words.present import Words
from pipelines.workplan import loaded

ROUND = "_wpl_list_round"  # a new, empty file box after each apply
DONE = "_wpl_list_done"
PROBLEM_COLUMNS = ("row", "column", "value", "how_to_fix")


def render(ctx: Context) -> None:
    viewer, w = ctx.viewer, ctx.words
    if not viewer.can(loaded.ACTION):
        return
    st.subheader(w.t("workplan.load.page_title"))
    said = st.session_state.pop(DONE, None)
    if said:
        st.success(said, icon=":material/check_circle:")  # catalogue words and a digest
    st.caption(_in_force(ctx))
    st.caption(w.t("workplan.load.page_intro"))
    limit = ctx.project.access.max_upload_mb
    file = st.file_uploader(
        w.t("workplan.load.page_file"),
        type=["csv", "xlsx"],
        key=f"wpl_list_{st.session_state.get(ROUND, 0)}",
        max_upload_size=limit,
    )
    confirm = st.checkbox(w.t("workplan.load.page_confirm"), key="wpl_list_confirm")
    if file is None:
        return
    data = file.getvalue()
    try:
        result = loaded.preview(ctx.data_dir, ctx.project, data, file.name,
                                confirm_removal=confirm)  # fmt: skip
    except LeslieError as exc:  # not a readable CSV or XLSX file
        st.error(plain.message(exc, w.lang), icon=":material/error:")
        return
    _show(result, w)
    if st.button(
        w.t("workplan.load.page_apply"),
        key="wpl_list_apply",
        icon=":material/published_with_changes:",
        type="primary",
        disabled=not result.accepted or result.unchanged,
    ):
        _apply(ctx, data, file.name, confirm)


def _in_force(ctx: Context) -> str:
    w = ctx.words
    found = loaded.latest(ctx.data_dir)
    if found is None:
        return w.t("workplan.load.page_default")
    return w.t("workplan.load.page_in_force", file=plain.literal(found.file_name),
               at=w.date(found.at[:10], "medium"), by=plain.literal(found.by))  # fmt: skip


def _show(result: loaded.Preview, w: Words) -> None:
    if not result.accepted:
        st.error(w.t("workplan.load.rejected"), icon=":material/error:")
        shown_tables.show(_problems(result, w), hide_index=True)
        return
    counts = w.t("workplan.load.counts", file=result.file.name,
                 deliverables=len(result.file.deliverables),
                 milestones=len(result.file.milestones))  # fmt: skip
    st.text(counts)  # the file's name is the uploader's text: shown as typed
    for line in loaded.changes_said(result, w.lang) or [w.t("workplan.load.same")]:
        st.text(line)
    if result.unchanged:
        st.info(w.t("workplan.load.unchanged"), icon=":material/info:")


def _problems(result: loaded.Preview, w: Words) -> pd.DataFrame:
    rows = [
        {
            "row": p.row,
            "column": p.column or "",
            "value": "" if p.value is None else str(p.value),
            "how_to_fix": p.render(w.lang),
        }
        for p in result.file.problems
    ]
    table = pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS)).astype({"row": "Int64"})
    return table.rename(columns={c: w.t(f"pages_a.col.{c}") for c in PROBLEM_COLUMNS})


def _apply(ctx: Context, data: bytes, name: str, confirm: bool) -> None:
    w = ctx.words
    try:
        done = loaded.apply(ctx.data_dir, ctx.project, ctx.viewer, data, name,
                            confirm_removal=confirm, channel="dashboard")  # fmt: skip
    except LeslieError as exc:
        st.error(plain.message(exc, w.lang), icon=":material/error:")
        return
    if not done.accepted:  # changed between the preview and the click
        _show(done, w)
        return
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
    st.session_state[DONE] = w.t("workplan.load.applied", sha256=done.sha256)
    st.rerun()
