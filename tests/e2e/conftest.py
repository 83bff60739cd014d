"""One app server and one headless Chromium for the whole browser session.

The server runs the real command (``streamlit run dashboard/app.py``) on a copy of the sample
installation (the browser tests upload and approve) with the reporting date pinned, and with
accounts whose random passwords the tests make. Every request a page makes to anything but
the app server is aborted and recorded, and so is every console error: a test fails if it
caused either.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipelines.access.accounts import Accounts
from pipelines.paths import REPO_ROOT, DataDir
from tests.e2e.helpers import (
    CHROMIUM_ARGS,
    free_port,
    goto,
    stop_process,
    streamlit_command,
    wait_healthy,
)

CHROMIUM = Path("/usr/bin/chromium")


COORDINATOR = "e2e-coordinator"
# account -> (role, partner, country)
ACCOUNTS = {
    COORDINATOR: ("coordinator", None, None),
    "kaznu-data": ("partner", "KAZNU", None),
    "kz-office": ("national_office", None, "KZ"),
}


@dataclass
class Server:
    url: str
    data_dir: DataDir
    passwords: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="session")
def app_server(demo_dir: DataDir, project, tmp_path_factory) -> Iterator[Server]:
    data_dir = DataDir(tmp_path_factory.mktemp("e2e") / "data")
    shutil.copytree(demo_dir.root, data_dir.root)
    accounts = Accounts(data_dir, project)
    passwords = {name: secrets.token_urlsafe(18) for name in ACCOUNTS}
    for name, (role, partner, country) in ACCOUNTS.items():
        accounts.add(name, role, passwords[name], partner, country, by="test")
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    env = {
        **os.environ,
        "LESLIE_DATA_DIR": str(data_dir.root),
        "LESLIE_TODAY": os.environ.get("LESLIE_TODAY", "2026-11-29"),
    }
    command = streamlit_command("dashboard/app.py", port)
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/_stcore/health", proc, log, "the app server")
        yield Server(url, data_dir, passwords)
    finally:
        stop_process(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe():
    """axe-core's runner (tests/e2e/axe_scan.py reads its findings)."""
    return pytest.importorskip("axe_playwright_python.sync_playwright").Axe()


@dataclass
class Watch:
    """What the page did that it must not do."""

    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    local_failures: list[str] = field(default_factory=list)


# CSS transitions and animations off: a page is checked as it is once they have ended, and a
# walk does not wait for the sidebar to slide or a chart to fade at every window resize
NO_MOTION = """document.addEventListener('DOMContentLoaded', () => {
  const still = document.createElement('style');
  still.textContent = '*, *::before, *::after '
    + '{ transition: none !important; animation: none !important; }';
  document.head.appendChild(still);
});"""


def watched_page(browser, origin: str):
    """A new browser context (its own cookies and Streamlit session) and its page, with
    every off-machine request aborted and recorded in ``page.watch``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(NO_MOTION)
    page = context.new_page()
    watch = Watch()

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
    page.watch = watch  # type: ignore[attr-defined]
    return context, page


def assert_clean(watch: Watch, start: tuple[int, int, int] = (0, 0, 0)) -> None:
    assert watch.external[start[0] :] == [], "requests left the machine"
    assert watch.console_errors[start[1] :] == [], "errors in the browser console"
    assert watch.local_failures[start[2] :] == [], "failed requests to the app"


@pytest.fixture(scope="session")
def session_page(browser, app_server: Server):
    """The coordinator's page: ``goto`` signs in again whenever a new session starts."""
    context, page = watched_page(browser, app_server.url)
    page.credentials = (COORDINATOR, app_server.passwords[COORDINATOR])  # type: ignore[attr-defined]
    goto(page, app_server.url + "/")
    yield page
    context.close()


@pytest.fixture()
def page(session_page):
    """The shared page; the test fails if it made a request off the machine or logged an
    error (console error, failed local request)."""
    watch: Watch = session_page.watch
    start = (len(watch.external), len(watch.console_errors), len(watch.local_failures))
    yield session_page
    assert_clean(watch, start)


@pytest.fixture()
def new_page(browser, app_server: Server):
    """Pages of their own browser sessions (another user), checked like ``page``."""
    made = []

    def make():
        context, page = watched_page(browser, app_server.url)
        made.append((context, page))
        return page

    yield make
    for context, _page in made:
        context.close()
    for _, page in made:
        assert_clean(page.watch)
