"""Figures are never silently stale: a batch killed between its ledger entry and its build is
repaired by the next command, and leftovers of killed writes are removed.

The crash test kills real ingest and build processes (SIGKILL) at random moments and checks,
after the next commands, that the figures equal a clean installation that ingested the same
files once.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import select
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


# A process that imports the command line once, then forks a fresh child for each command:
# every crash run is a real process killed with SIGKILL, without paying Python's start and
# imports twenty times (a kill during the imports would prove nothing anyway). It answers
# "pid N" when a child starts and "exit N" (the wait status, negative for a signal) when it
# ends.
LAUNCHER = """
import json, os, sys
from pipelines.cli import main
import pipelines.cli.build, pipelines.cli.ingest  # what the commands import, loaded before fork
for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        try:
            code = main(json.loads(line))
        except BaseException:
            code = 70
        os._exit(code)
    print("pid", pid, flush=True)
    status = os.waitpid(pid, 0)[1]
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    print("exit", code, flush=True)
"""


class Launcher:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER],
            env=_python_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,  # unbuffered: a line read leaves the next one for select() to see
        )

    def start(self, command: list[str]) -> int:
        self.proc.stdin.write(json.dumps(command).encode() + b"\n")
        word, pid = self.proc.stdout.readline().decode().split()
        assert word == "pid", word
        return int(pid)

    def ended(self, timeout: float) -> int | None:
        """The child's exit code once it ends within ``timeout`` seconds, else None."""
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return None
        word, code = self.proc.stdout.readline().decode().split()
        assert word == "exit", word
        return int(code)

    def run(self, command: list[str]) -> int:
        self.start(command)
        code = self.ended(300)
        assert code is not None, command
        return code

    def kill_after(self, command: list[str], delay: float) -> int:
        pid = self.start(command)
        code = self.ended(delay)
        if code is None:
            with contextlib.suppress(ProcessLookupError):  # it ended just now
                os.kill(pid, signal.SIGKILL)
            code = self.ended(60)
        return code

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def test_killed_ingests_and_builds_never_leave_stale_figures(tmp_path, tiny_dir, project):
    clean = indicators(tiny_dir.root)
    rng = random.Random(20261130)
    launcher = Launcher()
    ingest_args = ["ingest", *map(str, TINY), "--quiet"]
    started = time.monotonic()
    assert launcher.run([*ingest_args, "--data-dir", str(tmp_path / "timing")]) == 0
    one_ingest = time.monotonic() - started
    killed = 0
    for run in range(CRASH_RUNS):
        root = tmp_path / f"run{run}"
        delay = rng.uniform(0.05, 0.7) * one_ingest
        if run % 4 == 3:  # a build killed on a complete store (stored, never built)
            ingest(DataDir(root), project, [Source(p.name, p) for p in TINY], rebuild=False)
            assert not (root / "warehouse.duckdb").exists()
            returncode = launcher.kill_after(["build", "--data-dir", str(root)], delay)
        else:
            returncode = launcher.kill_after([*ingest_args, "--data-dir", str(root)], delay)
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
    launcher.close()
    print(f"crash runs: {CRASH_RUNS}, killed mid-way: {killed}, one ingest {one_ingest:.1f} s")
    assert killed >= 1, "no run was killed mid-way: the test proved nothing"
