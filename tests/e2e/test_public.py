"""The public impact page and the SDGs page with national context, in a real browser.

A server of its own runs a copy of the sample installation with the public view switched on
in that installation's project.toml; nobody signs in. The shared server (public view off)
shows the sign-in form instead. No request may leave the machine, no console error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from pipelines.paths import BUNDLED_PROJECT, REPO_ROOT, DataDir
from pipelines.publish.disclosure import TOTAL
from pipelines.publish.figures import public_figures
from pipelines.warehouse.build import read_warehouse
from pipelines.words.present import Words
from tests.e2e.conftest import _free_port, assert_clean, watched_page
from tests.e2e.helpers import goto, heading, screenshot, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def public_server(demo_dir, tmp_path_factory):
    data_dir = DataDir(tmp_path_factory.mktemp("public-e2e") / "data")
    shutil.copytree(demo_dir.root, data_dir.root)
    text = BUNDLED_PROJECT.read_text(encoding="utf-8")
    (data_dir.root / "project.toml").write_text(
        text.replace("public_view = false", "public_view = true"), encoding="utf-8"
    )
    port = _free_port()
    env = {**os.environ, "LESLIE_DATA_DIR": str(data_dir.root)}
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py",
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.port", str(port), "--server.address", "127.0.0.1"]  # fmt: skip
    log = data_dir.root.parent / "streamlit.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
            if proc.poll() is not None:
                pytest.fail(log.read_text()[-3000:])
        yield url, data_dir
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_public_page_for_anyone_in_russian(browser, public_server, project):
    url, data_dir = public_server
    context, page = watched_page(browser, url)
    try:
        goto(page, f"{url}/public?lang=ru")
        assert heading(page) == "LESLIE: результаты для всех"
        text = main_text(page)
        assert "По целям устойчивого развития" in text and "По странам" in text
        assert "скрыто" in text  # withheld cells say so, in the reader's language
        with read_warehouse(data_dir.warehouse) as con:
            figures = public_figures(con, project)
        total = next(
            f
            for f in figures
            if (f.measure, f.sdg, f.country, f.period) == ("ENR-1", TOTAL, TOTAL, TOTAL)
        )
        assert Words("ru", project).number(total.value, "learners") in text
        screenshot(page, "public-ru")
        assert_clean(page.watch)
    finally:
        context.close()


def test_public_page_periods_are_whole_reporting_periods(browser, public_server, project):
    url, data_dir = public_server
    context, page = watched_page(browser, url)
    try:
        goto(page, f"{url}/public")
        page.get_by_role("button", name="Reporting period 1", exact=True).click()
        wait_idle(page)
        with read_warehouse(data_dir.warehouse) as con:
            figures = public_figures(con, project)
        p1 = {
            f.country: f
            for f in figures
            if f.measure == "ENR-1" and f.sdg == TOTAL and f.period == "P1"
        }
        text = main_text(page)
        for figure in p1.values():
            if figure.value is not None:
                assert Words("en", project).number(figure.value, "learners") in text
        screenshot(page, "public-en-p1")
        assert_clean(page.watch)
    finally:
        context.close()


def test_public_page_needs_sign_in_when_the_public_view_is_off(new_page, app_server):
    page = new_page()
    goto(page, f"{app_server.url}/public")
    assert heading(page) == "Sign in"
    assert "результаты" not in main_text(page)


def test_sdgs_page_shows_national_context_offline(page, app_server):
    goto(page, f"{app_server.url}/sdgs?lang=ru")
    assert heading(page) == "Цели устойчивого развития"
    text = main_text(page)
    assert "Национальный контекст: официальные показатели ЦУР" in text
    assert "Доля населения, имеющего доступ к электроэнергии" in text
    assert "kazstat-sdg-data (MIT)" in text and "uzbekistan-nsdg-scrape (CC BY-SA 4.0)" in text
    assert page.locator(".js-plotly-plot").count() >= 8  # the trend of every mapped indicator
    screenshot(page, "sdgs-national-context-ru")
