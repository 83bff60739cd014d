"""Drawing helpers shared by the pages: figures with their numbers, status badges, messages.

Every chart is followed by its numbers as a table and a CSV download (cells that could start
a spreadsheet formula are neutralised by ``pipelines.words.cells``). Status is always colour AND
icon AND text, so it reads without colour.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.widgets import a11y, account_box, plain, shown_tables
from dashboard.widgets.filters import sidebar
from dashboard.wiring import freshness_gate, run_context, session, signin
from dashboard.wiring.language import current_words
from dashboard.wiring.run_context import Context
from pipelines.config import Project, today
from pipelines.errors import AccessDenied, LeslieError, WarehouseMissing
from pipelines.metrics.indicators import IndicatorValue, number
from pipelines.metrics.queries import effective_basis
from pipelines.paths import DataDir
from pipelines.rounding import as_percent
from pipelines.store import format as data_format
from pipelines.words.cells import safe_csv_bytes
from pipelines.words.present import Words

# What a closed section holds (the numbers behind a chart, a second view of a table, the
# technical details) is drawn when the reader opens it: a closed table costs the browser as
# much to start as an open one. (Tests that read every table of a page at once, without a
# browser to open them, draw them all.)
DRAWN_WHEN_OPENED = True
PLOTLY_CONFIG = {
    "displaylogo": False,
    "topojsonURL": "app/static/topojson/",
    "modeBarButtonsToRemove": ["sendDataToCloud", "lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


# ------------------------------------------------------------------------------ numbers


def fmt(value: float | None, unit: str = "", words: Words | None = None) -> str:
    """A figure as people write it (``Words.number``): counts whole, thousands separated."""
    return (words or Words("en")).number(value, unit)


def pct(share: float | None, words: Words | None = None) -> str:
    return (words or Words("en")).percent(share)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ------------------------------------------------------------------------------- status


def status_text(project: Project, status: str | None, words: Words | None = None) -> str:
    return (words or Words("en", project)).status(status)


def status_badge(project: Project, status: str | None, words: Words | None = None) -> str:
    """An HTML badge: the status colour behind dark text, with icon and label."""
    colour = project.status.colours.get(status or "", "#FFFFFF") if status else "#FFFFFF"
    border = "#999999" if not status else colour
    return (
        f'<span class="leslie-status" data-status="{html.escape(status or "none")}" '
        f'style="background:{colour};border:1px solid {border};color:#000;'
        f'padding:1px 8px;border-radius:10px;font-size:0.85rem;white-space:nowrap">'
        f"{html.escape(status_text(project, status, words))}</span>"
    )


def status_legend(project: Project, words: Words | None = None) -> None:
    words = words or Words("en", project)
    badges = " ".join(status_badge(project, s, words) for s in project.status.labels)
    st.markdown(
        f"{html.escape(words.t('dashboard.status.legend'))} {badges}", unsafe_allow_html=True
    )


def indicator_link(ctx: Context, code: str, key: str) -> None:
    """A link to the indicator's own page, keeping the filters and language of this one."""
    params = {k: st.query_params.get(k) for k in st.query_params if k != "code"}
    st.page_link(
        "pages/indicator.py",
        label=ctx.words.t("dashboard.card.details"),
        icon=":material/query_stats:",
        query_params={**params, "code": code},
    )


def indicator_card(
    ctx: Context, value: IndicatorValue, whose: str = "", key: str = "", link: bool = True
) -> None:
    """Actual, target, a progress bar in the status colour, the status in words, whose
    figure it is, and a link to the rows behind it."""
    project, words = ctx.project, ctx.words
    with st.container(border=True, key=f"card-{key or value.code}"):
        st.metric(
            f"{value.code} · {words.indicator(value.code)}",
            words.t("dashboard.card.suppressed")
            if value.suppressed
            else words.number(value.actual, value.unit),
            help=_card_help(value, words),
        )
        share = value.progress
        width = 0 if share is None else max(0.0, min(share, 1.0)) * 100
        colour = project.status.colours.get(value.status or "", "#BBBBBB")
        if value.target is None:
            target = words.t("dashboard.card.no_target")
        else:
            target = words.t(
                "dashboard.card.target",
                target=words.value_with_unit(value.target, value.unit),
                share=words.percent(share),
            )
        if value.expected is not None:
            target += " · " + words.t(
                "dashboard.card.expected", expected=words.number(value.expected, value.unit)
            )
        label = words.t("dashboard.card.bar", share=words.percent(share))
        st.markdown(
            f'<div class="leslie-bar" role="img" aria-label="{html.escape(label)}" '
            f'style="background:#EEEEEE;border-radius:4px;height:10px;margin:2px 0 8px 0">'
            f'<div style="width:{width:.1f}%;background:{colour};height:10px;border-radius:4px">'
            f"</div></div>"
            f"<div>{status_badge(project, value.status, words)}</div>"
            f'<div style="font-size:0.85rem;margin-top:4px">{html.escape(target)}</div>'
            + (
                f'<div style="font-size:0.8rem;color:#555">{html.escape(whose)}</div>'
                if whose
                else ""
            ),
            unsafe_allow_html=True,
        )
        if link:
            indicator_link(ctx, value.code, key or value.code)


def _card_help(value: IndicatorValue, words: Words) -> str:
    out = words.t("dashboard.card.help_wp", wp=words.work_package(value.work_package))
    if value.expected is not None:
        out += " " + words.t(
            "dashboard.card.help_expected", expected=words.number(value.expected, value.unit)
        )
    return out


def indicator_table(
    project: Project, values: list[IndicatorValue], words: Words | None = None
) -> pd.DataFrame:
    """The indicators as a table for people: names, units and status in words. Without
    ``words``: the coded table the Reports page still reads (its owner moves it)."""
    if words is None:
        return _coded_table(project, values)
    col = lambda k: words.t(f"dashboard.col.{k}")  # noqa: E731
    return pd.DataFrame(
        [
            {
                col("code"): v.code,
                col("indicator"): words.indicator(v.code),
                col("scope"): scope_name(words, v.scope),
                col("actual"): words.number(v.actual, v.unit),
                col("unit"): words.unit(v.unit),
                col("target"): words.number(v.target, v.unit),
                col("expected"): words.number(v.expected, v.unit),
                col("progress"): words.percent(v.progress),
                col("status"): words.status(v.status),
            }
            for v in values
        ]
    )


def _coded_table(project: Project, values: list[IndicatorValue]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "code": v.code,
                "indicator": v.name,
                "scope": v.scope,
                "actual": number(v.actual),
                "unit": v.unit,
                "target": number(v.target),
                "expected_to_date": number(v.expected),
                "progress_pct": as_percent(v.progress),
                "status": status_text(project, v.status),
            }
            for v in values
        ]
    )


def scope_name(words: Words, scope: str) -> str:
    """'all' -> 'Consortium', a partner code -> 'KazNU (KAZNU)', an ISO2 -> country name."""
    if scope == "all":
        return words.t("dashboard.whose.consortium_short")
    project = words.project
    if project and scope in project.partner_codes:
        return words.partner(scope, with_code=True)
    if project and scope in {c.iso2 for c in project.countries}:
        return words.country(scope)
    if scope.isdigit():
        return words.sdg(int(scope))
    return scope


# ---------------------------------------------------------------------- charts & tables


def _words() -> Words:
    """The words of this run, for helpers called without a context."""
    return current_words()


def chart(
    fig: go.Figure,
    table: pd.DataFrame,
    name: str,
    key: str,
    column_config: dict | None = None,
    summary: str | None = None,
    words: Words | None = None,
) -> None:
    """A chart named by a short summary in words (its accessible name: what it shows and
    the key figure), then the numbers behind it as a table with a CSV download, drawn when
    the reader opens them (``section_when_opened``)."""
    words = words or _words()
    figure(fig, name, key, summary, words)
    label = words.t("dashboard.chart.numbers", name=name)
    if (box := section_when_opened(label, f"numbers-{key}")) is not None:
        with box:
            table_with_download(table, name, key, column_config=column_config, words=words)


def section_when_opened(label: str, key: str, icon: str | None = None):
    """A closed section (an expander) whose content the page draws only once the reader has
    opened it (``DRAWN_WHEN_OPENED``): the section to draw into, or None while closed.
    Opening it costs one run of the page."""
    box = st.expander(label, key=key, on_change="rerun", icon=icon)
    return box if box.open or not DRAWN_WHEN_OPENED else None


def figure(
    fig: go.Figure,
    name: str,
    key: str,
    summary: str | None = None,
    words: Words | None = None,
) -> None:
    """The chart and its summary only, for a page that shows the numbers elsewhere (each
    table sent once). The summary names what the figure plots (``a11y.chart_summary``)."""
    words = words or _words()
    with st.container(key=f"{a11y.CHART_KEY}{key}"):
        st.text(summary or a11y.chart_summary(name, fig, words.lang))
        st.plotly_chart(fig, key=f"chart-{key}", config=PLOTLY_CONFIG, width="stretch")


def table_with_download(
    table: pd.DataFrame,
    name: str,
    key: str,
    column_config: dict | None = None,
    height: int | str = "auto",
    words: Words | None = None,
) -> None:
    """A table as people read it (numbers already in words), and its CSV download
    (formula-safe cells)."""
    words = words or _words()
    shown_tables.show(table, hide_index=True, column_config=column_config, height=height)
    file_name = f"leslie-{slug(name)}.csv"
    st.download_button(
        words.t("dashboard.download_csv"),
        data=csv_later(table, session.download_logger("export", file_name, rows=len(table))),
        file_name=file_name,
        mime="text/csv",
        key=f"csv-{key}",
        icon=":material/download:",
        on_click="ignore",  # the file is logged as it is built; the page stays as it is
    )


def csv_later(
    table: pd.DataFrame | Callable[[], pd.DataFrame], then: Callable[[], None] | None = None
) -> Callable[[], bytes]:
    """The table's CSV (formula-safe cells), built when the download is clicked: a run
    draws many download buttons and most are never pressed. A table only the file needs
    can be passed as the function that makes it; ``then`` runs once the file is built
    (the audit entry)."""

    def build() -> bytes:
        data = safe_csv_bytes(table() if callable(table) else table)
        if then is not None:
            then()
        return data

    return build


# ----------------------------------------------------------------------------- messages


def empty(what: str, ctx: Context | None = None) -> None:
    """Explain an empty view instead of drawing an empty chart."""
    words = ctx.words if ctx else _words()
    if ctx:
        text = words.t("dashboard.empty.scoped", what=what, scope=describe(ctx))
    else:
        text = words.t("dashboard.empty.plain", what=what)
    st.info(text, icon=":material/info:")


def describe(ctx: Context) -> str:
    """The current filter in words: whose figures, when, which SDG, which work package."""
    f, w = ctx.filters, ctx.words
    parts = []
    if f.partner:
        parts.append(w.partner(f.partner, with_code=True))
    elif f.country:
        parts.append(w.country(f.country))
    else:
        parts.append(w.t("dashboard.whose.consortium_short"))
    if f.period:
        parts.append(w.period(f.period))
    elif f.date_from or f.date_to:
        lo = w.date(f.date_from) if f.date_from else w.date(ctx.project.start)
        hi = w.date(f.date_to) if f.date_to else w.date(ctx.as_of)
        parts.append(w.t("dashboard.filter.range", lo=lo, hi=hi))
    else:
        parts.append(w.period(None))
    if f.sdg is not None:
        parts.append(w.sdg(f.sdg))
    if f.work_package:
        parts.append(w.work_package(f.work_package))
    return ", ".join(parts)


def page_header(ctx: Context, title: str, intro: str = "") -> None:
    w = ctx.words
    st.title(title)
    basis = effective_basis(ctx.project, ctx.viewer, ctx.filters)
    which = w.t(
        "dashboard.basis.pending" if basis == "with_pending" else "dashboard.basis.official"
    )
    line = w.t("dashboard.header.line", scope=describe(ctx), basis=which, day=w.date(ctx.as_of))
    st.caption(line + (f" · {intro}" if intro else ""))
    if basis == "with_pending":
        st.warning(w.t("dashboard.basis.provisional"), icon=":material/pending:")
    elif ctx.filters.basis == "with_pending":
        st.caption(w.t("dashboard.basis.own_only"))


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn the library's errors into messages; a user never sees a traceback."""
    try:
        yield
    except WarehouseMissing:
        st.info(_words().t("dashboard.error.no_data"), icon=":material/hourglass_empty:")
    except AccessDenied as exc:
        words = _words()
        st.error(
            words.t("dashboard.error.denied", reason=plain.message(exc, words.lang)),
            icon=":material/lock:",
        )
    except LeslieError as exc:  # its values (a file, a cell, a link's value) as typed, as text
        st.error(plain.message(exc, _words().lang), icon=":material/error:")


def page_context() -> Context | None:
    """Who is looking and the sidebar filters (drawn here); None when nobody is signed in."""
    viewer = session.current_viewer()
    if viewer is None:
        return None
    directory = run_context.data_dir()
    data_format.ensure_current(directory)  # an older directory: "run upgrade", in words
    project = run_context.project_of(directory)
    viewer.validate(project)
    words = current_words(viewer)
    freshness_gate.gate(directory, project, words)  # rebuilt now, or said to be out of date
    as_of = today()
    st.sidebar.markdown(
        "**"
        + words.t("dashboard.product", acronym=project.acronym)
        + f"**  \n{words._fact('project.programme', project.programme)}"
    )
    filters = sidebar(project, viewer, as_of, words)
    account_box.sidebar_box(project, viewer, words)  # below the filters: who, language, sign out
    return Context(directory, project, viewer, filters, as_of, words)


def require_context() -> Context:
    """For pages written as plain scripts: the context, or the sign-in form and stop."""
    ctx = page_context()
    if ctx is None:
        signin.view()
        st.stop()
    return ctx


def run_page(render: Callable[[Context], None]) -> None:
    """Resolve the context, then draw the page; library errors become messages.

    A page works on its own: it draws the sidebar itself and the filters live in the URL.
    """
    with friendly_errors():
        ctx = page_context()
        if ctx is None:
            signin.view()
            return
        render(ctx)


def open_to_everyone(title_key: str, action: str) -> tuple[DataDir, Project, Words] | None:
    """The entry of a page anyone may open (the public figures, the public catalogue): the
    sign-in form without a session, the title, a notice where the permission table says no,
    and the figures rebuilt (or said to be out of date) under the one freshness rule."""
    viewer = session.current_viewer()
    if viewer is None:
        signin.view()
        return None
    directory = run_context.data_dir()
    project = run_context.project_of(directory)
    w = current_words(viewer)
    st.title(w.t(title_key, project=project.acronym))
    if not viewer.can(action):
        st.info(w.t("context.public.not_available"), icon=":material/lock:")
        return None
    freshness_gate.gate(directory, project, w)  # rebuilt now, or said to be out of date
    return directory, project, w
