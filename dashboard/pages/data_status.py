"""Data status: what each partner has submitted, what is current, what was superseded,
when the warehouse was built and how its data checks went."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import ui
from dashboard.context import Context
from dashboard.data import query

STATE_ICONS = {"approved": "✔", "pending": "…", "returned": "↩", "superseded": "⤺"}


def render(ctx: Context) -> None:
    project = ctx.project
    ui.page_header(ctx, "Data status")

    if ctx.viewer.role == "public":
        st.info("Sign in to see the data status.", icon=":material/login:")
        return

    build = query(ctx, "build_status")
    if build is not None:
        a, b, c, d = st.columns(4)
        built = dt.datetime.fromisoformat(build.built_at)
        a.metric(
            "Warehouse built (UTC)", f"{built:%d %b %H:%M}", help=f"Built at {build.built_at}."
        )
        b.metric("Data as of", f"{build.as_of:%d %b %Y}")
        c.metric("Ledger position", f"{build.ledger_position:,}")
        d.metric(
            "Data checks",
            f"{build.checks_run - build.checks_failed} / {build.checks_run} pass",
            help=f"Build took {build.seconds:.1f} s.",
        )
        rows = ", ".join(f"{name}: {count:,}" for name, count in build.rows.items())
        st.caption(f"Rows in the warehouse: {rows}.")

    st.subheader("Submissions per partner")
    latest = query(ctx, "latest_submissions")
    if latest.empty:
        ui.empty("submissions of the partners you can see", ctx)
    else:
        matrix = latest.pivot(index="partner_code", columns="template", values="approved_rows")
        waiting = latest.pivot(index="partner_code", columns="template", values="pending")
        cells = pd.DataFrame(index=matrix.index)
        for template in ("modules", "enrollments", "dissemination"):
            cells[template] = [
                (f"✔ {int(n):,} row{'' if n == 1 else 's'}" if pd.notna(n) else "○ none")
                + (f" · {int(w)} pending" if w else "")
                for n, w in zip(matrix[template], waiting[template], strict=True)
            ]
        cells = cells.loc[[c for c in ctx.viewer.visible_partners(project) if c in cells.index]]
        st.dataframe(
            cells.reset_index(names="partner"),
            hide_index=True,
            height=35 * (len(cells) + 1) + 3,
        )
        st.caption(
            "✔ rows in the warehouse from the current approved submission · ○ nothing approved "
            "yet · pending: awaiting review."
        )
        with st.expander("Per partner and template, with last upload and history counts"):
            ui.table_with_download(latest, "submissions per partner", "status-latest")

    st.subheader("Submission history")
    history = query(ctx, "submissions")
    if history.empty:
        ui.empty("submissions", ctx)
    else:
        history = history.assign(state=[f"{STATE_ICONS.get(s, '')} {s}" for s in history["state"]])
        st.caption(
            "Superseded submissions are kept: a correction replaces a partner's earlier file."
        )
        ui.table_with_download(history, "submission history", "status-history")

    st.subheader("Data checks of the last build")
    checks = query(ctx, "check_results")
    if checks.empty:
        ui.empty("data checks")
    else:
        failed = checks[checks["status"] == "fail"]
        if failed.empty:
            st.success(f"All {len(checks)} data checks pass.", icon=":material/check_circle:")
        else:
            st.error(f"{len(failed)} of {len(checks)} data checks fail.", icon=":material/error:")
        ui.table_with_download(checks, "data checks", "status-checks")


ui.run_page(render)
