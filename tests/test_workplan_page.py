"""The work-plan page and the work plan's blocks on the home pages, run by AppTest on a copy
of the sample installation: each role sees its scope (the coordinator every deliverable and
the lump sum still open, a National Office its country partners', a lead partner its own),
what is late without a justification and what is due in the next 60 days; the coordinator
submits and writes justifications on the page, a lead partner cannot submit."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.widgets import workplan_view
from pipelines.access.scope import Viewer
from pipelines.paths import REPO_ROOT, DataDir
from pipelines.words.present import Words
from pipelines.workplan import preflight, service
from pipelines.workplan.evidence import Evidence
from tests.conftest import TODAY

APP = REPO_ROOT / "dashboard" / "app.py"
COORD = Viewer.coordinator("coordinator")
KAZNU = Viewer("partner", "kaznu-data", partner="KAZNU")
KZ_OFFICE = Viewer("national_office", "kz-office", country="KZ")
UZ_OFFICE = Viewer("national_office", "uz-office", country="UZ")
EN = Words("en")


@pytest.fixture()
def install(demo_dir, tmp_path) -> DataDir:
    data_dir = DataDir(tmp_path / "data")
    shutil.copytree(demo_dir.root, data_dir.root)
    return data_dir


def open_page(monkeypatch, data_dir: DataDir, viewer: Viewer, page: str = "workplan") -> AppTest:
    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: viewer)
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.switch_page(f"pages/{page}.py")
    return at.run()


def clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def table(at: AppTest, first_column: str, having: str, last: bool = False):
    """The first (or last) drawn table whose first column is ``first_column`` and that has
    ``having``."""
    found = [
        d.value
        for d in at.dataframe
        if list(d.value.columns)[:1] == [first_column] and having in d.value.columns
    ]
    assert found, [list(d.value.columns) for d in at.dataframe]
    return found[-1] if last else found[0]


def deliverable_codes(at: AppTest) -> list[str]:
    """The page's list of deliverables (after the table of those due soon)."""
    return list(table(at, "Code", "Dissemination level", last=True)["Code"])


def test_coordinator_sees_every_deliverable_the_open_lump_sum_and_what_is_late(
    monkeypatch, install, project
):
    at = open_page(monkeypatch, install, COORD)
    clean(at)
    assert at.title[0].value == "Work plan"
    assert deliverable_codes(at) == [d.code for d in project.work_plan.deliverables]
    packages = service.work_packages(install, project, COORD, day=TODAY)
    share = EN.percent(service.open_share(packages), 1)
    assert [(m.label, m.value) for m in at.metric] == [
        ("Share of the lump sum whose work package is not complete", share)
    ]
    wps = table(at, "Work package", "Share of the lump sum")
    assert len(wps) == len(project.work_packages)
    warnings = [w.value for w in at.warning]
    late = "D2.2, D3.1, D4.2, D4.3, D5.1, D5.2"  # D3.1 drafted, the others still pending
    assert warnings == [
        f"6 deliverables are late and have no justification: {late}. "
        "The report cannot be submitted without them."
    ]
    due = table(at, "Code", "Lead partner")  # the first such table is the one due soon
    assert list(due["Code"]) == ["D2.3", "D6.3", "D1.3"]
    risks = table(at, "Code", "Mitigation")
    assert list(risks["Code"]) == [r.code for r in project.work_plan.risks]
    assert {b.label for b in at.button} >= {"Submit", "Save as draft", "Save the justification"}


def test_lead_partner_sees_its_own_deliverables_and_cannot_submit(monkeypatch, install, project):
    at = open_page(monkeypatch, install, KAZNU)
    clean(at)
    assert deliverable_codes(at) == ["D3.1", "D3.2", "D6.3"]
    assert not at.metric  # the lump sum is the coordinator's view
    labels = {b.label for b in at.button}
    assert "Save as draft" in labels
    assert "Submit" not in labels and "Save the justification" not in labels
    # the submitted D3.2 is no longer the partner's to change
    titles = {d.code: d.title for d in project.work_plan.deliverables}
    assert at.selectbox(key="wpl_code").options == [f"{c} · {titles[c]}" for c in ("D3.1", "D6.3")]


def test_national_office_reads_its_country_partners_deliverables_only(monkeypatch, install):
    at = open_page(monkeypatch, install, KZ_OFFICE)
    clean(at)
    assert deliverable_codes(at) == ["D3.1", "D3.2", "D6.3"]
    assert not [b for b in at.button if b.key in ("wpl_draft", "wpl_submit", "wpl_just_save")]
    uz = open_page(monkeypatch, install, UZ_OFFICE)
    clean(uz)
    assert deliverable_codes(uz) == ["D4.1", "D4.2", "D4.3", "D6.1", "D6.2"]


def test_coordinator_submits_a_partners_draft_on_the_page(monkeypatch, install, project):
    service.update_deliverable(
        install,
        project,
        KAZNU,
        "D6.3",
        status="draft",
        evidence=Evidence("D6.3.pdf", b"%PDF-1.4\n%sample\n"),
        channel="dashboard",
    )
    at = open_page(monkeypatch, install, COORD)
    at.selectbox(key="wpl_code").set_value("D6.3").run()
    clean(at)
    at.button(key="wpl_submit").click().run()
    clean(at)
    state = next(d for d in service.deliverables(install, project, COORD) if d.item.code == "D6.3")
    assert state.status == "submitted" and state.submitted_on == TODAY
    assert state.history[-1].by == "coordinator"
    assert any("D6.3: saved; its status is now «Submitted»." in s.value for s in at.success)
    shown = table(at, "Code", "Dissemination level", last=True).set_index("Code")
    assert shown.loc["D6.3", "Status"] == "Submitted"


def test_justification_written_on_the_page_clears_the_preflight(monkeypatch, install, project):
    before = preflight.preflight(install, project, COORD, "P2")
    assert "D3.1" in [f.code for f in before.blocking if f.key.endswith("late_unjustified")]
    at = open_page(monkeypatch, install, COORD)
    at.selectbox(key="wpl_code").set_value("D3.1").run()
    at.text_area(key="wpl_just_D3.1").input("Field work moved to spring by the floods.").run()
    at.button(key="wpl_just_save").click().run()
    clean(at)
    after = preflight.preflight(install, project, COORD, "P2")
    assert "D3.1" not in [f.code for f in after.blocking if f.key.endswith("late_unjustified")]
    assert not [w for w in at.warning if "late and has no justification" in w.value]


def test_home_pages_carry_the_work_plan(monkeypatch, install):
    partner = open_page(monkeypatch, install, KAZNU, "home")
    clean(partner)
    assert "Your deliverables due next" in [s.value for s in partner.subheader]
    assert list(table(partner, "Code", "Lead partner")["Code"]) == ["D3.1", "D6.3"]
    office = open_page(monkeypatch, install, KZ_OFFICE, "home")
    clean(office)
    assert "Deliverables of the partners in Kazakhstan" in [s.value for s in office.subheader]
    coordinator = open_page(monkeypatch, install, COORD, "home")
    clean(coordinator)
    lines = [t.value for t in coordinator.text]
    late = "D2.2, D3.1, D4.2, D4.3, D5.1, D5.2"
    assert f"• 6 deliverables late without a justification: {late}" in lines
    assert "• 1 draft waiting to be submitted: D3.1" in lines
    assert "• 3 deliverables due in the next 60 days: D1.3, D2.3, D6.3" in lines


def test_late_and_due_soon_in_words(install, project):
    states = {d.item.code: d for d in service.deliverables(install, project, COORD, day=TODAY)}
    assert workplan_view.needs_justification(states["D3.1"])
    assert not workplan_view.needs_justification(states["D1.2"])  # late, justified
    assert workplan_view.late_text(EN, states["D1.2"]) == "late, justified"
    assert workplan_view.due_soon(states["D6.3"], TODAY)
    assert not workplan_view.due_soon(states["D6.3"], TODAY.replace(month=9))


def open_reports(monkeypatch, data_dir: DataDir, viewer: Viewer, period: str) -> AppTest:
    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: viewer)
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.switch_page("pages/reports.py")
    at.query_params["period"] = period
    return at.run()


def test_reports_page_lists_what_blocks_the_period_and_what_to_do(monkeypatch, install, project):
    at = open_reports(monkeypatch, install, COORD, "P1")
    assert not at.error, [e.value for e in at.error]
    blocks = [e.value for e in at.warning if e.icon == ":material/block:"]
    assert not at.exception, [e.message for e in at.exception]
    found = preflight.preflight(install, project, COORD, "P1")
    assert [(f.code, f.key) for f in found.blocking] == [
        ("D2.2", "workplan.preflight.late_unjustified"),
        ("D2.2", "workplan.preflight.no_evidence"),
        ("D3.1", "workplan.preflight.late_unjustified"),
    ]
    assert blocks == [f.message("en") for f in found.blocking]
    d31 = [e for e in blocks if e.startswith("Deliverable D3.1")]
    assert d31 and "--justification" in d31[0], blocks
    assert "Before submitting this period's report" in [s.value for s in at.subheader]
    # the coordinator justifies D3.1 on the work-plan page: the Reports page drops it
    service.update_deliverable(
        install, project, COORD, "D3.1", justification="Delayed by the floods.", channel="dashboard"
    )
    again = open_reports(monkeypatch, install, COORD, "P1")
    again_blocks = [e.value for e in again.warning if e.icon == ":material/block:"]
    assert not [e for e in again_blocks if e.startswith("Deliverable D3.1")]
    assert any("D3.1" in i.value and "justification" in i.value for i in again.info)


def test_reports_page_preflight_of_a_partner_covers_its_own_deliverables(monkeypatch, install):
    at = open_reports(monkeypatch, install, KAZNU, "P1")
    assert not at.exception, [e.message for e in at.exception]
    blocks = [e.value for e in at.warning if e.icon == ":material/block:"]
    assert {e.split(" ")[1] for e in blocks} == {"D3.1"}, blocks
    assert any("Only the deliverables you can see" in c.value for c in at.caption)
