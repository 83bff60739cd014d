"""A partner's upload from sign-in to the published figure, in two browsers: KazNU signs in,
uploads a file with mistakes and sees every problem, uploads the corrected file and sees it
pending; the coordinator approves it; KazNU's figures on the Overview are then the ones
``indicators.compute`` gives, and the audit log shows each step. Screenshots of each step go
to artifacts/screenshots/flow_*.png."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dashboard.widgets.ui import fmt
from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters, compute
from pipelines.warehouse.build import read_warehouse
from tests.e2e.conftest import COORDINATOR
from tests.e2e.helpers import (
    goto,
    heading,
    open_page,
    screenshot,
    sign_in,
    submit_sign_in,
    wait_idle,
)

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 11, 29)
KAZNU = Viewer("partner", "kaznu-data", "KAZNU")
HEADER = (
    "activity_id,partner_code,date,activity_type,title,country,audience,participants,reach,"
    "sdg_goals,url\n"
)
# three mistakes: an activity type that does not exist, a date that does not exist, and a
# row of another partner
WITH_ERRORS = (
    HEADER
    + "K-01,KAZNU,2026-03-14,seminar,Soil day,KZ,students,40,120,15,\n"
    + "K-02,KAZNU,2026-02-30,workshop,Waste sorting,KZ,academics,25,25,12,\n"
    + "F-01,FPI,2026-01-10,event,Open day,UZ,students,30,30,4,\n"
).encode()
CORRECTED = (
    HEADER
    + "K-01,KAZNU,2026-03-14,workshop,Soil day,KZ,students,40,120,15,\n"
    + "K-02,KAZNU,2026-02-28,workshop,Waste sorting,KZ,academics;policy_makers,25,25,12,\n"
).encode()
UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'


def upload(page, name: str, data: bytes) -> None:
    page.locator(UPLOAD_INPUT).set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    wait_idle(page)


def alert(page, kind: str) -> str:
    """The text of the first alert of a kind (Error, Success, Info), without its icon."""
    box = page.locator(f'[data-testid="stAlertContent{kind}"] [data-testid="stMarkdownContainer"]')
    return box.first.inner_text().strip()


def grid_cells(page, index: int = 0) -> list[str]:
    """The visible cells of a table, read from the grid's accessible copy."""
    table = page.locator('[data-testid="stDataFrame"]').nth(index)
    table.locator('[role="gridcell"]').first.wait_for(state="attached", timeout=30_000)
    return [t.strip() for t in table.locator('[role="gridcell"]').all_inner_texts()]


def kaznu_figures(server, project) -> dict[str, str]:
    with read_warehouse(server.data_dir.warehouse) as con:
        values = compute(con, project, KAZNU, Filters(partner="KAZNU"), as_of=TODAY)
    return {f"{v.code} · {v.name}": fmt(v.actual, v.unit) for v in values}


def shown_metrics(page) -> dict[str, str]:
    out = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out


def test_partner_upload_review_and_published_figures(new_page, app_server, project):
    origin = app_server.url
    before = kaznu_figures(app_server, project)

    # 1. KazNU signs in (a wrong password first)
    partner = new_page()
    goto(partner, origin + "/")
    assert heading(partner) == "Sign in"
    submit_sign_in(partner, "kaznu-data", "not-the-password")
    assert (
        "Wrong username or password."
        in partner.locator('[data-testid="stAlert"]').all_inner_texts()[-1]
    )
    screenshot(partner, "flow_1_sign_in")
    sign_in(partner, "kaznu-data", app_server.passwords["kaznu-data"])
    nav = partner.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Upload data" in nav and "Review uploads" not in nav and "Audit log" not in nav

    # 2. a file with mistakes: every problem listed, nothing stored
    open_page(partner, "Upload data")
    upload(partner, "kaznu_dissemination.csv", WITH_ERRORS)
    error = alert(partner, "Error")
    assert error.startswith("kaznu_dissemination.csv was not accepted: 3 problems")
    cells = grid_cells(partner)
    assert "seminar" in cells and "2026-02-30" in cells and "FPI" in cells
    screenshot(partner, "flow_2_upload_errors")

    # 3. the corrected file: pending review
    upload(partner, "kaznu_dissemination_v2.csv", CORRECTED)
    success = alert(partner, "Success")
    found = re.search(r"submission (\d+) is pending review by the coordinator", success)
    assert found, success
    submission = found.group(1)
    assert "2 rows of Dissemination for KazNU (KAZNU)" in success
    assert "… Pending review" in grid_cells(partner, -1)
    screenshot(partner, "flow_3_pending")
    assert kaznu_figures(app_server, project) == before  # not official yet

    # 4. the coordinator approves it
    coordinator = new_page()
    goto(coordinator, origin + "/")
    sign_in(coordinator, COORDINATOR, app_server.passwords[COORDINATOR])
    open_page(coordinator, "Review uploads")
    box = coordinator.locator(f".st-key-rv-{submission}")
    assert f"Submission {submission} · Dissemination · KazNU (KAZNU)" in box.inner_text()
    screenshot(coordinator, "flow_4_review")
    box.get_by_role("button", name="Approve").click()
    wait_idle(coordinator)
    done = alert(coordinator, "Success")
    assert done.startswith(f"Submission {submission} (Dissemination, KazNU (KAZNU)) approved.")
    screenshot(coordinator, "flow_5_approved")

    # 5. KazNU's figures now include it, as compute() says
    after = kaznu_figures(app_server, project)
    assert after["DIS-1 · Dissemination activities"] == "2"
    assert after != before
    open_page(partner, "Overview")
    choice = partner.locator('[data-testid="stSidebar"]').get_by_label("Partner", exact=True)
    choice.scroll_into_view_if_needed()
    choice.click()
    partner.get_by_role("option", name=re.compile(r"^KazNU")).click()
    wait_idle(partner)
    assert shown_metrics(partner) == after
    screenshot(partner, "flow_6_overview_after")

    # 6. the audit log shows each step
    open_page(coordinator, "Audit log")
    cells = grid_cells(coordinator)
    rows = [cells[i : i + 6] for i in range(0, len(cells), 6)]
    steps = [(who, action, target) for _, _, who, action, target, _ in rows]
    assert steps[:6] == [
        (COORDINATOR, "Submission approved", f"submission {submission}"),
        (COORDINATOR, "Sign-in", ""),
        ("kaznu-data", "Upload accepted", f"submission {submission}"),
        ("kaznu-data", "Upload rejected", "kaznu_dissemination.csv"),
        ("kaznu-data", "Sign-in", ""),
        ("kaznu-data", "Failed sign-in", ""),
    ]
    screenshot(coordinator, "flow_7_audit")
