"""Editing in the browser, in two browsers: KazNU opens "My data", sends the activity form
empty and sees every problem (nothing stored), then adds one workshop; the coordinator approves
it on "Review uploads"; KazNU's DIS-1 from ``python -m pipelines indicators --partner KAZNU
--json`` and on the Overview rises by one. The coordinator's Data status shows the calendar.
Screenshots go to artifacts/screenshots/editing_*.png."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from pipelines.access.scope import Viewer
from pipelines.paths import REPO_ROOT
from pipelines.store.ledger import Ledger
from pipelines.submissions import editing
from tests.e2e.conftest import COORDINATOR
from tests.e2e.helpers import goto, open_page, screenshot, sign_in, wait_idle

pytestmark = pytest.mark.browser

KAZNU = Viewer("partner", "kaznu-data", "KAZNU")
DIS1 = "DIS-1 · Dissemination activities"


def cli_dis1(server) -> float:
    """DIS-1 of KAZNU as the indicators command prints it."""
    out = subprocess.run(
        [sys.executable, "-m", "pipelines", "indicators", "--partner", "KAZNU", "--json",
         "--data-dir", str(server.data_dir.root)],
        capture_output=True, text=True, check=True, cwd=REPO_ROOT,
        env={**os.environ, "LESLIE_TODAY": "2026-11-29"},
    )  # fmt: skip
    values = {v["code"]: v["actual"] for v in json.loads(out.stdout)["indicators"]}
    return values["DIS-1"]


def alert(page, kind: str) -> str:
    box = page.locator(f'[data-testid="stAlertContent{kind}"] [data-testid="stMarkdownContainer"]')
    return box.first.inner_text().strip()


def test_partner_adds_an_activity_and_it_counts_once_approved(new_page, app_server, project):
    origin = app_server.url
    before = cli_dis1(app_server)
    rows_before = len(
        editing.open_records(app_server.data_dir, project, KAZNU, "KAZNU", "dissemination").rows
    )

    partner = new_page()
    goto(partner, origin + "/")
    sign_in(partner, "kaznu-data", app_server.passwords["kaznu-data"])
    open_page(partner, "My data")
    main = partner.locator('[data-testid="stMain"]')
    assert "Records of KazNU (KAZNU)" in main.inner_text()
    assert partner.locator('[data-testid="stDataFrame"]').count() == 1  # the editable table
    screenshot(partner, "editing_1_my_data")

    # the form sent empty: every problem listed, nothing stored
    position = Ledger(app_server.data_dir.ledger).position()
    form = partner.locator('[data-testid="stForm"]')
    form.get_by_role("button", name="Add and submit for review").click()
    wait_idle(partner)
    assert alert(partner, "Error") == "2 problems to fix; nothing was stored."
    problems = partner.locator('[data-testid="stDataFrame"]').last
    problems.locator('[role="gridcell"]').first.wait_for(state="attached", timeout=30_000)
    cells = [c.strip() for c in problems.locator('[role="gridcell"]').all_inner_texts()]
    assert "Title" in cells and "Audiences" in cells
    assert Ledger(app_server.data_dir.ledger).position() == position
    screenshot(partner, "editing_2_form_problems")

    # one workshop
    form.get_by_label("Title", exact=True).fill("Compost workshop for schools")
    form.get_by_label("Type of activity").click()
    partner.get_by_role("option", name="Workshop", exact=True).click()
    audiences = form.get_by_label("Audiences")
    audiences.click()
    audiences.press_sequentially("Studen")
    partner.keyboard.press("Enter")
    partner.keyboard.press("Escape")
    screenshot(partner, "editing_2b_form_filled")
    form.get_by_label("Participants").fill("25")
    form.get_by_label("People reached").fill("40")
    form.get_by_role("button", name="Add and submit for review").click()
    wait_idle(partner)
    assert alert(partner, "Success") == (
        f"Submitted: your list of {rows_before + 1} records waits for the coordinator's review."
    )
    newest = Ledger(app_server.data_dir.ledger).submissions()[-1]
    assert (newest.template, newest.partners, newest.state) == (
        "dissemination",
        ("KAZNU",),
        "pending",
    )
    screenshot(partner, "editing_3_submitted")
    assert cli_dis1(app_server) == before  # not official yet

    # the coordinator approves it
    coordinator = new_page()
    goto(coordinator, origin + "/")
    sign_in(coordinator, COORDINATOR, app_server.passwords[COORDINATOR])
    open_page(coordinator, "Review uploads")
    box = coordinator.locator(f".st-key-rv-{newest.submission_id}")
    assert f"Submission {newest.submission_id} · Dissemination · KazNU (KAZNU)" in box.inner_text()
    screenshot(coordinator, "editing_4_review")
    box.get_by_role("button", name="Approve").click()
    wait_idle(coordinator)
    assert alert(coordinator, "Success").startswith(f"Submission {newest.submission_id}")

    # DIS-1 of KAZNU rises by one, in the command and on the Overview
    after = cli_dis1(app_server)
    assert after == before + 1
    open_page(partner, "Overview")
    choice = partner.locator('[data-testid="stSidebar"]').get_by_label("Partner", exact=True)
    choice.scroll_into_view_if_needed()
    choice.click()
    partner.get_by_role("option", name=re.compile(r"^KazNU")).click()
    wait_idle(partner)
    card = partner.locator('[data-testid="stMetric"]', has_text=DIS1)
    assert card.locator('[data-testid="stMetricValue"]').inner_text().strip() == str(int(after))
    screenshot(partner, "editing_5_overview_after")

    # the modules table, and enrollments explained
    open_page(partner, "My data")
    segments = partner.locator('[data-testid="stButtonGroup"]')
    segments.get_by_text("Modules", exact=True).click()
    wait_idle(partner)
    assert partner.locator('[data-testid="stDataFrame"]').count() == 1
    assert partner.locator("[data-testid='stForm']").count() == 0
    screenshot(partner, "editing_7_modules")
    segments.get_by_text("Enrollments", exact=True).click()
    wait_idle(partner)
    assert "student information system" in partner.locator('[data-testid="stMain"]').inner_text()
    assert partner.locator('[data-testid="stDataFrame"]').count() == 0
    screenshot(partner, "editing_8_enrollments")

    # the coordinator's calendar
    open_page(coordinator, "Data status")
    text = coordinator.locator('[data-testid="stMain"]').inner_text()
    assert "Submission calendar" in text and "Reminders" in text
    screenshot(coordinator, "editing_6_data_status")
