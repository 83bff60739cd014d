"""The coordinator's health view: the checks of ``python -m pipelines doctor``, in the
reader's language. The Data status page calls ``render_health(ctx)``; it draws nothing for a
viewer who may not see technical details."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.widgets import shown_tables
from pipelines.operations.doctor import OK, PROBLEM, WARNING, Check, run_checks
from pipelines.words.catalogue import default_lang, text

ICONS = {OK: "✅", WARNING: "⚠️", PROBLEM: "⛔"}


def health_table(checks: list[Check], lang: str | None = None) -> pd.DataFrame:
    """One row per check: status (icon and word), what was checked, what was found, what to
    do. Every cell is plain text, shown by a table, never as markdown."""
    lang = lang or default_lang()
    return pd.DataFrame(
        [
            {
                text("ops.health.column.status", lang): (
                    f"{ICONS[c.status]} {text(f'ops.doctor.status.{c.status}', lang)}"
                ),
                text("ops.health.column.check", lang): text(f"ops.health.check.{c.name}", lang),
                text("ops.health.column.found", lang): c.message.render(lang),
                text("ops.health.column.action", lang): (c.action.render(lang) if c.action else ""),
            }
            for c in checks
        ]
    )


def render_health(ctx, lang: str | None = None) -> None:
    """Run the checks now and show them (coordinator only)."""
    if not ctx.viewer.can("see_technical"):
        return
    lang = lang or default_lang()
    checks = run_checks(ctx.data_dir)
    st.subheader(text("ops.health.title", lang))
    st.caption(text("ops.health.caption", lang))
    if not any(c.status != OK for c in checks):
        st.success(text("ops.health.all_ok", lang), icon=":material/check_circle:")
    shown_tables.show(health_table(checks, lang), hide_index=True, key="health-checks")
