"""Micro-credentials catalogue: every module with the elements of the EU standard
(Council Recommendation of 16 June 2022), searchable, with its learner funnel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.widgets import charts, readiness_view, ui
from dashboard.wiring.cached_queries import query
from dashboard.wiring.run_context import Context
from pipelines.metrics import compare
from pipelines.words.present import Words

# catalogue columns, in the order of the EU standard's elements; headings: pages_b.col.<name>
COLUMNS = (
    "module_code",
    "title",
    "ready",
    "awarding_body",
    "country_name",
    "ects",
    "eqf_level",
    "learning_outcomes",
    "assessment_type",
    "delivery_mode",
    "quality_assurance",
    "language",
    "status",
    "micro_credential",
    "available_from",
    "sdg_goals",
    "work_package",
    "catalog_url",
    "enrolled",
    "completed",
    "credentials",
)


def render(ctx: Context) -> None:
    project, w = ctx.project, ctx.words
    ui.page_header(ctx, w.t("pages_b.catalogue.title"))

    if not ctx.viewer.visible_partners(project):
        st.info(w.t("pages_b.catalogue.not_available"), icon=":material/lock:")
        return

    search_col, status_col, mode_col, ready_col, micro_col = st.columns([3, 2, 2, 1.6, 1.4])
    search = search_col.text_input(
        w.t("pages_b.catalogue.search"),
        key="cat_search",
        placeholder=w.t("pages_b.catalogue.search_hint"),
    )
    statuses = status_col.multiselect(
        w.t("pages_b.col.status"),
        list(project.vocabulary("module_status")),
        format_func=lambda s: w.vocab("module_status", s),
        key="cat_status",
        placeholder=w.t("catalogue_filters.choose"),
    )
    modes = mode_col.multiselect(
        w.t("pages_b.col.delivery_mode"),
        list(project.vocabulary("delivery_mode")),
        format_func=lambda m: w.vocab("delivery_mode", m),
        key="cat_mode",
        placeholder=w.t("catalogue_filters.choose"),
    )
    readiness = ready_col.selectbox(
        w.t("microcred.filter.readiness"),
        ("any", "ready", "not_ready"),
        format_func=lambda r: w.t(f"microcred.filter.{r}"),
        key="cat_ready",
    )
    micro_only = micro_col.toggle(w.t("pages_b.catalogue.micro_only"), key="cat_micro")

    modules = query(
        ctx,
        "module_catalogue",
        search=search or None,
        statuses=tuple(statuses),
        modes=tuple(modes),
        micro_only=micro_only,
    )
    gaps = readiness_view.gaps_of(ctx, modules)
    if readiness != "any" and not modules.empty:
        keep = [(not found) == (readiness == "ready") for found in gaps]
        modules = modules[keep].reset_index(drop=True)
        gaps = [found for found, kept in zip(gaps, keep, strict=True) if kept]
    if modules.empty:
        filtered = search or statuses or modes or readiness != "any"
        what = "pages_b.catalogue.what_matching" if filtered else "pages_b.catalogue.what"
        ui.empty(w.t(what), ctx)
        return

    st.caption(w.n("pages_b.catalogue.count", len(modules)))
    ready = sum(1 for found in gaps if not found)
    st.caption(w.t("microcred.summary", ready=ready, total=len(modules)))
    shown_table(ctx, modules, gaps)
    st.subheader(w.t("microcred.gaps.title"))
    st.caption(w.t("microcred.gaps.note"))
    readiness_view.gaps_table(ctx, modules, gaps, "catalogue-gaps")
    funnel(ctx, modules)


def shown_table(ctx: Context, modules: pd.DataFrame, gaps: list) -> None:
    """The modules as people read them: coded values in words, headings translated, free
    text in the reader's language (a fallback marked)."""
    w = ctx.words
    shown = modules.assign(ready=[not found for found in gaps])[list(COLUMNS)].copy()
    shown["title"] = readiness_view.localised(ctx, modules, "title")
    shown["learning_outcomes"] = readiness_view.localised(ctx, modules, "learning_outcomes")
    shown["awarding_body"] = [w.partner_full(c) for c in modules["lead_partner_code"]]
    shown["country_name"] = [w.country(c) for c in modules["partner_country"]]
    shown["delivery_mode"] = [w.vocab("delivery_mode", m) for m in shown["delivery_mode"]]
    shown["status"] = [w.vocab("module_status", s) for s in shown["status"]]
    shown["language"] = [_languages(w, c) for c in shown["language"]]
    shown["work_package"] = [w.work_package(c) if c else w.missing for c in shown["work_package"]]
    headings = {c: w.t(f"pages_b.col.{c}") for c in COLUMNS if c != "ready"}
    headings["ready"] = w.t("microcred.col.ready")
    shown = shown.rename(columns=headings)
    link, micro = headings["catalog_url"], headings["micro_credential"]
    ready = headings["ready"]
    ui.table_with_download(
        shown,
        w.t("pages_b.catalogue.title"),
        "catalogue",
        column_config={
            link: st.column_config.LinkColumn(link, display_text=w.t("pages_b.catalogue.open")),
            micro: st.column_config.CheckboxColumn(micro),
            ready: st.column_config.CheckboxColumn(ready),
        },
        words=w,
    )


def _languages(words: Words, codes) -> str:
    """'en; ru' -> 'English, Russian' in the reader's language."""
    if isinstance(codes, str):
        codes = codes.replace(",", ";").split(";")
    names = [words.language(str(c).strip()) for c in (codes if codes is not None else [])]
    return ", ".join(n for n in names if n) or words.missing


def funnel(ctx: Context, modules: pd.DataFrame) -> None:
    """Enrolled, completed and credentials of one module or of all listed."""
    w = ctx.words
    st.subheader(w.t("dashboard.catalogue.funnel"))
    st.caption(w.t("dashboard.catalogue.funnel_note"))
    stages = [w.t(f"pages_b.stage.{s}") for s in ("enrolled", "completed", "credential")]
    titles = readiness_view.localised(ctx, modules, "title")
    labels = {
        code: f"{code} · {title}"
        for code, title in zip(modules["module_code"], titles, strict=True)
    }
    pick = st.selectbox(
        w.t("pages_b.catalogue.module"),
        [None, *labels],
        format_func=lambda c: w.t("pages_b.catalogue.all_modules") if c is None else labels[c],
        key="cat_module",
    )
    part = modules if pick is None else modules[modules["module_code"] == pick]
    totals = compare.funnel_totals(part)
    funnel_table = pd.DataFrame(
        {w.t("pages_b.col.stage"): stages, w.t("pages_b.col.enrollments"): totals}
    )
    which = w.t("dashboard.catalogue.all_listed") if pick is None else labels[pick]
    if totals[0] == 0 and totals[1] == 0:
        ui.empty(w.t("pages_b.catalogue.what_enrollments", which=which), ctx)
        return
    title = w.t("dashboard.catalogue.funnel_of", which=which)
    ui.chart(
        charts.funnel(stages, totals, title, words=w, measure=w.t("pages_b.col.enrollments")),
        funnel_table,
        title,
        "catalogue-funnel",
        words=w,
    )


ui.run_page(render)
