"""One app server and one headless Chromium for the whole browser session.

The server runs the real command (``streamlit run dashboard/app.py``) on the sample
installation with the reporting date pinned. Every request the page makes to anything but
the app server is aborted and recorded, and so is every console error: a test fails if it
caused either.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipelines.paths import REPO_ROOT, DataDir
from tests.e2e.helpers import goto

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    data_dir: DataDir


@pytest.fixture(scope="session")
def app_server(demo_dir: DataDir, tmp_path_factory) -> Iterator[Server]:
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    env = {
        **os.environ,
        "LESLIE_DATA_DIR": str(demo_dir.root),
        "LESLIE_TODAY": os.environ.get("LESLIE_TODAY", "2026-11-29"),
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard/app.py",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the app server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield Server(url, demo_dir)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What the page did that it must not do."""

    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    local_failures: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def session_page(browser, app_server: Server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    watch = Watch()
    origin = app_server.url

    def route(r) -> None:
        url = r.request.url
        local = url.startswith((origin, origin.replace("http", "ws"), "data:", "blob:"))
        if local:
            r.continue_()
        else:
            watch.external.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.console_errors.append(str(e)))
    page.on(
        "response",
        lambda r: watch.local_failures.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    goto(page, origin + "/")
    page.watch = watch  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture()
def page(session_page):
    """The shared page; the test fails if it made a request off the machine or logged an
    error (console error, failed local request)."""
    watch: Watch = session_page.watch
    start = (len(watch.external), len(watch.console_errors), len(watch.local_failures))
    yield session_page
    assert watch.external[start[0] :] == [], "requests left the machine"
    assert watch.console_errors[start[1] :] == [], "errors in the browser console"
    assert watch.local_failures[start[2] :] == [], "failed requests to the app"
