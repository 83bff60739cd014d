"""The open data package: the public figures as a Frictionless Data Package
(``datapackage.json`` with table schemas, licence and sources, plus CSV files), under the
disclosure control of the public page. Written to a new folder, then moved into place."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipelines.access import audit
from pipelines.config import Project
from pipelines.metrics.indicators import number
from pipelines.paths import DataDir
from pipelines.publish.figures import Figure, public_figures, public_settings
from pipelines.warehouse.build import read_warehouse
from pipelines.words.cells import safe_cell

FIGURES_FIELDS = [
    {"name": "measure", "type": "string", "description": "indicator code (see measures.csv)"},
    {"name": "sdg", "type": "string", "description": "SDG goal number, or ALL for every SDG"},
    {"name": "country", "type": "string", "description": "ISO 3166-1 alpha-2, or ALL"},
    {"name": "period", "type": "string", "description": "reporting period id, or ALL"},
    {"name": "value", "type": "number", "description": "empty when withheld"},
    {"name": "status", "type": "string", "constraints": {"enum": ["published", "suppressed"]}},
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


def descriptor(project: Project) -> dict:
    s = public_settings(project)
    minimum = project.access.public_min_count
    return {
        "profile": "tabular-data-package",
        "name": f"{project.acronym.lower()}-public-figures",
        "title": f"{project.acronym}: public results per SDG, country and reporting period",
        "description": (
            f"Results of the {project.programme} project {project.acronym} ({project.number}). "
            f"Counts below {minimum} are withheld, with further cells withheld so that totals "
            "cannot give them back; percentages are shown only on a base of at least "
            f"{s.min_base}. Periods are whole reporting periods. ALL marks a total."
        ),
        "homepage": project.website,
        "licenses": [{"name": s.licence, "title": s.licence_title, "path": s.licence_path}],
        "sources": [{"title": f"{project.acronym} partners' approved submissions"}],
        "resources": [
            _resource("figures", FIGURES_FIELDS, ["measure", "sdg", "country", "period"]),
            _resource("measures", [{"name": n, "type": "string"} for n in ("code", "name", "unit", "definition")], ["code"]),
            _resource("periods", [{"name": "id", "type": "string"}, {"name": "name", "type": "string"},
                                  {"name": "start", "type": "date"}, {"name": "end", "type": "date"}], ["id"]),
        ],
    }  # fmt: skip


def write_package(
    data_dir: DataDir, project: Project, out: str | Path, by: str | None = None
) -> Written:
    """Compute the public figures and write the package to ``out`` (replacing its files).

    The publication is audited under ``by`` (default: the operating-system user): where it
    went, how many figures were published and suppressed, and the SHA-256 of the figures."""
    with read_warehouse(data_dir.warehouse) as con:
        figures = public_figures(con, project)
    target = Path(out)
    work = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _write_files(work, project, figures)
    target.mkdir(parents=True, exist_ok=True)
    for f in work.iterdir():
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


def _write_files(folder: Path, project: Project, figures: list[Figure]) -> None:
    s = public_settings(project)
    _csv(folder / "figures.csv", [f["name"] for f in FIGURES_FIELDS],
         [[f.measure, f.sdg, f.country, f.period, number(f.value), f.status] for f in figures])  # fmt: skip
    codes = [*s.measures, *([s.share] if s.share else [])]
    _csv(folder / "measures.csv", ["code", "name", "unit", "definition"],
         [[c, project.indicator(c).name, project.indicator(c).unit, project.indicator(c).definition]
          for c in codes])  # fmt: skip
    _csv(folder / "periods.csv", ["id", "name", "start", "end"],
         [[p.id, p.name, p.start.isoformat(), p.end.isoformat()] for p in project.periods])  # fmt: skip
    text = json.dumps(descriptor(project), ensure_ascii=False, indent=2)
    (folder / "datapackage.json").write_text(text + "\n", encoding="utf-8")
