"""Charts for the Word and PDF reports, drawn offline with matplotlib's Agg canvas.

``Figure`` + ``FigureCanvasAgg`` never touch pyplot's global state, so charts can be drawn
from the dashboard's threads; DejaVu Sans (bundled with matplotlib) renders every script the
project uses. The Excel report draws the same data as native Excel charts instead.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from pipelines.reports.text import ReportWords, sdg_chart_codes

DPI = 120
PROGRESS_CAP = 1.5  # bars longer than 150 % of target are drawn at 150 % (the label says more)


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    out = io.BytesIO()
    # fast zlib level: the default spends most of a second compressing a chart
    fig.savefig(
        out, format="png", dpi=DPI, metadata={"Software": None}, pil_kwargs={"compress_level": 1}
    )
    return out.getvalue()


def progress_chart(w: ReportWords) -> bytes:
    """Progress towards each indicator's target in the period, coloured by status."""
    data = w.data
    rows = [v for v in data.indicators if v.target and not v.suppressed]
    fig = Figure(figsize=(7.5, 0.38 * max(len(rows), 3) + 1.2))
    ax = fig.add_subplot()
    labels = [f"{v.code} {w.indicator(v)}" for v in rows][::-1]
    shares = [min(v.progress or 0.0, PROGRESS_CAP) * 100 for v in rows][::-1]
    colours = [data.labels.status_colours.get(v.status or "", "#999999") for v in rows][::-1]
    ax.barh(labels, shares, color=colours)
    for y, v in enumerate(rows[::-1]):
        expected = (v.expected or 0) / v.target * 100 if v.target else 0
        ax.plot([min(expected, PROGRESS_CAP * 100)] * 2, [y - 0.4, y + 0.4], color="black", lw=1)
        text = f"{w.value(v)} / {w.value(v, 'target')}"
        ax.text(min(v.progress or 0, PROGRESS_CAP) * 100 + 1, y, text, va="center", fontsize=7)
    ax.axvline(100, color="#444444", lw=0.8, ls="--")
    ax.set_xlim(0, PROGRESS_CAP * 100 + 25)
    ax.set_xlabel(w.t("chart.progress_axis", date=w.judged_on()))
    ax.tick_params(axis="y", labelsize=8)
    ax.set_title(w.t("chart.progress"), fontsize=10)
    fig.subplots_adjust(left=0.36, right=0.97, top=0.93, bottom=0.12)
    return _png(fig)


def sdg_chart(w: ReportWords) -> bytes:
    """Contribution to each SDG: one small panel per indicator unit, bars in SDG colours."""
    data = w.data
    codes = sdg_chart_codes(data)
    goals = list(data.labels.sdgs)
    values = {(v.scope, v.code): v.actual or 0.0 for v in data.by_sdg}
    names = {v.code: w.indicator(v) for v in data.by_sdg}
    cols = min(3, max(len(codes), 1))
    rows = max(1, -(-len(codes) // cols))
    fig = Figure(figsize=(7.5, 2.3 * rows + 0.5))
    for n, code in enumerate(codes, 1):
        ax = fig.add_subplot(rows, cols, n)
        heights = [values.get((g, code), 0.0) for g in goals]
        ax.bar(
            goals,
            heights,
            color=[data.labels.sdg_colours.get(g, "#999999") for g in goals],
        )
        ax.set_title(f"{code} {names.get(code, '')}", fontsize=8)
        ax.set_xlabel(w.t("col.sdg"), fontsize=7)
        ax.tick_params(labelsize=7)
    fig.suptitle(w.t("chart.sdg"), fontsize=10)
    fig.subplots_adjust(left=0.08, right=0.98, top=0.86, bottom=0.12, hspace=0.6, wspace=0.35)
    return _png(fig)
