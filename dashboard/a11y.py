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
from pathlib import Path

import pandas as pd
import streamlit as st

from pipelines.words.catalogue import default_lang, normalise_lang, text

LANG_PARAM = "lang"
_LANG_STATE = "_a11y_lang"
# text colours (the page background is white, the sidebar's a light grey)
CAPTION = "#5C5B5A"  # Streamlit's captions are #828180: 3.9:1 on white, below 4.5:1
FOCUS = "#0072B2"  # Okabe-Ito blue: 5.2:1 on white, a 3 px ring around the focused element
PAGE_BACKGROUND = "#FFFFFF"
SIDEBAR_BACKGROUND = "#F0F2F6"
CHART_KEY = "leslie-chart-"  # containers holding a chart and its summary: st-key-leslie-chart-*
HIDDEN_BOX = "leslie-a11y"  # the container of the script
FOOTER_BOX = "leslie-footer"  # the statement's link, drawn first but shown last (STYLE)
STATEMENT_FILE = Path(__file__).resolve().parent / "pages" / "accessibility.py"

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
.st-key-{HIDDEN_BOX}, [data-testid="stLayoutWrapper"]:has(> .st-key-{HIDDEN_BOX}) {{
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
    from dashboard import session
    from dashboard.language import current_lang

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


def chart_summary(name: str, table: pd.DataFrame, lang: str, fig=None) -> str:
    """What a chart shows and its key figure (the largest value of its first measure, with
    the row it belongs to), for charts whose page gives no summary of its own. A table of
    figures already put into words gives none: the chart's own first trace does."""
    if fig is not None and not _numeric_columns(table):
        table = _trace_table(fig)
    table = table.reset_index(drop=True)
    numbers = [
        c
        for c in table.columns
        if pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])
    ]
    values = pd.to_numeric(table[numbers[0]], errors="coerce").dropna() if numbers else None
    if values is None or values.empty:
        return text("a11y.chart.summary_plain", lang, name=name)
    row = table.iloc[int(values.idxmax())]
    labels = [_label(row[c]) for c in table.columns if c not in numbers and _is_label(row[c])]
    value = float(values.max())
    return text(
        "a11y.chart.summary",
        lang,
        name=name,
        measure=str(numbers[0]).replace("_", " "),
        value=int(value) if value.is_integer() else round(value, 1),
        label=", ".join(labels[:2]) or "–",
    )


def _numeric_columns(table: pd.DataFrame) -> list:
    return [
        c
        for c in table.columns
        if pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])
    ]


def _trace_table(fig) -> pd.DataFrame:
    """The first trace of a plotly figure as a table: its category and its value."""
    for trace in fig.data:
        x, y = getattr(trace, "x", None), getattr(trace, "y", None)
        if x is None or y is None:
            continue
        horizontal = getattr(trace, "orientation", None) == "h"
        labels, values = (y, x) if horizontal else (x, y)
        measure = getattr(trace, "name", None) or ""
        return pd.DataFrame({"label": list(labels), measure or "value": list(values)})
    return pd.DataFrame()


def _is_label(value: object) -> bool:
    """A single readable value (not a list of audiences, not missing)."""
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, (dt.date, int, float)) and not pd.isna(value)


def _label(value: object) -> str:
    """A day without its midnight, a code without underscores ('general_public')."""
    if isinstance(value, pd.Timestamp) and value == value.normalize():
        return value.date().isoformat()
    return str(value).replace("_", " ")
