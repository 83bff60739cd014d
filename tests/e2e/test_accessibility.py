"""Every page of the dashboard against axe-core's WCAG 2.1 A/AA rules, in headless Chromium.

Each role (coordinator, national office of Kazakhstan, partner KazNU; the public view is off
in the bundled project and not covered) signs in once and opens every page of its menu through the
sidebar; axe-core (bundled with axe-playwright-python, injected into the page: nothing is
fetched) checks each page. English covers every page of every role; Kazakh and Uzbek cover
every page of one role each, and the language walk (test_languages.py) scans the
coordinator's pages in Russian, Kazakh and Uzbek. A serious or critical violation fails the test, which lists
each one's rule and elements. The sign-in page is checked too, and the accessibility statement
(linked at the foot of the sidebar). The document's ``lang`` attribute follows ``?lang=``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import pytest

from pipelines.access.accounts import Accounts
from tests.e2e.axe_scan import STATEMENT_LINK, scan
from tests.e2e.conftest import COORDINATOR, assert_clean, watched_page
from tests.e2e.helpers import goto, open_page, sign_in, wait_page

pytestmark = pytest.mark.browser

OFFICE = "e2e-office-kz"
PARTNER = "kaznu-data"


@dataclass(frozen=True)
class Visit:
    role: str
    lang: str


# every page of every role in English; Kazakh and Uzbek with one role each; the
# coordinator's pages in Russian, Kazakh and Uzbek are scanned by the language walk
# (test_languages.py), which opens each of them anyway
VISITS = [
    Visit("coordinator", "en"),
    Visit("national_office", "en"),
    Visit("partner", "en"),
    Visit("national_office", "kk"),
    Visit("partner", "uz"),
]


@pytest.fixture(scope="module")
def credentials(app_server, project) -> dict[str, tuple[str, str]]:
    """An account per role: the session's two, plus a national office for Kazakhstan."""
    if OFFICE not in app_server.passwords:
        password = secrets.token_urlsafe(18)
        Accounts(app_server.data_dir, project).add(
            OFFICE, "national_office", password, country="KZ", by="test"
        )
        app_server.passwords[OFFICE] = password
    return {
        "coordinator": (COORDINATOR, app_server.passwords[COORDINATOR]),
        "national_office": (OFFICE, app_server.passwords[OFFICE]),
        "partner": (PARTNER, app_server.passwords[PARTNER]),
    }


def menu_links(page) -> list[tuple[str, str]]:
    """(label, address) of every link in the sidebar menu, in menu order."""
    links = page.locator('[data-testid="stSidebarNav"] a')
    out = []
    for i in range(links.count()):
        link = links.nth(i)
        out.append((link.inner_text().strip(), link.get_attribute("href") or ""))
    return out


def open_link(page, href: str) -> None:
    """Follow a menu link, or the statement's link at the foot of the sidebar."""
    menu = page.locator(f'[data-testid="stSidebarNav"] a[href="{href}"]')
    (menu if menu.count() else page.locator(STATEMENT_LINK)).first.click()
    wait_page(page)


@pytest.mark.parametrize("visit", VISITS, ids=[f"{v.role}-{v.lang}" for v in VISITS])
def test_every_page_meets_wcag_aa(browser, app_server, credentials, axe, visit):
    context, page = watched_page(browser, app_server.url)
    try:
        goto(page, f"{app_server.url}/?lang={visit.lang}")
        problems = scan(axe, page, f"{visit.role}/{visit.lang}/sign-in")
        seen_lang = {page.evaluate("document.documentElement.lang")}
        sign_in(page, *credentials[visit.role])
        links = menu_links(page)
        assert len(links) >= 8, links
        statement = page.locator(STATEMENT_LINK)
        links.append((statement.inner_text().strip(), statement.get_attribute("href") or ""))
        for label, href in links:
            open_link(page, href)
            where = f"{visit.role}/{visit.lang}/{label}"
            problems += scan(axe, page, where)
            seen_lang.add(page.evaluate("document.documentElement.lang"))
        print("\n".join(problems) or f"{visit.role}/{visit.lang}: no violations")
        assert problems == [], f"{len(problems)} serious/critical violations:\n" + "\n".join(
            problems
        )
        assert seen_lang == {visit.lang}  # <html lang> follows ?lang= on every page
        assert_clean(page.watch)
    finally:
        context.close()


def test_charts_are_named_by_their_summary(page):
    """Each chart is a figure whose accessible name is the summary drawn above it."""
    open_page(page, "Overview")
    plot = page.locator(".js-plotly-plot").first
    page.wait_for_function(
        "document.querySelector('.js-plotly-plot')?.getAttribute('aria-labelledby')"
    )
    assert plot.get_attribute("role") == "figure"
    summary = page.locator(f"#{plot.get_attribute('aria-labelledby')}")
    words = summary.inner_text().strip()
    assert words.startswith("Chart: ENR-1 · ") and ": highest value " in words, words
    assert summary.is_visible()
