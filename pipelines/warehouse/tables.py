"""DuckDB connections as the library opens them, and small tables from Python rows.

Connections never install or load extensions (nothing leaves the machine) and never draw a
progress bar (DuckDB writes it to standard output, where JSON is expected). Small tables are
declared with an Arrow schema and inserted as bound lists: values never pass through SQL text,
and no Python object is registered with DuckDB, which would make it import pandas, a second of
start-up for every command that ingests.
"""

from __future__ import annotations

import contextlib

import duckdb
import pyarrow as pa

DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
SQL_TYPES = {
    pa.string(): "VARCHAR",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.date32(): "DATE",
}


def connect(path: str = ":memory:", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection with the library's settings (the progress bar is a session setting)."""
    con = duckdb.connect(path, read_only=read_only, config=DUCKDB_CONFIG)
    # in a notebook DuckDB draws it with widgets, not on standard output, and refuses the setting
    with contextlib.suppress(duckdb.InvalidInputException):
        con.execute("SET enable_progress_bar = false")
    return con


def open_read_only(path: str) -> duckdb.DuckDBPyConnection:
    """The file at ``path`` as it is on disk now, read-only.

    ``duckdb.connect(path)`` hands back a database this process already has open on that path,
    and after a new build is published (os.replace) that is the previous file: a page or a
    build plan would read old figures. Attaching the file to a private in-memory database
    always opens the file the path names now."""
    con = connect()
    con.execute(f"ATTACH '{path.replace(chr(39), chr(39) * 2)}' AS warehouse (READ_ONLY)")
    con.execute("USE warehouse")
    return con


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
