"""The open data package: the public figures as a Frictionless Data Package
(``datapackage.json`` with table schemas, licence and sources, plus CSV files), under the
disclosure control of the public page. Written to a new folder, then moved into place.

The descriptor also carries the project's identity as fields (``project``), the date of the
figures and of publishing, the release that wrote it and the version of this package format
(``package_format``, documented in docs/open-data-package.md), and every resource its
SHA-256 (``hash``) and size (``bytes``), so another installation can check it."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pipelines
from pipelines.audit import log as audit
from pipelines.catalogue import elm
from pipelines.catalogue.public import ELEMENT_FIELDS, elements, ready_modules
from pipelines.config import Project
from pipelines.config import today as reporting_day
from pipelines.metrics.indicators import number
from pipelines.paths import DataDir
from pipelines.publish.figures import BASE, COUNT, Figure, public_figures, public_settings
from pipelines.warehouse.build import read_warehouse
from pipelines.words.cells import safe_cell

FIGURES_FIELDS = [
    {"name": "measure", "type": "string", "description": "indicator code (see measures.csv)"},
    {"name": "sdg", "type": "string", "description": "SDG goal number, or ALL for every SDG"},
    {"name": "country", "type": "string", "description": "ISO 3166-1 alpha-2, or ALL"},
    {"name": "period", "type": "string", "description": "reporting period id, or ALL"},
    {"name": "value", "type": "number", "description": "empty when withheld"},
    {"name": "status", "type": "string", "constraints": {"enum": ["published", "suppressed"]}},
    {"name": "target", "type": "number",
     "description": "the scope's target over the period; empty where none applies"},
    {"name": "expected", "type": "number",
     "description": "the value expected by the date of the figures; empty where no target"},
]  # fmt: skip
MEASURES_FIELDS = [
    *({"name": n, "type": "string"} for n in ("code", "name", "unit", "definition")),
    {"name": "kind", "type": "string", "constraints": {"enum": ["count", "share"]}},
    {"name": "direction", "type": "string"},
    {"name": "target", "type": "number", "description": "the whole project's target"},
    {"name": "sdgs", "type": "string", "description": "SDG goals, separated by spaces"},
]
FORMAT = {"name": "leslie-open-data", "version": "1.0"}  # docs/open-data-package.md


# the micro-credentials ready to publish (one row each; their ELM JSON-LD in catalogue/)
CATALOGUE_FIELDS = [
    {"name": name, "type": {"ects": "number", "eqf_level": "integer"}.get(name, "string")}
    for name in ELEMENT_FIELDS
]


@dataclass(frozen=True)
class Written:
    descriptor: Path
    published: int
    suppressed: int

    def as_dict(self) -> dict:
        return {"datapackage": str(self.descriptor), "published": self.published,
                "suppressed": self.suppressed}  # fmt: skip


def _csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows([["" if v is None else safe_cell(v) for v in r] for r in rows])


def _resource(name: str, fields: list[dict], keys: list[str] | None = None) -> dict:
    schema: dict = {"fields": fields}
    if keys:
        schema["primaryKey"] = keys
    return {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}  # fmt: skip


def identity(project: Project) -> dict:
    """The project as fields: who, what, where, when (data/project.toml)."""
    countries = {c.iso2: c.name for c in project.countries}
    return {
        "programme": project.programme,
        "call": project.call,
        "number": project.number,
        "acronym": project.acronym,
        "title": project.title,
        "coordinator": project.coordinator,
        "start": project.start.isoformat(),
        "end": project.end.isoformat(),
        "synthetic": project_is_synthetic(project),
        "countries": [{"iso2": k, "name": v} for k, v in countries.items()],
        "partners": [
            {"code": p.code, "name": p.name, "country": p.country, "type": p.type}
            for p in project.partners
        ],
        "sdgs": list(project.sdg_goals),
    }


def project_is_synthetic(project: Project) -> bool:
    """``synthetic = true`` in [project]: a made-up project (a sample), said in its package."""
    with Path(project.source).open("rb") as fh:
        return bool(tomllib.load(fh).get("project", {}).get("synthetic", False))


def descriptor(
    project: Project, as_of: dt.date | None = None, created: dt.datetime | None = None
) -> dict:
    s = public_settings(project)
    minimum = project.access.public_min_count
    created = created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    return {
        "profile": "tabular-data-package",
        "name": f"{project.acronym.lower()}-public-figures",
        "title": f"{project.acronym}: public results per SDG, country and reporting period",
        "description": (
            f"Results of the {project.programme} project {project.acronym} ({project.number}). "
            f"Counts below {minimum} are withheld, with further cells withheld so that totals "
            "cannot give them back or bound them closer than that; percentages are shown only "
            f"on a base of at least {s.min_base}. Periods are whole reporting periods. "
            "ALL marks a total."
        ),
        "homepage": project.website,
        "created": created.isoformat().replace("+00:00", "Z"),
        "package_format": dict(FORMAT),
        "release": pipelines.__version__,
        "figures_as_of": (as_of or reporting_day()).isoformat(),
        "disclosure": {"min_count": minimum, "min_base": s.min_base},
        "project": identity(project),
        "licenses": [{"name": s.licence, "title": s.licence_title, "path": s.licence_path}],
        "sources": [{"title": f"{project.acronym} partners' approved submissions"}],
        "resources": [
            _resource("figures", FIGURES_FIELDS, ["measure", "sdg", "country", "period"]),
            _resource("measures", MEASURES_FIELDS, ["code"]),
            _resource("periods", [{"name": "id", "type": "string"}, {"name": "name", "type": "string"},
                                  {"name": "start", "type": "date"}, {"name": "end", "type": "date"}], ["id"]),
            _resource("catalogue", CATALOGUE_FIELDS, ["module_code"]),
        ],
    }  # fmt: skip


def write_package(
    data_dir: DataDir, project: Project, out: str | Path, by: str | None = None
) -> Written:
    """Compute the public figures and write the package to ``out`` (replacing its files).

    The publication is audited under ``by`` (default: the operating-system user): where it
    went, how many figures were published and suppressed, and the SHA-256 of the figures."""
    as_of = reporting_day()
    with read_warehouse(data_dir.warehouse) as con:
        figures = public_figures(con, project, as_of)
        modules = ready_modules(con, project)
    target = Path(out)
    work = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _write_catalogue(work, project, modules)  # before the descriptor, which hashes every file
    _write_files(work, project, figures, as_of)
    target.mkdir(parents=True, exist_ok=True)
    for f in work.iterdir():
        if f.is_dir():
            shutil.rmtree(target / f.name, ignore_errors=True)
        os.replace(f, target / f.name)
    work.rmdir()
    shown = sum(f.status == "published" for f in figures)
    written = Written(target / "datapackage.json", shown, len(figures) - shown)
    audit.record(
        data_dir,
        by or audit.os_user(),
        "publish",
        str(target.resolve()),
        published=written.published,
        suppressed=written.suppressed,
        sha256=hashlib.sha256((target / "figures.csv").read_bytes()).hexdigest(),
    )
    return written


def _write_files(folder: Path, project: Project, figures: list[Figure], as_of: dt.date) -> None:
    s = public_settings(project)
    _csv(folder / "figures.csv", [f["name"] for f in FIGURES_FIELDS],
         [[f.measure, f.sdg, f.country, f.period, number(f.value), f.status, number(f.target),
           number(f.expected)] for f in figures])  # fmt: skip
    rows = []
    for c in [*s.measures, *([s.share] if s.share else [])]:
        ind = project.indicator(c)
        rows.append([c, ind.name, ind.unit, ind.definition, ind.kind, ind.direction,
                     number(ind.target), " ".join(str(g) for g in ind.sdg_goals)])  # fmt: skip
    if s.share:
        ind = project.indicator(s.share)
        rows.append([s.share + COUNT, f"{ind.name} (count)", "people",
                     f"The part counted by {s.share}: {ind.definition}", "count", ind.direction,
                     None, " ".join(str(g) for g in ind.sdg_goals)])  # fmt: skip
        if not s.share_whole:
            rows.append([s.share + BASE, f"{ind.name} (base)", "people",
                         f"The base {s.share} is a share of", "count", "", None,
                         " ".join(str(g) for g in ind.sdg_goals)])  # fmt: skip
    _csv(folder / "measures.csv", [f["name"] for f in MEASURES_FIELDS], rows)
    _csv(folder / "periods.csv", ["id", "name", "start", "end"],
         [[p.id, p.name, p.start.isoformat(), p.end.isoformat()] for p in project.periods])  # fmt: skip
    package = descriptor(project, as_of)
    for resource in package["resources"]:
        body = (folder / resource["path"]).read_bytes()
        resource["hash"] = "sha256:" + hashlib.sha256(body).hexdigest()
        resource["bytes"] = len(body)
    text = json.dumps(package, ensure_ascii=False, indent=2)
    (folder / "datapackage.json").write_text(text + "\n", encoding="utf-8")


def _write_catalogue(folder: Path, project: Project, modules: list[dict]) -> None:
    """``catalogue.csv`` (the Council Recommendation's elements, in English where given) and
    each module's ELM v3 JSON-LD under ``catalogue/``."""
    rows = [elements(m, project, "en") for m in modules]
    _csv(folder / "catalogue.csv", list(ELEMENT_FIELDS),
         [[r[name] for name in ELEMENT_FIELDS] for r in rows])  # fmt: skip
    elm.write(folder / "catalogue", modules, project)
