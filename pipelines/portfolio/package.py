"""Reading and checking an open data package from a folder or a zip file.

Nothing is trusted: a zip member that is a link, whose path leaves the package, or that
unpacks beyond the limits is refused while reading (decompression is bounded, the sizes in
the zip's directory are not believed); the descriptor must name format 1.x and the project;
every file must match its SHA-256 and size; the tables must follow their schemas (the types
Frictionless checks, the primary key unique); and no published count may lie between 1 and
the disclosure threshold.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pipelines.errors import UsageError
from pipelines.publish.package import FIGURES_FIELDS, FORMAT, MEASURES_FIELDS

MAX_FILE = 20 * 1024 * 1024  # one file of a package, unpacked
MAX_TOTAL = 50 * 1024 * 1024  # the whole package, unpacked
MAX_MEMBERS = 20
NEEDED = ("datapackage.json", "figures.csv", "measures.csv", "periods.csv")


class PackageRefused(UsageError):
    """A package that cannot be added: its key says why."""


@dataclass
class Package:
    descriptor: dict
    digest: str
    figures: list[dict] = field(default_factory=list)
    measures: list[dict] = field(default_factory=list)

    @property
    def project(self) -> dict:
        return self.descriptor["project"]


def read(path: str | Path) -> Package:
    """The package at ``path`` (a folder holding datapackage.json, the file itself, or a zip),
    checked; PackageRefused otherwise."""
    source = Path(path)
    if source.is_dir():
        files = _from_folder(source)
    elif source.is_file() and zipfile.is_zipfile(source):
        files = _from_zip(source)
    elif source.is_file() and source.name == "datapackage.json":
        files = _from_folder(source.parent)
    else:
        raise PackageRefused(key="portfolio.refused.not_found", path=str(source))
    return check(files)


def _from_folder(folder: Path) -> dict[str, bytes]:
    files = {}
    for name in NEEDED:
        item = folder / name
        if item.is_symlink():
            raise PackageRefused(key="portfolio.refused.link", member=name)
        if not item.is_file():
            raise PackageRefused(key="portfolio.refused.missing", member=name)
        if item.stat().st_size > MAX_FILE:
            raise PackageRefused(key="portfolio.refused.too_large", member=name,
                                 limit=MAX_FILE // 1024 // 1024)  # fmt: skip
        files[name] = item.read_bytes()
    return files


def _from_zip(source: Path) -> dict[str, bytes]:
    """The package's files from a zip: at its root or in one folder; links, escaping paths
    and oversize members refused; each member read at most to the limit."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageRefused(key="portfolio.refused.bad_zip", reason=str(exc)[:200]) from exc
    files: dict[str, bytes] = {}
    total = 0
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS * 5:
            raise PackageRefused(key="portfolio.refused.too_many", limit=MAX_MEMBERS * 5)
        for info in members:
            name = info.filename
            pure = PurePosixPath(name.replace("\\", "/"))
            if pure.is_absolute() or ".." in pure.parts or ":" in name:
                raise PackageRefused(key="portfolio.refused.escape", member=name[:200])
            if stat.S_ISLNK(info.external_attr >> 16):
                raise PackageRefused(key="portfolio.refused.link", member=name[:200])
            if info.is_dir() or pure.name not in NEEDED or len(pure.parts) > 2:
                continue
            if pure.name in files:
                raise PackageRefused(key="portfolio.refused.twice", member=name[:200])
            with archive.open(info) as fh:
                body = fh.read(MAX_FILE + 1)  # never more than the limit, whatever it claims
            if len(body) > MAX_FILE:
                raise PackageRefused(key="portfolio.refused.too_large", member=name[:200],
                                     limit=MAX_FILE // 1024 // 1024)  # fmt: skip
            total += len(body)
            if total > MAX_TOTAL:
                raise PackageRefused(key="portfolio.refused.too_large", member=name[:200],
                                     limit=MAX_TOTAL // 1024 // 1024)  # fmt: skip
            files[pure.name] = body
    for name in NEEDED:
        if name not in files:
            raise PackageRefused(key="portfolio.refused.missing", member=name)
    return files


def check(files: dict[str, bytes]) -> Package:
    try:
        descriptor = json.loads(files["datapackage.json"].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise PackageRefused(key="portfolio.refused.descriptor", reason=str(exc)[:200]) from exc
    if not isinstance(descriptor, dict):
        raise PackageRefused(key="portfolio.refused.descriptor", reason="not an object")
    fmt = descriptor.get("package_format")
    version = str(fmt.get("version", "")) if isinstance(fmt, dict) else ""
    if (
        not isinstance(fmt, dict)
        or fmt.get("name") != FORMAT["name"]
        or (version.split(".")[0] != FORMAT["version"].split(".")[0])
    ):
        raise PackageRefused(key="portfolio.refused.format", found=version or "-",
                             expected=FORMAT["version"])  # fmt: skip
    project = descriptor.get("project")
    wanted = ("number", "acronym", "title", "countries", "partners", "sdgs")
    if not isinstance(project, dict) or any(k not in project for k in wanted):
        raise PackageRefused(key="portfolio.refused.descriptor", reason="project")
    if not str(project["number"]).strip() or not isinstance(project["countries"], list):
        raise PackageRefused(key="portfolio.refused.descriptor", reason="project")
    resources = {r.get("name"): r for r in descriptor.get("resources", []) if isinstance(r, dict)}
    for name in ("figures", "measures", "periods"):
        resource = resources.get(name)
        if not resource or resource.get("path") != f"{name}.csv":
            raise PackageRefused(key="portfolio.refused.descriptor", reason=f"resource {name}")
        body = files[f"{name}.csv"]
        digest = "sha256:" + hashlib.sha256(body).hexdigest()
        if resource.get("hash") != digest or resource.get("bytes") != len(body):
            raise PackageRefused(key="portfolio.refused.checksum", member=f"{name}.csv")
    figures = _table(files["figures.csv"], FIGURES_FIELDS, "figures.csv")
    measures = _table(files["measures.csv"], MEASURES_FIELDS, "measures.csv")
    keys = [(r["measure"], r["sdg"], r["country"], r["period"]) for r in figures]
    if len(set(keys)) != len(keys):
        raise PackageRefused(key="portfolio.refused.table", member="figures.csv", row="-",
                             reason="primary key")  # fmt: skip
    _check_disclosure(descriptor, figures, measures)
    digest = hashlib.sha256(files["datapackage.json"]).hexdigest()
    return Package(descriptor, digest, figures, measures)


def _table(body: bytes, fields: list[dict], member: str) -> list[dict]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageRefused(key="portfolio.refused.table", member=member, row="-",
                             reason="not UTF-8") from exc  # fmt: skip
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    names = [f["name"] for f in fields]
    if header != names:
        raise PackageRefused(key="portfolio.refused.table", member=member, row=1,
                             reason="header")  # fmt: skip
    rows = []
    for n, raw in enumerate(reader, start=2):
        if len(raw) != len(names):
            raise PackageRefused(key="portfolio.refused.table", member=member, row=n,
                                 reason="cells")  # fmt: skip
        row: dict = {}
        for spec, cell in zip(fields, raw, strict=True):
            value: object = cell
            if spec["type"] == "number":
                try:
                    value = float(cell) if cell != "" else None
                except ValueError as exc:
                    raise PackageRefused(key="portfolio.refused.table", member=member, row=n,
                                         reason=spec["name"]) from exc  # fmt: skip
                if value is not None and not math.isfinite(value):
                    raise PackageRefused(key="portfolio.refused.table", member=member, row=n,
                                         reason=spec["name"])  # fmt: skip
            allowed = spec.get("constraints", {}).get("enum")
            if allowed and cell not in allowed:
                raise PackageRefused(key="portfolio.refused.table", member=member, row=n,
                                     reason=spec["name"])  # fmt: skip
            row[spec["name"]] = value
        rows.append(row)
    return rows


def _check_disclosure(descriptor: dict, figures: list[dict], measures: list[dict]) -> None:
    """No published count between 1 and the threshold (the package's own, at least 5)."""
    rules = descriptor.get("disclosure") if isinstance(descriptor.get("disclosure"), dict) else {}
    minimum = max(
        5, int(rules.get("min_count", 5)) if str(rules.get("min_count", "5")).isdigit() else 5
    )
    counts = {m["code"] for m in measures if m["kind"] == "count"}
    for row in figures:
        value = row["value"]
        if row["status"] == "suppressed" and value is not None:
            raise PackageRefused(key="portfolio.refused.withheld_value", measure=row["measure"])
        if row["measure"] in counts and value is not None and 0 < value < minimum:
            raise PackageRefused(key="portfolio.refused.small_count", measure=row["measure"],
                                 minimum=minimum)  # fmt: skip
