"""The context store: ``<data dir>/context/imported/`` holds one Parquet file per imported source and
``manifest.json`` naming each source's current file with its provenance and licence.

A source is stored whole or not at all: its rows go to a new file named after their digest,
then the manifest is replaced atomically; the previous file is removed only after that.
Importing the same files again finds the same digest and changes nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.context.model import COLUMNS, SCHEMA
from pipelines.paths import DataDir

MANIFEST = "manifest.json"


def folder(data_dir: DataDir) -> Path:
    return data_dir.root / "context" / "imported"


@dataclass(frozen=True)
class SourceEntry:
    id: str
    name: str
    format: str
    digest: str
    file: str
    licence: str
    provenance: str
    countries: tuple[str, ...]
    rows: int
    imported_at: str

    def as_dict(self) -> dict:
        return {**self.__dict__, "countries": list(self.countries)}


def manifest(data_dir: DataDir) -> dict[str, SourceEntry]:
    path = folder(data_dir) / MANIFEST
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {
        k: SourceEntry(**{**v, "countries": tuple(v["countries"])})
        for k, v in raw.get("sources", {}).items()
    }


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def save(data_dir: DataDir, entry: SourceEntry, rows: list[dict]) -> None:
    """Write the source's rows, then publish them by replacing the manifest."""
    root = folder(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist([{c: r.get(c) for c in COLUMNS} for r in rows], schema=SCHEMA)
    target = root / entry.file
    tmp = root / f".{entry.file}.{os.getpid()}.tmp"
    pq.write_table(table, tmp)
    os.replace(tmp, target)
    entries = manifest(data_dir)
    previous = entries.get(entry.id)
    entries[entry.id] = entry
    body = {"sources": {k: v.as_dict() for k, v in sorted(entries.items())}}
    _write_atomic(root / MANIFEST, json.dumps(body, ensure_ascii=False, indent=2).encode())
    if previous and previous.file != entry.file:
        (root / previous.file).unlink(missing_ok=True)


def files(data_dir: DataDir) -> list[Path]:
    """The current Parquet file of every source (what the warehouse build loads)."""
    root = folder(data_dir)
    return [root / e.file for e in manifest(data_dir).values() if (root / e.file).exists()]


def read_all(data_dir: DataDir) -> pa.Table:
    paths = files(data_dir)
    if not paths:
        return SCHEMA.empty_table()
    return pa.concat_tables([pq.read_table(p, schema=SCHEMA) for p in paths])
