"""The work plan in two browsers: the coordinator's Reports page lists KazNU's D6.3 among
what blocks the P2 report (no file yet); KazNU opens "Work plan", uploads the draft of D6.3
and sees it as Draft; the coordinator submits it on the Work plan page, where D6.3 reads
Submitted, and the Reports page no longer lists it. Screenshots go to
artifacts/screenshots/workplan/."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from pipelines.access.scope import Viewer
from pipelines.workplan import service
from tests.e2e.conftest import COORDINATOR
from tests.e2e.helpers import goto, open_options, open_page, screenshot, sign_in, wait_idle

pytestmark = pytest.mark.browser

KAZNU = Viewer("partner", "kaznu-data", "KAZNU")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def alerts(page, kind: str) -> list[str]:
    box = page.locator(f'[data-testid="stAlertContent{kind}"] [data-testid="stMarkdownContainer"]')
    return [t.strip() for t in box.all_inner_texts()]


def shows_alert(page, kind: str, message: str) -> bool:
    """Whether an alert of ``kind`` saying ``message`` appears: a save's rerun may still be
    drawing when the click returns, so wait for it (up to 30 s) rather than read at once."""
    box = page.locator(f'[data-testid="stAlertContent{kind}"] [data-testid="stMarkdownContainer"]')
    try:
        box.filter(has_text=message).first.wait_for(timeout=30000)
    except PlaywrightTimeout:
        return False
    return message in alerts(page, kind)


def blocking_d63(page) -> list[str]:
    return [a for a in alerts(page, "Warning") if a.startswith("Deliverable D6.3")]


def choose(page, label: str, option: str) -> None:
    """Pick the option starting with ``option`` in the main area's selectbox ``label``."""
    box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').filter(
        has=page.get_by_text(label, exact=True)
    )
    open_options(page, box)
    page.keyboard.type(option)  # the list is long: narrow it as a user does
    page.locator('[role="option"]', has_text=option).first.click()
    wait_idle(page)


def reports_of(page, period: str) -> None:
    """The Reports page with ``period`` chosen in the sidebar, as a user gets there."""
    open_page(page, "Reports")
    side = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
        has=page.get_by_text("Period", exact=True)
    )
    open_options(page, side)
    page.locator('[role="option"]', has_text=f"Reporting period {period[1:]}").first.click()
    wait_idle(page)


def state_of(server, project, code: str) -> str:
    found = service.deliverables(server.data_dir, project, KAZNU)
    return next(d.status for d in found if d.item.code == code)


def test_a_lead_partner_uploads_a_draft_and_the_coordinator_submits_it(
    new_page, app_server, project, tmp_path
):
    origin = app_server.url
    assert state_of(app_server, project, "D6.3") == "pending"

    # the coordinator's pre-flight of P2: D6.3 has no file yet
    coordinator = new_page()
    coordinator.credentials = (COORDINATOR, app_server.passwords[COORDINATOR])
    goto(coordinator, origin + "/")
    reports_of(coordinator, "P2")
    main = coordinator.locator('[data-testid="stMain"]')
    assert "Before submitting this period's report" in main.inner_text()
    assert blocking_d63(coordinator), alerts(coordinator, "Warning")
    screenshot(coordinator, "workplan/1_preflight_before")

    # KazNU uploads the draft of D6.3
    partner = new_page()
    goto(partner, origin + "/")
    sign_in(partner, "kaznu-data", app_server.passwords["kaznu-data"])
    screenshot(partner, "workplan/2_partner_home")
    open_page(partner, "Work plan")
    text = partner.locator('[data-testid="stMain"]').inner_text()
    assert "The deliverables KazNU leads." in text
    choose(partner, "Deliverable", "D6.3")
    draft = tmp_path / "D6.3 dissemination report.pdf"
    draft.write_bytes(PDF)
    partner.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(draft))
    wait_idle(partner)
    partner.get_by_role("button", name="Save as draft").click()
    wait_idle(partner)
    assert shows_alert(partner, "Success", "D6.3: saved; its status is now «Draft»."), alerts(
        partner, "Success"
    )
    assert state_of(app_server, project, "D6.3") == "draft"
    assert partner.get_by_role("button", name="Submit", exact=True).count() == 0
    screenshot(partner, "workplan/3_partner_draft_saved")

    # the coordinator submits it on the Work plan page
    open_page(coordinator, "Work plan")
    choose(coordinator, "Deliverable", "D6.3")
    assert "Status: Draft" in coordinator.locator('[data-testid="stMain"]').inner_text()
    screenshot(coordinator, "workplan/4_coordinator_before_submit")
    coordinator.get_by_role("button", name="Submit", exact=True).click()
    wait_idle(coordinator)
    assert shows_alert(coordinator, "Success", "D6.3: saved; its status is now «Submitted»."), (
        alerts(coordinator, "Success")
    )
    assert state_of(app_server, project, "D6.3") == "submitted"
    history = next(
        d
        for d in service.deliverables(app_server.data_dir, project, KAZNU)
        if d.item.code == "D6.3"
    ).history
    assert [(e.status, e.by) for e in history] == [
        ("draft", "kaznu-data"),
        ("submitted", COORDINATOR),
    ]
    screenshot(coordinator, "workplan/5_coordinator_submitted")

    # the pre-flight no longer lists D6.3
    reports_of(coordinator, "P2")
    assert blocking_d63(coordinator) == []
    assert (
        "Before submitting this period's report"
        in coordinator.locator('[data-testid="stMain"]').inner_text()
    )
    screenshot(coordinator, "workplan/6_preflight_after")
