"""Correction benchmark: what one partner's corrected file costs, by its size and the
installation's.

    python -m benchmarks.corrections [--installations 1000000 10000000]
                                     [--corrections 10000 100000] [--repeat 3]

For each installation size: synthetic modules and enrollments plus the sample dissemination
files are ingested through the real pipeline. Then, for each correction size, UPV sends its
enrollments again as a file of that many rows (each repeat a different file, so that every
ingest really changes the figures): read, validated, stored and the warehouse rebuilt, in a
fresh child process, median of the repeats. A full rebuild of the same installation
(``python -m pipelines build``) is measured once beside it. Target: a 10,000-row correction into 1,000,000 rows within 1.5 s, and
its cost growing with the correction's size, not the installation's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import REPO, ingest_accepted, run_code, synthetic_sources

PARTNER = "UPV"
TARGET_SECONDS = 1.5

CORRECT = """
import json, sys, time
from benchmarks.common import peak_mb
from pathlib import Path
from pipelines.config import load_project
from pipelines.submissions.ingest import Source, ingest
from pipelines.paths import BUNDLED_PROJECT, DataDir
data, csv = map(Path, sys.argv[1:3])
project = load_project(BUNDLED_PROJECT)
started = time.perf_counter()
result = ingest(DataDir(data), project, [Source(csv.name, csv)], submitted_by="benchmark")
seconds = time.perf_counter() - started
assert result.all_accepted and result.files[0].status == "accepted", result.files[0].errors[:3]
print(json.dumps({"seconds": seconds, "build_seconds": result.build.seconds,
                  "peak_mb": peak_mb()}))
"""

FULL = """
import json, sys, time
from pathlib import Path
from pipelines.config import load_project
from pipelines import warehouse
from pipelines.paths import BUNDLED_PROJECT, DataDir
project = load_project(BUNDLED_PROJECT)
started = time.perf_counter()
warehouse.build(DataDir(Path(sys.argv[1])), project, full=True)
print(json.dumps({"seconds": time.perf_counter() - started}))
"""


def correction_file(source: Path, target: Path, rows: int, variant: int) -> Path:
    """``rows`` enrollments of PARTNER, taken from the synthetic file (valid rows of every
    module) with the partner and learner ids rewritten; ``variant`` makes the ids differ."""
    with source.open(encoding="utf-8") as src, target.open("w", encoding="utf-8") as out:
        out.write(src.readline())
        for n, line in zip(range(rows), src, strict=False):
            _, module, _, rest = line.split(",", 3)
            out.write(f"{PARTNER},{module},{PARTNER}-{variant}-{n:08d},{rest}")
    return target


def measure(root: Path, project, installation: int, sizes: list[int], repeat: int) -> dict:
    """The medians for one installation size: each correction size, and a full rebuild."""
    data = root / f"data-{installation}"
    sources = synthetic_sources(root / f"csv-{installation}", project, installation)
    started = time.perf_counter()
    ingest_accepted(data, project, sources)
    print(f"  installation of {installation:,} rows built in {time.perf_counter() - started:.0f} s")
    enrollments = next(s.path for s in sources if s.name.startswith("enrollments"))
    found: dict[str, float] = {}
    for size in sizes:
        runs = []
        for n in range(repeat):
            csv = correction_file(enrollments, root / f"fix-{size}-{n}.csv", size, n)
            runs.append(run_code(CORRECT, str(data), str(csv)))
            print(
                f"  {size:>9,} rows into {installation:,}: {runs[-1]['seconds']:.2f} s "
                f"(build {runs[-1]['build_seconds']:.2f} s, peak {runs[-1]['peak_mb']:.0f} MB)"
            )
        found[f"{size}"] = statistics.median(r["seconds"] for r in runs)
    found["full"] = run_code(FULL, str(data))["seconds"]  # once: a minute at 10M rows
    print(f"  full rebuild of {installation:,} rows: {found['full']:.2f} s", flush=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corrections")
    parser.add_argument("--installations", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--corrections", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO))
    from pipelines.config import load_project
    from pipelines.paths import BUNDLED_PROJECT

    project = load_project(BUNDLED_PROJECT)
    table: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="leslie-bench-") as tmp:
        for installation in args.installations:
            table[installation] = measure(
                Path(tmp), project, installation, args.corrections, args.repeat
            )
    print()
    header = "".join(f"{f'{size:,} rows':>16}" for size in args.corrections)
    print(f"{'installation':>14}{header}{'full rebuild':>16}")
    for installation, found in table.items():
        cells = "".join(f"{found[str(size)]:15.2f}s" for size in args.corrections)
        print(f"{installation:>14,}{cells}{found['full']:15.2f}s")
    first = table[args.installations[0]]
    small = args.corrections[0]
    print(
        f"{small:,} rows into {args.installations[0]:,}: {first[str(small)]:.2f} s "
        f"(target <= {TARGET_SECONDS} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
