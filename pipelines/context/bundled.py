"""The curated national extract shipped in the bundled ``data/context`` (see extract.py),
imported into an installation by the sample installation (``python -m pipelines demo``)."""

from __future__ import annotations

from pipelines.config import Project
from pipelines.context.importer import import_source
from pipelines.context.model import ImportReport
from pipelines.context.settings import load_settings
from pipelines.paths import DEFAULT_DATA_DIR, DataDir
from pipelines.warehouse.build import build


def import_extract(data_dir: DataDir, project: Project) -> list[ImportReport]:
    """Import every source of the extract; rebuild the warehouse when one changed."""
    folder = DEFAULT_DATA_DIR / load_settings(project).extract
    sources = sorted(p for p in folder.iterdir() if (p / "provenance.json").is_file())
    reports = [import_source(data_dir, project, p) for p in sources]
    if any(r.status == "imported" for r in reports) and data_dir.warehouse.exists():
        build(data_dir, project)
    return reports
