"""The public micro-credential catalogue in Russian and the coordinator's catalogue page, in a
real browser.

A server of its own runs a copy of the sample installation with the public view switched on;
the reader is signed out and filters the public catalogue by SDG, EQF level and a search word;
the modules the table shows must be exactly those that match. axe-core checks the filtered
page (WCAG 2.1 A/AA, serious and critical). Screenshots at 1,400 and 390 pixels wide go to
``artifacts/screenshots/catalogue/``. No request may leave the machine, no console error.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess

import pytest

from pipelines.access.accounts import Accounts
from pipelines.paths import BUNDLED_PROJECT, REPO_ROOT, DataDir
from pipelines.words.catalogue import text
from pipelines.words.present import Words
from tests.e2e.axe_scan import scan
from tests.e2e.conftest import assert_clean, watched_page
from tests.e2e.helpers import (
    SCREENSHOTS,
    free_port,
    goto,
    heading,
    open_page,
    resize,
    sign_in,
    stop_process,
    streamlit_command,
    wait_healthy,
    wait_idle,
)

pytestmark = pytest.mark.browser

COORDINATOR = "e2e-catalogue-coordinator"
SHOTS = SCREENSHOTS / "catalogue"
READY = {
    "AYU-UGI", "FPI-HAZ", "IAU-ARAL", "KAZNU-PAST", "KOKSU-WTE",
    "UCY-GIS", "UCY-GREEN", "UNICAS-EIA", "UNICAS-LDN", "UPV-SLM",
}  # fmt: skip
# the sample's ready modules about SDG 15 (Life on land); of those, the ones at EQF level 6;
# of those, the one whose Russian text has the word «земель» (of land)
TOTAL = 23  # modules in the sample
SDG_15 = {"AYU-UGI", "IAU-ARAL", "KAZNU-PAST", "UCY-GIS", "UNICAS-EIA", "UNICAS-LDN", "UPV-SLM"}
SDG_15_EQF_6 = {"KAZNU-PAST", "UNICAS-EIA", "UNICAS-LDN"}
SEARCH = "земель"
FOUND = {"UNICAS-LDN"}


@pytest.fixture(scope="module")
def catalogue_server(demo_dir, project, tmp_path_factory):
    """The sample installation with the public view on, and a coordinator's account."""
    data_dir = DataDir(tmp_path_factory.mktemp("catalogue-e2e") / "data")
    shutil.copytree(demo_dir.root, data_dir.root)
    toml = BUNDLED_PROJECT.read_text(encoding="utf-8")
    assert "public_view = false" in toml
    (data_dir.root / "project.toml").write_text(
        toml.replace("public_view = false", "public_view = true"), encoding="utf-8"
    )
    password = secrets.token_urlsafe(18)
    Accounts(data_dir, project).add(COORDINATOR, "coordinator", password, by="test")
    port = free_port()
    env = {
        **os.environ,
        "LESLIE_DATA_DIR": str(data_dir.root),
        "LESLIE_TODAY": os.environ.get("LESLIE_TODAY", "2026-11-29"),
    }
    log = data_dir.root.parent / "streamlit.log"
    with log.open("wb") as out:
        command = streamlit_command("dashboard/app.py", port)
        proc = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/_stcore/health", proc, log, "the app server")
        yield url, password
    finally:
        stop_process(proc)


def shown_codes(page, rows: int | None = None, table: int = 0) -> set[str]:
    """The module codes in the first column of a table. The grid keeps its cells in the DOM
    for assistive technology; with ``rows``, first wait until it has that many rows."""
    grid = page.locator('[data-testid="stDataFrame"]').nth(table)
    if rows is not None:
        grid.locator(f'[role="grid"][aria-rowcount="{rows + 1}"]').wait_for(
            state="attached", timeout=30_000
        )
    grid.locator('[role="gridcell"]').first.wait_for(state="attached", timeout=30_000)
    cells = [c.strip() for c in grid.locator('[role="gridcell"]').all_inner_texts()]
    return {c for c in cells if c.count("-") == 1 and c.upper() == c and c.isascii()}


def pick(page, key: str, option: str, then: str) -> None:
    """Choose an option of a multiselect or selectbox by its shown text, close it, and wait
    until the page says ``then``."""
    page.locator(f".st-key-{key} input").first.click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    wait_idle(page)
    page.get_by_text(then, exact=True).first.wait_for(timeout=30_000)
    wait_idle(page, after_action=False)


def search(page, key: str, word: str, then: str) -> None:
    """Type a word into a search box, send it, and wait until the page says ``then``."""
    box = page.locator(f".st-key-{key} input").first
    box.fill(word)
    box.press("Enter")
    wait_idle(page)
    page.get_by_text(then, exact=True).first.wait_for(timeout=30_000)
    wait_idle(page, after_action=False)


def shoot(page, name: str, width: int) -> None:
    """The whole page at ``width`` pixels wide, then the window back to 1,400 x 1,000."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    resize(page, width, 1000)
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stMainBlockContainer]')].map(e => e.scrollHeight))"
    )
    resize(page, width, min(int(height) + 60, 12000))
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    resize(page, 1400, 1000)


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_the_public_catalogue_filters_in_russian(browser, catalogue_server, project, axe):
    url, _ = catalogue_server
    words = Words("ru", project)
    context, page = watched_page(browser, url)
    try:
        goto(page, f"{url}/?lang=ru")  # a signed-out reader, in Russian
        open_page(page, text("dashboard.nav.public_catalogue", "ru"))
        assert heading(page) == words.t("microcred.public.title", project=project.acronym)
        assert shown_codes(page, len(READY)) == READY
        assert words.n("catalogue_filters.public_count", len(READY)) in main_text(page)

        def count(codes: set[str]) -> str:
            return words.n("catalogue_filters.public_count", len(codes))

        pick(page, "pcat_sdg", words.sdg(15), then=count(SDG_15))
        assert shown_codes(page, len(SDG_15)) == SDG_15
        pick(page, "pcat_eqf", "6", then=count(SDG_15_EQF_6))
        assert shown_codes(page, len(SDG_15_EQF_6)) == SDG_15_EQF_6
        search(page, "pcat_search", SEARCH, then=count(FOUND))
        assert shown_codes(page, len(FOUND)) == FOUND
        grid = page.locator('[data-testid="stDataFrame"]').first
        cells = [c.strip() for c in grid.locator('[role="gridcell"]').all_inner_texts()]
        assert "Мониторинг нейтрального баланса деградации земель" in cells  # its Russian title
        assert page.evaluate("document.documentElement.lang") == "ru"

        problems = scan(axe, page, "public-catalogue/ru")
        assert problems == [], "\n".join(problems)
        shoot(page, "public-ru-filtered", 1400)
        shoot(page, "public-ru-filtered", 390)

        search(page, "pcat_search", "нет такого слова", then=words.t("microcred.public.none"))
        assert words.t("microcred.public.none") in main_text(page)
        assert page.locator('[data-testid="stDataFrame"]').count() == 0
        assert_clean(page.watch)
    finally:
        context.close()


def test_the_coordinator_filters_the_catalogue_on_readiness(browser, catalogue_server, project):
    url, password = catalogue_server
    words = Words("en", project)
    context, page = watched_page(browser, url)
    try:
        goto(page, f"{url}/")  # the public view, signed out
        open_page(page, text("dashboard.nav.login", "en"))
        sign_in(page, COORDINATOR, password)
        open_page(page, text("dashboard.nav.catalogue", "en"))
        assert heading(page) == words.t("pages_b.catalogue.title")
        every = words.n("pages_b.catalogue.count", TOTAL)
        assert every in main_text(page)
        not_ready = TOTAL - len(READY)
        pick(
            page,
            "cat_ready",
            words.t("microcred.filter.not_ready"),
            then=words.n("pages_b.catalogue.count", not_ready),
        )
        # the grid draws the rows in view: the first ten of the thirteen (waited for: the
        # count above the grid can be drawn before the grid has its new rows)
        assert shown_codes(page, rows=not_ready)
        assert not shown_codes(page) & READY
        assert words.t("microcred.summary", ready=0, total=not_ready) in main_text(page)
        assert words.t("microcred.gaps.title") in main_text(page)
        shoot(page, "coordinator-not-ready", 1400)
        shoot(page, "coordinator-not-ready", 390)
        pick(
            page,
            "cat_ready",
            words.t("microcred.filter.ready"),
            then=words.n("pages_b.catalogue.count", len(READY)),
        )
        assert shown_codes(page, len(READY)) == READY
        assert_clean(page.watch)
    finally:
        context.close()
