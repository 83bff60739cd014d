"""Accessibility fixes drawn once per run: the document's language, readable captions, a
visible keyboard focus, group headings of the menu, and charts named by their summaries.

Streamlit's own markup is kept; what it lacks is added with one style sheet and one small
script (``st.html``, which runs in the page itself: an iframe component would need a title
and could not reach the document reliably). The colours here are checked against WCAG 2.1 AA
by ``tests/test_a11y_contrast.py`` and in the browser by ``tests/e2e/test_accessibility.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from pipelines.words.catalogue import default_lang, normalise_lang, text
from pipelines.words.locale_format import format_number

LANG_PARAM = "lang"
_LANG_STATE = "_a11y_lang"
# text colours (the page background is white, the sidebar's a light grey)
CAPTION = "#5C5B5A"  # Streamlit's captions are #828180: 3.9:1 on white, below 4.5:1
FOCUS = "#0072B2"  # Okabe-Ito blue: 5.2:1 on white, a 3 px ring around the focused element
PAGE_BACKGROUND = "#FFFFFF"
SIDEBAR_BACKGROUND = "#F0F2F6"
CHART_KEY = "leslie-chart-"  # containers holding a chart and its summary: st-key-leslie-chart-*
HIDDEN_BOX = "leslie-a11y"  # the container of the script
WARM_BOX = "leslie-warm-up"  # an empty chart and table on the sign-in page (widgets/warm_up.py)
MIDNIGHT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]00:00:00(\.0+)?$")  # a day written as a time
FOOTER_BOX = "leslie-footer"  # the statement's link, drawn first but shown last (STYLE)
STATEMENT_FILE = Path(__file__).resolve().parents[1] / "pages" / "accessibility.py"

STYLE = f"""
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] [data-testid="stCaptionContainer"] {{ color: {CAPTION}; opacity: 1; }}
:focus-visible, [data-testid="stSidebarNavLink"]:focus-visible,
button:focus-visible, a:focus-visible, [role="tab"]:focus-visible {{
  outline: 3px solid {FOCUS} !important; outline-offset: 2px !important;
}}
input:focus-visible, textarea:focus-visible, [data-baseweb="select"] input:focus {{
  outline: 3px solid {FOCUS} !important; outline-offset: 1px !important;
}}
.st-key-{HIDDEN_BOX}, [data-testid="stLayoutWrapper"]:has(> .st-key-{HIDDEN_BOX}),
.st-key-{WARM_BOX}, [data-testid="stLayoutWrapper"]:has(> .st-key-{WARM_BOX}) {{
  display: none;
}}
.st-key-{FOOTER_BOX}, [data-testid="stLayoutWrapper"]:has(> .st-key-{FOOTER_BOX}) {{
  order: 9999; margin-top: 1rem;
}}
.st-key-{FOOTER_BOX} a * {{ white-space: normal !important; text-overflow: clip !important; }}
"""

# Names each chart after its summary (role=figure, aria-labelledby) as charts are drawn.
SCRIPT = """
(() => {
  const doc = document;
  doc.documentElement.lang = %(lang)s;
  if (window.__leslieA11y) { return; }
  window.__leslieA11y = true;
  const name = () => {
    doc.querySelectorAll('[class*="st-key-%(chart)s"]').forEach((box, i) => {
      const summary = box.querySelector('[data-testid="stText"]');
      const plot = box.querySelector('.js-plotly-plot');
      if (!summary || !plot) { return; }
      if (!summary.id) { summary.id = 'leslie-chart-summary-' + i + '-' + Date.now(); }
      plot.setAttribute('role', 'figure');
      plot.setAttribute('aria-labelledby', summary.id);
    });
  };
  new MutationObserver(name).observe(doc.body, {childList: true, subtree: true});
  name();
})();
"""


def page_language() -> str:
    """The reader's language, as the dashboard chose it (URL, picker, account, browser)."""
    from dashboard.wiring import session
    from dashboard.wiring.language import current_lang

    return current_lang(session.current_viewer())


def set_document_language(lang: str) -> None:
    """``<html lang=..>`` follows the page's language, so screen readers pronounce it right;
    the same small script names charts after their summaries."""
    code = normalise_lang(lang) or default_lang()
    script = SCRIPT % {"lang": json.dumps(code), "chart": CHART_KEY}
    st.html(f"<style>{STYLE}</style>")
    with st.container(key=HIDDEN_BOX):  # takes no room on the page (see STYLE)
        st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


def menu_group_style(first_items: dict[int, str]) -> None:
    """Group headings of the flat menu: the heading's text before the first link of each
    group (``first_items``: 1-based position in the menu -> group name). A sectioned
    ``st.navigation`` puts list items outside their list, which screen readers announce
    as a broken list; a flat list with drawn headings is valid markup."""
    rules = [
        f'[data-testid="stSidebarNavItems"] > li:nth-child({position})::before'
        f"{{content:{_css_string(name)};display:block;font-weight:600;font-size:0.85rem;"
        f"color:{CAPTION};padding:0.75rem 0.5rem 0.25rem 0.5rem;}}"
        for position, name in sorted(first_items.items())
    ]
    if rules:
        st.html(f"<style>{''.join(rules)}</style>")


def _css_string(text: str) -> str:
    """A CSS string literal that cannot end the rule, whatever the text holds."""
    escaped = "".join(ch if ch.isalnum() or ch in " -.,·" else f"\\{ord(ch):06x}" for ch in text)
    return f'"{escaped}"'


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two '#RRGGBB' colours (1 to 21)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def statement_page() -> st.Page:
    """The accessibility statement: out of the menu, linked from the sidebar's foot."""
    return st.Page(
        str(STATEMENT_FILE),
        title=text("a11y.statement.title", page_language()),
        icon=":material/accessibility_new:",
        url_path="accessibility",
        visibility="hidden",
    )


def sidebar_footer(statement: st.Page) -> None:
    """The link to the statement, kept at the foot of the sidebar on every page."""
    with st.sidebar.container(key=FOOTER_BOX):
        st.page_link(statement, label=text("a11y.statement.title", page_language()))


def chart_summary(name: str, fig, lang: str) -> str:
    """What a chart shows: its name, then each measure it plots (in the words its traces
    carry: an indicator, a series, an axis) with its highest and lowest value and where each
    is. A chart with nothing plotted says only where its numbers are."""
    measures = plotted(fig)
    if not measures:
        return text("a11y.chart.summary_plain", lang, name=name)
    parts = []
    for measure, points in measures:
        high = max(points, key=lambda p: p[1])
        low = min(points, key=lambda p: p[1])
        parts.append(
            text(
                "charts.summary.measure",
                lang,
                measure=measure,
                highest=format_number(high[1], lang),
                highest_label=high[0] or "–",
                lowest=format_number(low[1], lang),
                lowest_label=low[0] or "–",
            )
        )
    return text("charts.summary", lang, name=name, measures="; ".join(parts))


def plotted(fig) -> list[tuple[str, list[tuple[str, float]]]]:
    """The measures a plotly figure plots, in trace order, each with its (label, value)
    points: the value axis of a bar, line or funnel; otherwise (a map's markers, a timeline
    whose markers are sized by a value) the first column of the trace's ``customdata``.

    A trace's measure is its ``meta`` when that is text (the trace's name then says which
    part it is: a region, a type), else its name, else the title of its value axis. Traces
    that plot no measure are left out: legend samples (``hoverinfo`` skip) and map areas
    filled without a colour scale."""
    measures: dict[str, list[tuple[str, float]]] = {}
    for trace in fig.data:
        points = _points(trace)
        if not points:
            continue
        meta = trace.meta if isinstance(trace.meta, str) else None
        measure = meta or trace.name or _axis_title(fig, trace) or ""
        if meta and trace.name:
            points = [
                (", ".join(x for x in (str(trace.name), label) if x), v) for label, v in points
            ]
        measures.setdefault(measure, []).extend(points)
    return list(measures.items())


def _points(trace) -> list[tuple[str, float]]:
    if trace.hoverinfo == "skip":
        return []
    kind = trace.type
    if kind == "choropleth":
        if not trace.showscale:
            return []
        labels, values = trace.text if trace.text is not None else trace.locations, trace.z
    elif kind in ("scattergeo", "scattermap"):
        labels, values = trace.text, _first_column(trace.customdata)
    else:
        x, y = getattr(trace, "x", None), getattr(trace, "y", None)
        horizontal = trace.orientation == "h" or (kind == "funnel" and trace.orientation is None)
        labels, values = (y, x) if horizontal else (x, y)
        if values is None or not any(_number(v) is not None for v in values):
            labels, values = trace.text, _first_column(trace.customdata)
    if values is None:
        return []
    labels = list(labels) if labels is not None and not isinstance(labels, str) else []
    points = []
    for i, value in enumerate(values):
        number = _number(value)
        if number is not None:
            points.append((_label(labels[i]) if i < len(labels) else "", number))
    return points


def _first_column(data) -> list | None:
    if data is None:
        return None
    rows = [
        row[0] if isinstance(row, (list, tuple)) or getattr(row, "ndim", 0) else row for row in data
    ]
    return rows


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _axis_title(fig, trace) -> str | None:
    horizontal = trace.orientation == "h"
    axis = (trace.xaxis if horizontal else trace.yaxis) or ("x" if horizontal else "y")
    layout_axis = fig.layout[axis.replace("x", "xaxis").replace("y", "yaxis")]
    title = layout_axis.title.text if layout_axis is not None else None
    return title or None


def _label(value: object) -> str:
    """A day without its midnight, a code without underscores ('general_public'), a map's
    hover text without its second line."""
    if isinstance(value, str) and MIDNIGHT.match(value):
        return value[:10]
    if isinstance(value, (pd.Timestamp, dt.datetime, np.datetime64)):
        day = pd.Timestamp(value)
        return day.date().isoformat() if day == day.normalize() else str(day)
    return str(value).split("<br>")[0].replace("_", " ")
