"""Run the data checks declared in ``sql/core/_checks.toml`` and store their results.

The declarations name models and columns of our own SQL (never user input); identifiers are
quoted by one helper and checked against the model's columns before any SQL is run.

A declaration with ``partition = "<column>"`` is counted per value of that column (a partner)
and kept in ``check_partial``: its rules never compare rows of two partners, so an incremental
build counts again only the partners whose rows it replaced, and the result is their sum.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from pipelines.config import Project
from pipelines.errors import ConfigError
from pipelines.paths import SQL_DIR
from pipelines.warehouse.tables import create_table, insert_rows

CHECKS_FILE = SQL_DIR / "core" / "_checks.toml"
WHERE_FLAGS = {"official", "with_pending"}
RESULT_SCHEMA = pa.schema(
    [
        ("model", pa.string()),
        ("check", pa.string()),
        ("columns", pa.string()),
        ("status", pa.string()),
        ("failing_rows", pa.int64()),
        ("detail", pa.string()),
    ]
)
PARTIAL_SCHEMA = pa.schema(
    [
        ("model", pa.string()),
        ("check", pa.string()),
        ("columns", pa.string()),
        ("part", pa.string()),
        ("failing_rows", pa.int64()),
    ]
)


@dataclass(frozen=True)
class CheckResult:
    model: str
    check: str
    columns: str
    status: str  # pass | fail
    failing_rows: int
    detail: str


@dataclass(frozen=True)
class _Rule:
    """One check of a declaration: its name, columns, detail and how it is counted."""

    check: str
    columns: str
    detail: str
    condition: str = ""  # a row rule's failing condition; empty for a unique key


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(con: duckdb.DuckDBPyConnection, model: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [model]
    ).fetchall()
    if not rows:
        raise ConfigError(f"{CHECKS_FILE}: model {model!r} does not exist")
    return {r[0] for r in rows}


def run_checks(
    con: duckdb.DuckDBPyConnection, project: Project, parts: list[str] | None = None
) -> list[CheckResult]:
    """Every declared check; partitioned ones counted again only for ``parts`` (None: all)."""
    declared = tomllib.loads(CHECKS_FILE.read_text(encoding="utf-8")).get("check", [])
    if parts is None or "check_partial" not in _tables(con):
        con.execute("DROP TABLE IF EXISTS check_partial")
        create_table(con, "check_partial", [], PARTIAL_SCHEMA)
        parts = None
    results: list[CheckResult] = []
    for decl in declared:
        results += _declaration(con, project, decl, parts)
    _store(con, results)
    return results


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def _declaration(con, project: Project, decl: dict, parts: list[str] | None) -> list[CheckResult]:
    model = decl["model"]
    cols = _columns(con, model)
    flag = decl.get("where")
    if flag is not None and (flag not in WHERE_FLAGS or flag not in cols):
        raise ConfigError(f"{CHECKS_FILE}: where = {flag!r} is not a basis flag of {model}")
    partition = decl.get("partition")

    def need(column: str) -> str:
        if column not in cols:
            raise ConfigError(f"{CHECKS_FILE}: {model} has no column {column!r}")
        return ident(column)

    label = model + (f" ({flag})" if flag else "")
    group = need(partition) if partition else None
    results = []
    if "unique" in decl:
        key = ", ".join(need(c) for c in decl["unique"])
        rule = _Rule("unique", ", ".join(decl["unique"]), "")
        where = ident(flag) if flag else "true"
        counted = _unique_counts(con, model, key, where, group, parts)
        results.append(_settle(con, label, rule, counted, group, parts))
    rules, joins, params = _row_rules(con, project, decl, need)
    if rules:
        counted = _row_counts(con, model, rules, joins, params, group, parts)
        for i, rule in enumerate(rules):
            found = [(part, row[i]) for part, row in counted]
            results.append(_settle(con, model, rule, found, group, parts))
    return results


def _scope(group: str | None, parts: list[str] | None) -> tuple[str, dict]:
    """The partition column selected first, and the filter to the parts counted again."""
    if group is None:
        return "NULL", {}
    if parts is None:
        return group, {}
    return group, {"parts": parts}


def _unique_counts(con, model, key, where, group, parts) -> list[tuple]:
    part, params = _scope(group, parts)
    only = f"AND list_contains($parts, {group})" if params else ""
    by = f"{group}, {key}" if group else key
    return con.execute(
        f"SELECT part, coalesce(sum(n - 1), 0) FROM (SELECT {part} AS part, count(*) AS n "
        f"FROM {ident(model)} WHERE {where} {only} GROUP BY {by} HAVING count(*) > 1) "
        "GROUP BY part",
        params,
    ).fetchall()


def _row_counts(con, model, rules, joins, params, group, parts) -> list[tuple]:
    part, scoped = _scope(group, parts)
    only = f"WHERE list_contains($parts, a.{group})" if scoped else ""
    counts = ", ".join(f"count_if({r.condition})" for r in rules)
    rows = con.execute(
        f"SELECT {part if group is None else 'a.' + group} AS part, {counts} "
        f"FROM {ident(model)} AS a {' '.join(joins)} {only} GROUP BY ALL",
        {**params, **scoped},
    ).fetchall()
    return [(row[0], row[1:]) for row in rows]


def _row_rules(con, project: Project, decl: dict, need: Callable[[str], str]):
    """not_null, accepted_values and relationships of one model, to be counted in one scan
    (the allowed values are bound lists; the referenced keys, small tables joined once)."""
    rules: list[_Rule] = []
    params: dict[str, list] = {}
    for column in decl.get("not_null", []):
        rules.append(_Rule("not_null", column, "", f"a.{need(column)} IS NULL"))
    for i, (column, vocabulary) in enumerate(decl.get("accepted_values", {}).items()):
        params[f"allowed{i}"] = list(project.vocabulary(vocabulary))
        condition = (
            f"a.{need(column)} IS NOT NULL AND NOT list_contains($allowed{i}, a.{ident(column)})"
        )
        rules.append(_Rule("accepted_values", column, vocabulary, condition))
    joins = []
    for i, (column, target) in enumerate(decl.get("relationships", {}).items()):
        other, other_col = target.split(".")
        if other_col not in _columns(con, other):
            raise ConfigError(f"{CHECKS_FILE}: {other} has no column {other_col!r}")
        joins.append(
            f"LEFT JOIN (SELECT DISTINCT {ident(other_col)} AS k FROM {ident(other)}) AS r{i} "
            f"ON r{i}.k = a.{need(column)}"
        )
        condition = f"a.{ident(column)} IS NOT NULL AND r{i}.k IS NULL"
        rules.append(_Rule("relationships", column, target, condition))
    return rules, joins, params


def _settle(con, label: str, rule: _Rule, counted, group, parts) -> CheckResult:
    """The failing rows of one check: counted now, or (partitioned) the stored counts of the
    parts not counted again plus the new counts of those that were."""
    if group is None:
        return _result(label, rule, sum(int(n or 0) for _, n in counted))
    key = {"model": label, "check": rule.check, "columns": rule.columns}
    if parts is not None:
        con.execute(
            'DELETE FROM check_partial WHERE model = $model AND "check" = $check '
            "AND columns = $columns AND list_contains($parts, part)",
            {**key, "parts": parts},
        )
    rows = [{**key, "part": part, "failing_rows": int(n or 0)} for part, n in counted]
    insert_rows(con, "check_partial", [r for r in rows if r["failing_rows"]], PARTIAL_SCHEMA)
    (failing,) = con.execute(
        "SELECT coalesce(sum(failing_rows), 0) FROM check_partial "
        'WHERE model = $model AND "check" = $check AND columns = $columns',
        key,
    ).fetchone()
    return _result(label, rule, int(failing))


def _result(model: str, rule: _Rule, failing: int) -> CheckResult:
    status = "pass" if failing == 0 else "fail"
    return CheckResult(model, rule.check, rule.columns, status, failing, rule.detail)


def _store(con: duckdb.DuckDBPyConnection, results: list[CheckResult]) -> None:
    con.execute("DROP TABLE IF EXISTS check_result")
    create_table(con, "check_result", [r.__dict__ for r in results], RESULT_SCHEMA)
