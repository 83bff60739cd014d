"""What a page needs to draw: data directory, project, viewer, filters and reporting date.

Resolved on every run of a page (``ui.run_page``); nothing here is shared between sessions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from pipelines.access.scope import Viewer
from pipelines.config import Project, load_project
from pipelines.metrics.indicators import Filters
from pipelines.paths import DataDir
from pipelines.warehouse.build import identity
from pipelines.words.present import Words


@dataclass(frozen=True)
class Context:
    data_dir: DataDir
    project: Project
    viewer: Viewer
    filters: Filters
    as_of: dt.date
    words: Words = Words()  # noqa: RUF009 (immutable: frozen dataclass)


def data_dir() -> DataDir:
    """``LESLIE_DATA_DIR``, else the project's data folder (read on every run, not at import)."""
    return DataDir.resolve()


def project_of(directory: DataDir) -> Project:
    """The project configuration, re-read when the file changes (raises ConfigError)."""
    path = directory.project_file
    return _load(str(path), identity(path))


@lru_cache(maxsize=8)
def _load(path: str, _identity: tuple[int, int] | None) -> Project:
    return load_project(path)
