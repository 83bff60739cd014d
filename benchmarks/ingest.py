"""Ingestion benchmark: our validated ingest + warehouse build against a plain DuckDB load.

    python -m benchmarks.ingest [--rows 1000000] [--repeat 3]

Generates N enrollment rows (+ matching modules) as CSV, then measures in the same run, each
in a fresh child process, interleaved: (a) DuckDB ``read_csv`` of the file into a table,
(b) the full pipeline (read, validate every rule, hash learner ids, store Parquet, ledger,
warehouse build with marts and data checks), (c) the peer: a pandas + pandera pipeline of the
same contract's row rules loading into DuckDB (``benchmarks/peer_pandera.py``). Prints rows/s,
the ratios b/a and c/b (medians of the repeats), the peak memory (max RSS) of (b) and the CPU
time of each step (all threads; steadier than the clock when the machine is shared).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import REPO, run_code

RAW_LOAD = """
import json, sys, time, duckdb
from benchmarks.common import peak_mb
path = sys.argv[1]
con = duckdb.connect(config={"autoinstall_known_extensions": False})
started, cpu = time.perf_counter(), time.process_time()
con.execute("CREATE TABLE enrollments AS SELECT * FROM read_csv($path)", {"path": path})
rows = con.execute("SELECT count(*) FROM enrollments").fetchall()[0][0]
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "rows": rows, "cpu": time.process_time() - cpu,
                  "peak_mb": peak_mb()}))
"""

PIPELINE = """
import json, sys, time
from benchmarks.common import peak_mb
from pathlib import Path
from pipelines.config import load_project
from pipelines.submissions.ingest import Source, ingest
from pipelines.paths import BUNDLED_PROJECT, DataDir
modules, enrollments, data = map(Path, sys.argv[1:4])
project = load_project(BUNDLED_PROJECT)
started, cpu = time.perf_counter(), time.process_time()
result = ingest(DataDir(data), project, [Source("modules.csv", modules),
                                         Source("enrollments.csv", enrollments)])
seconds = time.perf_counter() - started
assert result.all_accepted, [f.errors[:3] for f in result.files]
print(json.dumps({"seconds": seconds, "rows": result.files[1].rows,
                  "build_seconds": result.build.seconds, "cpu": time.process_time() - cpu,
                  "peak_mb": peak_mb()}))
"""

PEER = """
import json, sys, time
from benchmarks.common import peak_mb
from benchmarks.peer_pandera import run
enrollments, modules, database = sys.argv[1:4]
started, cpu = time.perf_counter(), time.process_time()
rows = run(enrollments, modules, database, b"benchmark-secret-key-of-32-bytes")
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "rows": rows, "cpu": time.process_time() - cpu,
                  "peak_mb": peak_mb()}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ingest")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO))
    from pipelines.config import load_project
    from pipelines.paths import BUNDLED_PROJECT
    from pipelines.sample.generate import write_benchmark_csvs

    project = load_project(BUNDLED_PROJECT)
    with tempfile.TemporaryDirectory(prefix="leslie-bench-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        modules, enrollments = write_benchmark_csvs(root / "csv", project, args.rows)
        size_mb = enrollments.stat().st_size / 1e6
        print(
            f"generated {args.rows:,} enrollment rows ({size_mb:.0f} MB CSV) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        raw, ours, peer = [], [], []
        for n in range(args.repeat):
            raw.append(run_code(RAW_LOAD, str(enrollments)))
            ours.append(run_code(PIPELINE, str(modules), str(enrollments), str(root / f"data{n}")))
            peer.append(
                run_code(PEER, str(enrollments), str(modules), str(root / f"peer{n}.duckdb"))
            )
            print(
                f"  run {n + 1}: (a) {raw[-1]['seconds']:.2f} s   (b) {ours[-1]['seconds']:.2f} s "
                f"(of which warehouse build {ours[-1]['build_seconds']:.2f} s)   "
                f"(c) {peer[-1]['seconds']:.2f} s;   CPU (all threads) (a) {raw[-1]['cpu']:.2f} s   "
                f"(b) {ours[-1]['cpu']:.2f} s   (c) {peer[-1]['cpu']:.2f} s"
            )
        a = statistics.median(r["seconds"] for r in raw)
        b = statistics.median(r["seconds"] for r in ours)
        c = statistics.median(r["seconds"] for r in peer)
        peak = max(r["peak_mb"] for r in ours)
        assert raw[0]["rows"] == ours[0]["rows"] == peer[0]["rows"] == args.rows
    print()
    print(f"{'step':48} {'seconds':>8} {'rows/s':>12}")
    print(f"{'(a) DuckDB read_csv into a table':48} {a:8.2f} {args.rows / a:12,.0f}")
    print(f"{'(b) validated ingest + warehouse build':48} {b:8.2f} {args.rows / b:12,.0f}")
    print(f"{'(c) pandas + pandera peer into DuckDB':48} {c:8.2f} {args.rows / c:12,.0f}")
    print(f"ratio b/a: {b / a:.2f}  (target <= 3)")
    print(f"ratio c/b: {c / b:.2f}  (target >= 1.5: the peer slower than ours)")
    print(f"peak memory of (b): {peak:,.0f} MB  (target < 1024 MB)")
    cpu = [statistics.median(r["cpu"] for r in runs) for runs in (raw, ours, peer)]
    print(
        "CPU seconds, all threads (steadier than the clock on a shared machine): "
        f"(a) {cpu[0]:.2f}  (b) {cpu[1]:.2f}  (c) {cpu[2]:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
