"""Dashboard benchmark: server-side render time of every page at 10,000 and 1,000,000 rows.

    python -m benchmarks.dashboard [--rows 10000 1000000] [--repeat 3]

For each size: synthetic modules and enrollments (``pipelines.sample.generate.write_benchmark_csvs``)
plus the bundled dissemination sample are ingested through the real pipeline into a fresh
data directory. Then a child process (the app's process) renders every page with Streamlit's
AppTest: "cold" is a view after a new build (result cache emptied, median of the repeats),
"warm" a rerun with the cache filled. AppTest's own set-up (a first run of each page, which
scans the installed packages for components) is not counted. The child reports its own peak memory
(VmHWM: the high-water mark of this process, not inherited from the parent). Targets: each
page under 1.5 s cold at 1M rows, and render(1M) / render(10k) <= 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import REPO, ingest_accepted, peak_mb, synthetic_sources
from dashboard.wiring import navigation

PAGES = tuple(name for name in navigation.BY_NAME if name != "login")  # login: no figures
TARGET_SECONDS = 1.5
TARGET_RATIO = 2.0


# ------------------------------------------------------------------------- the data


def prepare(out: Path, rows: int) -> dict:
    """Ingest `rows` enrollments (+ 40 modules, + the sample dissemination) into out/data."""
    from pipelines.config import load_project
    from pipelines.paths import BUNDLED_PROJECT

    project = load_project(BUNDLED_PROJECT)
    sources = synthetic_sources(out / "csv", project, rows)
    started = time.perf_counter()
    ingest_accepted(out / "data", project, sources)
    return {"data_dir": str(out / "data"), "ingest_seconds": time.perf_counter() - started}


# ----------------------------------------------------------------------- the renders


def render_all(data_dir: str, repeat: int) -> dict:
    """Run in the child: time every page cold (cache cleared) and warm."""
    os.environ["LESLIE_DATA_DIR"] = data_dir
    import logging

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    app = str(REPO / "dashboard" / "app.py")

    # render as the coordinator (everything in scope), the way the page tests sign in
    import dashboard.wiring.session
    from pipelines.access.scope import Viewer

    dashboard.wiring.session.current_viewer = lambda: Viewer.coordinator("benchmark")

    def run(at: AppTest) -> float:
        started = time.perf_counter()
        at.run()
        seconds = time.perf_counter() - started
        if at.exception or at.error:
            raise SystemExit(f"page failed: {[e.value for e in at.error] or at.exception}")
        if not at.title:
            raise SystemExit("page rendered no title: not signed in?")
        return seconds

    out = {}
    for page in PAGES:
        at = AppTest.from_file(app, default_timeout=300)
        at.switch_page(f"pages/{page}.py")
        run(at)  # the test harness's own set-up is not part of the page
        cold = []
        for _ in range(repeat):
            st.cache_data.clear()
            cold.append(run(at))
        out[page] = {"cold": statistics.median(cold), "warm": run(at)}
    return {"pages": out, "peak_mb": peak_mb()}


def _child_render(data_dir: str, repeat: int) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.dashboard",
            "--render",
            data_dir,
            "--repeat",
            str(repeat),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"render failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------ report


def report(sizes: list[int], results: dict[int, dict]) -> str:
    small, large = min(sizes), max(sizes)
    head = f"{'page':14}" + "".join(f"{f'{n:,} cold':>17}" for n in sizes)
    head += f"{f'{large:,} warm':>17}{'ratio':>8}  target"
    lines = [head, "-" * len(head)]
    ok = True
    for page in PAGES:
        cold = {n: results[n]["pages"][page]["cold"] for n in sizes}
        ratio = cold[large] / cold[small] if cold[small] else float("inf")
        good = cold[large] < TARGET_SECONDS and ratio <= TARGET_RATIO
        ok &= good
        lines.append(
            f"{page:14}"
            + "".join(f"{cold[n]:>16.3f}s" for n in sizes)
            + f"{results[large]['pages'][page]['warm']:>16.3f}s{ratio:>8.2f}  "
            + ("ok" if good else "MISSED")
        )
    lines.append("")
    for n in sizes:
        r = results[n]
        lines.append(
            f"{n:>9,} rows: ingest + build {r['ingest_seconds']:.1f} s, "
            f"app peak memory {r['peak_mb']:.0f} MB"
        )
    lines.append(
        f"targets: every page < {TARGET_SECONDS} s cold at {large:,} rows and "
        f"ratio <= {TARGET_RATIO}: {'met' if ok else 'NOT met'}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.dashboard", description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="cold renders per page (median)")
    parser.add_argument("--render", metavar="DATA_DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if "LESLIE_TODAY" not in os.environ:  # the synthetic records run up to sample.AS_OF
        from pipelines.sample.generate import AS_OF

        day = max(dt.date.today(), AS_OF + dt.timedelta(days=1))
        os.environ["LESLIE_TODAY"] = day.isoformat()
    if args.render:
        print(json.dumps(render_all(args.render, args.repeat)))
        return 0
    sizes = sorted(args.rows)
    results: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="leslie-bench-") as tmp:
        for n in sizes:
            print(f"… {n:,} rows: generating and ingesting", file=sys.stderr, flush=True)
            prepared = prepare(Path(tmp) / str(n), n)
            print(f"… {n:,} rows: rendering every page", file=sys.stderr, flush=True)
            results[n] = {**prepared, **_child_render(prepared["data_dir"], args.repeat)}
    print(report(sizes, results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
