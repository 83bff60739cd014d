"""Shared fixtures: the bundled project, a pinned reporting date, and built installations.

Installations are built once per session through the real pipeline (files -> validation ->
store -> warehouse), never by writing tables directly.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from pipelines.config import Project, load_project
from pipelines.paths import BUNDLED_PROJECT, DataDir

TODAY = dt.date(2026, 11, 29)
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"

os.environ["LESLIE_TODAY"] = TODAY.isoformat()


@pytest.fixture(scope="session")
def project() -> Project:
    return load_project(BUNDLED_PROJECT)


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory, project: Project) -> DataDir:
    """The sample installation (bundled synthetic data), built once per test session."""
    from pipelines.sample.installation import create_demo

    data_dir = DataDir(tmp_path_factory.mktemp("demo"))
    outcomes = create_demo(data_dir, project)
    assert outcomes and all(o.status == "accepted" for o in outcomes), [
        (o.path, o.errors[:3]) for o in outcomes or [] if o.status != "accepted"
    ]
    return data_dir


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory, project: Project) -> DataDir:
    """A small hand-built installation whose indicator values are computed by hand in
    tests/fixtures/tiny/EXPECTED.md."""
    from pipelines.submissions.ingest import Source, ingest

    data_dir = DataDir(tmp_path_factory.mktemp("tiny"))
    folder = FIXTURES / "tiny"
    files = sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".xlsx"))
    result = ingest(data_dir, project, [Source(p.name, p) for p in files], submitted_by="test")
    assert result.all_accepted, [(f.path, f.errors[:3]) for f in result.files]
    return data_dir


@pytest.fixture()
def empty_dir(tmp_path: Path, project: Project) -> DataDir:
    """A data directory with an empty but valid warehouse (nothing submitted yet)."""
    from pipelines import warehouse

    data_dir = DataDir(tmp_path / "data")
    warehouse.build(data_dir, project)
    return data_dir
