"""Validate a read submission against data contract v1 and produce its clean, typed rows.

All checks are set-based DuckDB SQL over the raw table (one query, a UNION ALL of every
rule), so a million-row file costs a few scans, never a Python loop per row. Messages are
written here, from the rule that fired, the column's contract entry and the project.
A file is accepted whole (no problem) or rejected whole with EVERY problem listed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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

URL_PATTERN = r"(?i)https?://[^\s/?#]+[.][^\s/?#]+([/?#]\S*)?"
PERSONAL_DATA_PATTERN = r"[@\s\x{00A0}\x{202F}]"
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
    """One thing to fix: Excel row (None: the whole file), header name, cell, what to do."""

    row: int | None
    column: str | None
    value: str | None
    message: str


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
            "languages": list(iso639_1_codes()),
            "countries": list(iso3166_alpha2_codes()),
            "start": project.start,
            "today": today,
        }
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
                message = f'Unknown column "{name}": did you mean "{guess}"?'
            else:
                message = (
                    f'Unknown column "{name}": remove it, or rename it to one of the '
                    f"{self.template.name} columns ({', '.join(self.template.names)})."
                )
            problems.append(Problem(None, name, None, message))
        for column in self.template.columns:
            if column.required and column.name in self.absent:
                problems.append(
                    Problem(
                        None,
                        column.name,
                        None,
                        f'Required column "{column.name}" is missing: add it to the header '
                        f"row. {column.name}: {column.description}.",
                    )
                )
        if self.raw.row_count == 0:
            problems.append(
                Problem(None, None, None, "The file has a header row but no data rows.")
            )
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
            problems.append(Problem(row, name, shown, self.message(rule, column, value, detail)))
        for name, rows in needed_by_rows.items():
            column = self.template.column(name)
            rows.sort()
            listed = ", ".join(str(r) for r in rows[:5]) + (", ..." if len(rows) > 5 else "")
            problems.append(
                Problem(
                    None,
                    name,
                    None,
                    f'Column "{name}" is missing: it is required when {column.required_when} '
                    f"({'row' if len(rows) == 1 else 'rows'} {listed}). Add it to the header row.",
                )
            )
        return problems

    def sort_key(self, problem: Problem) -> tuple:
        position = self.order.get(problem.column or "", -1)
        if position < 0 and problem.column:
            position = len(self.order) + self.template.names.index(problem.column)
        return (problem.row is not None, problem.row or 0, position, problem.message)

    # -- messages -------------------------------------------------------------------------
    def message(self, rule: str, column: Column, value: str | None, detail: str | None) -> str:
        name = column.name
        v = value
        project = self.project
        if rule == "required":
            return f"{name} is required: {self.expected(column)}."
        if rule == "required_when":
            return f"{name} is required when {column.required_when}: {self.expected(column)}."
        if rule == "code_format":
            return (
                f'"{v}" is not a valid code: use 2 to 32 letters A-Z, digits or "-", '
                f"starting with a letter or digit (e.g. {column.example})."
            )
        if rule == "too_long":
            return (
                f"{name} is too long ({len(v or '')} characters): "
                f"use at most {column.max_length} characters."
            )
        if rule == "personal_data":
            return (
                f"{name} looks like personal data (an e-mail address or a name; the value is "
                "not repeated here): use your institution's pseudonymous learner id, without "
                'spaces or "@".'
            )
        if rule == "unknown_partner":
            return f'unknown partner code "{v}": expected one of {_join(project.partner_codes)}.'
        if rule == "unknown_partners":
            return (
                f"unknown partner code(s) {detail}: expected codes from "
                f'{_join(project.partner_codes)}, separated by ";".'
            )
        if rule == "unknown_wp":
            return f'unknown work package "{v}": expected one of {_join(project.wp_codes)}.'
        if rule == "bad_sdg":
            items = (detail or "").split(", ")
            numbers = [i for i in items if i.isdigit()]
            words = [i for i in items if not i.isdigit()]
            said = []
            if numbers:
                verb = "is not a goal" if len(numbers) == 1 else "are not goals"
                said.append(f"SDG {_join(numbers, ' and ')} {verb} of the project")
            if words:
                said.append(f'"{" ".join(words)}" is not an SDG goal number')
            return (
                f"{'; '.join(said)}: write goal numbers from {_join(project.sdg_goals)}, "
                f'separated by ";" (e.g. {column.example}).'
            )
        if rule == "not_number":
            return f'"{v}" is not a number: write e.g. 5, 2.5 or 2,5.'
        if rule == "number_ambiguous":
            whole = (v or "").replace(",", "").replace(" ", "")
            decimal = (v or "").replace(",", ".")
            return (
                f'"{v}" is ambiguous: write {whole} for a whole number, '
                f"or {decimal} for a decimal number."
            )
        if rule == "not_integer":
            return f'"{v}" is not a whole number: write digits only, e.g. {column.example}.'
        if rule == "not_whole":
            return (
                f'"{v}" is not a whole number: {name} counts whole units (e.g. {column.example}).'
            )
        if rule == "out_of_range":
            return f"{name} must be {_range_phrase(column)}; found {v}."
        if rule == "unknown_languages":
            hints = [
                LANGUAGE_HINTS[bad] for bad in (detail or "").split(", ") if bad in LANGUAGE_HINTS
            ]
            hint = f" (did you mean {', '.join(hints)}?)" if hints else ""
            return (
                f"unknown language code(s) {detail}{hint}: expected ISO 639-1 two-letter codes "
                'such as en, ru, kk, uz, es, it, el, separated by ";".'
            )
        if rule == "unknown_choice":
            return f'"{v}" is not a valid {name}: expected one of {self.vocabulary(column)}.'
        if rule == "unknown_choices":
            return (
                f"{detail} not allowed in {name}: expected one or more of "
                f'{self.vocabulary(column)}, separated by ";".'
            )
        if rule == "not_yesno":
            return f'"{v}" is not yes or no: write yes or no (also y/n, true/false, 1/0).'
        if rule == "date_format":
            return (
                f'"{v}" is not a date: write YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY '
                "(e.g. 2025-03-14 or 14.03.2025)."
            )
        if rule == "date_impossible":
            return (
                f'"{v}" is not a real calendar date: check the day and the month '
                "(day first in DD.MM.YYYY and DD/MM/YYYY)."
            )
        if rule == "date_before_start":
            return (
                f"{name} {detail} is before the project start ({self.project.start.isoformat()}):"
                " check the year."
            )
        if rule == "date_future":
            return (
                f"{name} {detail} is in the future (today is {self.today.isoformat()}): "
                "report only what has already happened."
            )
        if rule == "not_url":
            return (
                f'"{v}" is not a web address: write it in full, starting with https:// or http://.'
            )
        if rule == "unknown_country":
            code = (v or "").upper()
            hint = f" (use {COUNTRY_HINTS[code]}, not {code})" if code in COUNTRY_HINTS else ""
            return (
                f'unknown country code "{v}"{hint}: write the ISO 3166-1 two-letter code '
                "of the country, e.g. KZ, UZ, ES, IT, CY."
            )
        if rule == "duplicate":
            key = self.template.key
            if len(key) == 1:
                what = f'{name} "{v}" appears more than once'
            else:
                what = f"the same {_join(key, ' and ')} appear more than once"
            return f"duplicate of row {detail}: {what}; keep one row."
        if rule == "module_taken":
            code = (v or "").upper()
            return (
                f"module code {code} is already registered by partner {detail}: choose another "
                f"code, or ask {detail} to submit this module."
            )
        if rule == "unknown_module":
            return (
                f'unknown module "{v}": it must be in an accepted modules file, or in a modules '
                "file uploaded together with this one. Check the code or submit the module first."
            )
        if rule == "only_when_completed":
            return f"{name} must be empty unless status is completed (status is {detail})."
        if rule == "completed_before_enrolled":
            return f"{name} {v} is before enrolled_on ({detail}): check both dates."
        if rule == "ects_not_completed":
            return (
                f"{name} must be 0 or empty unless status is completed (status is {detail}): "
                "ECTS are earned by completing the module."
            )
        if rule == "ects_above_module":
            return f"{name} {v} is more than the module's {_number(detail)} ECTS."
        if rule == "credential_not_completed":
            return (
                f"{name} can be yes only when status is completed (status is {detail}): write no."
            )
        raise ValueError(f"no message for rule {rule!r}")

    def expected(self, column: Column) -> str:
        """What a cell of this column should hold: "enter ..." or the column's description."""
        kind = column.kind
        if kind == "partner":
            return f"enter a partner code, one of {_join(self.project.partner_codes)}"
        if kind == "wp":
            return f"enter a work package, one of {_join(self.project.wp_codes)}"
        if kind == "sdg_list":
            return (
                f"enter one or more SDG goals from {_join(self.project.sdg_goals)}, "
                f'separated by ";" (e.g. {column.example})'
            )
        if kind == "choice":
            return f"enter one of {self.vocabulary(column)}"
        if kind == "choice_list":
            return f'enter one or more of {self.vocabulary(column)}, separated by ";"'
        if kind == "yesno":
            return "enter yes or no"
        if kind == "date":
            return f"enter a date as YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY (e.g. {column.example})"
        if kind == "iso639_list":
            return f'enter ISO 639-1 language codes separated by ";" (e.g. {column.example})'
        if kind == "iso3166":
            return f"enter an ISO 3166-1 two-letter country code (e.g. {column.example})"
        if kind in ("number", "integer"):
            return f"enter a number {_range_phrase(column)} (e.g. {column.example})"
        description = re.sub(r"\s*\(required[^)]*\)$", "", column.description)
        return f"{description} (e.g. {column.example})"

    def vocabulary(self, column: Column) -> str:
        return _join(self.project.vocabulary(column.vocabulary or ""))


def _join(values, last: str = ", ") -> str:
    items = [str(v) for v in values]
    if len(items) <= 1 or last == ", ":
        return ", ".join(items)
    return ", ".join(items[:-1]) + last + items[-1]


def _number(text: str | None) -> str:
    value = float(text or 0)
    return str(int(value)) if value.is_integer() else str(value)


def _range_phrase(column: Column) -> str:
    low, high = column.minimum, column.maximum
    low_text = None if low is None else _number(str(low))
    high_text = None if high is None else _number(str(high))
    if low is not None and high is not None:
        if column.minimum_exclusive:
            return f"more than {low_text} and at most {high_text}"
        return f"from {low_text} to {high_text}"
    if low is not None:
        return f"more than {low_text}" if column.minimum_exclusive else f"{low_text} or more"
    if high is not None:
        return f"at most {high_text}"
    return ""


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
            return x
        return f"CASE WHEN length({x}) <= ${name}_max_length THEN {x} END"
    if kind == "pseudonym":
        return (
            f"CASE WHEN length({x}) <= ${name}_max_length AND NOT {_looks_personal(x)} THEN {x} END"
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
        return f"CASE WHEN regexp_full_match({x}, '{URL_PATTERN}') THEN {x} END"
    if kind == "iso3166":
        return f"CASE WHEN list_contains($countries, upper({x})) THEN upper({x}) END"
    raise ValueError(f"no parser for kind {kind!r}")


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
        "text": "'too_long'",
        "pseudonym": f"CASE WHEN {_looks_personal(x)} THEN 'personal_data' ELSE 'too_long' END",
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
        "url": "'not_url'",
        "iso3166": "'unknown_country'",
    }[kind]
    detail = "NULL"
    if kind in ("partner_list", "iso639_list", "choice_list", "sdg_list"):
        _, bad = _list_items(column)
        detail = f"array_to_string({bad}, ', ')"
    if kind != "text" or column.max_length is not None:
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
