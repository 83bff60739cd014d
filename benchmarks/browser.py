"""Browser benchmark: what a person waits for in Chromium, as ratios to Streamlit's own floor.

    python -m benchmarks.browser [--rows 1000000, 0: the sample only] [--repeat 3]
        [--pages overview,sdgs: only these switches]

Starts two servers: the floor (``benchmarks/floor/app.py``: a trivial Streamlit app of the
same version with a title, a metric, a 10-point chart and three select boxes, two pages) and
the dashboard on an installation (the sample, then ``--rows`` synthetic enrollments). In one
headless Chromium, interleaved, median of the repeats: the floor's first load, page switch
and rerun after a select box change; ours: sign-in to the drawn first page, every page switch
through the sidebar, and a filter change. Prints each as seconds and as a ratio to the floor.
Targets: sign-in ≤ 1.2× the floor's first load; every switch ≤ 2× the floor's switch; a
filter change ≤ 2× the floor's rerun.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import REPO, streamlit_server
from tests.e2e.helpers import CHROMIUM_ARGS

USER = "bench-coordinator"


def timed(action: Callable[[], None], page) -> float:
    from tests.e2e.helpers import wait_idle

    started = time.perf_counter()
    action()
    wait_idle(page)
    return time.perf_counter() - started


def installation(root: Path, rows: int) -> tuple[Path, str]:
    """A data directory (sample, or `rows` synthetic enrollments) with a coordinator account."""
    from benchmarks.common import ingest_accepted, synthetic_sources
    from pipelines.access.accounts import Accounts
    from pipelines.config import load_project
    from pipelines.paths import BUNDLED_PROJECT, DataDir
    from pipelines.sample.installation import create_demo

    project = load_project(BUNDLED_PROJECT)
    data = DataDir(root / "data")
    if rows:
        ingest_accepted(data.root, project, synthetic_sources(root / "csv", project, rows))
    else:
        create_demo(data, project)
    password = secrets.token_urlsafe(16)
    Accounts(data, project).add(USER, "coordinator", password, None, None, by="benchmark")
    return data.root, password


def measure_floor(page, url: str) -> dict[str, float]:
    first = timed(lambda: page.goto(url), page)
    page.wait_for_selector("h1")
    switch = timed(lambda: page.locator('[data-testid="stSidebarNav"] a').nth(1).click(), page)

    return {"first": first, "switch": switch, "rerun": change_first_select(page, "")}


def change_first_select(page, within: str) -> float:
    """The rerun after a select box's second option is chosen: the list is opened first, out
    of the time (a click that lands while the page settles is lost and made again), then the
    choice is timed until the page has settled."""
    from tests.e2e.helpers import open_options

    open_options(page, page.locator(f'{within} [data-testid="stSelectbox"]').first)
    return timed(lambda: page.get_by_role("option").nth(1).click(), page)


def measure_ours(page, url: str, password: str, only: set[str]) -> dict[str, float]:
    from tests.e2e.helpers import submit_sign_in, wait_idle

    page.goto(url)
    page.wait_for_selector("h1")
    wait_idle(page)
    out = {"sign-in": timed(lambda: submit_sign_in(page, USER, password), page)}
    links = page.locator('[data-testid="stSidebarNav"] a')
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    for href in hrefs[1:] + hrefs[:1]:
        link = page.locator(f'[data-testid="stSidebarNav"] a[href="{href}"]').first
        name = urllib.parse.urlparse(href).path.strip("/") or "first page"
        if only and name not in only:
            continue
        out[f"switch: {name}"] = timed(link.click, page)

    out["filter change"] = change_first_select(page, '[data-testid="stSidebar"]')
    return out


def run(rows_list: list[int], repeat: int, only: set[str] = frozenset()) -> str:
    from playwright.sync_api import sync_playwright

    lines = []
    with tempfile.TemporaryDirectory(prefix="leslie-browser-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for rows in rows_list:
            label = "sample" if rows == 0 else f"{rows:,} rows"
            data, password = installation(Path(tmp) / str(rows), rows)
            env = {"LESLIE_DATA_DIR": str(data)}
            floor: dict[str, list[float]] = {}
            ours: dict[str, list[float]] = {}
            with (
                streamlit_server(REPO / "benchmarks/floor/app.py", {}) as (f_url, _),
                streamlit_server(REPO / "dashboard/app.py", env) as (o_url, _),
            ):
                for _ in range(repeat):  # interleaved: floor, ours, floor, ours, ...
                    for store, measure in (
                        (floor, lambda p, u=f_url: measure_floor(p, u)),
                        (ours, lambda p, u=o_url, pw=password: measure_ours(p, u, pw, only)),
                    ):
                        context = browser.new_context(viewport={"width": 1400, "height": 1000})
                        page = context.new_page()
                        for key, value in measure(page).items():
                            store.setdefault(key, []).append(value)
                        context.close()
            base = {k: statistics.median(v) for k, v in floor.items()}
            lines.append(
                f"\n{label}: floor first load {base['first']:.3f} s, switch "
                f"{base['switch']:.3f} s, rerun {base['rerun']:.3f} s"
            )
            for key, values in ours.items():
                seconds = statistics.median(values)
                ref, target = (
                    ("first", 1.2)
                    if key == "sign-in"
                    else ("rerun", 2.0)
                    if key == "filter change"
                    else ("switch", 2.0)
                )
                ratio = seconds / base[ref]
                verdict = "ok" if ratio <= target else "MISSED"
                lines.append(
                    f"  {key:40} {seconds:7.3f} s  {ratio:5.2f}× floor {ref}"
                    f"  (target ≤ {target}) {verdict}"
                )
            shutil.rmtree(Path(tmp) / str(rows), ignore_errors=True)
        browser.close()
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.browser", description=__doc__)
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="the large installation (0: the sample only)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--pages", default="", help="only these pages' switches, by address (overview,sdgs)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("LESLIE_TODAY", "2026-11-29")
    only = {p.strip() for p in args.pages.split(",") if p.strip()}
    print(run([0, args.rows] if args.rows else [0], args.repeat, only))
    return 0


if __name__ == "__main__":
    sys.exit(main())
