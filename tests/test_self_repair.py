"""Figures are never silently stale: a batch killed between its ledger entry and its build is
repaired by the next command, and leftovers of killed writes are removed.

The crash test kills real ingest and build processes (SIGKILL) at random moments and checks,
after the next commands, that the figures equal a clean installation that ingested the same
files once.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipelines.paths import REPO_ROOT, DataDir
from pipelines.store.ledger import Ledger
from pipelines.submissions.ingest import Source, ingest
from pipelines.warehouse.build import build, is_behind, ledger_position, warehouse_position
from tests.ops_helpers import cli, indicators

TINY = sorted((Path(__file__).parent / "fixtures" / "tiny").glob("*.csv"))
CRASH_RUNS = 20


def _python_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO_ROOT)}


def _half_ingested(root: Path, project) -> DataDir:
    """All three files in the ledger, the warehouse built after the first two only: what a
    kill between the ledger write and the build leaves."""
    data_dir = DataDir(root)
    ingest(data_dir, project, [Source(p.name, p) for p in TINY[:2]])
    ingest(data_dir, project, [Source(TINY[2].name, TINY[2])], rebuild=False)
    return data_dir


def test_is_behind_compares_the_warehouse_with_the_ledger(tmp_path, project):
    data_dir = _half_ingested(tmp_path / "data", project)
    assert (warehouse_position(data_dir.warehouse), ledger_position(data_dir)) == (4, 6)
    assert is_behind(data_dir) is True
    build(data_dir, project)
    assert is_behind(data_dir) is False
    assert is_behind(DataDir(tmp_path / "new")) is False  # nothing submitted: nothing stale


def test_indicators_rebuild_first_when_the_warehouse_is_behind(tmp_path, project, tiny_dir):
    data_dir = _half_ingested(tmp_path / "data", project)
    assert indicators(data_dir.root) == indicators(tiny_dir.root)
    assert warehouse_position(data_dir.warehouse) == 6


def test_an_unchanged_ingest_still_repairs_a_stale_warehouse(tmp_path, project, tiny_dir):
    data_dir = _half_ingested(tmp_path / "data", project)
    code, out, err = cli("ingest", *TINY, "--data-dir", data_dir.root, "--quiet")
    assert code == 0, err
    assert out.count("UNCHANGED") == 3 and "warehouse rebuilt" in out
    assert not is_behind(data_dir)
    assert indicators(data_dir.root) == indicators(tiny_dir.root)


def test_leftovers_of_killed_writes_are_removed_by_the_next_ingest(tmp_path, project):
    data_dir = _half_ingested(tmp_path / "data", project)
    orphan = data_dir.submissions / "modules" / "0123456789abcdef-00000000.parquet.tmp"
    orphan.write_bytes(b"half a file")
    dead_build = data_dir.root / ".warehouse.999999999.1.tmp"
    dead_build.write_bytes(b"half a warehouse")
    ingest(data_dir, project, [Source(TINY[0].name, TINY[0])])
    assert not orphan.exists() and not dead_build.exists()


def _kill_after(command: list[str], delay: float) -> int:
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines", *command],
        env=_python_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    return proc.wait(timeout=60)


def test_killed_ingests_and_builds_never_leave_stale_figures(tmp_path, tiny_dir, project):
    clean = indicators(tiny_dir.root)
    rng = random.Random(20261130)
    started = time.monotonic()
    full = tmp_path / "timing"
    ingest_args = ["ingest", *map(str, TINY), "--quiet"]
    subprocess.run(
        [sys.executable, "-m", "pipelines", *ingest_args, "--data-dir", str(full)],
        env=_python_env(),
        check=True,
        capture_output=True,
    )
    one_ingest = time.monotonic() - started
    killed = 0
    for run in range(CRASH_RUNS):
        root = tmp_path / f"run{run}"
        delay = rng.uniform(0.05, 0.7) * one_ingest
        if run % 4 == 3:  # a build killed on a complete store
            ingest(DataDir(root), project, [Source(p.name, p) for p in TINY])
            (root / "warehouse.duckdb").unlink()
            returncode = _kill_after(["build", "--data-dir", str(root)], delay)
        else:
            returncode = _kill_after([*ingest_args, "--data-dir", str(root)], delay)
        killed += returncode == -signal.SIGKILL
        data_dir = DataDir(root)
        if ledger_position(data_dir) > 0:  # the next figures command repairs first
            indicators(root)
            assert not is_behind(data_dir), f"run {run}: figures stale after {delay:.2f} s"
        code, _out, err = cli("ingest", *TINY, "--data-dir", root, "--quiet")
        assert code == 0, (run, err)
        assert indicators(root) == clean, f"run {run}: killed after {delay:.2f} s"
        subs = Ledger(data_dir.ledger).submissions()
        assert sorted(s.template for s in subs) == ["dissemination", "enrollments", "modules"]
        assert not list(root.rglob("*.parquet.tmp")) and not list(root.glob(".warehouse.*"))
    print(f"crash runs: {CRASH_RUNS}, killed mid-way: {killed}, one ingest {one_ingest:.1f} s")
    assert killed >= 1, "no run was killed mid-way: the test proved nothing"
