"""Small tables from Python rows, declared with an Arrow schema, inserted as bound lists.

Values never pass through SQL text, and no Python object is registered with DuckDB: that
would make DuckDB import pandas, a second of start-up for every command that ingests.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

SQL_TYPES = {
    pa.string(): "VARCHAR",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.date32(): "DATE",
}


def sql_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_list(arrow_type):
        return sql_type(arrow_type.value_type) + "[]"
    return SQL_TYPES[arrow_type]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_table(
    con: duckdb.DuckDBPyConnection, name: str, rows: list[dict], schema: pa.Schema
) -> None:
    """A new table ``name`` with the schema's columns, holding ``rows``."""
    columns = ", ".join(f"{quote(f.name)} {sql_type(f.type)}" for f in schema)
    con.execute(f"CREATE TABLE {quote(name)} ({columns})")
    insert_rows(con, name, rows, schema)


def insert_rows(
    con: duckdb.DuckDBPyConnection, name: str, rows: list[dict], schema: pa.Schema
) -> None:
    """Append ``rows`` (dicts by column name; a missing key is NULL) to table ``name``."""
    if not rows:
        return
    params = {f"c{i}": [row.get(f.name) for row in rows] for i, f in enumerate(schema)}
    cells = ", ".join(f"unnest($c{i}::{sql_type(f.type)}[])" for i, f in enumerate(schema))
    con.execute(f"INSERT INTO {quote(name)} SELECT {cells}", params)
