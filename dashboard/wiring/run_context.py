"""What a page needs to draw: data directory, project, viewer, filters and reporting date.

Resolved on every run of a page (``ui.run_page``); nothing here is shared between sessions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipelines.access.scope import Viewer
from pipelines.config import Project, load_project
from pipelines.metrics import freshness as rule
from pipelines.metrics.indicators import Filters
from pipelines.paths import DataDir
from pipelines.words.present import Words
from pipelines.workplan import loaded


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
    """The project configuration, re-read when its content changes (raises ConfigError)."""
    return _loaded(directory).project


def settings_of(directory: DataDir) -> str:
    """The fingerprint of the settings and SQL in force (``pipelines.metrics.freshness``):
    part of every cache key of figures, so that a settings change invalidates them."""
    return _loaded(directory).fingerprint


@dataclass(frozen=True)
class _Loaded:
    project: Project
    fingerprint: str


def _loaded(directory: DataDir) -> _Loaded:
    """The project, with the work plan's list loaded into the data directory in force."""
    path = directory.project_file
    return _load(str(path), _content(path), str(directory.root), loaded.stamp(directory))


def _content(path: Path) -> str:
    """A digest of the project file and of the data directory's own indicator SQL: what is
    written, not when (a restore or a copy keeps modification times)."""
    digest = hashlib.sha256()
    for file in [path, *sorted((path.parent / "indicators").glob("*.sql"))]:
        try:
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
        except OSError:
            digest.update(file.name.encode() + b"\0missing")
    return digest.hexdigest()


@lru_cache(maxsize=8)
def _load(path: str, _content: str, root: str, _list: str) -> _Loaded:
    project = loaded.in_force(DataDir(Path(root)), load_project(path))
    return _Loaded(project, rule.fingerprint(project))
