"""Load the national SDG figures of the context store (``<data dir>/context/imported``, written
by ``context import``) into the build's ``src_context`` table, when there are any."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

CONTEXT_STORE = Path("context") / "imported"


def load_context(con: duckdb.DuckDBPyConnection, root: Path) -> int:
    """Append every imported source's current Parquet file; the number of files loaded."""
    folder = root / CONTEXT_STORE
    manifest = folder / "manifest.json"
    if not manifest.exists():
        return 0
    sources = json.loads(manifest.read_text(encoding="utf-8")).get("sources", {})
    files = [str(folder / s["file"]) for s in sources.values() if (folder / s["file"]).exists()]
    if files:
        con.read_parquet(files, union_by_name=True).create_view("_parquet_context")
        con.execute("INSERT INTO src_context BY NAME SELECT * FROM _parquet_context")
        con.execute("DROP VIEW _parquet_context")
    return len(files)
