"""The dashboard in headless Chromium, fully offline: every page draws, key numbers equal
``indicators.compute``, the map has its country outlines and the 14 partners, and filters
travel in the URL. A screenshot of each page goes to artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlparse

import pytest

from dashboard.widgets.ui import fmt
from dashboard.wiring import navigation
from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters, compute
from pipelines.warehouse.build import read_warehouse
from tests.e2e.axe_scan import scan
from tests.e2e.helpers import goto, open_page, screenshot, wait_idle

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 11, 29)
# each page's own heading (longer than its name in the menu)
HEADINGS = {
    "overview": "Overview",
    "partners": "Partners",
    "countries": "Countries",
    "sdgs": "Sustainable Development Goals",
    "catalogue": "Micro-credentials catalogue",
    "learners": "Learners",
    "dissemination": "Dissemination",
    "data_status": "Data status",
}
# (the menu link, the heading) of every figure page and the data status
PAGES = [
    (navigation.BY_NAME[name].title, HEADINGS[name])
    for name in (*navigation.FIGURE_PAGES, "data_status")
]


def expected_cards(server, project, filters: Filters) -> dict[str, str]:
    with read_warehouse(server.data_dir.warehouse) as con:
        values = compute(con, project, Viewer.coordinator("e2e"), filters, as_of=TODAY)
    return {f"{v.code} · {v.name}": fmt(v.actual, v.unit) for v in values}


def shown_metrics(page) -> dict[str, str]:
    out = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out


@pytest.mark.parametrize(("link", "title"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_draws(page, link, title):
    open_page(page, link)
    assert page.locator("h1").first.inner_text().strip() == title
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    if link != "Data status":
        assert page.locator(".js-plotly-plot").count() >= 1
    screenshot(page, link.lower().replace(" ", "-").replace("-", "_"))


def test_overview_cards_equal_compute(page, app_server, project):
    open_page(page, "Overview")
    assert shown_metrics(page) == expected_cards(app_server, project, Filters())
    # the chart of cumulative progress: expected curve and actual line
    assert page.locator(".js-plotly-plot .scatterlayer .trace").count() == 2


def test_map_is_drawn_offline(page, app_server):
    open_page(page, "Countries")
    page.wait_for_selector(".geolayer .layer.countries path", timeout=30_000)
    outline = page.locator(".geolayer .layer.countries path").first.get_attribute("d") or ""
    assert len(outline) > 10_000  # every country border of the base map
    assert page.locator(".choroplethlocation").count() == 5  # ES, IT, CY, KZ, UZ
    assert page.locator(".scattergeo path.point").count() == 14  # one marker per partner
    assert page.locator(".geolayer .layer.land path").count() == 1


def test_filters_travel_in_the_url(page, app_server, project):
    goto(page, f"{app_server.url}/?partner=KAZNU&period=P1")
    assert shown_metrics(page) == expected_cards(
        app_server, project, Filters(partner="KAZNU", period="P1")
    )
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_label("SDG", exact=True).scroll_into_view_if_needed()  # a long menu
    sidebar.get_by_label("SDG", exact=True).click()
    page.get_by_role("option", name=re.compile(r"^SDG 13 ")).click()
    wait_idle(page)
    query = parse_qs(urlparse(page.url).query)
    assert query == {"partner": ["KAZNU"], "period": ["P1"], "sdg": ["13"]}
    wanted = expected_cards(app_server, project, Filters(partner="KAZNU", period="P1", sdg=13))
    assert shown_metrics(page) == wanted

    open_page(page, "Learners")
    assert urlparse(page.url).path == "/learners"
    assert parse_qs(urlparse(page.url).query) == query
    shown = shown_metrics(page)
    for label in ("ENR-1 · Learners enrolled", "ENR-2 · Learners completed"):
        assert shown[label] == wanted[label]

    # back to the whole consortium for the tests that follow
    goto(page, f"{app_server.url}/")


def test_sign_in_starts_the_chart_and_table_code_out_of_sight(new_page, app_server):
    """While a person types their password, the browser has already started the code of
    charts and tables (the first page after signing in no longer pays for it); the box that
    holds them is hidden from sight and from screen readers."""
    page = new_page()
    goto(page, f"{app_server.url}/")
    box = page.locator(".st-key-leslie-warm-up")
    box.locator(".js-plotly-plot").wait_for(state="attached", timeout=30_000)
    box.locator('[data-testid="stDataFrame"]').wait_for(state="attached", timeout=30_000)
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.st-key-leslie-warm-up')).display")
        == "none"
    )
    assert not box.is_visible()
    assert page.get_by_role("figure").count() == 0  # nothing announced


@pytest.mark.parametrize(
    ("link", "section", "tables"),
    [
        ("Countries", "Numbers behind", 1),
        ("Countries", "With targets and status", 1),
        ("Overview", "All indicators as a table", 1),
        ("Data status", "Technical details", 3),
    ],
)
def test_a_closed_section_is_drawn_when_opened(page, axe, link, section, tables):
    """What a closed section holds (a chart's numbers, a second view of a table, the
    technical details) is drawn when its reader opens it, not with the page: the browser
    starts no table that is not on screen. Opened, it meets WCAG 2.1 AA like the rest (the
    accessibility walk never opens it)."""
    open_page(page, link)
    box = page.locator('[data-testid="stExpander"]', has_text=section).first
    assert box.locator('[data-testid="stDataFrame"]').count() == 0
    box.locator("summary").click()
    wait_idle(page)
    box.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    assert box.locator('[data-testid="stDataFrame"]').count() == tables
    assert box.get_by_role("button", name="Download CSV").count() == tables
    assert scan(axe, page, f"coordinator/en/{link} with {section} open") == []
    box.locator("summary").click()  # closed again for the tests that follow
    wait_idle(page)
