"""Many people at once: page switches, memory and failures with N people signed in together.

    python -m benchmarks.load [--users 1,4,8,16] [--rounds 3] [--uploads 2] [--browsers 2]
                              [--timeout 90] [--json benchmarks/out/load.json]

Starts one dashboard server (``streamlit run dashboard/app.py``) on the sample installation
with one account per simulated person, roles mixed like the consortium's (the coordinator, the
two National Offices, then partners). Each person signs in through the sign-in form and walks
the main pages (Overview, Partners, Countries, SDGs, Dissemination, Work plan, Catalogue, as
far as their menu has them) ``--rounds`` times. Most people speak Streamlit's own WebSocket
protocol (``benchmarks.load_client``: no browser's CPU mixed with the server's on a small
machine); up to ``--browsers`` of them are real headless Chromium pages as a cross-check, the
first a partner who uploads ``--uploads`` files through the upload page during the walk (with
no browser, the files are ingested with ``python -m pipelines ingest`` meanwhile).

Measured per crowd size: page-switch time (asked until the run finished, or in Chromium until
the page settled), median, 95th percentile and its ratio to the same switch made alone (the
first level is always one person alone, once per kind of client, without uploads); the
server's memory (VmRSS) and its growth per person; failures: a page that never settled within
``--timeout``, an exception or error message on a page, a refused sign-in, a refused upload, an
upload missing from the store afterwards. Prints a table and writes the figures as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import REPO, streamlit_server
from benchmarks.load_browser import Walk
from benchmarks.load_browser import walk as browser_walk
from benchmarks.load_client import NotSettled, StreamUser
from benchmarks.load_stats import (
    Failure,
    Level,
    Switch,
    alone_medians,
    as_json,
    rss_mb,
    summary,
    table,
)
from pipelines.words.catalogue import text

MAIN_PAGES = ("overview", "partners", "countries", "sdgs", "dissemination", "work-plan")
MAIN_PAGES += ("catalogue",)
UPLOAD_HEADER = (
    "activity_id,partner_code,date,activity_type,title,country,audience,participants,reach,"
    "sdg_goals,url\n"
)
File = tuple[str, bytes]  # an upload: its name and content
UPLOADER = ("partner", "KAZNU", None)  # the first browser person: uploads through the page


@dataclass(frozen=True)
class Person:
    username: str
    password: str
    role: str
    partner: str | None
    country: str | None


def cast(project) -> list[tuple[str, str | None, str | None]]:
    """Roles in the consortium's proportions: the coordinator, the two National Offices, then
    every partner institution, then round again."""
    people = [("coordinator", None, None), ("national_office", None, "KZ")]
    people.append(("national_office", None, "UZ"))
    return people + [("partner", p.code, None) for p in project.partners]


def installation(root: Path, people: int, browsers: int) -> tuple[Path, list[Person], list[Person]]:
    """The sample installation and the accounts: ``people`` protocol-level, then the browser
    people (the partner who uploads first, then the cast again)."""
    from pipelines.access.accounts import Accounts
    from pipelines.config import load_project
    from pipelines.paths import BUNDLED_PROJECT, DataDir
    from pipelines.sample.installation import create_demo

    project = load_project(BUNDLED_PROJECT)
    data = DataDir(root / "data")
    create_demo(data, project)
    accounts = Accounts(data, project)
    roles = cast(project)

    def make(name: str, role: tuple[str, str | None, str | None]) -> Person:
        person = Person(name, secrets.token_urlsafe(16), *role)
        accounts.add(name, role[0], person.password, role[1], role[2], by="benchmark")
        return person

    plain = [make(f"load-{i + 1:02}", roles[i % len(roles)]) for i in range(people)]
    seen = [UPLOADER, *roles]
    real = [make(f"load-browser-{i + 1}", seen[i % len(seen)]) for i in range(browsers)]
    return data.root, plain, real


@contextmanager
def server(data_dir: Path, log: Path) -> Iterator[tuple[str, int]]:
    """The dashboard on a free loopback port: its address and process id."""
    env = {"LESLIE_DATA_DIR": str(data_dir)}
    with streamlit_server(REPO / "dashboard/app.py", env, log) as (url, proc):
        yield url, proc.pid


def upload_file(label: str, n: int) -> File:
    """A small, valid dissemination file of KazNU's, different for every upload."""
    row = f"LD-{label}-{n},KAZNU,2026-03-14,workshop,Load test {label} {n},KZ,students,10,10,15,\n"
    return f"load-{label}-{n}.csv", (UPLOAD_HEADER + row).encode()


def first_heading(run) -> str:
    return next((e.heading.body for e in run.elements if e.WhichOneof("type") == "heading"), "")


async def protocol_walk(
    url: str, person: Person, rounds: int, timeout: float, level: Level
) -> StreamUser:
    """One protocol-level person: sign in, walk the main pages; the open session is returned
    (closed by the caller once the server's memory has been read)."""
    user = StreamUser(url, timeout)
    labels = (text("dashboard.signin.username", "en"), text("dashboard.signin.password", "en"))
    who, page = person.username, "sign-in"
    try:
        await user.connect()
        run = await user.sign_in(who, person.password, labels)
        level.sign_ins.append(run.seconds)
        if first_heading(run) == text("dashboard.signin.title", "en"):
            level.failures.append(Failure(who, "sign-in refused", "", " ".join(run.problems())))
            return user
        pages = [p for p in MAIN_PAGES if p in user.menu]
        for _ in range(rounds):
            for page in pages:
                run = await user.open(page)
                level.switches.append(Switch(who, "protocol", page, run.seconds))
                for problem in run.problems():
                    level.failures.append(Failure(who, "error on page", page, problem))
    except (NotSettled, OSError) as e:
        level.failures.append(Failure(who, "not settled", page, str(e)[:300]))
    return user


async def protocol_crowd(
    url: str, people: list[Person], args: argparse.Namespace, level: Level, measured: Callable
) -> None:
    """The protocol-level people at once; ``measured`` is called before their sessions close."""
    users = await asyncio.gather(
        *(protocol_walk(url, p, args.rounds, args.timeout, level) for p in people)
    )
    measured()  # the server's memory with every session still open
    for user in users:
        user.close()


def ingest_meanwhile(data_dir: Path, files: list[File], tmp: Path, level: Level) -> None:
    """The uploads through the command line, one after the other (no browser partner)."""
    for name, data in files:
        path = tmp / name
        path.write_bytes(data)
        cmd = [sys.executable, "-m", "pipelines", "ingest", "--quiet", str(path)]
        cmd += ["--data-dir", str(data_dir)]
        out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
        if out.returncode:
            detail = (out.stdout + out.stderr).strip()[-300:]
            level.failures.append(Failure("command line", "upload refused", name, detail))


def run_level(
    url: str,
    pid: int,
    data_dir: Path,
    crowd: tuple[list[Person], list[Person]],
    args: argparse.Namespace,
    uploads: list[File],
) -> Level:
    """``crowd`` (protocol people, browser people) at once, with ``uploads`` made meanwhile."""
    plain, real = crowd
    level = Level(len(plain) + len(real))
    title = text("dashboard.signin.title", "en")
    hold, done = threading.Event(), [threading.Event() for _ in real]

    def browser(person: Person, i: int) -> None:
        files = tuple(uploads) if i == 0 and person.partner == UPLOADER[1] else ()
        w = Walk(
            url, person.username, person.password, MAIN_PAGES, args.rounds, args.timeout, files
        )
        try:
            browser_walk(w, level, title, lambda: (done[i].set(), hold.wait(args.timeout)))
        finally:
            done[i].set()

    threads = [threading.Thread(target=browser, args=(p, i)) for i, p in enumerate(real)]
    via_page = bool(real) and real[0].partner == UPLOADER[1]
    if uploads and not via_page:
        tmp = data_dir.parent / "uploads"  # inside the benchmark's temporary folder
        tmp.mkdir(exist_ok=True)
        threads.append(
            threading.Thread(target=ingest_meanwhile, args=(data_dir, uploads, tmp, level))
        )
        level.uploads = len(uploads)
    level.rss_before_mb = rss_mb(pid)
    for t in threads:
        t.start()

    def measured() -> None:
        for event in done:
            event.wait(args.timeout * (args.rounds * len(MAIN_PAGES) + 4))
        level.rss_after_mb = rss_mb(pid)
        hold.set()

    asyncio.run(protocol_crowd(url, plain, args, level, measured))
    for t in threads:
        t.join()
    lost_uploads(data_dir, uploads, level)
    return level


def lost_uploads(data_dir: Path, uploads: list[File], level: Level) -> None:
    """An upload not refused on the page must be in the store's ledger afterwards."""
    from pipelines.paths import DataDir
    from pipelines.store.ledger import Ledger

    stored = {Path(s.file_name).name for s in Ledger(DataDir(data_dir).ledger).submissions()}
    refused = {f.page for f in level.failures if f.what == "upload refused"}
    for name, _ in uploads:
        if name not in stored and name not in refused:
            level.failures.append(Failure("", "upload lost", "", name))


def run(args) -> tuple[list[Level], list[dict]]:
    sizes = sorted(set(args.users) | {1})
    with tempfile.TemporaryDirectory(prefix="leslie-load-") as tmp:
        data_dir, plain, real = installation(Path(tmp), max(sizes), args.browsers)
        with server(data_dir, Path(tmp) / "server.log") as (url, pid):
            warm = Level(1)  # first runs fill the server's caches: not measured
            asyncio.run(protocol_crowd(url, plain[:1], args, warm, lambda: None))
            alone = run_level(url, pid, data_dir, (plain[:1], []), args, [])
            if real:
                solo = run_level(url, pid, data_dir, ([], real[:1]), args, [])
                alone.switches += solo.switches
                alone.sign_ins += solo.sign_ins
                alone.failures += solo.failures
            levels = [alone]
            for n in sizes[1:]:
                k = min(len(real), n - 1)
                files = [upload_file(f"{n}p", j) for j in range(args.uploads)]
                levels.append(
                    run_level(url, pid, data_dir, (plain[: n - k], real[:k]), args, files)
                )
    base = alone_medians(alone)
    return levels, [row for level in levels for row in summary(level, base)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__)
    parser.add_argument("--users", default="1,4,8,16", help="crowd sizes, comma-separated")
    parser.add_argument("--rounds", type=int, default=3, help="walks through the main pages")
    parser.add_argument("--uploads", type=int, default=2, help="files uploaded per crowd size")
    parser.add_argument("--browsers", type=int, default=2, help="people in a real Chromium")
    parser.add_argument("--timeout", type=float, default=90, help="seconds a page may take")
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks/out/load.json")
    args = parser.parse_args(argv)
    args.users = [int(n) for n in str(args.users).split(",") if n.strip()]
    if not args.users or min(args.users) < 1:
        parser.error("--users: crowd sizes of at least one person, e.g. 1,4,8")
    os.environ.setdefault("LESLIE_TODAY", "2026-11-29")
    levels, rows = run(args)
    print(table(rows))
    for level in levels:
        for f in level.failures:
            print(f"  {level.users} people: {f.what} {f.user} {f.page} {f.detail}".rstrip())
    settings = {k: v for k, v in vars(args).items() if k != "json"}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(as_json(levels, rows, settings), indent=1, default=str))
    print(f"figures written to {args.json}")
    return 1 if any(level.failures for level in levels) else 0


if __name__ == "__main__":
    sys.exit(main())
