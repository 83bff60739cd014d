"""The dashboard with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows), in headless
Chromium: sign in, change a filter, open every page of the menu, open a table and download
its CSV. Every element reached shows a visible focus indicator (a computed outline or box
shadow), and Tab always moves on: no keyboard trap. No mouse event is sent."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from dashboard.wiring import navigation
from pipelines.access.scope import Viewer
from pipelines.words.catalogue import text
from tests.e2e.conftest import COORDINATOR, assert_clean, watched_page
from tests.e2e.helpers import heading, wait_drawn, wait_idle

pytestmark = pytest.mark.browser

MAX_TABS = 250  # more than the focusable elements of the longest page, twice
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) { return null; }
  const s = getComputedStyle(e);
  return {
    tag: e.tagName, testid: e.getAttribute('data-testid') || '',
    label: (e.getAttribute('aria-label') || e.innerText || e.value || '').trim().slice(0, 80),
    href: e.getAttribute('href') || '', inMenu: !!e.closest('[data-testid="stSidebarNav"]'),
    key: e.tagName + '|' + (e.id || '') + '|' + (e.getAttribute('href') || '') + '|'
      + (e.getAttribute('aria-label') || e.innerText || '').trim().slice(0, 40),
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
    shadow: s.boxShadow !== 'none',
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def tab_to(page, wanted, backwards: bool = False) -> dict:
    """Press Tab until ``wanted(focused element)``; each element reached must show its focus,
    and focus must keep moving (a trap would hold it on one element)."""
    key = "Shift+Tab" if backwards else "Tab"
    stuck = 0
    previous = None
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        now = focused(page)
        if now is None:  # the document itself, between the last element and the first
            continue
        assert now["outline"] or now["shadow"], f"no visible focus on {now}"
        stuck = stuck + 1 if previous and now["key"] == previous["key"] else 0
        assert stuck < 3, f"keyboard trap at {now}"
        previous = now
        if wanted(now):
            return now
    raise AssertionError(f"not reached with {key} in {MAX_TABS} presses")


def press_and_wait(page, key: str) -> None:
    page.keyboard.press(key)
    wait_idle(page)


def test_keyboard_only_walk(browser, app_server, project):
    context, page = watched_page(browser, app_server.url)
    try:
        page.goto(app_server.url + "/")
        wait_drawn(page)
        assert heading(page) == "Sign in"

        # sign in: Tab to the username, type, Tab to the password, type, Enter
        tab_to(page, lambda f: f["tag"] == "INPUT" and f["label"] == "Username")
        page.keyboard.type(COORDINATOR)
        tab_to(page, lambda f: f["tag"] == "INPUT" and f["label"] == "Password")
        page.keyboard.type(app_server.passwords[COORDINATOR])
        tab_to(page, lambda f: f["tag"] == "BUTTON" and f["label"] == "Sign in")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "(() => { const h = document.querySelector('[data-testid=stMain] h1');"
            " return h && h.innerText.trim() !== 'Sign in'; })()",
            timeout=60_000,
        )
        wait_idle(page)
        first = navigation.plan(Viewer.coordinator(COORDINATOR)).shown[0]
        assert urlparse(page.url).path.strip("/") in ("", first.url_path)

        # a filter: Tab to the Country menu, open it with an arrow, move down, Enter
        tab_to(page, lambda f: f["tag"] == "INPUT" and "Country" in f["label"])
        page.keyboard.press("ArrowDown")
        page.wait_for_selector('[role="option"]', timeout=10_000)
        page.keyboard.press("ArrowDown")
        press_and_wait(page, "Enter")
        country = parse_qs(urlparse(page.url).query).get("country")
        assert country and len(country[0]) == 2, page.url

        # every page of the menu, by Tab (or Shift+Tab) and Enter
        links = page.locator('[data-testid="stSidebarNav"] a')
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        titles = {}
        for href in hrefs:
            reach = lambda f, href=href: f["inMenu"] and f["href"] == href  # noqa: E731
            tab_to(page, reach, backwards=True)
            press_and_wait(page, "Enter")
            wait_drawn(page, 60_000)
            assert urlparse(page.url).path == urlparse(href).path
            titles[urlparse(href).path] = heading(page)
        shown = navigation.plan(Viewer.coordinator(COORDINATOR)).shown
        assert len(titles) == len(hrefs) == len(shown), titles

        # a table's CSV: back to the Overview, open the table with Space, download with Enter
        overview = lambda f: f["inMenu"] and urlparse(f["href"]).path == "/overview"  # noqa: E731
        tab_to(page, overview, backwards=True)
        press_and_wait(page, "Enter")
        tab_to(page, lambda f: f["tag"] == "SUMMARY" and "All indicators" in f["label"])
        press_and_wait(page, "Space")
        # the table: its cells by arrows; the grid keeps Tab for moving between cells, and
        # Escape hands Tab back to the page (said in the accessibility statement)
        tab_to(page, lambda f: f["testid"] == "data-grid-canvas")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Escape")
        tab_to(page, lambda f: f["tag"] == "BUTTON" and "Download CSV" in f["label"])
        with page.expect_download() as info:
            page.keyboard.press("Enter")
        saved = Path(info.value.path()).read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(saved)))
        assert rows[0][:2] == [
            text("dashboard.col.code", "en"),
            text("dashboard.col.indicator", "en"),
        ]
        assert len(rows) == 1 + len(project.indicators)  # one row per indicator
        wait_idle(page)
        assert_clean(page.watch)
    finally:
        context.close()
