"""The public impact page and the SDGs page with national context, in a real browser.

A server of its own runs a copy of the sample installation with the public view switched on
in that installation's project.toml; nobody signs in. The shared server (public view off)
shows the sign-in form instead. No request may leave the machine, no console error.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from pipelines.paths import BUNDLED_PROJECT, REPO_ROOT, DataDir
from pipelines.publish.disclosure import TOTAL
from pipelines.publish.figures import public_figures
from pipelines.warehouse.build import read_warehouse
from pipelines.words.present import Words
from tests.e2e.axe_scan import scan
from tests.e2e.conftest import assert_clean, watched_page
from tests.e2e.helpers import (
    free_port,
    goto,
    heading,
    open_page,
    screenshot,
    stop_process,
    streamlit_command,
    wait_healthy,
    wait_idle,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def public_server(demo_dir, tmp_path_factory):
    data_dir = DataDir(tmp_path_factory.mktemp("public-e2e") / "data")
    shutil.copytree(demo_dir.root, data_dir.root)
    text = BUNDLED_PROJECT.read_text(encoding="utf-8")
    (data_dir.root / "project.toml").write_text(
        text.replace("public_view = false", "public_view = true"), encoding="utf-8"
    )
    port = free_port()
    env = {**os.environ, "LESLIE_DATA_DIR": str(data_dir.root)}
    command = streamlit_command("dashboard/app.py", port)
    log = data_dir.root.parent / "streamlit.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/_stcore/health", proc, log, "the public dashboard")
        yield url, data_dir
    finally:
        stop_process(proc)


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_public_page_for_anyone(browser, public_server, project):
    url, data_dir = public_server
    context, page = watched_page(browser, url)
    try:
        goto(page, f"{url}/")
        assert heading(page) != "Sign in"  # the public view needs no account
        open_page(page, "Public impact")
        assert heading(page) == "LESLIE: results for everyone"
        text = main_text(page)
        assert "By Sustainable Development Goal" in text and "By country" in text
        with read_warehouse(data_dir.warehouse) as con:
            figures = public_figures(con, project)
        cell = {(f.measure, f.sdg, f.country, f.period): f.value for f in figures}
        words = Words("en", project)
        assert words.number(cell[("ENR-1", TOTAL, TOTAL, TOTAL)], "learners") in text
        assert words.number(cell[("ENR-4", TOTAL, TOTAL, TOTAL)], "%") in text
        screenshot(page, "public-en-whole-project")
        page.get_by_text("Reporting period 1", exact=True).click()
        wait_idle(page)
        text = main_text(page)
        assert words.number(cell[("DIS-1", TOTAL, TOTAL, "P1")], "activities") in text
        screenshot(page, "public-en-p1")
        assert_clean(page.watch)
    finally:
        context.close()


def test_public_page_is_not_offered_when_the_public_view_is_off(new_page, app_server):
    page = new_page()
    goto(page, f"{app_server.url}/")
    assert heading(page) == "Sign in"
    assert page.locator('[data-testid="stSidebarNav"] a', has_text="Public impact").count() == 0


def test_sdgs_page_shows_national_context_offline(page, app_server, axe):
    goto(page, f"{app_server.url}/")
    open_page(page, "SDGs")
    assert heading(page) == "Sustainable Development Goals"
    text = main_text(page)
    assert "National context: official SDG figures" in text
    # on opening, no goal's national figures: the contribution chart alone
    assert "Population with access to electricity" not in text
    assert page.locator(".js-plotly-plot").count() == 1
    shows = page.locator('[data-testid="stCheckbox"]', has_text="Show the national figures")
    assert shows.count() == 6  # one per goal
    shows.nth(1).click()  # SDG 7, as a reader does
    wait_idle(page)
    assert "Population with access to electricity" in main_text(page)
    assert page.locator(".js-plotly-plot").count() > 1
    # the national table and trend, drawn only when shown, are scanned once shown
    assert scan(axe, page, "coordinator/en/SDGs with SDG 7's national figures") == []
    screenshot(page, "sdgs-national-context")
