"""The editable table of the "My data" page: a partner's records typed for ``st.data_editor``
(drop-downs from the project's vocabularies, dates, numbers, yes/no), column labels in the
reader's language, and the edited frame back as the template's text cells.

Plain functions, so tests call them without a browser; the page only draws what they give.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from pipelines.config import Project
from pipelines.intake.contract import TEMPLATES, Column
from pipelines.intake.validate import Problem
from pipelines.submissions.editing import Records, template_cell
from pipelines.words.present import Words

LISTS = ("partner_list", "sdg_list", "iso639_list", "choice_list")
SHOWN_VALUE = 80  # characters of a refused value shown in the problems table
LANGUAGE_CODES = ("en", "ru", "kk", "uz", "es", "it", "el", "tr", "de", "fr")


def _typed(column: Column, cell: str) -> Any:
    """One template cell as the editor holds it."""
    text = (cell or "").strip()
    if column.kind in LISTS:
        return [v.strip() for v in text.replace(",", ";").split(";") if v.strip()]
    if column.kind == "yesno":
        return text.lower() in ("yes", "y", "true", "1")
    if column.kind == "date":
        return dt.date.fromisoformat(text) if text else None
    if column.kind in ("number", "integer"):
        return float(text) if text else None
    return text


def frame(records: Records) -> pd.DataFrame:
    """The records as a typed frame, one column per template column."""
    columns = TEMPLATES[records.template].columns
    data = {c.name: [_typed(c, r.get(c.name, "")) for r in records.rows] for c in columns}
    df = pd.DataFrame(data, columns=[c.name for c in columns])
    for c in columns:
        if c.kind == "date":
            df[c.name] = df[c.name].astype("object")
        elif c.kind in ("number", "integer"):
            df[c.name] = pd.to_numeric(df[c.name]).astype("float64")
        elif c.kind == "yesno":
            df[c.name] = df[c.name].astype("bool")
    return df


def _options(column: Column, project: Project) -> list[str] | None:
    if column.vocabulary:
        return list(project.vocabulary(column.vocabulary))
    return {
        "partner": list(project.partner_codes),
        "partner_list": list(project.partner_codes),
        "wp": list(project.wp_codes),
        "sdg_list": [str(g) for g in project.sdg_goals],
        "iso639_list": list(LANGUAGE_CODES),
    }.get(column.kind)


def column_config(template: str, project: Project, words: Words, today: dt.date) -> dict:
    """Per column: its label in the reader's language and the editor that fits its kind."""
    config = {}
    for c in TEMPLATES[template].columns:
        label = words.t(f"editing.col.{c.name}")
        common = {"label": label, "help": c.description, "required": c.required}
        options = _options(c, project)
        shown = _shown(c, project, words)
        if c.name == TEMPLATES[template].partner_column:
            config[c.name] = st.column_config.TextColumn(label, disabled=True)
        elif c.kind in LISTS:
            config[c.name] = st.column_config.MultiselectColumn(
                **common, options=options, format_func=shown, accept_new_options=options is None
            )
        elif options is not None:
            config[c.name] = st.column_config.SelectboxColumn(
                **common, options=options, format_func=shown
            )
        elif c.kind == "date":
            config[c.name] = st.column_config.DateColumn(
                **common,
                min_value=project.start,
                max_value=None if c.future_allowed else today,
                format="YYYY-MM-DD",
            )
        elif c.kind in ("number", "integer"):
            config[c.name] = st.column_config.NumberColumn(
                **common,
                min_value=c.minimum,
                max_value=c.maximum,
                step=1 if c.kind == "integer" else 0.5,
            )
        elif c.kind == "yesno":
            config[c.name] = st.column_config.CheckboxColumn(**common, default=False)
        else:
            # no max_chars: the browser would cut a long paste silently; validation refuses
            # it instead, naming the row and the column
            config[c.name] = st.column_config.TextColumn(**common)
    return config


def _shown(column: Column, project: Project, words: Words):
    """How a drop-down shows a code: vocabulary words, partner names, SDG names."""
    if column.vocabulary:
        return lambda v, voc=column.vocabulary: words.vocab(voc, v)
    if column.kind in ("partner", "partner_list"):
        return lambda v: words.partner(v, with_code=True)
    if column.kind == "sdg_list":
        return lambda v: f"{v} · {project.sdg(int(v)).short_name}" if v.isdigit() else v
    return None


def rows_from_frame(df: pd.DataFrame, partner_column: str, partner: str) -> list[dict[str, str]]:
    """The edited frame as template cells; rows added in the editor get the partner's code.
    Rows left completely blank are dropped (a yes/no box left unticked counts as blank)."""
    rows = []
    for record in df.to_dict("records"):
        cells = {k: template_cell(v) for k, v in record.items()}
        filled = [v for k, v in cells.items() if v and v != "no" and k != partner_column]
        if not filled:
            continue
        cells[partner_column] = cells.get(partner_column) or partner
        rows.append(cells)
    return rows


def shown_value(value: object, limit: int = SHOWN_VALUE) -> str:
    """A refused value as the problems table shows it: at most ``limit`` characters."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def problems_frame(problems: list[Problem], template: str, words: Words) -> pd.DataFrame:
    """Every problem at its table row (first record = 1) and column label."""
    names = set(TEMPLATES[template].names)
    return pd.DataFrame(
        [
            {
                words.t("editing.page.col_row"): (p.row - 1) if p.row else None,
                words.t("editing.page.col_column"): (
                    words.t(f"editing.col.{p.column}") if p.column in names else p.column or ""
                ),
                words.t("editing.page.col_value"): shown_value(p.value),
                words.t("editing.page.col_fix"): p.message,
            }
            for p in problems
        ]
    )
