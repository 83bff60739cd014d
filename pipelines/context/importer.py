"""Import one national SDG source into the context store, and list what is stored.

The format is recognised from the files (Open SDG repository, UN SDG Global Database export,
tidy platform scrape). A ``provenance.json`` beside the files may name the source, its
country and its licence; otherwise the licence is read from the LICENSE file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from pipelines.config import Project
from pipelines.context import opensdg, scrape, store, unsdg
from pipelines.context.model import ImportReport, Parsed
from pipelines.context.settings import load_settings
from pipelines.context.source_files import (
    MAX_FIELD_CHARS,
    MAX_LABEL_CHARS,
    SourceFolder,
    unpack_zip,
)
from pipelines.errors import LeslieError, UsageError
from pipelines.paths import DataDir

LICENCE_FILES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENSE.TXT", "LICENCE", "LICENCE.md")
NOT_STATED = "not stated"
SEARCH_DEPTH = 4  # how far below a repository's root its data folder is looked for
SEARCH_FOLDERS = 2_000  # folders looked at, at most


class ContextError(LeslieError):
    """A national SDG source cannot be imported (unknown format, nothing usable in it)."""


def iso_country(code: str) -> str:
    """An ISO 3166-1 country (alpha-2 or alpha-3, any case) as its alpha-2 code."""
    import pycountry

    text = code.strip().upper()
    found = None
    if len(text) == 2:
        found = pycountry.countries.get(alpha_2=text)
    elif len(text) == 3:
        found = pycountry.countries.get(alpha_3=text)
    if found is None:
        raise UsageError(key="context_sources.error.country", country=code[:12])
    return found.alpha_2


def _m49(iso2: str) -> int:
    import pycountry

    return int(pycountry.countries.get(alpha_2=iso2).numeric)


def _alpha3(iso2: str) -> str:
    import pycountry

    return pycountry.countries.get(alpha_2=iso2).alpha_3


def _search_base(src: SourceFolder, data: Path):
    """The data folder, then each folder above it up to the source's root."""
    current = data if data.is_dir() else data.parent
    while True:
        yield current
        if current == src.root or src.root not in current.parents:
            return
        current = current.parent


def provenance(src: SourceFolder, data: Path) -> dict:
    """``provenance.json`` beside the data or above it (up to the source's root), if any."""
    for base in _search_base(src, data):
        found = base / "provenance.json"
        if src.is_file(found):
            meta = src.json_object(found)
            for key in ("name", "country", "licence"):
                if key in meta:
                    src.label(found, key, str(meta[key]))
            if "provenance" in meta:  # a sentence or two: where the figures come from
                src.label(found, "provenance", str(meta["provenance"]), MAX_FIELD_CHARS)
            return meta
    return {}


def licence_of(src: SourceFolder, data: Path) -> str:
    """The first line of the LICENSE file beside the data or above it, bounded in length."""
    for base in _search_base(src, data):
        for name in LICENCE_FILES:
            found = base / name
            if src.is_file(found):
                text = src.read_bytes(found, 1024 * 1024).decode("utf-8", errors="replace")
                for line in text.splitlines():
                    if line.strip():
                        first = line.strip().strip("#").strip()
                        short = len(first) <= MAX_LABEL_CHARS
                        return first if short else first[: MAX_LABEL_CHARS - 1] + "…"
    return NOT_STATED


def detect(src: SourceFolder, path: Path) -> str | None:
    """The format of the data at ``path`` (a folder or a file), None when it is none of them."""
    if opensdg.is_opensdg(src, path):
        return "opensdg"
    if unsdg.is_unsdg(src, path):
        return "unsdg"
    if scrape.is_scrape(src, path):
        return "scrape"
    return None


def locate(src: SourceFolder, path: Path, shown: Path | None = None) -> tuple[str, Path]:
    """The format and data folder of a source: ``path`` itself, or the one folder below it (a
    repository's root holding e.g. ``data_processed_uzb/``) in a format the importer reads.
    Links are not followed while looking; hidden folders (``.git``) are not looked into."""
    found = detect(src, path)
    if found:
        return found, path
    if not path.is_dir():
        raise ContextError(key="context.error.format", path=str(shown or path))
    candidates: list[tuple[str, Path]] = []
    level, looked = [path], 0
    for _ in range(SEARCH_DEPTH):
        below = []
        for folder in level:
            with os.scandir(folder) as it:
                subs = sorted(
                    Path(e.path) for e in it
                    if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)
                )  # fmt: skip
            for sub in subs:
                looked += 1
                if looked > SEARCH_FOLDERS:
                    break
                kind = detect(src, sub)
                if kind:
                    candidates.append((kind, sub))
                else:
                    below.append(sub)
        level = below
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise ContextError(
            key="context_sources.error.several", path=str(shown or path),
            found=", ".join(src.rel(p) for _, p in candidates[:8]),
        )  # fmt: skip
    raise ContextError(key="context.error.format", path=str(shown or path))


def _parse(
    src: SourceFolder, kind: str, data: Path, project: Project, country: str | None
) -> Parsed:
    settings = load_settings(project)
    if kind == "opensdg":
        return opensdg.read(src, data, str(country))
    if kind == "unsdg":
        m49 = dict(settings.m49)
        if country:
            m49[_m49(country)] = country
        return unsdg.read(src, data, m49, country)
    iso3 = {c.iso3: c.iso2 for c in project.countries}
    if country:
        iso3[_alpha3(country)] = country
    return scrape.read(src, data, country, iso3)


def _digest(parsed: Parsed, licence: str, origin: str) -> str:
    """Same figures with the same licence and provenance: the same digest (an import is a no-op)."""
    keyed = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in parsed.rows)
    return hashlib.sha256("\n".join([parsed.format, licence, origin, *keyed]).encode()).hexdigest()


def import_source(
    data_dir: DataDir, project: Project, path: str | Path, country: str | None = None
) -> ImportReport:
    """Read a whole source, then store it at once (or report it unchanged).

    ``country`` may be any ISO 3166-1 country; without one, a file of several countries keeps
    the project's. Raises SourceRefused (nothing stored) for a link, a file outside the
    source or a limit passed; ContextError or UsageError for a source it cannot read.
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(key="context.error.missing", path=str(path))
    if path.is_file() and path.suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory(prefix="leslie-context-") as tmp:
            unpacked = Path(tmp) / path.stem
            unpacked.mkdir()
            unpack_zip(path, unpacked)
            return _import(data_dir, project, unpacked, country, Path(os.path.realpath(path)))
    return _import(data_dir, project, path, country, Path(os.path.realpath(path)))


def _import(
    data_dir: DataDir, project: Project, path: Path, country: str | None, given: Path
) -> ImportReport:
    """Import the source at ``path`` (a folder, a file, or an unpacked archive); ``given`` is
    what the user named (the provenance and what messages show)."""
    src = SourceFolder.of(path)
    real = Path(os.path.realpath(path))
    kind, data = locate(src, real, given)
    meta = provenance(src, data)
    named = country or meta.get("country")
    country = iso_country(str(named)) if named else None
    if kind == "opensdg" and not country:
        raise UsageError(key="context.error.need_country", path=str(given))
    parsed = _parse(src, kind, data, project, country)
    if not parsed.rows:
        raise ContextError(key="context.error.no_rows", path=str(given))
    licence = str(meta.get("licence") or licence_of(src, data))
    origin = str(meta.get("provenance") or given)
    digest = _digest(parsed, licence, origin)
    name = str(meta.get("name") or real.name)
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
