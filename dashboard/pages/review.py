"""Review uploads (coordinator): each pending submission with what approving it would change
in the partner's current data, then approve it or return it with a comment. Every decision
rebuilds the warehouse and is written to the audit log (``pipelines.submissions.review.decide``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import ui
from dashboard.context import Context
from dashboard.uploads import changed_table, rows_table
from pipelines.errors import AccessDenied, UsageError
from pipelines.store.ledger import Submission
from pipelines.submissions import review
from pipelines.words.literal import markdown_literal

OUTCOME = "_review_outcome"  # the last decision's message, shown after the list is redrawn
ICONS = {"success": ":material/check_circle:", "warning": ":material/warning:"}


def render(ctx: Context) -> None:
    viewer = ctx.viewer
    st.title("Review uploads")
    if not viewer.can("review"):
        raise AccessDenied("Only the coordinator can approve or return submissions")
    for level, message in st.session_state.pop(OUTCOME, []):
        getattr(st, level)(message, icon=ICONS[level])

    waiting = review.pending(ctx.data_dir, viewer)
    if not waiting:
        st.success("Nothing is waiting for review.", icon=":material/task_alt:")
        return
    st.caption(
        f"{len(waiting)} submission(s) waiting, oldest first. Approving makes a submission the "
        "partner's official data for its template; returning it tells the partner what to fix."
    )
    for sub in waiting:
        _submission(ctx, sub)


def _submission(ctx: Context, sub: Submission) -> None:
    sid = sub.submission_id
    with st.container(border=True, key=f"rv-{sid}"):
        st.subheader(f"Submission {sid} · {sub.template} · {', '.join(sub.partners)}")
        st.caption(
            f"{markdown_literal(sub.file_name)} · {sub.row_count:,} rows · received {sub.received_at} "
            f"from {sub.submitted_by} ({sub.channel})"
        )
        diff = review.diff_against_current(ctx.data_dir, sid)
        counts = diff.counts()
        for column, (label, n) in zip(st.columns(4), counts.items(), strict=True):
            column.metric(f"Rows {label}", f"{n:,}")
        if diff.baseline:
            st.caption(
                "Compared with the current official submission(s) "
                + ", ".join(str(b) for b in diff.baseline)
                + f", matched by {', '.join(diff.key)}."
            )
        else:
            st.caption("No official data of this template yet: every row is new.")
        labels = [f"{k.capitalize()} ({counts[k]})" for k in ("added", "removed", "changed")]
        added, removed, changed = st.tabs(labels)
        with added:
            _table(rows_table(diff.added), "rows that would be added")
        with removed:
            _table(rows_table(diff.removed), "rows that would be removed")
        with changed:
            _table(changed_table(diff), "values that would change")

        with st.form(f"rv-decide-{sid}", border=False):
            comment = st.text_area(
                "Comment to the partner (required to return)",
                key=f"rv-comment-{sid}",
                height=80,
            )
            left, right = st.columns(2)
            approve = left.form_submit_button(
                "Approve", key=f"rv-approve-{sid}", type="primary", icon=":material/check:"
            )
            give_back = right.form_submit_button(
                "Return to the partner", key=f"rv-return-{sid}", icon=":material/undo:"
            )
        if approve or give_back:
            _decide(ctx, sub, "approved" if approve else "returned", comment)


def _table(table: pd.DataFrame, what: str) -> None:
    if table.empty:
        st.caption(f"No {what}.")
    else:
        st.dataframe(table, hide_index=True)


def _decide(ctx: Context, sub: Submission, decision: str, comment: str) -> None:
    try:
        with st.spinner("Recording the decision and rebuilding the figures…"):
            done = review.decide(
                ctx.data_dir, ctx.project, ctx.viewer, sub.submission_id, decision, comment
            )
    except UsageError as exc:
        st.error(f"{exc}.", icon=":material/error:")
        return
    build = done.build
    partners = ", ".join(sub.partners)
    if decision == "approved":
        text = (
            f"Submission {sub.submission_id} ({sub.template}, {partners}) approved. The figures "
            f"were rebuilt (ledger position {done.ledger_position}, {build.seconds:.1f} s, "
            f"{build.checks_run - build.checks_failed} of {build.checks_run} data checks pass)."
        )
    else:
        text = (
            f"Submission {sub.submission_id} ({sub.template}, {partners}) returned to the "
            "partner with your comment. The figures were rebuilt without it."
        )
    messages = [("success", text)] + [("warning", w) for w in done.warnings]
    st.session_state[OUTCOME] = messages
    st.rerun()


ui.run_page(render)
