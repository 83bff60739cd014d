"""Public impact: the consortium's results per SDG, country and whole reporting period, for
anyone when ``[access] public_view`` is on (and for every signed-in account, to see what the
public sees). Every figure passes the disclosure control of ``pipelines.publish``: small
counts and the cells that would give them back are withheld; no learner-level table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.widgets import shown_tables, ui
from dashboard.wiring.cached_queries import read
from pipelines.metrics.indicators import number
from pipelines.publish.disclosure import TOTAL
from pipelines.publish.figures import Figure, public_settings
from pipelines.words.present import Words


def shown(w: Words, f: Figure | None, unit: str) -> str:
    if f is None or f.value is None:
        return w.t("context.public.withheld")
    return w.number(f.value, unit)


def render() -> None:
    opened = ui.open_to_everyone("context.public.title", "see_public_page")
    if opened is None:
        return
    directory, project, w = opened
    st.caption(w.t("context.public.intro", minimum=project.access.public_min_count,
                   base=public_settings(project).min_base))  # fmt: skip
    figures: list[Figure] = read(directory, "public_figures")
    periods = [TOTAL, *(p.id for p in project.periods)]
    period = st.segmented_control(
        w.t("context.public.period"), periods, default=TOTAL, key="public_period",
        format_func=w.period,
    ) or TOTAL  # fmt: skip
    cell = {(f.measure, f.sdg, f.country, f.period): f for f in figures}
    settings = public_settings(project)
    codes = [*settings.measures, *([settings.share] if settings.share else [])]
    _headline(w, project, cell, codes, period)
    st.subheader(w.t("context.public.by_sdg"))
    rows = [(w.sdg(g), str(g)) for g in project.sdg_goals]
    _table(w, project, cell, codes, period, rows, by="sdg", key="public-sdg")
    st.subheader(w.t("context.public.by_country"))
    rows = [(w.country(c.iso2), c.iso2) for c in project.countries]
    _table(w, project, cell, codes, period, rows, by="country", key="public-country")
    st.caption(w.t("context.public.rules", minimum=project.access.public_min_count,
                   base=settings.min_base))  # fmt: skip


def _headline(w: Words, project, cell, codes, period: str) -> None:
    columns = st.columns(len(codes))
    for col, code in zip(columns, codes, strict=True):
        unit = project.indicator(code).unit
        col.metric(w.indicator(code), shown(w, cell.get((code, TOTAL, TOTAL, period)), unit))


def _table(w: Words, project, cell, codes, period, rows, by: str, key: str) -> None:
    label = w.t("context.public.col_sdg" if by == "sdg" else "context.public.col_country")
    data = []
    for name, level in [*rows, (w.t("context.public.total"), TOTAL)]:
        sdg, country = (level, TOTAL) if by == "sdg" else (TOTAL, level)
        row = {label: name}
        for code in codes:
            unit = project.indicator(code).unit
            row[w.indicator(code)] = shown(w, cell.get((code, sdg, country, period)), unit)
        data.append(row)
    table = pd.DataFrame(data)
    shown_tables.show(table, hide_index=True, width="stretch")
    raw = pd.DataFrame(
        [
            {"measure": c, by: level, "period": period,
             "value": number(cell[(c, *((level, TOTAL) if by == "sdg" else (TOTAL, level)), period)].value)}
            for _, level in [*rows, ("", TOTAL)] for c in codes
        ]
    )  # fmt: skip
    st.download_button(
        w.t("context.sdgs.download"), data=ui.csv_later(raw),
        file_name=f"leslie-public-{by}-{period}.csv", mime="text/csv", key=f"csv-{key}",
        icon=":material/download:", on_click="ignore",
    )  # fmt: skip


with ui.friendly_errors():
    render()
