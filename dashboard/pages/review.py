"""Review uploads (coordinator): each pending submission with what approving it would change
in the partner's current data, then approve it or return it with a comment. Every decision
rebuilds the warehouse and is written to the audit log (``pipelines.submissions.review.decide``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.widgets import plain, shown_tables, ui
from dashboard.widgets.uploads import changed_table, channel_word, column_label, rows_table
from dashboard.wiring.run_context import Context
from pipelines.errors import AccessDenied, UsageError
from pipelines.store.ledger import Submission
from pipelines.submissions import review
from pipelines.words.present import Words

OUTCOME = "_review_outcome"  # the last decision's message, shown after the list is redrawn
ICONS = {"success": ":material/check_circle:", "warning": ":material/warning:"}
SHOWN = ("added", "removed", "changed")


def render(ctx: Context) -> None:
    viewer, w = ctx.viewer, ctx.words
    st.title(w.t("dashboard.nav.review"))
    if not viewer.can("review"):
        raise AccessDenied(key="pages_a.review.denied")
    for level, message in st.session_state.pop(OUTCOME, []):
        getattr(st, level)(message, icon=ICONS[level])

    waiting = review.pending(ctx.data_dir, viewer)
    if not waiting:
        st.success(w.t("pages_a.review.nothing"), icon=":material/task_alt:")
        return
    st.caption(w.n("pages_a.review.waiting", len(waiting)))
    for sub in waiting:
        _submission(ctx, sub)


def _partners(w: Words, sub: Submission) -> str:
    return ", ".join(w.partner(p, with_code=True) for p in sub.partners)


def _submission(ctx: Context, sub: Submission) -> None:
    sid, w = sub.submission_id, ctx.words
    template = w.vocab("template", sub.template)
    with st.container(border=True, key=f"rv-{sid}"):
        st.subheader(
            w.t(
                "pages_a.review.heading", id=str(sid), template=template, partners=_partners(w, sub)
            )
        )
        st.text(  # the file name and account are typed by people: plain text, never markdown
            w.t(
                "pages_a.review.received",
                file=sub.file_name,
                rows=w.n("pages_a.review.rows", sub.row_count),
                day=w.date(sub.received_at),
                who=sub.submitted_by,
                channel=channel_word(w, sub.channel),
            )
        )
        diff = review.diff_against_current(ctx.data_dir, sid)
        counts = diff.counts()
        for column, (label, n) in zip(st.columns(4), counts.items(), strict=True):
            column.metric(w.t(f"pages_a.review.metric.{label}"), w.count(n))
        if diff.baseline:
            matched = ", ".join(column_label(sub.template, k, w.lang) for k in diff.key)
            ids = ", ".join(str(b) for b in diff.baseline)
            st.caption(w.t("pages_a.review.baseline", ids=ids, key=matched))
        else:
            st.caption(w.t("pages_a.review.no_baseline"))
        tabs = st.tabs([w.t(f"pages_a.review.tab.{k}", n=counts[k]) for k in SHOWN])
        tables = (
            rows_table(diff.added, template=sub.template, words=w),
            rows_table(diff.removed, template=sub.template, words=w),
            changed_table(diff, w),
        )
        for tab, what, table in zip(tabs, SHOWN, tables, strict=True):
            with tab:
                _table(table, w.t(f"pages_a.review.none.{what}"))
        _form(ctx, sub)


def _form(ctx: Context, sub: Submission) -> None:
    sid, w = sub.submission_id, ctx.words
    with st.form(f"rv-decide-{sid}", border=False):
        comment = st.text_area(
            w.t("pages_a.review.comment"),
            key=f"rv-comment-{sid}",
            height=80,
        )
        left, right = st.columns(2)
        approve = left.form_submit_button(
            w.t("pages_a.review.approve"),
            key=f"rv-approve-{sid}",
            type="primary",
            icon=":material/check:",
        )
        give_back = right.form_submit_button(
            w.t("pages_a.review.return"), key=f"rv-return-{sid}", icon=":material/undo:"
        )
    if approve or give_back:
        _decide(ctx, sub, "approved" if approve else "returned", comment)


def _table(table: pd.DataFrame, none: str) -> None:
    if table.empty:
        st.caption(none)
    else:
        shown_tables.show(table, hide_index=True)


def _decide(ctx: Context, sub: Submission, decision: str, comment: str) -> None:
    w = ctx.words
    if decision == "returned" and not (comment or "").strip():
        st.error(w.t("pages_a.review.comment_required"), icon=":material/error:")
        return
    try:
        with st.spinner(w.t("pages_a.review.recording")):
            done = review.decide(
                ctx.data_dir, ctx.project, ctx.viewer, sub.submission_id, decision, comment
            )
    except UsageError as exc:
        st.error(plain.message(exc, w.lang), icon=":material/error:")
        return
    build = done.build
    said = {
        "id": str(sub.submission_id),
        "template": w.vocab("template", sub.template),
        "partners": _partners(w, sub),
    }
    if decision == "approved":
        text = w.t(
            "pages_a.review.approved",
            **said,
            position=str(done.ledger_position),
            seconds=w.decimal(build.seconds, 1),
            passed=build.checks_run - build.checks_failed,
            run=build.checks_run,
        )
    else:
        text = w.t("pages_a.review.returned", **said)
    messages = [("success", text)] + [("warning", warning) for warning in done.warnings]
    st.session_state[OUTCOME] = messages
    st.rerun()


ui.run_page(render)
