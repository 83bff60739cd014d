"""Shared fixtures: the bundled project, a pinned reporting date, and built installations.

Installations are built once per session through the real pipeline (files -> validation ->
store -> warehouse), never by writing tables directly; a test that changes one works on its
own copy (``copy_installation``).

The suite runs in parallel workers (pytest-xdist, ``--dist loadgroup``): session fixtures are
built once per worker, and the tests of a module that shares an expensive module-scoped
fixture (a converted report, an app server) run on one worker (``pytest_collection_modifyitems``).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from pipelines.access import accounts as _accounts
from pipelines.config import Project, load_project
from pipelines.paths import BUNDLED_PROJECT, DataDir

TODAY = dt.date(2026, 11, 29)
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"

os.environ["LESLIE_TODAY"] = TODAY.isoformat()

# The tests need accounts, not production's cost of a password hash (64 MiB and three passes
# of argon2id, a tenth of a second or more each): every store in this process hashes with the
# cheapest argon2id. Stored hashes carry their parameters, so a server started by a test
# verifies them as usual. tests/test_auth.py hashes with production's hasher and asserts its
# parameters.
_accounts.HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``--dist loadgroup``, keep a module's tests on one worker when they share a
    module-scoped fixture or are browser tests (one server and browser per worker), so that
    the fixture is made once and its files are written by one process."""
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        info = getattr(item, "_fixtureinfo", None)
        shared = info is not None and any(
            defs[-1].scope == "module" for defs in info.name2fixturedefs.values() if defs
        )
        if shared or "e2e" in item.path.parts:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Streamlit's AppTest looks for installed custom components on every first run, reading
    the metadata of each installed package (a sizeable share of a short page test). The
    installed packages do not change during a session: once the scanner is loaded, its
    answer is kept for the session."""
    scanner = sys.modules.get("streamlit.components.v2.manifest_scanner")
    scan = getattr(scanner, "scan_component_manifests", None)  # None: another Streamlit
    if scan is not None and not hasattr(scan, "cache_info"):
        scanner.scan_component_manifests = functools.cache(scan)


@pytest.fixture(autouse=True)
def _closed_sections_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamlit's AppTest cannot open an expander: pages run in a test draw what a closed
    section holds as if opened (a browser test opens one as a reader does)."""
    monkeypatch.setattr("dashboard.widgets.ui.DRAWN_WHEN_OPENED", False)


def copy_installation(source: DataDir, root: Path) -> DataDir:
    """A copy of a built installation at ``root``, the test's own to change."""
    shutil.copytree(source.root, root, symlinks=True)
    return DataDir(root)


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


@pytest.fixture(scope="session")
def built_empty_dir(tmp_path_factory: pytest.TempPathFactory, project: Project) -> DataDir:
    """An installation with an empty but valid warehouse, built once per session: copy it
    (``empty_dir``) before changing it."""
    from pipelines import warehouse

    data_dir = DataDir(tmp_path_factory.mktemp("empty") / "data")
    warehouse.build(data_dir, project)
    return data_dir


@pytest.fixture()
def empty_dir(tmp_path: Path, built_empty_dir: DataDir) -> DataDir:
    """A data directory with an empty but valid warehouse (nothing submitted yet), the
    test's own copy."""
    return copy_installation(built_empty_dir, tmp_path / "data")
