"""The dashboard in Russian, Kazakh and Uzbek, in headless Chromium: the coordinator signs in
with ``?lang=ru`` (then ``kk``, then ``uz``), opens every page of the menu, and no English
interface word is left on any of them, and axe-core finds no serious or critical WCAG 2.1
A/AA violation on any of them (the English pages are scanned in test_accessibility.py).

What is read: the visible text of the main area and of the sidebar (menu, filters, buttons,
captions, chart titles and axes). What is not: the icons' ligature names, data tables'
cells (a canvas) and what partners wrote (titles, names), which stay as written. One
sign-in per language, in a browser session of its own."""

from __future__ import annotations

import re

import pytest

from tests.e2e.axe_scan import STATEMENT_LINK, scan
from tests.e2e.conftest import COORDINATOR
from tests.e2e.helpers import (
    SCREENSHOTS,
    heading,
    resize,
    sign_in,
    wait_drawn,
    wait_page,
)

pytestmark = pytest.mark.browser

LANGUAGES = ("ru", "kk", "uz")
# interface words of the English pages that never belong on a Russian, Kazakh or Uzbek page
ENGLISH = (
    "Overview",
    "Partners",
    "Partner",
    "Countries",
    "Country",
    "Learners",
    "Dissemination",
    "Upload",
    "Review",
    "Audit log",
    "Reports",
    "My data",
    "Data status",
    "Dashboard",
    "Account",
    "Status",
    "Target",
    "Download",
    "Period",
    "Filters",
    "Sign out",
    "Sign in",
    "Indicator",
    "Indicators",
    "consortium",
    "Consortium",
    "achieved",
    "Achieved",
    "On track",
    "At risk",
    "Off track",
    "Not started",
    "No target",
    "Whole project",
    "Work package",
    "Expected",
    "Actual",
    "Progress",
    "Search",
    "Module",
    "modules",
    "Micro-credentials",
    "catalogue",
    "Enrolled",
    "Completed",
    "Credential issued",
    "Region",
    "not in your scope",
    "Grey markers",
    "Numbers behind",
    "No data",
    "Language",
    "Submission",
    "Approved",
    "Pending",
    "Template",
    "Download CSV",
    "Show",
)
# English still drawn by pages whose conversion to the catalogue is under way elsewhere
# (address -> words). Only these may remain; anything else, on any page, fails the test.
# Delete a page's entry once it speaks the catalogue.
# page address -> English words still allowed: Streamlit draws its file uploader's own button
# ("Upload"), which has no translation API
NOT_YET_CONVERTED: dict[str, set[str]] = {"upload": {"Upload"}, "work-plan": {"Upload"}}
WORDS = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")
# the visible text nodes of the main area and the sidebar, minus icons and table canvases
VISIBLE_TEXT = """() => {
  const skip = '[data-testid="stIconMaterial"], [data-testid="stDataFrame"], '
    + '[data-testid="stDataFrameResizable"], canvas, script, style, noscript';
  const out = [];
  for (const root of document.querySelectorAll(
      '[data-testid="stMain"], [data-testid="stSidebar"]')) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode, el = node.parentElement;
      if (!el || el.closest(skip)) { continue; }
      if (!el.checkVisibility({visibilityProperty: true})) { continue; }
      const t = node.textContent.trim();
      if (t) { out.push(t); }
    }
  }
  return out;
}"""


def english_words(page) -> list[str]:
    """The English interface words visible on the page, each once."""
    found: list[str] = []
    for chunk in page.evaluate(VISIBLE_TEXT):
        for word in WORDS.findall(chunk):
            if word not in found:
                found.append(word)
    return found


def menu_links(page) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    # a link's text: the icon's ligature name, then the title on its own line
    return [links.nth(i).inner_text().strip().split("\n")[-1] for i in range(links.count())]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_on_any_page(new_page, app_server, axe, lang):
    page = new_page()
    page.goto(f"{app_server.url}/?lang={lang}")
    wait_drawn(page)
    found: dict[str, list[str]] = {}
    overflow: set[str] = set()
    violations = scan(axe, page, f"coordinator/{lang}/sign-in")
    if words := english_words(page):
        found["sign-in (login)"] = words
    sign_in(page, COORDINATOR, app_server.passwords[COORDINATOR])  # labels in ?lang=

    titles = menu_links(page)
    assert len(titles) >= 12  # the coordinator's whole menu
    for i, title in enumerate(titles):
        page.locator('[data-testid="stSidebarNav"] a').nth(i).click()
        wait_page(page)
        assert f"lang={lang}" in page.url, f"{title}: the language left the address"
        assert page.locator('[data-testid="stException"]').count() == 0, title
        address = page.url.split("?")[0].rsplit("/", 1)[-1] or "home"
        pending = NOT_YET_CONVERTED.get(address, set())
        if words := [w for w in english_words(page) if w not in pending]:
            found[f"{title} ({address})"] = words
        violations += scan(axe, page, f"coordinator/{lang}/{title}")
        overflow |= layout_shots(page, lang, address)
    page.locator(STATEMENT_LINK).click()  # the accessibility statement, scanned too
    wait_page(page)
    violations += scan(axe, page, f"coordinator/{lang}/{heading(page)}")
    assert found == {}, f"English interface words in {lang}"
    assert violations == [], "serious/critical WCAG violations:\n" + "\n".join(violations)
    assert overflow == set(), f"pages wider than a 390 px phone in {lang}"


def layout_shots(page, lang: str, address: str) -> set[str]:
    """The page at 1,400 and 390 px wide, saved for a person to look at; the page's address
    when its content is wider than the phone's screen (labels overflowing sideways)."""
    folder = SCREENSHOTS / "languages"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{lang}-{address}-1400.png"))
    resize(page, 390, 844)
    wide = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=stMain]')]"
        ".map(e => e.scrollWidth))"
    )
    page.screenshot(path=str(folder / f"{lang}-{address}-390.png"))
    resize(page, 1400, 1000)
    return {address} if wide > 391 else set()
