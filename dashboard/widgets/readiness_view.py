"""Modules in the reader's language and their readiness to publish: the catalogue page and a
partner's home show what each module lacks and who must add it (the lead partner)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.widgets import ui
from dashboard.wiring.run_context import Context
from pipelines.catalogue import readiness, texts
from pipelines.catalogue.source import rows


def gaps_of(ctx: Context, modules: pd.DataFrame) -> list[list[readiness.Gap]]:
    """What each module (a row of the catalogue query) lacks, in the frame's order."""
    rules = readiness.criteria(ctx.project)
    return [readiness.gaps(m, rules, ctx.project) for m in rows(modules)]


def localised(ctx: Context, modules: pd.DataFrame, field: str) -> list[str]:
    """One free-text field in the reader's language, a fallback marked."""
    w = ctx.words
    return [texts.label(w, texts.shown(m, field, w.lang)) for m in rows(modules)]


def gaps_table(ctx: Context, modules: pd.DataFrame, gaps: list[list[readiness.Gap]], key: str):
    """The modules that are not ready: what each lacks and who must add it."""
    w = ctx.words
    titles = localised(ctx, modules, "title")
    table = pd.DataFrame(
        [
            {
                w.t("microcred.col.module"): f"{code} · {title}",
                w.t("microcred.col.missing"): " ".join(g.message(w) for g in found),
                w.t("microcred.col.who"): w.partner_full(lead),
            }
            for code, title, lead, found in zip(
                modules["module_code"], titles, modules["lead_partner_code"], gaps, strict=True
            )
            if found
        ]
    )
    if table.empty:
        st.success(w.t("microcred.gaps.none"), icon=":material/check_circle:")
        return
    ui.table_with_download(table, w.t("microcred.gaps.title"), key, words=w)
