"""The sample portfolio: two made-up projects' open data packages, so the portfolio page has
something to show beside LESLIE's own.

Each project is LESLIE's ``project.toml`` with another identity (acronym, number, title),
marked ``synthetic = true`` (said in its package and on the page), its own choice of
published measures, and its own seeded invented submissions (``generate.py``). Each is
ingested into a scratch installation, published with ``publish``, and added to the sample
installation's portfolio with the same checks as any other package. Run it with
``python -m pipelines.sample.portfolio DATA_DIR`` or through ``demo``.
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipelines.config import Project, load_project
from pipelines.paths import BUNDLED_PROJECT, DataDir
from pipelines.portfolio import package, store
from pipelines.publish.package import write_package
from pipelines.sample.generate import generate_sample
from pipelines.submissions.ingest import Source, ingest

ACTOR = "demo"


@dataclass(frozen=True)
class SyntheticProject:
    acronym: str
    number: str
    title: str
    seed: int
    measures: tuple[str, ...]


PROJECTS = (
    SyntheticProject(
        "STEPPE", "101200001",
        "SYNTHETIC SAMPLE: soil and water skills for the steppe's universities",
        7, ("ENR-1", "ENR-2", "DIS-1"),
    ),
    SyntheticProject(
        "ARALWISE", "101200002",
        "SYNTHETIC SAMPLE: water-wise farming courses around the Aral Sea",
        11, ("ENR-1", "ENR-3", "DIS-1", "DIS-2"),
    ),
)  # fmt: skip


def synthetic_toml(base: str, spec: SyntheticProject) -> str:
    """LESLIE's configuration with the made-up project's identity and measures."""
    measures = ", ".join(f'"{m}"' for m in spec.measures)
    changes = {
        r'^acronym = ".*"': f'acronym = "{spec.acronym}"',
        r'^number = ".*"': f'number = "{spec.number}"',
        r"^title = .*": f'title = "{spec.title}"\nsynthetic = true',
        r"^website = .*": 'website = ""',
        r"^measures = \[.*": f"measures = [{measures}]",
    }
    text = base
    for pattern, replacement in changes.items():
        text, n = re.subn(pattern, replacement, text, count=1, flags=re.M)
        if n != 1:
            raise ValueError(f"project.toml has no line matching {pattern}")
    header = (f"# SYNTHETIC: {spec.acronym} is a made-up project for the sample portfolio, "
              "made by pipelines/sample/portfolio.py.\n")  # fmt: skip
    return header + text


def build_package(spec: SyntheticProject, work: Path, out: Path, base: Path = BUNDLED_PROJECT):
    """Invent the project's submissions, ingest them in a scratch installation, publish."""
    data_dir = DataDir(work)
    data_dir.ensure()
    (work / "project.toml").write_text(
        synthetic_toml(base.read_text(encoding="utf-8"), spec), encoding="utf-8"
    )
    project = load_project(data_dir.project_file)
    files = generate_sample(work / "invented", project, spec.seed)
    sources = [Source(name=p.name, path=p) for p in files]
    ingest(data_dir, project, sources, submitted_by=ACTOR, rebuild=True)
    return write_package(data_dir, project, out, by=ACTOR).descriptor


def add_sample_portfolio(data_dir: DataDir, project: Project) -> list[store.Added]:
    """The sample installation's own package and the made-up projects', in its portfolio."""
    added = []
    with tempfile.TemporaryDirectory(prefix="leslie-portfolio-") as tmp:
        own = write_package(
            data_dir, project, Path(tmp) / project.acronym.lower(), by=ACTOR
        ).descriptor
        added.append(store.add(data_dir, package.read(own), ACTOR))
        for spec in PROJECTS:
            made = build_package(spec, Path(tmp) / f"{spec.number}-data",
                                 Path(tmp) / spec.acronym.lower())  # fmt: skip
            added.append(store.add(data_dir, package.read(made), ACTOR))
    return added


if __name__ == "__main__":  # python -m pipelines.sample.portfolio DATA_DIR
    target = DataDir(Path(sys.argv[1]) if len(sys.argv) > 1 else DataDir.resolve().root)
    for a in add_sample_portfolio(target, load_project(target.project_file)):
        print(f"{a.outcome:10} {a.acronym} ({a.number})")
