"""Scale benchmark: an installation of 10,000,000 enrollment rows, end to end, with memory.

    python -m benchmarks.scale [--rows 10000000]

Each step in a fresh child process, which reports its own peak memory (VmHWM): the ingest of
the synthetic file (read, validate, hash, store, build), every dashboard page rendered once
cold as the coordinator (Streamlit's AppTest, as ``benchmarks.dashboard`` does) and the P1
report in the three formats. Prints each step's seconds and peak memory, and whether the
largest peak stays within the 16 GB the installation is promised to need at most.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import REPO, run_code

LIMIT_MB = 16 * 1024
INGEST = """
import json, sys, time
from pathlib import Path
from benchmarks.common import ingest_accepted, peak_mb, synthetic_sources
from pipelines.config import load_project
from pipelines.paths import BUNDLED_PROJECT
root, rows = Path(sys.argv[1]), int(sys.argv[2])
project = load_project(BUNDLED_PROJECT)
sources = synthetic_sources(root / "csv", project, rows)
started = time.perf_counter()
ingest_accepted(root / "data", project, sources)
print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": peak_mb()}))
"""

REPORT = """
import json, sys, time
from pathlib import Path
from benchmarks.common import peak_mb
from pipelines.access.scope import Viewer
from pipelines.config import load_project
from pipelines.metrics.indicators import Filters
from pipelines.paths import DataDir
from pipelines.reports import collect, render
from pipelines.warehouse.build import read_warehouse
data_dir, fmt = DataDir(Path(sys.argv[1])), sys.argv[2]
project = load_project(data_dir.project_file)
started = time.perf_counter()
with read_warehouse(data_dir.warehouse) as con:
    data = collect(con, project, Viewer.coordinator("benchmark"), Filters(period="P1"))
payload = render(data, fmt)
print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": peak_mb(),
                  "learners": data.indicators[0].actual}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale")
    parser.add_argument("--rows", type=int, default=10_000_000)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from benchmarks.dashboard import _child_render
    from benchmarks.reports import FORMATS

    steps: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="leslie-bench-scale-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        got = run_code(INGEST, str(root), str(args.rows))
        steps.append((f"ingest of {args.rows:,} rows + build", got["seconds"], got["peak_mb"]))
        print(f"  ingested in {got['seconds']:.1f} s ({time.perf_counter() - started:.0f} s "
              "with generating the file)", flush=True)  # fmt: skip
        data_dir = str(root / "data")
        pages = _child_render(data_dir, 1)
        for page, seconds in pages["pages"].items():
            steps.append((f"page {page} (cold)", seconds["cold"], pages["peak_mb"]))
        for fmt in FORMATS:
            got = run_code(REPORT, data_dir, fmt)
            steps.append((f"report P1 {fmt}", got["seconds"], got["peak_mb"]))
            print(f"  report {fmt}: {got['seconds']:.1f} s", flush=True)
    print()
    print(f"{'step':40} {'seconds':>9} {'peak MB':>9}")
    for name, seconds, peak in steps:
        print(f"{name:40} {seconds:9.2f} {peak:9,.0f}")
    largest = max(peak for _, _, peak in steps)
    verdict = "within" if largest <= LIMIT_MB else "OVER"
    print(f"largest peak memory {largest:,.0f} MB: {verdict} {LIMIT_MB:,} MB")
    return 0 if largest <= LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())
