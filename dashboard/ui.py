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

from dashboard import a11y, account, context, session, signin
from dashboard.context import Context
from dashboard.filters import sidebar
from pipelines.config import Project, today
from pipelines.errors import AccessDenied, LeslieError, WarehouseMissing
from pipelines.metrics.indicators import IndicatorValue, number
from pipelines.metrics.queries import effective_basis
from pipelines.words.cells import safe_csv_bytes

PLOTLY_CONFIG = {
    "displaylogo": False,
    "topojsonURL": "app/static/topojson/",
    "modeBarButtonsToRemove": ["sendDataToCloud", "lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


# ------------------------------------------------------------------------------ numbers


def fmt(value: float | None, unit: str = "") -> str:
    """Numbers as the CLI prints them, with thousands separators; '–' when there is none."""
    n = number(value)
    if n is None:
        return "–"
    text = f"{n:,}"
    return f"{text} %" if unit == "%" else text


def pct(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f} %"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ------------------------------------------------------------------------------- status


def status_text(project: Project, status: str | None) -> str:
    if not status:
        return "No target"
    return f"{project.status.icons.get(status, '')} {project.status.labels.get(status, status)}"


def status_badge(project: Project, status: str | None) -> str:
    """An HTML badge: the status colour behind dark text, with icon and label."""
    colour = project.status.colours.get(status or "", "#FFFFFF") if status else "#FFFFFF"
    border = "#999999" if not status else colour
    return (
        f'<span class="leslie-status" data-status="{html.escape(status or "none")}" '
        f'style="background:{colour};border:1px solid {border};color:#000;'
        f'padding:1px 8px;border-radius:10px;font-size:0.85rem;white-space:nowrap">'
        f"{html.escape(status_text(project, status))}</span>"
    )


def status_legend(project: Project) -> None:
    badges = " ".join(status_badge(project, s) for s in project.status.labels)
    st.markdown(f"Status: {badges}", unsafe_allow_html=True)


def indicator_card(project: Project, value: IndicatorValue, note: str = "") -> None:
    """Actual, target, a progress bar in the status colour, and the status in words."""
    with st.container(border=True):
        st.metric(
            f"{value.code} · {value.name}",
            "suppressed" if value.suppressed else fmt(value.actual, value.unit),
            help=_card_help(value),
        )
        share = value.progress
        width = 0 if share is None else max(0.0, min(share, 1.0)) * 100
        colour = project.status.colours.get(value.status or "", "#BBBBBB")
        unit = "" if value.unit == "%" else f" {value.unit}"
        if value.target is None:
            target = "no target for this view"
        else:
            target = f"target {fmt(value.target, value.unit)}{unit} · {pct(share)} reached"
        expected = "" if value.expected is None else f" · expected by now {fmt(value.expected)}"
        st.markdown(
            f'<div class="leslie-bar" role="img" aria-label="{pct(share)} of target" '
            f'style="background:#EEEEEE;border-radius:4px;height:10px;margin:2px 0 8px 0">'
            f'<div style="width:{width:.1f}%;background:{colour};height:10px;border-radius:4px">'
            f"</div></div>"
            f"<div>{status_badge(project, value.status)}</div>"
            f'<div style="font-size:0.85rem;margin-top:4px">{html.escape(target + expected)}</div>'
            + (
                f'<div style="font-size:0.8rem;color:#555">{html.escape(note)}</div>'
                if note
                else ""
            ),
            unsafe_allow_html=True,
        )


def _card_help(value: IndicatorValue) -> str:
    expected = "" if value.expected is None else f" Expected by now: {fmt(value.expected)}."
    return f"Work package {value.work_package}.{expected}"


def indicator_table(project: Project, values: list[IndicatorValue]) -> pd.DataFrame:
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
                "progress_pct": None if v.progress is None else round(v.progress * 100, 1),
                "status": status_text(project, v.status),
            }
            for v in values
        ]
    )


# ---------------------------------------------------------------------- charts & tables


def chart(
    fig: go.Figure,
    table: pd.DataFrame,
    name: str,
    key: str,
    column_config: dict | None = None,
    summary: str | None = None,
) -> None:
    """A chart named by a short summary in words (its accessible name: what it shows and
    the key figure), then the numbers behind it as a table with a CSV download."""
    with st.container(key=f"{a11y.CHART_KEY}{key}"):
        st.text(summary or a11y.chart_summary(name, table, a11y.page_language()))
        st.plotly_chart(fig, key=f"chart-{key}", config=PLOTLY_CONFIG, width="stretch")
    with st.expander(f"Numbers behind the chart: {name}"):
        table_with_download(table, name, key, column_config=column_config)


def table_with_download(
    table: pd.DataFrame,
    name: str,
    key: str,
    column_config: dict | None = None,
    height: int | str = "auto",
) -> None:
    st.dataframe(table, hide_index=True, column_config=column_config, height=height)
    file_name = f"leslie-{slug(name)}.csv"
    st.download_button(
        "Download CSV",
        data=safe_csv_bytes(table),
        file_name=file_name,
        mime="text/csv",
        key=f"csv-{key}",
        icon=":material/download:",
        on_click=session.record_download,
        args=("export", file_name),
        kwargs={"rows": len(table)},
    )


# ----------------------------------------------------------------------------- messages


def empty(what: str, ctx: Context | None = None) -> None:
    """Explain an empty view instead of drawing an empty chart."""
    scope = f" ({describe(ctx)})" if ctx else ""
    st.info(f"No data yet for {what}{scope}.", icon=":material/info:")


def describe(ctx: Context) -> str:
    """The current filter in words: who, when, which SDG, which basis."""
    f, project = ctx.filters, ctx.project
    parts = []
    if f.partner:
        parts.append(project.partner(f.partner).short_name)
    elif f.country:
        parts.append(project.country(f.country).name)
    else:
        parts.append("the consortium")
    if f.period:
        parts.append(project.period(f.period).name)
    elif f.date_from or f.date_to:
        lo = f.date_from.isoformat() if f.date_from else "start"
        hi = f.date_to.isoformat() if f.date_to else "today"
        parts.append(f"{lo} to {hi}")
    else:
        parts.append("whole project")
    if f.sdg is not None:
        parts.append(f"SDG {f.sdg}")
    if f.work_package:
        parts.append(f.work_package)
    return ", ".join(parts)


def page_header(ctx: Context, title: str, intro: str = "") -> None:
    st.title(title)
    basis = effective_basis(ctx.project, ctx.viewer, ctx.filters)
    words = "approved data and pending uploads" if basis == "with_pending" else "approved data"
    st.caption(
        f"{describe(ctx)} · {words} · as of {ctx.as_of:%d %B %Y}" + (f" · {intro}" if intro else "")
    )
    if basis == "with_pending":
        st.warning(
            "Including pending submissions: these figures are provisional and not yet approved.",
            icon=":material/pending:",
        )
    elif ctx.filters.basis == "with_pending":
        st.caption(
            "Pending uploads are included in your own figures only: choose your institution "
            "in the Partner filter to see them."
        )


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn the library's errors into messages; a user never sees a traceback."""
    try:
        yield
    except WarehouseMissing:
        st.info(
            "No data has been loaded yet. Once partners' files are ingested (or the sample "
            "installation is created with `python -m pipelines demo`), the figures appear here.",
            icon=":material/hourglass_empty:",
        )
    except AccessDenied as exc:
        st.error(f"Not available to your account: {exc}.", icon=":material/lock:")
    except LeslieError as exc:
        st.error(str(exc), icon=":material/error:")


def page_context() -> Context | None:
    """Who is looking and the sidebar filters (drawn here); None when nobody is signed in."""
    viewer = session.current_viewer()
    if viewer is None:
        return None
    directory = context.data_dir()
    project = context.project_of(directory)
    viewer.validate(project)
    as_of = today()
    st.sidebar.markdown(f"**{project.acronym} Impact**  \n{project.programme}")
    filters = sidebar(project, viewer, as_of)
    account.sidebar_box(project, viewer)  # below the filters: who is signed in, sign out
    return Context(directory, project, viewer, filters, as_of)


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
