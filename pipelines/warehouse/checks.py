"""Run the data checks declared in ``sql/core/_checks.toml`` and store their results.

The declarations name models and columns of our own SQL (never user input); identifiers are
quoted by one helper and checked against the model's columns before any SQL is run.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from pipelines.config import Project
from pipelines.errors import ConfigError
from pipelines.paths import SQL_DIR
from pipelines.warehouse.tables import create_table

CHECKS_FILE = SQL_DIR / "core" / "_checks.toml"
WHERE_FLAGS = {"official", "with_pending"}


@dataclass(frozen=True)
class CheckResult:
    model: str
    check: str
    columns: str
    status: str  # pass | fail
    failing_rows: int
    detail: str


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(con: duckdb.DuckDBPyConnection, model: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [model]
    ).fetchall()
    if not rows:
        raise ConfigError(f"{CHECKS_FILE}: model {model!r} does not exist")
    return {r[0] for r in rows}


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> int:
    return int(con.execute(sql, params or []).fetchall()[0][0])


def run_checks(con: duckdb.DuckDBPyConnection, project: Project) -> list[CheckResult]:
    declared = tomllib.loads(CHECKS_FILE.read_text(encoding="utf-8")).get("check", [])
    results: list[CheckResult] = []
    for decl in declared:
        model = decl["model"]
        cols = _columns(con, model)
        flag = decl.get("where")
        if flag is not None and (flag not in WHERE_FLAGS or flag not in cols):
            raise ConfigError(f"{CHECKS_FILE}: where = {flag!r} is not a basis flag of {model}")
        where = f"WHERE {ident(flag)}" if flag else ""
        scope = f" ({flag})" if flag else ""

        def need(column: str, cols: set[str] = cols, model: str = model) -> str:
            if column not in cols:
                raise ConfigError(f"{CHECKS_FILE}: {model} has no column {column!r}")
            return ident(column)

        if "unique" in decl:
            key = ", ".join(need(c) for c in decl["unique"])
            n = _count(
                con,
                f"SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM {ident(model)} "
                f"{where} GROUP BY {key} HAVING count(*) > 1)",
            )
            results.append(_result(model + scope, "unique", ", ".join(decl["unique"]), n))
        results += _row_checks(con, project, decl, model, need)
    _store(con, results)
    return results


def _row_checks(con, project: Project, decl: dict, model: str, need) -> list[CheckResult]:
    """not_null, accepted_values and relationships of one model, counted in one scan (the
    allowed values and the referenced keys are small lists, read once)."""
    checks: list[tuple[str, str, str, str]] = []  # (check, column, detail, failing condition)
    params: dict[str, list] = {}
    for column in decl.get("not_null", []):
        checks.append(("not_null", column, "", f"{need(column)} IS NULL"))
    for i, (column, vocabulary) in enumerate(decl.get("accepted_values", {}).items()):
        params[f"allowed{i}"] = list(project.vocabulary(vocabulary))
        condition = (
            f"{need(column)} IS NOT NULL AND NOT list_contains($allowed{i}, {ident(column)})"
        )
        checks.append(("accepted_values", column, vocabulary, condition))
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
        checks.append(("relationships", column, target, condition))
    if not checks:
        return []
    counts = ", ".join(f"count_if({condition})" for *_, condition in checks)
    sql = f"SELECT {counts} FROM {ident(model)} AS a {' '.join(joins)}"
    found = con.execute(sql, params).fetchone() or ()
    return [
        _result(model, check, column, int(n or 0), detail)
        for (check, column, detail, _), n in zip(checks, found, strict=True)
    ]


def _result(model: str, check: str, columns: str, failing: int, detail: str = "") -> CheckResult:
    return CheckResult(model, check, columns, "pass" if failing == 0 else "fail", failing, detail)


def _store(con: duckdb.DuckDBPyConnection, results: list[CheckResult]) -> None:
    con.execute("DROP TABLE IF EXISTS check_result")
    create_table(
        con,
        "check_result",
        [r.__dict__ for r in results],
        pa.schema(
            [
                ("model", pa.string()),
                ("check", pa.string()),
                ("columns", pa.string()),
                ("status", pa.string()),
                ("failing_rows", pa.int64()),
                ("detail", pa.string()),
            ]
        ),
    )
