"""Import one national SDG source into the context store, and list what is stored.

The format is recognised from the files (Open SDG repository, UN SDG Global Database export,
tidy platform scrape). A ``provenance.json`` beside the files may name the source, its
country and its licence; otherwise the licence is read from the LICENSE file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pandas as pd

from pipelines.config import Project
from pipelines.context import opensdg, scrape, store, unsdg
from pipelines.context.model import ImportReport, Parsed
from pipelines.context.settings import load_settings
from pipelines.errors import LeslieError, UsageError
from pipelines.paths import DataDir

LICENCE_FILES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENSE.TXT", "LICENCE", "LICENCE.md")
NOT_STATED = "not stated"


class ContextError(LeslieError):
    """A national SDG source cannot be imported (unknown format, nothing usable in it)."""


def provenance(path: Path) -> dict:
    """``provenance.json`` of a source folder (or of a file's folder), when there is one."""
    base = path if path.is_dir() else path.parent
    found = base / "provenance.json"
    return json.loads(found.read_text(encoding="utf-8")) if found.is_file() else {}


def licence_of(path: Path) -> str:
    base = path if path.is_dir() else path.parent
    for name in LICENCE_FILES:
        found = base / name
        if found.is_file():
            for line in found.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.strip():
                    return line.strip().strip("#").strip()
    return NOT_STATED


def _parse(path: Path, project: Project, country: str | None) -> Parsed:
    settings = load_settings(project)
    if opensdg.is_opensdg(path):
        if not country:
            raise UsageError(key="context.error.need_country", path=str(path))
        return opensdg.read(path, country)
    if unsdg.is_unsdg(path):
        return unsdg.read(path, settings.m49, country)
    if scrape.is_scrape(path):
        iso3 = {c.iso3: c.iso2 for c in project.countries}
        return scrape.read(path, country, iso3)
    raise ContextError(key="context.error.format", path=str(path))


def _digest(parsed: Parsed, licence: str, origin: str) -> str:
    """Same figures with the same licence and provenance: the same digest (an import is a no-op)."""
    keyed = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in parsed.rows)
    return hashlib.sha256("\n".join([parsed.format, licence, origin, *keyed]).encode()).hexdigest()


def import_source(
    data_dir: DataDir, project: Project, path: str | Path, country: str | None = None
) -> ImportReport:
    """Read a whole source, then store it at once (or report it unchanged)."""
    path = Path(path)
    if not path.exists():
        raise UsageError(key="context.error.missing", path=str(path))
    meta = provenance(path)
    country = (country or meta.get("country") or "").upper() or None
    if country and country not in {c.iso2 for c in project.countries}:
        raise UsageError(key="context.error.country", country=country)
    parsed = _parse(path, project, country)
    if not parsed.rows:
        raise ContextError(key="context.error.no_rows", path=str(path))
    licence = str(meta.get("licence") or licence_of(path))
    origin = str(meta.get("provenance") or path.resolve())
    digest = _digest(parsed, licence, origin)
    name = str(meta.get("name") or path.resolve().name)
    countries = tuple(sorted({r["country"] for r in parsed.rows}))
    source_id = f"{parsed.format}:{'+'.join(countries)}:{name}"
    current = store.manifest(data_dir).get(source_id)
    status = "unchanged" if current and current.digest == digest else "imported"
    if status == "imported":
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        for r in parsed.rows:
            r.update(source=name, licence=licence, imported_at=now)
        entry = store.SourceEntry(
            id=source_id, name=name, format=parsed.format, digest=digest,
            file=f"{digest[:16]}.parquet", licence=licence,
            provenance=origin,
            countries=countries, rows=len(parsed.rows), imported_at=now,
        )  # fmt: skip
        data_dir.root.mkdir(parents=True, exist_ok=True)
        store.save(data_dir, entry, parsed.rows)
    series = {(r["country"], r["indicator"], r["series"]) for r in parsed.rows}
    return ImportReport(
        name, parsed.format, status, countries, len(parsed.files_read), len(series),
        len(parsed.rows), parsed.rows_dropped, tuple(parsed.skipped),
    )  # fmt: skip


def list_series(data_dir: DataDir, country: str | None = None) -> list[dict]:
    """One entry per stored series: the contract of ``context list --json``."""
    frame = store.read_all(data_dir).to_pandas()
    if country:
        frame = frame[frame["country"] == country.upper()]
    if frame.empty:
        return []
    grouped = frame.groupby(["indicator", "series", "country", "source"], sort=True).agg(
        first=("year", "min"), last=("year_end", "max"), rows=("value", "size")
    )
    return [
        {
            "indicator": ind,
            "series": series,
            "country": iso2,
            "years": [int(g["first"]), int(g["last"])],
            "rows": int(g["rows"]),
            "source": source,
        }
        for (ind, series, iso2, source), g in grouped.iterrows()
    ]


def frame(data_dir: DataDir) -> pd.DataFrame:
    return store.read_all(data_dir).to_pandas()
