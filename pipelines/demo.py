"""The sample installation: ingest the bundled synthetic submissions, then their corrections."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipelines.config import Project
from pipelines.ingest import FileOutcome, Source, ingest
from pipelines.ledger import Ledger
from pipelines.paths import DEFAULT_DATA_DIR, DataDir

SAMPLE_DIR = DEFAULT_DATA_DIR / "sample"
SUFFIXES = {".csv", ".xlsx"}


def sample_batches(folder: Path = SAMPLE_DIR) -> list[list[Path]]:
    """First submissions, then corrections (which supersede some of them)."""
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES)
    first = [p for p in files if "corrections" not in p.relative_to(folder).parts]
    later = [p for p in files if "corrections" in p.relative_to(folder).parts]
    return [batch for batch in (first, later) if batch]


def create_demo(
    data_dir: DataDir, project: Project, progress: Callable[[str], None] | None = None
) -> list[FileOutcome] | None:
    """Ingest the sample set into an empty store; None when the store already has data."""
    data_dir.ensure()
    if Ledger(data_dir.ledger).position() > 0:
        return None
    outcomes: list[FileOutcome] = []
    batches = sample_batches()
    for n, batch in enumerate(batches, 1):
        result = ingest(
            data_dir,
            project,
            [Source(name=str(p.relative_to(SAMPLE_DIR.parent.parent)), path=p) for p in batch],
            submitted_by="demo",
            progress=progress,
            rebuild=n == len(batches),
        )
        outcomes.extend(result.files)
    return outcomes
