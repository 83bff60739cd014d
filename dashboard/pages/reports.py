"""Reports: preview a period's report for a scope, write its narrative sections, download it
(Excel, Word, PDF, in English, Russian, Kazakh or Uzbek), freeze it (coordinator), download
frozen reports, and see what changed since the last frozen one.

The period is the sidebar's (one period control for the whole dashboard). The files are built
from the previewed ReportData only when a download button is clicked, so what is downloaded
is what is shown. The library checks the viewer's scope on every call. Texts people wrote
are shown with ``st.text`` or in tables, never as markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.widgets import plain, shown_tables, ui
from dashboard.wiring import session
from dashboard.wiring.report_cache import cached_report, work_plan_stamp
from dashboard.wiring.run_context import settings_of
from pipelines.access.scope import Viewer
from pipelines.errors import LeslieError
from pipelines.metrics.indicators import Filters
from pipelines.reports import (
    FORMATS,
    MIME_TYPES,
    Scope,
    available_scopes,
    file_name,
    freeze,
    list_frozen,
    load_frozen,
    render,
    tables,
)
from pipelines.reports import narratives as notes
from pipelines.reports.model import ReportData
from pipelines.reports.service import restated_since_frozen
from pipelines.reports.text import ReportWords, summary_sentences
from pipelines.warehouse.build import identity
from pipelines.words.catalogue import LANGUAGES, SOURCE, plural, text
from pipelines.words.present import Words
from pipelines.workplan.preflight import Finding, preflight

FORMAT_LABELS = {"xlsx": "Excel", "docx": "Word", "pdf": "PDF"}
FORMAT_ICONS = {
    "xlsx": ":material/table_view:",
    "docx": ":material/article:",
    "pdf": ":material/picture_as_pdf:",
}
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша", "uz": "Oʻzbekcha"}

ctx = ui.require_context()
project, viewer = ctx.project, ctx.viewer
lang = ctx.words.lang
words = Words(lang, project)


def say(key: str, /, **params: object) -> str:
    return text(f"reports.{key}", lang, **params)


def say_n(key: str, count: int, /, **params: object) -> str:
    return plural(f"reports.{key}", count, lang, **params)


def _scope_label(scope: Scope) -> str:
    if scope.kind == "partner":
        return words.partner(scope.code, with_code=True)
    if scope.kind == "country":
        count = len(project.partners_in(scope.code or ""))
        return say_n("scope.country", count, country=words.country(scope.code))
    return say_n("scope.consortium", len(project.partners))


def _download_buttons(data: ReportData, report_lang: str, key: str) -> None:
    """One button per format; each file is built only when its button is clicked."""
    for column, fmt in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        name = file_name(data, fmt, report_lang)
        column.download_button(
            f"{FORMAT_LABELS[fmt]} (.{fmt})",
            data=lambda fmt=fmt: render(data, fmt, report_lang),
            file_name=name,
            mime=MIME_TYPES[fmt],
            key=f"{key}-{fmt}",
            icon=FORMAT_ICONS[fmt],
            on_click=session.record_download,
            args=("report_download", name),
            help=say("page.download_help"),
            width="stretch",
        )


def _frame(header: list[str], rows: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=header)


PREVIEWS = ("indicators", "by_partner", "results", "sources")


def _preview(w: ReportWords) -> None:
    """The summary, then the one table chosen (the others are not built or sent)."""
    with st.expander(say("page.summary"), expanded=True):
        for sentence in summary_sentences(w):
            st.text(sentence)
    shown = st.segmented_control(
        say("page.table_shown"),
        PREVIEWS,
        default=PREVIEWS[0],
        format_func=lambda v: say(f"sheet.{v}"),
        key="rep_view",
        required=True,
    )
    {
        "indicators": _indicators,
        "by_partner": _by_partner,
        "results": _results,
        "sources": _sources,
    }[shown or PREVIEWS[0]](w)


def _indicators(w: ReportWords) -> None:
    frame = _frame(
        tables.header(w, tables.INDICATOR_KEYS), tables.indicator_rows(w, w.data.indicators)
    )
    ui.table_with_download(frame, "report indicators", "rep-ind")


def _by_partner(w: ReportWords) -> None:
    data = w.data
    rows = [
        [w.partner(v.scope), *row]
        for v, row in zip(data.by_partner, tables.indicator_rows(w, data.by_partner), strict=True)
    ]
    frame = _frame([say("col.partner"), *tables.header(w, tables.INDICATOR_KEYS)], rows)
    ui.table_with_download(frame, "report by partner", "rep-partner")


def _results(w: ReportWords) -> None:
    if not w.data.activities:
        st.info(say("note.no_activity"), icon=":material/info:")
        return
    frame = _frame(tables.header(w, tables.ACTIVITY_KEYS), tables.activity_rows(w))
    ui.table_with_download(frame, "table of achieved results", "rep-results")


def _sources(w: ReportWords) -> None:
    data = w.data
    st.caption(say("note.annex", position=data.ledger_position, built=data.built_at))
    frame = _frame(tables.header(w, tables.SUBMISSION_KEYS), tables.submission_rows(w))
    ui.table_with_download(frame, "report data sources", "rep-sources")


def _finding(f: Finding) -> str:
    """A finding in the reader's language; the titles and means of verification written in
    the project's configuration shown as their own characters."""
    params = {k: plain.literal(v) if isinstance(v, str) else v for k, v in f.params.items()}
    return text(f.key, lang, **params)


def _preflight(period: str) -> None:
    """What blocks this period's report in the work plan, each with what to do."""
    if not viewer.can("see_workplan"):
        return
    found = preflight(ctx.data_dir, project, viewer, period, ctx.as_of)
    st.subheader(text("workplan.preflight.title", lang))
    st.caption(text("workplan.preflight.page_help", lang, period=words.period(period)))
    if not viewer.reaches_all("see_workplan"):
        st.caption(text("workplan.preflight.own_part", lang))
    if not found.blocking and not found.warnings:
        st.success(
            text("workplan.preflight.clear", lang, period=words.period(period)),
            icon=":material/check_circle:",
        )
    if found.blocking:
        st.markdown(f"**{text('workplan.preflight.blocking', lang)}**")
        for f in found.blocking:
            st.warning(_finding(f), icon=":material/block:")
    if found.warnings:
        st.markdown(f"**{text('workplan.preflight.warnings', lang)}**")
        for f in found.warnings:
            st.info(_finding(f), icon=":material/info:")
    st.page_link(
        "pages/workplan.py",
        label=text("workplan.home.open_page", lang),
        icon=":material/assignment:",
    )


def _narratives(period: str, scope_partners: list[str]) -> None:
    """The coordinator writes the sections; partners draft their contribution paragraphs."""
    may_write = viewer.can("write_narrative")
    drafters = [p for p in scope_partners if viewer.can("draft_contribution", p)]
    if not may_write and not drafters:
        return
    st.subheader(say("page.narratives"))
    st.caption(say("page.narratives_help"))
    wps = ["", *(wp.code for wp in project.work_packages)]
    wp = st.selectbox(
        say("page.work_package"),
        wps,
        format_func=lambda c: say("page.whole_period") if not c else words.work_package(c),
        key="rep_nar_wp",
    )
    saved = {n.slot: n for n in notes.current(ctx.data_dir, period)}
    slots = [(s, "") for s in notes.SECTIONS] if may_write else []
    if drafters:
        partner = drafters[0]
        if len(drafters) > 1:
            partner = st.selectbox(
                say("col.partner"), drafters, format_func=words.partner, key="rep_nar_partner"
            )
        slots.append((notes.CONTRIBUTION, partner))
    for section, partner in slots:
        current = saved.get((period, wp, section, partner))
        label = (
            say("page.contribution_of", partner=words.partner(partner))
            if partner
            else say(f"narrative.{section}")
        )
        key = f"rep-nar-{period}-{wp}-{section}-{partner}"
        body = st.text_area(label, value=current.text if current else "", key=key, height=140)
        if current:
            when = words.date(current.at[:10])
            st.caption(say("page.last_saved", who=plain.literal(current.who), when=when))
        if st.button(say("page.save"), key=f"{key}-save", icon=":material/save:"):
            try:
                if partner:
                    notes.save_contribution(
                        ctx.data_dir, project, viewer, period, wp, partner, body
                    )
                else:
                    notes.save_section(ctx.data_dir, project, viewer, period, wp, section, body)
            except LeslieError as exc:
                st.error(plain.message(exc, lang), icon=":material/error:")
            else:
                st.success(say("page.saved"), icon=":material/check_circle:")


ui.page_header(ctx, say("page.title"), say("page.subtitle"))

scopes = available_scopes(project, viewer)
if not scopes:
    st.info(say("page.no_reports"), icon=":material/lock:")
    st.stop()
chosen_filters = ctx.filters
if not chosen_filters.period and not (chosen_filters.date_from and chosen_filters.date_to):
    st.info(say("page.choose_period"), icon=":material/date_range:")
    st.stop()

# ---------------------------------------------------------------------------- choices
scope_keys = [s.code or "" for s in scopes]
wanted = chosen_filters.partner or chosen_filters.country or ""
left, right = st.columns([3, 1])
scope_key = left.selectbox(
    say("page.scope"),
    scope_keys,
    index=scope_keys.index(wanted) if wanted in scope_keys else 0,
    format_func=lambda k: _scope_label(scopes[scope_keys.index(k)]),
    key="rep_scope",
)
report_lang = right.selectbox(
    say("page.language"),
    LANGUAGES,
    index=LANGUAGES.index(SOURCE),
    format_func=LANGUAGE_NAMES.get,
    key="rep_lang",
)
chosen = scopes[scope_keys.index(scope_key)]
filters = Filters(
    partner=chosen.code if chosen.kind == "partner" else None,
    country=chosen.code if chosen.kind == "country" else None,
    period=chosen_filters.period,
    date_from=None if chosen_filters.period else chosen_filters.date_from,
    date_to=None if chosen_filters.period else chosen_filters.date_to,
    basis=chosen_filters.basis,
)

with st.spinner():
    data = cached_report(
        str(ctx.data_dir.root),
        identity(ctx.data_dir.warehouse),
        settings_of(ctx.data_dir),
        identity(notes.path_of(ctx.data_dir)),
        Viewer(viewer.role, viewer.username, viewer.partner, viewer.country),
        filters,
        ctx.as_of,
        work_plan_stamp(ctx.data_dir),
    )
w = ReportWords(data, lang)

# ---------------------------------------------------------------------------- preview
st.subheader(f"{w.period()} · {w.scope()}")
st.caption(say_n("page.caption", len(data.submissions), date=w.judged_on()))
if data.basis == "with_pending":
    st.warning(say("page.pending_warning"), icon=":material/pending:")

st.markdown(f"**{say('page.download')}**")
_download_buttons(data, report_lang, "rep-live")
if data.period:
    _preflight(data.period["id"])
_preview(w)
if data.period:
    _narratives(data.period["id"], data.partners)

# ---------------------------------------------------------------------------- freeze
if viewer.can("freeze_report") and data.period:
    st.subheader(say("page.freeze_title"))
    st.caption(say("page.freeze_help"))
    sure = st.checkbox(
        say("page.freeze_sure", period=data.period["id"], scope=_scope_label(chosen)),
        key="rep_freeze_sure",
    )
    if st.button(say("page.freeze"), key="rep_freeze", disabled=not sure, icon=":material/lock:"):
        with st.spinner():
            made = freeze(ctx.data_dir, project, viewer, filters)
        st.success(say("page.frozen_as", id=made.frozen_id), icon=":material/lock:")

# ---------------------------------------------------------------------- restatements
st.subheader(say("page.changes_title"))
card, changes = restated_since_frozen(ctx.data_dir, project, viewer, data)
if card is None:
    st.caption(say("page.no_frozen_yet"))
elif not changes:
    st.success(
        say("page.equal_frozen", id=card.frozen_id, date=words.date(card.frozen_at[:10])),
        icon=":material/check_circle:",
    )
else:
    st.warning(
        say_n(
            "page.differ_frozen",
            len(changes),
            id=card.frozen_id,
            date=words.date(card.frozen_at[:10]),
        ),
        icon=":material/change_history:",
    )
    table = pd.DataFrame(
        [
            {
                say("page.scope"): w.scope()
                if c.breakdown == "all"
                else w.scope_name(c.breakdown, c.scope),
                say("col.code"): c.code,
                say("col.indicator"): c.name,
                say("col.frozen"): words.number(c.frozen, c.unit),
                say("col.current"): words.number(c.current, c.unit),
                say("col.change"): words.number(c.change, c.unit),
            }
            for c in changes
        ]
    )
    ui.table_with_download(table, "restatements", "rep-restated")

# ------------------------------------------------------------------------ frozen list
st.subheader(say("page.frozen_title"))
frozen = list_frozen(ctx.data_dir, project, viewer)
if not frozen:
    st.caption(say("page.no_frozen"))
else:
    listing = pd.DataFrame(
        [
            {
                say("col.frozen_id"): c.frozen_id,
                say("cover.period"): c.period,
                say("page.scope"): _scope_label(c.scope),
                say("cover.basis"): say(f"basis.{c.basis}"),
                say("col.frozen"): words.date(c.frozen_at[:10]),
            }
            for c in frozen
        ]
    )
    shown_tables.show(listing, hide_index=True)
    pick = st.selectbox(
        say("page.download_frozen"), [c.frozen_id for c in frozen], key="rep_frozen"
    )
    frozen_data = load_frozen(ctx.data_dir, project, viewer, pick)
    _download_buttons(frozen_data, report_lang, f"rep-frozen-{pick}")
