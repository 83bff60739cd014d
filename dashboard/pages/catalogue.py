"""Micro-credentials catalogue: every module with the elements of the EU standard
(Council Recommendation of 16 June 2022), searchable, with its learner funnel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, ui
from dashboard.context import Context
from dashboard.data import query

# catalogue columns, in the order of the EU standard's elements, with their headings
COLUMNS = {
    "module_code": "code",
    "title": "title",
    "awarding_body": "awarding body",
    "country_name": "country of the issuer",
    "ects": "ECTS (notional workload)",
    "eqf_level": "EQF level",
    "learning_outcomes": "learning outcomes",
    "assessment_type": "type of assessment",
    "delivery_mode": "form of participation",
    "quality_assurance": "quality assurance",
    "language": "language",
    "status": "status",
    "micro_credential": "micro-credential",
    "available_from": "available from",
    "sdg_goals": "SDGs",
    "work_package": "work package",
    "catalog_url": "catalogue page",
    "enrolled": "enrolled",
    "completed": "completed",
    "credentials": "credentials",
}


def render(ctx: Context) -> None:
    project = ctx.project
    ui.page_header(ctx, "Micro-credentials catalogue")

    if not ctx.viewer.visible_partners(project):
        st.info("The module list is not available to your account.", icon=":material/lock:")
        return

    search_col, status_col, mode_col, micro_col = st.columns([3, 2, 2, 1.4])
    search = search_col.text_input(
        "Search", key="cat_search", placeholder="title, code, learning outcome or institution"
    )
    statuses = status_col.multiselect(
        "Status", list(project.vocabulary("module_status")), key="cat_status"
    )
    modes = mode_col.multiselect(
        "Form of participation", list(project.vocabulary("delivery_mode")), key="cat_mode"
    )
    micro_only = micro_col.toggle("Micro-credentials only", key="cat_micro")

    modules = query(
        ctx,
        "module_catalogue",
        search=search or None,
        statuses=tuple(statuses),
        modes=tuple(modes),
        micro_only=micro_only,
    )
    if modules.empty:
        ui.empty("modules matching this search" if search or statuses or modes else "modules", ctx)
        return

    st.caption(
        f"{len(modules)} module(s). Awarding body: the lead partner. Enrolled, completed and "
        "credentials count enrollments within the chosen period."
    )
    shown = modules[list(COLUMNS)].rename(columns=COLUMNS)
    ui.table_with_download(
        shown,
        "micro-credentials catalogue",
        "catalogue",
        column_config={
            "catalogue page": st.column_config.LinkColumn("catalogue page", display_text="open"),
            "micro-credential": st.column_config.CheckboxColumn("micro-credential"),
        },
    )

    st.subheader(ctx.words.t("dashboard.catalogue.funnel"))
    st.caption(ctx.words.t("dashboard.catalogue.funnel_note"))
    stages = ["Enrolled", "Completed", "Credential issued"]
    labels = {
        code: f"{code} · {title}"
        for code, title in zip(modules["module_code"], modules["title"], strict=True)
    }
    pick = st.selectbox(
        "Module",
        [None, *labels],
        format_func=lambda c: "All modules listed above" if c is None else labels[c],
        key="cat_module",
    )
    part = modules if pick is None else modules[modules["module_code"] == pick]
    totals = [
        int(part["enrolled"].sum()),
        int(part["completed"].sum()),
        int(part["credentials"].sum()),
    ]
    funnel_table = pd.DataFrame({"stage": stages, "enrollments": totals})
    if totals[0] == 0 and totals[1] == 0:
        ui.empty("enrollments in " + ("these modules" if pick is None else pick), ctx)
    else:
        which = ctx.words.t("dashboard.catalogue.all_listed") if pick is None else labels[pick]
        title = ctx.words.t("dashboard.catalogue.funnel_of", which=which)
        ui.chart(
            charts.funnel(stages, totals, title, words=ctx.words),
            funnel_table,
            f"funnel {pick or 'all modules'}",
            "catalogue-funnel",
        )


ui.run_page(render)
