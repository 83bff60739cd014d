"""Browser helpers: wait for Streamlit to settle, sign in and navigate like a user, full-page
shots."""

from __future__ import annotations

import contextlib
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from pipelines.paths import REPO_ROOT
from pipelines.words.catalogue import normalise_lang, text

SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def streamlit_command(script: str | Path, port: int) -> list[str]:
    """``streamlit run`` of ``script``, headless, on loopback only, without usage statistics:
    how the browser tests and the browser benchmark start an app."""
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.port", str(port), "--server.address", "127.0.0.1",
    ]  # fmt: skip


def stop_process(proc, grace: float = 15) -> None:
    """End a server started for a test or a benchmark: asked first, killed if it lingers."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()


class ServerDidNotStart(RuntimeError):
    """A server started for a test or a benchmark ended, or never answered, before it was
    ready; the message ends with its log."""


def wait_healthy(
    url: str,
    proc: subprocess.Popen,
    log: Path | None,
    what: str,
    seconds: float = 90,
    cafile: Path | None = None,
) -> None:
    """Until ``url`` answers 200 (over HTTPS trusting ``cafile``, a file the server may
    write only as it starts); ``ServerDidNotStart`` with the end of ``log`` if the process
    ends first or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            context = ssl.create_default_context(cafile=str(cafile)) if cafile else None
            with urllib.request.urlopen(url, timeout=2, context=context) as answer:
                if answer.status == 200:
                    return
        except OSError:  # refused, not yet listening, no certificate yet (SSLError included)
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            shown = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise ServerDidNotStart(f"{what} did not start:\n{shown}")
        time.sleep(0.3)


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
BUSY = '[data-testid="stStatusWidget"]'
# placeholders drawn while an element's code is still loading (a function, not an expression:
# Playwright evaluates an expression with eval, which a content security policy forbids)
LOADING = (
    "() => !document.querySelector('[data-testid=stSkeleton], [data-testid=stSkeletonElement]')"
)


# the layout of the app's main parts, unchanged for several animation frames in a row
SETTLED = """() => new Promise((resolve) => {
  const parts = '[data-testid=stMain], [data-testid=stMainBlockContainer], [data-testid=stSidebar]';
  const shape = () => [...document.querySelectorAll(parts)]
    .map((e) => [e.clientWidth, e.clientHeight, e.scrollWidth, e.scrollHeight].join('x')).join('|');
  let last = null, same = 0;
  const tick = () => {
    const now = shape();
    same = now === last ? same + 1 : 0;
    last = now;
    if (same >= 6) resolve(true); else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})"""


def settle(page) -> None:
    """Wait until the page's layout has stopped changing (after a window resize: the
    sidebar folds, charts and tables redraw to the new width)."""
    page.evaluate(SETTLED)


def resize(page, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    settle(page)


def wait_idle(page, timeout: float = 90_000, after_action: bool = True) -> None:
    """The script has finished, nothing is running and every element has drawn.

    ``after_action``: the page was just clicked or typed into, so the run it asks for may
    not have begun yet: first wait (a quarter of a second at most) for it to begin."""
    if after_action:
        from playwright.sync_api import TimeoutError as NoRunBegan  # or it began and ended

        with contextlib.suppress(NoRunBegan):
            page.wait_for_selector(IDLE, state="detached", timeout=250)
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_selector(BUSY, state="detached", timeout=timeout)
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function(LOADING, timeout=timeout)


def wait_drawn(page, timeout: float = 90_000) -> None:
    """A page is loading (opened, reloaded, clicked to): its heading is drawn and nothing is
    left running. The run that drew the heading has begun, so no wait for one to begin."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout)
    wait_idle(page, timeout=timeout, after_action=False)


def wait_page(page, timeout: float = 60_000) -> None:
    """After a click or key that opens a page: its run has begun and ended, its heading is
    drawn and nothing is left running."""
    wait_idle(page)
    wait_drawn(page, timeout)


def open_page(page, link: str) -> None:
    """Open a page through the sidebar navigation (as a user does)."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=link).first.click()
    wait_page(page)


def open_options(page, box) -> None:
    """Open a selectbox's list: a click while the page still settles after a run is lost,
    so click again until the options are there (at most four times)."""
    from playwright.sync_api import TimeoutError as NotOpen

    for _ in range(4):
        box.click()
        try:
            page.locator('[role="option"]').first.wait_for(timeout=4000)
            return
        except NotOpen:
            continue
    raise AssertionError("the selectbox never opened its list")


def goto(page, url: str) -> None:
    """Load a URL (a new session) and wait until its page has drawn. A new session starts
    signed out: a page given ``page.credentials`` signs in again and lands on the URL."""
    page.goto(url)
    wait_drawn(page)
    credentials = getattr(page, "credentials", None)
    if credentials and heading(page) == text("dashboard.signin.title", page_lang(page)):
        sign_in(page, *credentials)


def heading(page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


def page_lang(page) -> str:
    """The language the page was asked for (``?lang=`` in its address), else English."""
    asked = parse_qs(urlparse(page.url).query).get("lang", [""])[0]
    return normalise_lang(asked) or "en"


def submit_sign_in(page, username: str, password: str) -> None:
    """Fill the sign-in form (labelled in the page's language) and send it; wait for the
    answer, whatever it is."""
    lang = page_lang(page)
    page.get_by_label(text("dashboard.signin.username", lang), exact=True).fill(username)
    page.get_by_label(text("dashboard.signin.password", lang), exact=True).fill(password)
    page.get_by_role("button", name=text("dashboard.signin.submit", lang), exact=True).click()
    wait_idle(page)


def sign_in(page, username: str, password: str) -> None:
    """Sign in and wait until the first page of the account has drawn."""
    title = text("dashboard.signin.title", page_lang(page))
    submit_sign_in(page, username, password)
    page.wait_for_function(
        "(title) => { const h = document.querySelector('[data-testid=stMain] h1');"
        " return h && h.innerText.trim() !== title; }",
        arg=title,
        timeout=60_000,
    )
    wait_idle(page, after_action=False)  # the account's page is drawing


def screenshot(page, name: str) -> Path:
    """The whole page, not just the window: the window grows to the content, then back."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stMainBlockContainer]')].map(e => e.scrollHeight))"
    )
    resize(page, 1400, min(int(height) + 60, 12000))
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    resize(page, 1400, 1000)
    return path
