"""Each role's own workspace in headless Chromium: the home page's headline figures equal
the command line's (``python -m pipelines indicators --country KZ --json`` and
``--partner KAZNU --json``), a reload keeps the session and the filters, and a figure leads
to its indicator page whose rows (downloaded as CSV) add up to it. Screenshots of each
role's home at 1,400 and 390 px go to artifacts/screenshots/."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pytest

from pipelines.paths import REPO_ROOT
from pipelines.words.present import Words
from tests.e2e.conftest import COORDINATOR
from tests.e2e.helpers import SCREENSHOTS, goto, heading, resize, sign_in, wait_drawn, wait_idle

pytestmark = pytest.mark.browser

ROLES = {
    "kz-office": ("Kazakhstan in LESLIE", ["--country", "KZ"]),
    "kaznu-data": ("KazNU (KAZNU)", ["--partner", "KAZNU"]),
    COORDINATOR: ("The consortium and what needs doing", []),
}


def cli_indicators(server, options: list[str]) -> list[dict]:
    env = {**os.environ, "LESLIE_DATA_DIR": str(server.data_dir.root), "LESLIE_TODAY": "2026-11-29"}
    done = subprocess.run(
        [sys.executable, "-m", "pipelines", "indicators", *options, "--json"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)["indicators"]


def cards(page) -> dict[str, str]:
    """Each card's indicator code and the figure it shows."""
    out = {}
    for metric in page.locator('[data-testid="stMain"] [data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[label.split(" · ")[0]] = metric.locator('[data-testid="stMetricValue"]').inner_text()
    return out


def forget_base_path_probes(page) -> None:
    """Loading a deep link (``/overview?...``), Streamlit's client first asks
    ``/overview/_stcore/health`` in case the app is served under that path, gets 404, then
    uses the root. Those probes, and only those, are not failures of the app."""
    watch = page.watch
    probe = re.compile(r"/[a-z-]+/_stcore/(health|host-config)$")
    watch.local_failures[:] = [f for f in watch.local_failures if not probe.search(f)]
    probes = sum(1 for f in watch.console_errors if "status of 404" in f)
    kept = [f for f in watch.console_errors if "status of 404" not in f]
    assert probes <= 2 * 2  # two probes per load of a deep link
    watch.console_errors[:] = kept


def signed_in(new_page, server, username: str, path: str = "/"):
    page = new_page()
    goto(page, server.url + path)
    assert heading(page) == "Sign in"
    forget_base_path_probes(page)
    sign_in(page, username, server.passwords[username])
    return page


@pytest.mark.parametrize("username", list(ROLES))
def test_home_figures_equal_the_command_line(new_page, app_server, project, username):
    title, options = ROLES[username]
    page = signed_in(new_page, app_server, username)
    assert heading(page) == title
    assert urlparse(page.url).path in ("/", "/home")
    words = Words("en", project)
    expected = {
        v["code"]: words.number(v["actual"], v["unit"]) for v in cli_indicators(app_server, options)
    }
    assert cards(page) == expected
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1400, 390):
        resize(page, width, 900)
        wait_idle(page, after_action=False)
        if width == 390:  # one column: nothing sticks out sideways
            overflow = page.evaluate(
                "document.querySelector('[data-testid=stMain]').scrollWidth"
                " - document.querySelector('[data-testid=stMain]').clientWidth"
            )
            assert overflow <= 1
        height = page.evaluate(
            "Math.max(...[...document.querySelectorAll('[data-testid=stMain],"
            " [data-testid=stMainBlockContainer]')].map(e => e.scrollHeight))"
        )
        resize(page, width, min(int(height) + 60, 12000))
        page.screenshot(path=str(SCREENSHOTS / f"home-{username}-{width}.png"))


def test_a_reload_keeps_the_session_and_the_filters(new_page, app_server):
    page = signed_in(new_page, app_server, "kaznu-data", "/overview?period=P1&sdg=4")
    assert heading(page) == "Overview"
    before = parse_qs(urlparse(page.url).query)
    assert before["period"] == ["P1"] and before["sdg"] == ["4"]  # kept through the sign-in
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["leslie_session"]["sameSite"] == "Strict"
    assert cookies["leslie_session"]["value"] not in page.url
    page.reload()
    wait_drawn(page)
    assert heading(page) == "Overview"
    assert parse_qs(urlparse(page.url).query) == before
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "KazNU" in sidebar.inner_text()  # still signed in as the partner
    forget_base_path_probes(page)

    # sign out: the cookie is revoked on the server, a reload asks to sign in again
    sidebar.get_by_role("button", name="Sign out").click()
    wait_idle(page)
    page.reload()
    wait_drawn(page)
    assert heading(page) == "Sign in"
    forget_base_path_probes(page)


def test_a_figure_leads_to_its_rows(new_page, app_server, project):
    page = signed_in(new_page, app_server, COORDINATOR)
    figure = cards(page)["ENR-3"]
    card = page.locator('[class*="st-key-card-consortium-ENR-3"]')
    card.get_by_role("link").first.click()
    page.wait_for_url("**/indicator?*", timeout=60_000)
    wait_idle(page)
    assert parse_qs(urlparse(page.url).query)["code"] == ["ENR-3"]
    assert heading(page).startswith("ENR-3 · ")
    assert cards(page)["ENR-3"] == figure
    buttons = page.get_by_role("button", name="Download CSV")
    with page.expect_download() as download:
        buttons.last.click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    total = sum(float(r["Adds to the figure"].replace(",", "")) for r in rows)
    assert Words("en", project).number(total, "credentials") == figure
    assert {r["Row in the file"] for r in rows} and all(r["Submission"] for r in rows)


def test_a_shared_link_opens_in_its_language_and_session(new_page, app_server):
    page = signed_in(new_page, app_server, "kz-office")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.goto(f"{app_server.url}/indicator?code=ENR-1&lang=ru")  # a new connection
    wait_drawn(page)
    assert heading(page).startswith("ENR-1 · ")
    assert page.evaluate("document.documentElement.lang") == "ru"
    assert (
        "Строки, из которых сложился показатель"
        in page.locator('[data-testid="stMain"]').inner_text()
    )
    assert parse_qs(urlparse(page.url).query) == {"code": ["ENR-1"], "lang": ["ru"]}
    forget_base_path_probes(page)
