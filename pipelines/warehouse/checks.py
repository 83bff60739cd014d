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
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [model]
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
        for column in decl.get("not_null", []):
            n = _count(con, f"SELECT count(*) FROM {ident(model)} WHERE {need(column)} IS NULL")
            results.append(_result(model, "not_null", column, n))
        for column, vocabulary in decl.get("accepted_values", {}).items():
            allowed = list(project.vocabulary(vocabulary))
            n = _count(
                con,
                f"SELECT count(*) FROM {ident(model)} WHERE {need(column)} IS NOT NULL "
                f"AND NOT list_contains($allowed, {ident(column)})",
                {"allowed": allowed},  # type: ignore[arg-type]
            )
            results.append(_result(model, "accepted_values", column, n, vocabulary))
        for column, target in decl.get("relationships", {}).items():
            other, other_col = target.split(".")
            _columns(con, other)
            n = _count(
                con,
                f"SELECT count(*) FROM {ident(model)} AS a WHERE a.{need(column)} IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {ident(other)} AS b "
                f"WHERE b.{ident(other_col)} = a.{ident(column)})",
            )
            results.append(_result(model, "relationships", column, n, target))
    _store(con, results)
    return results


def _result(model: str, check: str, columns: str, failing: int, detail: str = "") -> CheckResult:
    return CheckResult(model, check, columns, "pass" if failing == 0 else "fail", failing, detail)


def _store(con: duckdb.DuckDBPyConnection, results: list[CheckResult]) -> None:
    table = pa.Table.from_pylist(
        [r.__dict__ for r in results],
        schema=pa.schema(
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
    con.register("_check_rows", table)
    con.execute("CREATE OR REPLACE TABLE check_result AS SELECT * FROM _check_rows")
    con.unregister("_check_rows")
