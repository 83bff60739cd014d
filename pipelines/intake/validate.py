"""Validate a read submission against data contract v1 and produce its clean, typed rows.

All checks are set-based DuckDB SQL over the raw table (one query, a UNION ALL of every
rule), so a million-row file costs a few scans, never a Python loop per row. Messages are
written here, from the rule that fired, the column's contract entry and the project.
A file is accepted whole (no problem) or rejected whole with EVERY problem listed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import duckdb

from pipelines.config import Project
from pipelines.intake.contract import (
    TEMPLATES,
    Column,
    Template,
    closest_column,
    detect_template,
    iso639_1_codes,
    iso3166_alpha2_codes,
)
from pipelines.intake.readers import RawTable, quote_ident, sql_file
from pipelines.intake.wording import phrase, render
from pipelines.words.catalogue import Message

URL_PATTERN = r"(?i)https?://[^\s/?#]+[.][^\s/?#]+([/?#]\S*)?"
PERSONAL_DATA_PATTERN = r"[@\s\x{00A0}\x{202F}]"
CONTROL_PATTERN = r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]"
# Bidirectional embeddings, overrides and isolates: they make a text read in another order
# than it is written ("evil.exe" shown as "exe.live"), so no cell may hold one.
BIDI_PATTERN = r"[\x{202A}-\x{202E}\x{2066}-\x{2069}]"
REFUSED_PATTERN = r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\x{202A}-\x{202E}\x{2066}-\x{2069}]"
SQL_TYPES = {
    "code": "VARCHAR",
    "text": "VARCHAR",
    "pseudonym": "VARCHAR",
    "partner": "VARCHAR",
    "partner_list": "VARCHAR[]",
    "wp": "VARCHAR",
    "sdg_list": "INTEGER[]",
    "number": "DOUBLE",
    "integer": "BIGINT",
    "iso639_list": "VARCHAR[]",
    "choice": "VARCHAR",
    "choice_list": "VARCHAR[]",
    "yesno": "BOOLEAN",
    "date": "DATE",
    "url": "VARCHAR",
    "iso3166": "VARCHAR",
}
LANGUAGE_HINTS = {"kz": "kk", "gr": "el", "ua": "uk", "cn": "zh", "jp": "ja", "se": "sv"}
COUNTRY_HINTS = {"UK": "GB", "EL": "GR"}


@dataclass(frozen=True)
class Problem:
    """One thing to fix: Excel row (None: the whole file), header name, cell, what to do.

    ``message`` is the English text; ``key`` and ``params`` say it in any language."""

    row: int | None
    column: str | None
    value: str | None
    message: str
    key: str | None = None
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def keyed(
        cls, where: tuple[int | None, str | None, str | None], key: str, **params: object
    ) -> Problem:
        """A problem at (row, column, value as written), said by catalogue ``key``."""
        row, column, value = where
        return cls(row, column, value, render(key, params, "en"), key, params)

    def render(self, lang: str | None = None) -> str:
        """The message in the reader's language."""
        return render(self.key, self.params, lang) if self.key else self.message


@dataclass
class Validated:
    template: str
    table: str  # DuckDB table "clean_<template>" with the typed, normalized rows
    problems: list[Problem]  # empty means accepted; all problems, sorted by row then column
    partners: list[str]  # partner codes present (modules: lead_partner_code)
    row_count: int

    @property
    def accepted(self) -> bool:
        return not self.problems


def validate(
    con: duckdb.DuckDBPyConnection, raw: RawTable, project: Project, today: dt.date
) -> Validated:
    """Check every rule of the template the file follows; build clean_<template>."""
    template = TEMPLATES[detect_template(raw.columns)]
    rules = _Rules(template, raw, project, today)
    con.execute(sql_file("macros.sql"))
    con.execute(sql_file(_known_modules_sql(con)))
    try:
        con.execute(rules.input_view_sql())
        con.execute(rules.work_table_sql(), rules.params_for(rules.work_table_sql()))
        found = rules.find_problems(con)
        clean = f"clean_{template.name}"
        partners = [
            code
            for (code,) in con.execute(
                f"SELECT DISTINCT p_{template.partner_column} FROM lv_work "
                f"WHERE p_{template.partner_column} IS NOT NULL ORDER BY 1"
            ).fetchall()
        ]
        for statement in rules.clean_table_sql(clean):
            con.execute(statement)
    finally:
        for statement in (
            "DROP TABLE IF EXISTS lv_work",
            "DROP TABLE IF EXISTS lv_flagged",
            "DROP TABLE IF EXISTS lv_found",
            "DROP VIEW IF EXISTS lv_input",
            "DROP VIEW IF EXISTS lv_known_ects",
            "DROP VIEW IF EXISTS lv_known_leads",
        ):
            con.execute(statement)
    problems = rules.file_problems() + rules.row_problems(found)
    problems.sort(key=rules.sort_key)
    return Validated(
        template=template.name,
        table=clean,
        problems=problems,
        partners=partners,
        row_count=raw.row_count,
    )


def _known_modules_sql(con: duckdb.DuckDBPyConnection) -> str:
    """The caller provides known_modules (accepted plus same-batch modules); none yet: empty."""
    try:
        con.execute(
            "SELECT module_code, ects, lead_partner_code FROM known_modules LIMIT 0"
        ).fetchall()
    except duckdb.CatalogException:
        return "no_known_modules.sql"
    return "known_modules.sql"


# --------------------------------------------------------------------------- rules as SQL


class _Rules:
    """The SQL and the messages of one template for one file (its columns, the project)."""

    def __init__(self, template: Template, raw: RawTable, project: Project, today: dt.date):
        self.template = template
        self.raw = raw
        self.project = project
        self.today = today
        self.present = [c for c in template.columns if c.name in raw.columns]
        self.absent = {c.name for c in template.columns if c.name not in raw.columns}
        self.params: dict[str, object] = {
            "partners": list(project.partner_codes),
            "wps": list(project.wp_codes),
            "sdgs": list(project.sdg_goals),
            "start": project.start,
            "today": today,
        }
        kinds = {c.kind for c in template.columns}
        if "iso639_list" in kinds:  # the code lists take a while to load: only when needed
            self.params["languages"] = list(iso639_1_codes())
        if "iso3166" in kinds:
            self.params["countries"] = list(iso3166_alpha2_codes())
        for column in template.columns:
            if column.vocabulary:
                self.params[f"vocab_{column.vocabulary}"] = list(
                    project.vocabulary(column.vocabulary)
                )
            if column.max_length is not None:
                self.params[f"{column.name}_max_length"] = column.max_length
            if column.minimum is not None:
                self.params[f"{column.name}_minimum"] = column.minimum
            if column.maximum is not None:
                self.params[f"{column.name}_maximum"] = column.maximum
            if column.blank_value is not None:
                self.params[f"{column.name}_blank"] = column.blank_value
        self.order = {name: i for i, name in enumerate(raw.columns)}

    def params_for(self, sql: str) -> dict[str, object]:
        """Only the parameters a statement names (DuckDB refuses unused ones)."""
        used = set(re.findall(r"\$([a-z_0-9]+)", sql))
        return {k: v for k, v in self.params.items() if k in used}

    # -- statements -----------------------------------------------------------------------
    def input_view_sql(self) -> str:
        """Every template column, NULL where the file lacks it (identifiers from the contract)."""
        cells = [
            quote_ident(c.name)
            if c.name not in self.absent
            else f"NULL::VARCHAR AS {quote_ident(c.name)}"
            for c in self.template.columns
        ]
        return (
            "CREATE OR REPLACE TEMP VIEW lv_input AS SELECT "
            + ", ".join(cells)
            + f", _row FROM {quote_ident(self.raw.table)}"
        )

    def work_table_sql(self) -> str:
        """Each cell typed (p_<column>) and its blankness (n_<column>), then _row. The raw text
        stays in the raw table: only rows with a problem are looked up again."""
        parsed = [
            f"CAST({_parse(c)} AS {SQL_TYPES[c.kind]}) AS p_{c.name}" for c in self.template.columns
        ]
        blank = [f"{quote_ident(c.name)} IS NULL AS n_{c.name}" for c in self.template.columns]
        return (
            "CREATE OR REPLACE TEMP TABLE lv_work AS SELECT "
            + ", ".join(parsed + blank)
            + ", _row FROM lv_input"
        )

    def find_problems(self, con: duckdb.DuckDBPyConnection) -> list[tuple]:
        """Every rule over lv_work: (row, column, value as written, rule, detail).

        Single-cell rules first count the rows breaking any of them (one scan of the typed
        table); only when some do are those rows joined with their text to name the rule.
        The template's cross-cell rules follow. The cells as written are looked up last,
        for the problem rows only, so a clean file never rescans its text."""
        conditions = [
            (column, rule, condition, detail)
            for column in self.present
            for rule, condition, detail in _checks(column)
        ]
        any_broken = " OR ".join(f"({c})" for _, _, c, _ in conditions) or "false"
        found = [f"SELECT * FROM ({sql_file(f'{self.template.name}_rules.sql')})"]
        (flagged,) = self._run(con, f"SELECT count(*) FROM lv_work WHERE {any_broken}")[0]
        if flagged:
            self._run(
                con,
                "CREATE OR REPLACE TEMP TABLE lv_flagged AS SELECT r.*, w.* EXCLUDE (_row) "
                f"FROM (SELECT * FROM lv_work WHERE {any_broken}) AS w "
                "JOIN lv_input AS r USING (_row)",
            )
            found = [
                f"SELECT _row, '{column.name}' AS col, {rule} AS rule, {detail} AS detail "
                f"FROM lv_flagged WHERE {condition}"
                for column, rule, condition, detail in conditions
            ] + found
        self._run(
            con,
            "CREATE OR REPLACE TEMP TABLE lv_found AS "
            + "\nUNION ALL\n".join(f"({branch})" for branch in found),
        )
        (count,) = self._run(con, "SELECT count(*) FROM lv_found")[0]
        if not count:
            return []
        value = " ".join(
            f"WHEN '{c.name}' THEN r.{quote_ident(c.name)}" for c in self.template.columns
        )
        return self._run(
            con,
            f"SELECT f._row, f.col, CASE f.col {value} END, f.rule, f.detail "
            "FROM lv_found AS f JOIN lv_input AS r USING (_row)",
        )

    def _run(self, con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
        return con.execute(sql, self.params_for(sql)).fetchall()

    def clean_table_sql(self, table: str) -> list[str]:
        """Turn lv_work into the clean table in place: drop the blank flags, rename the typed
        cells. DDL only, so a million rows are not copied again."""
        statements = [f"DROP TABLE IF EXISTS {quote_ident(table)}"]
        for c in self.template.columns:
            if c.sql_type and c.sql_type != SQL_TYPES[c.kind]:
                statements.append(
                    f"ALTER TABLE lv_work ALTER COLUMN p_{c.name} TYPE {c.sql_type} "
                    f"USING TRY_CAST(p_{c.name} AS {c.sql_type})"
                )
        for c in self.template.columns:
            statements.append(f"ALTER TABLE lv_work DROP COLUMN n_{c.name}")
        for c in self.template.columns:
            statements.append(f"ALTER TABLE lv_work RENAME COLUMN p_{c.name} TO {c.name}")
        statements.append("ALTER TABLE lv_work RENAME COLUMN _row TO source_row")
        statements.append(f"ALTER TABLE lv_work RENAME TO {quote_ident(table)}")
        return statements

    # -- problems -------------------------------------------------------------------------
    def file_problems(self) -> list[Problem]:
        problems = []
        for name in self.raw.columns:
            if name in self.template.names:
                continue
            guess = closest_column(name, self.template)
            if guess and guess not in self.raw.columns:
                problems.append(
                    Problem.keyed(
                        (None, name, None), "intake.column.unknown_guess", name=name, guess=guess
                    )
                )
            else:
                problems.append(
                    Problem.keyed(
                        (None, name, None),
                        "intake.column.unknown",
                        name=name,
                        template=self.template.name,
                        columns=", ".join(self.template.names),
                    )
                )
        for column in self.template.columns:
            if column.required and column.name in self.absent:
                problems.append(
                    Problem.keyed(
                        (None, column.name, None),
                        "intake.column.missing",
                        column=column.name,
                        description=describe(self.template.name, column),
                    )
                )
        if self.raw.row_count == 0:
            problems.append(Problem.keyed((None, None, None), "intake.file.no_rows"))
        return problems

    def row_problems(self, found: list[tuple]) -> list[Problem]:
        problems = []
        needed_by_rows: dict[str, list[int]] = {}
        for row, name, value, rule, detail in found:
            if name in self.absent:  # a rule needing a column the file lacks
                needed_by_rows.setdefault(name, []).append(row)
                continue
            column = self.template.column(name)
            shown = None if rule == "personal_data" else value
            key, params = self.message(rule, column, value, detail)
            problems.append(Problem.keyed((row, name, shown), key, **params))
        for name, rows in needed_by_rows.items():
            column = self.template.column(name)
            rows.sort()
            listed = ", ".join(str(r) for r in rows[:5]) + (", ..." if len(rows) > 5 else "")
            problems.append(
                Problem.keyed(
                    (None, name, None),
                    "intake.column.missing_when",
                    n=len(rows),
                    column=name,
                    condition=phrase(when_key(column)),
                    rows=listed,
                )
            )
        return problems

    def sort_key(self, problem: Problem) -> tuple:
        position = self.order.get(problem.column or "", -1)
        if position < 0 and problem.column:
            position = len(self.order) + self.template.names.index(problem.column)
        return (problem.row is not None, problem.row or 0, position, problem.message)

    # -- messages -------------------------------------------------------------------------
    def message(
        self, rule: str, column: Column, value: str | None, detail: str | None
    ) -> tuple[str, dict[str, object]]:
        """The catalogue key of a rule and its parameters (table-driven: RULE_MESSAGES)."""
        key, build = RULE_MESSAGES[rule]
        params = build(self, column, value or "", detail or "")
        if isinstance(params, tuple):  # the rule picked a more precise key
            return params
        return key, params

    def expected(self, column: Column) -> Message:
        """What a cell of this column should hold, as a phrase."""
        kind = column.kind
        project = self.project
        if kind == "partner":
            return phrase("intake.expected.partner", partners=_join(project.partner_codes))
        if kind == "wp":
            return phrase("intake.expected.wp", wps=_join(project.wp_codes))
        if kind == "sdg_list":
            return phrase(
                "intake.expected.sdg_list", goals=_join(project.sdg_goals), example=column.example
            )
        if kind in ("choice", "choice_list"):
            return phrase(f"intake.expected.{kind}", values=self.vocabulary(column))
        if kind in ("date", "iso639_list", "iso3166"):
            return phrase(f"intake.expected.{kind}", example=column.example)
        if kind == "yesno":
            return phrase("intake.expected.yesno")
        if kind in ("number", "integer"):
            return phrase(
                "intake.expected.number", range=range_phrase(column), example=column.example
            )
        return phrase(
            "intake.expected.text",
            description=describe(self.template.name, column),
            example=column.example,
        )

    def vocabulary(self, column: Column) -> str:
        return _join(self.project.vocabulary(column.vocabulary or ""))


def describe(template: str, column: Column) -> Message:
    """The column's description, as the catalogue words it."""
    return phrase(f"intake.describe.{template}.{column.name}")


def when_key(column: Column) -> str:
    """The catalogue key of a column's condition ("micro_credential is yes")."""
    return "intake.when." + re.sub(r"\W+", "_", column.required_when or "").strip("_")


def _sdg(rules: _Rules, column: Column, value: str, detail: str) -> dict[str, object]:
    items = detail.split(", ") if detail else []
    numbers = [i for i in items if i.isdigit()]
    words = [i for i in items if not i.isdigit()]
    said = []
    if numbers:
        joined = (
            numbers[0]
            if len(numbers) == 1
            else phrase("intake.list.and", items=", ".join(numbers[:-1]), last=numbers[-1])
        )
        said.append(phrase("intake.sdg.not_in_project", n=len(numbers), goals=joined))
    if words:
        said.append(phrase("intake.sdg.not_a_number", words=" ".join(words)))
    return {
        "said": said,
        "goals": _join(rules.project.sdg_goals),
        "example": column.example,
    }


def _languages(rules: _Rules, column: Column, value: str, detail: str):
    hints = [LANGUAGE_HINTS[bad] for bad in detail.split(", ") if bad in LANGUAGE_HINTS]
    if hints:
        return "intake.language.unknown_hint", {"codes": detail, "hints": ", ".join(hints)}
    return "intake.language.unknown", {"codes": detail}


def _country(rules: _Rules, column: Column, value: str, detail: str):
    code = value.upper()
    if code in COUNTRY_HINTS:
        return "intake.country.unknown_hint", {
            "value": value,
            "code": code,
            "use": COUNTRY_HINTS[code],
        }
    return "intake.country.unknown", {"value": value}


def _duplicate(rules: _Rules, column: Column, value: str, detail: str):
    key = rules.template.key
    if len(key) == 1:
        return "intake.duplicate.one", {"first": detail, "column": column.name, "value": value}
    columns = phrase("intake.list.and", items=", ".join(key[:-1]), last=key[-1])
    return "intake.duplicate.key", {"first": detail, "columns": columns}


def _named(column: Column, value: str, detail: str) -> dict[str, object]:
    return {"column": column.name, "value": value, "detail": detail}


# rule -> (catalogue key, parameters from (rules, column, value as written, detail)).
# A builder may return (key, params) instead, when the rule has more than one wording.
RULE_MESSAGES: dict[str, tuple[str, object]] = {
    "required": (
        "intake.cell.required",
        lambda r, c, v, d: {"column": c.name, "expected": r.expected(c)},
    ),
    "required_when": (
        "intake.cell.required_when",
        lambda r, c, v, d: {
            "column": c.name,
            "condition": phrase(when_key(c)),
            "expected": r.expected(c),
        },
    ),
    "code_format": ("intake.code.format", lambda r, c, v, d: {"value": v, "example": c.example}),
    "too_long": (
        "intake.text.too_long",
        lambda r, c, v, d: {"column": c.name, "length": len(v), "limit": c.max_length},
    ),
    "control_char": (
        "intake.text.control_char",
        lambda r, c, v, d: {"column": c.name, "code": d},
    ),
    "bidi_char": (
        "intake.text.bidi_char",
        lambda r, c, v, d: {"column": c.name, "code": d},
    ),
    "personal_data": ("intake.learner.personal_data", lambda r, c, v, d: {"column": c.name}),
    "unknown_partner": (
        "intake.partner.unknown",
        lambda r, c, v, d: {"value": v, "partners": _join(r.project.partner_codes)},
    ),
    "unknown_partners": (
        "intake.partner.unknown_list",
        lambda r, c, v, d: {"codes": d, "partners": _join(r.project.partner_codes)},
    ),
    "unknown_wp": (
        "intake.wp.unknown",
        lambda r, c, v, d: {"value": v, "wps": _join(r.project.wp_codes)},
    ),
    "bad_sdg": ("intake.sdg.bad", _sdg),
    "not_number": ("intake.number.not_number", lambda r, c, v, d: {"value": v}),
    "number_ambiguous": (
        "intake.number.ambiguous",
        lambda r, c, v, d: {
            "value": v,
            "whole": v.replace(",", "").replace(" ", ""),
            "decimal": v.replace(",", "."),
        },
    ),
    "not_integer": (
        "intake.number.not_integer",
        lambda r, c, v, d: {"value": v, "example": c.example},
    ),
    "not_whole": (
        "intake.number.not_whole",
        lambda r, c, v, d: {"value": v, "column": c.name, "example": c.example},
    ),
    "out_of_range": (
        "intake.number.out_of_range",
        lambda r, c, v, d: {"column": c.name, "range": range_phrase(c), "value": v},
    ),
    "unknown_languages": ("intake.language.unknown", _languages),
    "unknown_choice": (
        "intake.choice.unknown",
        lambda r, c, v, d: {"value": v, "column": c.name, "values": r.vocabulary(c)},
    ),
    "unknown_choices": (
        "intake.choice.unknown_list",
        lambda r, c, v, d: {"items": d, "column": c.name, "values": r.vocabulary(c)},
    ),
    "not_yesno": ("intake.yesno.invalid", lambda r, c, v, d: {"value": v}),
    "date_format": ("intake.date.format", lambda r, c, v, d: {"value": v}),
    "date_impossible": ("intake.date.impossible", lambda r, c, v, d: {"value": v}),
    "date_before_start": (
        "intake.date.before_start",
        lambda r, c, v, d: {"column": c.name, "date": d, "start": r.project.start.isoformat()},
    ),
    "date_future": (
        "intake.date.future",
        lambda r, c, v, d: {"column": c.name, "date": d, "today": r.today.isoformat()},
    ),
    "not_url": ("intake.url.invalid", lambda r, c, v, d: {"value": v}),
    "unknown_country": ("intake.country.unknown", _country),
    "duplicate": ("intake.duplicate.one", _duplicate),
    "module_taken": (
        "intake.module.taken",
        lambda r, c, v, d: {"code": v.upper(), "partner": d},
    ),
    "unknown_module": ("intake.module.unknown", lambda r, c, v, d: {"value": v}),
    "only_when_completed": (
        "intake.enrollment.date_not_completed",
        lambda r, c, v, d: {"column": c.name, "status": d},
    ),
    "completed_before_enrolled": (
        "intake.enrollment.completed_before_enrolled",
        lambda r, c, v, d: {"column": c.name, "value": v, "enrolled": d},
    ),
    "ects_not_completed": (
        "intake.enrollment.ects_not_completed",
        lambda r, c, v, d: {"column": c.name, "status": d},
    ),
    "ects_above_module": (
        "intake.enrollment.ects_above_module",
        lambda r, c, v, d: {"column": c.name, "value": v, "ects": _number(d)},
    ),
    "credential_not_completed": (
        "intake.enrollment.credential_not_completed",
        lambda r, c, v, d: {"column": c.name, "status": d},
    ),
}


def _join(values) -> str:
    return ", ".join(str(v) for v in values)


def _number(text: str | None) -> str:
    value = float(text or 0)
    return str(int(value)) if value.is_integer() else str(value)


def range_phrase(column: Column) -> Message:
    """'more than 0 and at most 30', '0 or more' ... from the contract's limits."""
    low, high = column.minimum, column.maximum
    low_text = None if low is None else _number(str(low))
    high_text = None if high is None else _number(str(high))
    if low is not None and high is not None:
        key = "intake.range.above_at_most" if column.minimum_exclusive else "intake.range.from_to"
        return phrase(key, low=low_text, high=high_text)
    if low is not None:
        key = "intake.range.above" if column.minimum_exclusive else "intake.range.at_least"
        return phrase(key, low=low_text)
    if high is not None:
        return phrase("intake.range.at_most", high=high_text)
    return phrase("intake.range.any")


# --------------------------------------------------------------------------- per-kind SQL


def _parse(column: Column) -> str:
    """SQL giving the typed value of a cell, NULL when it cannot be read."""
    x = quote_ident(column.name)
    name = column.name
    blank = f"${name}_blank" if column.blank_value is not None else "NULL"
    kind = column.kind
    if kind == "code":
        code = "'[A-Z0-9][A-Z0-9-]{1,31}'"
        return (
            f"CASE WHEN regexp_full_match({x}, {code}) THEN {x} "
            f"WHEN regexp_full_match(upper({x}), {code}) THEN upper({x}) END"
        )
    if kind == "text":
        if column.max_length is None:
            return f"CASE WHEN NOT {_has_control(x)} THEN {x} END"
        return f"CASE WHEN length({x}) <= ${name}_max_length AND NOT {_has_control(x)} THEN {x} END"
    if kind == "pseudonym":
        return (
            f"CASE WHEN length({x}) <= ${name}_max_length AND NOT {_looks_personal(x)} "
            f"AND NOT {_has_control(x)} THEN {x} END"
        )
    if kind == "partner":
        return (
            f"CASE WHEN list_contains($partners, {x}) THEN {x} "
            f"WHEN list_contains($partners, upper({x})) THEN upper({x}) END"
        )
    if kind == "wp":
        wp = f"upper(replace({x}, ' ', ''))"
        return f"CASE WHEN list_contains($wps, {wp}) THEN {wp} END"
    if kind in ("partner_list", "iso639_list", "choice_list", "sdg_list"):
        items, bad = _list_items(column)
        empty = f"CAST([] AS {SQL_TYPES[kind]})" if not column.required else "NULL"
        return (
            f"CASE WHEN {x} IS NULL THEN {empty} "
            f"WHEN len({items}) > 0 AND len({bad}) = 0 THEN list_sort(list_distinct({items})) END"
        )
    if kind == "number":
        return f"CASE WHEN {x} IS NULL THEN {blank} ELSE lv_number({x}) END"
    if kind == "integer":
        return f"CASE WHEN {x} IS NULL THEN {blank} ELSE lv_integer({x}) END"
    if kind == "choice":
        return f"lv_choice({x}, $vocab_{column.vocabulary})"
    if kind == "yesno":
        return f"CASE WHEN {x} IS NULL THEN {blank} ELSE lv_yesno({x}) END"
    if kind == "date":
        return f"lv_date({x})"
    if kind == "url":
        short = f"length({x}) <= ${name}_max_length AND " if column.max_length else ""
        return (
            f"CASE WHEN {short}NOT {_has_control(x)} "
            f"AND regexp_full_match({x}, '{URL_PATTERN}') THEN {x} END"
        )
    if kind == "iso3166":
        return f"CASE WHEN list_contains($countries, upper({x})) THEN upper({x}) END"
    raise ValueError(f"no parser for kind {kind!r}")


def _has_control(x: str) -> str:
    """A control character (not tab, CR or LF): invisible, and it breaks Word and XML files;
    or a bidirectional override, which shows the text in another order than it is written."""
    return f"regexp_matches({x}, '{REFUSED_PATTERN}')"


def _control_rule(x: str, otherwise: str) -> str:
    return (
        f"CASE WHEN regexp_matches({x}, '{CONTROL_PATTERN}') THEN 'control_char' "
        f"WHEN regexp_matches({x}, '{BIDI_PATTERN}') THEN 'bidi_char' ELSE {otherwise} END"
    )


def _looks_personal(x: str) -> str:
    """An e-mail address or a name: '@' or whitespace inside (cells are trimmed already).
    contains() on plain ASCII first; the regular expression only for the rest."""
    return (
        f"(contains({x}, '@') OR contains({x}, ' ') OR (strlen({x}) <> length({x}) OR "
        f"contains({x}, chr(9))) AND regexp_matches({x}, '{PERSONAL_DATA_PATTERN}'))"
    )


def _list_items(column: Column) -> tuple[str, str]:
    """SQL for the normalized items of a list cell, and for the items that are not allowed."""
    x = quote_ident(column.name)
    kind = column.kind
    if kind == "partner_list":
        items = f"list_transform(lv_items({x}), lambda i: upper(i))"
        return items, f"list_filter({items}, lambda i: NOT list_contains($partners, i))"
    if kind == "iso639_list":
        items = f"list_transform(lv_items({x}), lambda i: lower(i))"
        return items, f"list_filter({items}, lambda i: NOT list_contains($languages, i))"
    if kind == "choice_list":
        vocab = f"$vocab_{column.vocabulary}"
        items = f"list_transform(lv_items({x}), lambda i: lv_choice(i, {vocab}))"
        bad = f"list_filter(lv_items({x}), lambda i: lv_choice(i, {vocab}) IS NULL)"
        return items, bad
    items = f"list_transform(lv_sdg_items({x}), lambda i: TRY_CAST(i AS INTEGER))"
    bad = (
        f"list_filter(lv_sdg_items({x}), lambda i: TRY_CAST(i AS INTEGER) IS NULL "
        "OR NOT list_contains($sdgs, TRY_CAST(i AS INTEGER)))"
    )
    return items, bad


def _checks(column: Column) -> list[tuple[str, str, str]]:
    """(rule SQL, condition SQL, detail SQL) for the single-cell rules of a column.

    Conditions read lv_work only (typed cells, blank flags); rule and detail may also read the
    cell as written, as they are evaluated on the flagged rows alone."""
    x = quote_ident(column.name)
    p = f"p_{column.name}"
    name = column.name
    checks: list[tuple[str, str, str]] = []
    if column.required:
        checks.append(("'required'", f"n_{name}", "NULL"))
    kind = column.kind
    invalid = f"NOT n_{name} AND {p} IS NULL"
    rule = {
        "code": "'code_format'",
        "text": _control_rule(x, "'too_long'"),
        "pseudonym": _control_rule(
            x, f"CASE WHEN {_looks_personal(x)} THEN 'personal_data' ELSE 'too_long' END"
        ),
        "partner": "'unknown_partner'",
        "partner_list": "'unknown_partners'",
        "wp": "'unknown_wp'",
        "sdg_list": "'bad_sdg'",
        "number": f"CASE WHEN lv_ambiguous({x}) THEN 'number_ambiguous' ELSE 'not_number' END",
        "integer": f"CASE WHEN lv_number({x}) IS NOT NULL THEN 'not_whole' ELSE 'not_integer' END",
        "iso639_list": "'unknown_languages'",
        "choice": "'unknown_choice'",
        "choice_list": "'unknown_choices'",
        "yesno": "'not_yesno'",
        "date": f"CASE WHEN lv_date_shape({x}) THEN 'date_impossible' ELSE 'date_format' END",
        "url": _control_rule(
            x,
            f"CASE WHEN length({x}) > ${name}_max_length THEN 'too_long' ELSE 'not_url' END"
            if column.max_length
            else "'not_url'",
        ),
        "iso3166": "'unknown_country'",
    }[kind]
    detail = "NULL"
    if kind in ("text", "pseudonym", "url"):
        detail = (
            f"CASE WHEN regexp_matches({x}, '{CONTROL_PATTERN}') "
            f"THEN printf('U+%04X', unicode(regexp_extract({x}, '{CONTROL_PATTERN}'))) "
            f"ELSE printf('U+%04X', unicode(regexp_extract({x}, '{BIDI_PATTERN}'))) END"
        )
    if kind in ("partner_list", "iso639_list", "choice_list", "sdg_list"):
        _, bad = _list_items(column)
        detail = f"array_to_string({bad}, ', ')"
    checks.append((rule, invalid, detail))
    if kind in ("number", "integer"):
        bounds = []
        if column.minimum is not None:
            op = "<=" if column.minimum_exclusive else "<"
            bounds.append(f"{p} {op} ${name}_minimum")
        if column.maximum is not None:
            bounds.append(f"{p} > ${name}_maximum")
        if bounds:
            checks.append(
                ("'out_of_range'", f"{p} IS NOT NULL AND ({' OR '.join(bounds)})", "NULL")
            )
    if kind == "date":
        iso = f"strftime({p}, '%Y-%m-%d')"
        checks.append(("'date_before_start'", f"{p} < $start", iso))
        if not column.future_allowed:
            checks.append(("'date_future'", f"{p} > $today", iso))
    return checks
