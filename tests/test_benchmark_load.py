"""The load benchmark's parts: the protocol-level person signs in and switches pages on a real
dashboard server, broken pages are seen as broken, lost uploads are noticed, and the figures
(median, 95th percentile, ratio to alone, memory per person) are the hand-computed ones."""

from __future__ import annotations

import os
import secrets
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.load import Person, lost_uploads, protocol_walk, upload_file
from benchmarks.load_browser import problems, upload_steps
from benchmarks.load_client import NotSettled, StreamUser, run_apart
from benchmarks.load_stats import (
    Failure,
    Level,
    Switch,
    alone_medians,
    median,
    p95,
    per_session_mb,
    ratios,
    summary,
)
from pipelines.access.accounts import Accounts
from pipelines.paths import REPO_ROOT, DataDir
from pipelines.words.catalogue import text
from tests.conftest import copy_installation
from tests.e2e.helpers import CHROMIUM_ARGS, free_port, stop_process, streamlit_command, wait_idle

FIXTURE_APP = REPO_ROOT / "tests" / "fixtures" / "load_errors" / "app.py"
LABELS = (text("dashboard.signin.username", "en"), text("dashboard.signin.password", "en"))


def start(script: Path, env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            streamlit_command(script, port),
            cwd=REPO_ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=out,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"no server:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)


@pytest.fixture(scope="module")
def dashboard(demo_dir, project, tmp_path_factory) -> Iterator[tuple[str, Person, DataDir]]:
    """The dashboard on a copy of the sample installation, with one coordinator account."""
    data = copy_installation(demo_dir, tmp_path_factory.mktemp("load") / "data")
    person = Person("load-test", secrets.token_urlsafe(16), "coordinator", None, None)
    Accounts(data, project).add(
        person.username, "coordinator", person.password, None, None, by="test"
    )
    env = {"LESLIE_DATA_DIR": str(data.root), "LESLIE_TODAY": "2026-11-29"}
    proc, url = start(REPO_ROOT / "dashboard" / "app.py", env, data.root.parent / "server.log")
    yield url, person, data
    stop_process(proc)


def headings(run) -> list[str]:
    return [e.heading.body for e in run.elements if e.WhichOneof("type") == "heading"]


async def sign_in_and_open(url: str, person: Person, page: str):
    user = StreamUser(url, timeout=120)
    try:
        first = await user.connect()
        signed = await user.sign_in(person.username, person.password, LABELS)
        opened = await user.open(page)
        return first, signed, opened, dict(user.pages), list(user.menu)
    finally:
        user.close()


@pytest.mark.slow
def test_protocol_person_signs_in_and_switches_a_page(dashboard) -> None:
    url, person, _ = dashboard
    first, signed, opened, pages, menu = run_apart(sign_in_and_open(url, person, "partners"))
    assert headings(first)[0] == text("dashboard.signin.title", "en")
    assert headings(signed)[0] == text("dashboard.home.coordinator_title", "en")
    assert {"overview", "partners", "work-plan", "review"} <= set(menu)
    assert "indicator" not in menu and "indicator" in pages  # reached by its links only
    assert headings(opened)[0] == text("dashboard.nav.partners", "en")
    assert opened.page_hash == pages["partners"]
    assert opened.problems() == []


@pytest.mark.slow
def test_refused_sign_in_is_a_failure(dashboard) -> None:
    url, person, _ = dashboard
    wrong = Person(person.username, "not-the-password", "coordinator", None, None)
    level = Level(1)

    async def walk() -> None:
        (await protocol_walk(url, wrong, 1, 120, level)).close()

    run_apart(walk())
    assert [(f.user, f.what) for f in level.failures] == [(person.username, "sign-in refused")]
    assert "Wrong username or password." in level.failures[0].detail
    assert level.switches == []


@pytest.mark.slow
def test_error_exception_and_a_run_too_long_are_seen(tmp_path) -> None:
    proc, url = start(FIXTURE_APP, {}, tmp_path / "server.log")

    async def look():
        user = StreamUser(url, timeout=60)
        try:
            run = await user.connect()
            (slow,) = run.widgets("checkbox")
            user.timeout = 1  # the slow run sleeps 5 s
            with pytest.raises(NotSettled, match="no finished run within 1 s"):
                await user.rerun(widgets=[WidgetState(id=slow.id, bool_value=True)])
            return run
        finally:
            user.close()

    try:
        run = run_apart(look())
    finally:
        stop_process(proc)
    assert headings(run) == ["Broken on purpose"]
    assert run.problems() == [
        "error: Something failed",
        "exception: ValueError: broken on purpose",
    ]


@pytest.mark.browser
def test_error_and_exception_are_seen_in_chromium(tmp_path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    proc, url = start(FIXTURE_APP, {}, tmp_path / "server.log")

    def look() -> list[str]:
        with sync_api.sync_playwright() as pw:
            chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = chromium.new_page()
            page.goto(url)
            page.wait_for_selector('[data-testid="stException"]', timeout=60_000)
            wait_idle(page, after_action=False)
            found = problems(page)
            chromium.close()
            return found

    try:
        seen = run_apart(look)  # another test of this worker may hold Playwright already
    finally:
        stop_process(proc)
    assert seen == ["Something failed", "ValueError: broken on purpose"]


def test_an_upload_missing_from_the_store_is_lost(demo_dir) -> None:
    level = Level(2)
    stored = ("KAZNU_enrollments_v2.csv", b"")  # a sample file: in the demo's ledger
    lost = upload_file("2p", 0)
    refused = upload_file("2p", 1)
    level.failures.append(Failure("load-browser-1", "upload refused", refused[0], "bad"))
    lost_uploads(demo_dir.root, [stored, lost, refused], level)
    assert level.failures[1:] == [Failure("", "upload lost", "", "load-2p-0.csv")]


def test_upload_file_is_a_valid_kaznu_row() -> None:
    name, data = upload_file("4p", 1)
    assert name == "load-4p-1.csv"
    assert data.decode().splitlines()[1].startswith("LD-4p-1,KAZNU,2026-03-14,workshop,")


def test_median_and_95th_percentile_by_hand() -> None:
    assert median([0.5, 0.1, 0.3]) == 0.3
    assert p95([0.5, 0.1, 0.3]) == 0.5  # rank ceil(2.85) = 3
    twenty = [float(i) for i in range(20, 0, -1)]
    assert median(twenty) == 10.5
    assert p95(twenty) == 19.0  # rank ceil(19.0) = 19
    assert p95([2.0]) == 2.0


def test_ratio_to_alone_and_memory_per_person() -> None:
    alone = Level(
        1, [Switch("a", "protocol", "overview", 0.2), Switch("a", "protocol", "overview", 0.4)]
    )
    alone.switches.append(Switch("b", "browser", "overview", 1.0))
    base = alone_medians(alone)
    assert base == {("protocol", "overview"): pytest.approx(0.3), ("browser", "overview"): 1.0}
    crowd = Level(4, rss_before_mb=200.0, rss_after_mb=300.0)
    crowd.switches += [Switch("a", "protocol", "overview", 0.6), Switch("c", "protocol", "sdgs", 9)]
    crowd.switches.append(Switch("b", "browser", "overview", 1.5))
    assert ratios(crowd, base, "protocol") == [pytest.approx(2.0)]  # sdgs: never made alone
    assert ratios(crowd, base, "browser") == [1.5]
    assert per_session_mb(crowd) == 25.0
    rows = summary(crowd, base)
    assert [(r["kind"], r["switches"], r["median_s"]) for r in rows] == [
        ("browser", 1, 1.5),
        ("protocol", 2, pytest.approx(4.8)),
    ]


def test_uploads_are_spread_over_the_walk() -> None:
    assert upload_steps(7, 2) == [0, 3]
    assert upload_steps(21, 3) == [0, 7, 14]
    assert upload_steps(0, 2) == [0, 0]
