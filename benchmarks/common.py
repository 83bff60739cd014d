"""What the benchmarks share: a fresh child process per measurement, and the synthetic
installation (N enrollment rows, 40 modules, the sample dissemination files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def peak_mb() -> float:
    """This process's own resident-set high-water mark in MB (Linux VmHWM: unlike ru_maxrss,
    not carried over from the parent that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_code(code: str, *args: str) -> dict:
    """Run ``code`` with ``args`` in a new Python process (nothing cached, its own memory
    peak) from the repository root; its last line of output is a JSON object."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def synthetic_sources(csv_dir: Path, project, rows: int) -> list:
    """``rows`` synthetic enrollments and their 40 modules (written as CSV into ``csv_dir``),
    then the sample dissemination files, as ingest sources."""
    from pipelines.paths import DEFAULT_DATA_DIR
    from pipelines.sample.generate import write_benchmark_csvs
    from pipelines.submissions.ingest import Source

    modules, enrollments = write_benchmark_csvs(csv_dir, project, rows)
    activities = sorted((DEFAULT_DATA_DIR / "sample" / "dissemination").iterdir())
    return [Source(p.name, p) for p in (modules, enrollments, *activities)]


def ingest_accepted(data_dir: Path, project, sources: list) -> None:
    """Ingest through the real pipeline; a rejected file stops the benchmark."""
    from pipelines.paths import DataDir
    from pipelines.submissions.ingest import ingest

    result = ingest(DataDir(data_dir), project, sources, submitted_by="benchmark")
    if not result.all_accepted:
        raise SystemExit(f"benchmark data rejected: {[f.errors[:3] for f in result.files]}")


@contextmanager
def streamlit_server(script: Path, env: dict[str, str], log: Path | None = None) -> Iterator:
    """``streamlit run script`` on a free loopback port, answering its health check, until the
    block ends: (its address, its process). Its output goes to ``log`` (else nowhere); a
    server that stops before answering ends the benchmark with that output."""
    from tests.e2e.helpers import (
        ServerDidNotStart,
        free_port,
        stop_process,
        streamlit_command,
        wait_healthy,
    )

    port = free_port()
    out = log.open("wb") if log else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(
            streamlit_command(str(script), port), cwd=REPO, env={**os.environ, **env},
            stdout=out, stderr=out,
        )  # fmt: skip
    finally:
        if log:
            out.close()
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_healthy(f"{url}/_stcore/health", proc, log, str(script), seconds=120)
        except ServerDidNotStart as exc:
            raise SystemExit(str(exc)) from None
        yield url, proc
    finally:
        stop_process(proc, grace=20)
