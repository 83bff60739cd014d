"""Work plan: per work package its deliverables and milestones with their status, what is late,
what needs a justification, what is due in the next 60 days, the share of the lump sum whose
work package is not complete yet, and the critical risks.

Lead partners add a draft (an evidence file, its type checked from its content) to their own
deliverables; the coordinator submits and writes justifications; National Offices read their
country partners' deliverables; the coordinator alone loads the grant agreement's list of
deliverables and milestones. The permission table decides; the library checks it again.
Texts people wrote are shown in tables or through ``plain.literal``, never as Markdown.
"""

from __future__ import annotations

import streamlit as st

from dashboard.widgets import plain, ui, workplan_load
from dashboard.widgets import workplan_view as view
from dashboard.wiring.run_context import Context
from pipelines.errors import LeslieError
from pipelines.words.present import Words
from pipelines.workplan import service
from pipelines.workplan.evidence import Evidence

EVIDENCE_TYPES = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "zip"]
ALL = ""
SAVED = "_wpl_saved"  # changes made this session: a new, empty file box after each


def render(ctx: Context) -> None:
    project, viewer, w = ctx.project, ctx.viewer, ctx.words
    # the page's own header: the sidebar's filters do not narrow the work plan
    st.title(w.t("dashboard.nav.workplan"))
    viewer.require("see_workplan")
    _scope_line(ctx)
    _done_note(w)
    wps = [ALL, *project.wp_codes]
    wp = st.selectbox(
        w.t("workplan.page.choose_wp"),
        wps,
        format_func=lambda c: w.t("workplan.page.all_wps") if not c else w.work_package(c),
        key="wpl_wp",
        width=480,
    )
    day = ctx.as_of
    states = service.deliverables(ctx.data_dir, project, viewer, wp=wp or None, day=day)
    if viewer.reaches_all("see_workplan"):
        _packages(ctx, wp)
    _attention(w, states, day)
    st.subheader(w.t("workplan.page.deliverables"))
    if states:
        ui.table_with_download(
            view.deliverable_frame(w, states), "deliverables", "wpl-deliverables", words=w
        )
    else:
        st.info(w.t("workplan.page.no_deliverables"), icon=":material/info:")
    st.subheader(w.t("workplan.page.milestones"))
    ms = service.milestones(ctx.data_dir, project, viewer, wp=wp or None, day=day)
    ui.table_with_download(view.milestone_frame(w, ms), "milestones", "wpl-milestones", words=w)
    st.subheader(w.t("workplan.page.risks"))
    rs = service.risks(ctx.data_dir, project, viewer, wp=wp or None)
    ui.table_with_download(view.risk_frame(w, rs), "risks", "wpl-risks", words=w)
    _act(ctx, states)
    workplan_load.render(ctx)


def _scope_line(ctx: Context) -> None:
    viewer, w = ctx.viewer, ctx.words
    if viewer.partner:
        whose = w.t("workplan.page.whose_own", partner=w.partner(viewer.partner))
    elif viewer.country:
        whose = w.t("workplan.page.whose_country", country=w.country(viewer.country))
    else:
        whose = w.t("workplan.page.whose_all")
    day = w.t("workplan.page.as_of", day=w.date(ctx.as_of))
    st.caption(f"{whose} · {day} · {w.t('workplan.page.intro')}")


def _packages(ctx: Context, wp: str) -> None:
    """The coordinator's view: each work package's progress and the lump sum still open."""
    w = ctx.words
    packages = service.work_packages(ctx.data_dir, ctx.project, ctx.viewer, day=ctx.as_of)
    st.subheader(w.t("workplan.page.packages"))
    st.metric(w.t("workplan.page.open_share"), w.percent(service.open_share(packages), 1))
    st.caption(w.t("workplan.page.open_share_help"))
    shown = [p for p in packages if not wp or p.code == wp]
    ui.table_with_download(view.work_package_frame(w, shown), "work packages", "wpl-wps", words=w)


def _attention(w: Words, states: list[service.DeliverableState], day) -> None:
    """What is late without a justification, and what is due in the next 60 days."""
    st.subheader(w.t("workplan.page.attention"))
    unjustified = [d for d in states if view.needs_justification(d)]
    if unjustified:
        st.warning(
            w.n(
                "workplan.page.needs_justification",
                len(unjustified),
                codes=", ".join(d.item.code for d in unjustified),
            ),
            icon=":material/warning:",
        )
    else:
        st.success(w.t("workplan.page.nothing_late"), icon=":material/check_circle:")
    soon = view.due_next_frame(w, states, day)
    st.markdown(f"**{w.t('workplan.page.due_soon', days=view.AHEAD_DAYS)}**")
    if soon.empty:
        st.caption(w.t("workplan.page.none_due", days=view.AHEAD_DAYS))
    else:
        ui.table_with_download(soon, "deliverables due", "wpl-due", words=w)


def _act(ctx: Context, states: list[service.DeliverableState]) -> None:
    """Add a draft (lead partners, the coordinator), submit and justify (the coordinator)."""
    project, viewer, w = ctx.project, ctx.viewer, ctx.words
    mine = [
        d
        for d in states
        if viewer.can("draft_deliverable", d.item.lead, project)
        and (d.status != "submitted" or viewer.can("submit_deliverable", d.item.lead, project))
    ]
    if not mine:
        return
    st.subheader(w.t("workplan.page.act"))
    codes = [d.item.code for d in mine]
    code = st.selectbox(
        w.t("workplan.page.choose_deliverable"),
        codes,
        format_func=lambda c: f"{c} · {project.work_plan.deliverable(c).title}",
        key="wpl_code",
        width=640,
    )
    chosen = next(d for d in mine if d.item.code == code)
    st.caption(
        w.t(
            "workplan.page.chosen_state",
            status=w.t(f"workplan.status.{chosen.status}"),
            due=w.date(chosen.item.due),
            files=len(chosen.evidence),
        )
    )
    for item in chosen.evidence:
        said = w.t(
            "workplan.page.evidence_item",
            name=item.url or item.name or "",
            day=w.date(item.at[:10], "medium"),
            by=item.by,
        )
        st.text(f"• {said}")  # as plain text: names and links people gave stay inert
    limit = project.access.max_upload_mb
    file = st.file_uploader(
        w.t("workplan.page.evidence_label", limit=limit),
        type=EVIDENCE_TYPES,
        key=f"wpl_file_{code}_{st.session_state.get(SAVED, 0)}",  # emptied once saved
        max_upload_size=limit,
    )
    coordinator = viewer.can("submit_deliverable", chosen.item.lead, project)
    left, right = st.columns(2)
    if left.button(
        w.t("workplan.page.save_draft"),
        key="wpl_draft",
        icon=":material/upload_file:",
        disabled=file is None or chosen.status == "submitted",
    ):
        status = "draft" if chosen.status == "pending" else None
        _do(ctx, code, status=status, evidence=Evidence(file.name, file.getvalue()))
    if coordinator and right.button(
        w.t("workplan.page.submit"),
        key="wpl_submit",
        icon=":material/send:",
        disabled=chosen.status == "submitted" or (not chosen.evidence and file is None),
    ):
        evidence = Evidence(file.name, file.getvalue()) if file is not None else None
        _do(ctx, code, status="submitted", evidence=evidence)
    if coordinator:
        text = st.text_area(
            w.t("workplan.page.justification"),
            value=chosen.justification or "",
            key=f"wpl_just_{code}",
            help=w.t("workplan.page.justification_help"),
        )
        if st.button(w.t("workplan.page.save_justification"), key="wpl_just_save"):
            _do(ctx, code, justification=text)


def _do(ctx: Context, code: str, **change) -> None:
    w = ctx.words
    try:
        done = service.update_deliverable(
            ctx.data_dir, ctx.project, ctx.viewer, code, channel="dashboard", **change
        )
    except LeslieError as exc:
        st.error(plain.message(exc, w.lang), icon=":material/error:")
        return
    st.session_state[SAVED] = st.session_state.get(SAVED, 0) + 1
    st.session_state["wpl_done"] = w.t(
        "workplan.page.saved", code=done.item.code, status=w.t(f"workplan.status.{done.status}")
    )
    st.rerun()


def _done_note(w: Words) -> None:
    said = st.session_state.pop("wpl_done", None)
    if said:
        st.success(said, icon=":material/check_circle:")  # catalogue words and a code


ui.run_page(render)
