"""Browser helpers: wait for Streamlit to settle, navigate like a user, full-page shots."""

from __future__ import annotations

from pathlib import Path

from pipelines.paths import REPO_ROOT

SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
BUSY = '[data-testid="stStatusWidget"]'
# placeholders drawn while an element's code is still loading
LOADING = "!document.querySelector('[data-testid=stSkeleton], [data-testid=stSkeletonElement]')"


def wait_idle(page, timeout: float = 90_000) -> None:
    """The script has finished, nothing is running and every element has drawn."""
    page.wait_for_timeout(250)
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_selector(BUSY, state="detached", timeout=timeout)
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function(LOADING, timeout=timeout)


def open_page(page, link: str) -> None:
    """Open a page through the sidebar navigation (as a user does)."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=link).first.click()
    wait_idle(page)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    wait_idle(page)


def goto(page, url: str) -> None:
    """Load a URL (a new session) and wait until its page has drawn."""
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=90_000)
    wait_idle(page)


def screenshot(page, name: str) -> Path:
    """The whole page, not just the window: the window grows to the content, then back."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stMainBlockContainer]')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 60, 12000)})
    page.wait_for_timeout(600)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})
    return path
