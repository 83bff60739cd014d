"""Report benchmark: time to build the P1 consortium report in each format.

    python -m benchmarks.reports [--rows 1000000] [--skip-sample] [--skip-large]

Two installations: the sample one (``pipelines.sample.installation``) and a large one with N enrollment rows
(``pipelines.sample.generate.write_benchmark_csvs``, plus the sample dissemination files so that the
table of achieved results is filled). Each format is built in a fresh child process, as the
command line would: collect the figures from the warehouse, then render. Target: < 15 s each.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import REPO, ingest_accepted, run_code, synthetic_sources

TARGET_SECONDS = 15.0
FORMATS = ("xlsx", "docx", "pdf")

BUILD_ONE = """
import json, sys, time
from pipelines.config import load_project
from pipelines.metrics.indicators import Filters
from pipelines.paths import DataDir
from pipelines.reports import collect, render
from pipelines.access.scope import Viewer
from pipelines.warehouse.build import read_warehouse
data_dir, fmt = DataDir(__import__("pathlib").Path(sys.argv[1])), sys.argv[2]
project = load_project(data_dir.project_file)
started = time.perf_counter()
with read_warehouse(data_dir.warehouse) as con:
    data = collect(con, project, Viewer.coordinator("benchmark"), Filters(period="P1"))
collected = time.perf_counter()
payload = render(data, fmt)
done = time.perf_counter()
print(json.dumps({"collect": collected - started, "render": done - collected,
                  "kb": len(payload) / 1024, "activities": len(data.activities),
                  "learners": data.indicators[0].actual}))
"""


def _sample(root: Path, project) -> Path:
    from pipelines.paths import DataDir
    from pipelines.sample.installation import create_demo

    data_dir = DataDir(root / "sample")
    create_demo(data_dir, project)
    return data_dir.root


def _large(root: Path, project, rows: int) -> Path:
    ingest_accepted(root / "large", project, synthetic_sources(root / "csv", project, rows))
    return root / "large"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reports")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-sample", action="store_true")
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO))
    from pipelines.config import load_project
    from pipelines.paths import BUNDLED_PROJECT

    project = load_project(BUNDLED_PROJECT)
    results: list[tuple[str, str, dict]] = []
    with tempfile.TemporaryDirectory(prefix="leslie-bench-reports-") as tmp:
        root = Path(tmp)
        installations = []
        if not args.skip_sample:
            started = time.perf_counter()
            installations.append(("sample", _sample(root, project)))
            print(f"sample installation built in {time.perf_counter() - started:.1f} s", flush=True)
        if not args.skip_large:
            started = time.perf_counter()
            installations.append((f"{args.rows:,} rows", _large(root, project, args.rows)))
            print(
                f"{args.rows:,}-row installation ingested in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
        for name, data_dir in installations:
            for fmt in FORMATS:
                got = run_code(BUILD_ONE, str(data_dir), fmt)
                results.append((name, fmt, got))
                print(f"  {name} {fmt}: {got['collect'] + got['render']:.2f} s", flush=True)
    print()
    print(
        f"{'installation':18} {'format':6} {'collect s':>9} {'render s':>9} {'total s':>8} "
        f"{'size KB':>8}  target < {TARGET_SECONDS:.0f} s"
    )
    failed = 0
    for name, fmt, r in results:
        total = r["collect"] + r["render"]
        ok = total < TARGET_SECONDS
        failed += not ok
        print(
            f"{name:18} {fmt:6} {r['collect']:9.2f} {r['render']:9.2f} {total:8.2f} "
            f"{r['kb']:8.0f}  {'ok' if ok else 'SLOW'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
