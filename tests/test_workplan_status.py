"""Statuses, evidence and justifications of deliverables, milestones and risks, recorded
through the library on a real data directory (the reporting date is pinned to 2026-11-29)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sqlite3

import pytest

from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.errors import AccessDenied, UsageError
from pipelines.paths import DataDir
from pipelines.workplan import history, service
from pipelines.workplan.evidence import Evidence, EvidenceRefused
from pipelines.workplan.service import WorkPlanError

COORD = Viewer.coordinator("coordinator")
UNICAS = Viewer("partner", "unicas-data", partner="UNICAS")
KAZNU = Viewer("partner", "kaznu-data", partner="KAZNU")
KZ_OFFICE = Viewer("national_office", "kz-office", country="KZ")
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(200)


@pytest.fixture()
def data_dir(tmp_path) -> DataDir:
    return DataDir(tmp_path / "data")


def state(data_dir, project, code, viewer=COORD):
    return next(d for d in service.deliverables(data_dir, project, viewer) if d.item.code == code)


def test_a_deliverable_goes_pending_draft_submitted_with_who_and_when(data_dir, project):
    assert state(data_dir, project, "D2.3").status == "pending"
    drafted = service.update_deliverable(
        data_dir,
        project,
        UNICAS,
        "D2.3",
        status="draft",
        evidence=Evidence("evaluation.pdf", PDF),
    )
    assert (drafted.status, drafted.submitted_on, drafted.late) == ("draft", None, False)
    done = service.update_deliverable(data_dir, project, COORD, "d2.3", status="submitted")
    assert (done.status, done.submitted_on, done.late) == (
        "submitted",
        dt.date(2026, 11, 29),
        False,
    )
    assert [(e.status, e.on_day, e.by) for e in done.history] == [
        ("draft", dt.date(2026, 11, 29), "unicas-data"),
        ("submitted", dt.date(2026, 11, 29), "coordinator"),
    ]
    with pytest.raises(WorkPlanError) as again:
        service.update_deliverable(data_dir, project, COORD, "D2.3", status="submitted")
    assert again.value.key == "workplan.same_status"


def test_submitting_needs_evidence(data_dir, project):
    with pytest.raises(WorkPlanError) as caught:
        service.update_deliverable(data_dir, project, COORD, "D1.3", status="submitted")
    assert caught.value.key == "workplan.submit_without_evidence"
    assert history.events(data_dir) == []


def test_late_is_computed_from_the_due_date_and_today_or_the_submission(data_dir, project):
    # D4.3 was due 2026-09-30: late on 2026-11-29 while not submitted
    late = state(data_dir, project, "D4.3")
    assert (late.late, late.justified) == (True, False)
    justified = service.update_deliverable(
        data_dir, project, COORD, "D4.3", justification="  The ministry   moved its session. "
    )
    assert (justified.late, justified.justified) == (True, True)
    assert justified.justification == "The ministry moved its session."
    # submitted before its due date: not late, even though the due date has passed since
    on_time = service.update_deliverable(
        data_dir,
        project,
        COORD,
        "D4.2",
        status="submitted",
        evidence=Evidence("modules.pdf", PDF),
        on=dt.date(2025, 10, 31),
    )
    assert (on_time.late, on_time.submitted_on) == (False, dt.date(2025, 10, 31))
    # submitted after it: late for good
    after = service.update_deliverable(
        data_dir,
        project,
        COORD,
        "D4.3",
        status="submitted",
        evidence=Evidence("accreditation.pdf", PDF),
        on=dt.date(2026, 10, 5),
    )
    assert (after.late, after.justified, after.submitted_on) == (True, True, dt.date(2026, 10, 5))
    # not yet due: not late
    assert state(data_dir, project, "D1.3").late is False


def test_an_empty_justification_and_a_future_date_are_refused(data_dir, project):
    with pytest.raises(WorkPlanError) as empty:
        service.update_deliverable(data_dir, project, COORD, "D4.3", justification="   ")
    assert empty.value.key == "workplan.justification.empty"
    with pytest.raises(WorkPlanError) as future:
        service.update_deliverable(
            data_dir, project, COORD, "D4.3", justification="x", on=dt.date(2026, 11, 30)
        )
    assert future.value.key == "workplan.future_date"
    assert history.events(data_dir) == []


def test_evidence_is_kept_in_the_store_with_its_checksum(data_dir, project):
    done = service.update_deliverable(
        data_dir, project, COORD, "D1.1", evidence=Evidence("../../handbook.pdf", PDF)
    )
    digest = hashlib.sha256(PDF).hexdigest()
    assert done.as_dict()["evidence"] == [{"name": "handbook.pdf", "sha256": digest}]
    kept = data_dir.store / "evidence" / f"{digest}.pdf"
    assert kept.read_bytes() == PDF
    [event] = done.history
    assert (event.evidence_bytes, event.evidence_type, event.evidence_path) == (
        len(PDF),
        "pdf",
        f"evidence/{digest}.pdf",
    )
    linked = service.update_deliverable(
        data_dir, project, COORD, "D1.1", evidence=Evidence(url="https://example.org/d1.1")
    )
    assert linked.as_dict()["evidence"] == [
        {"name": "handbook.pdf", "sha256": digest},
        {"url": "https://example.org/d1.1"},
    ]


def test_a_disguised_executable_is_refused_and_nothing_changes(data_dir, project):
    before = state(data_dir, project, "D2.3")
    with pytest.raises(EvidenceRefused) as caught:
        service.update_deliverable(
            data_dir,
            project,
            UNICAS,
            "D2.3",
            status="draft",
            evidence=Evidence("report.pdf", ELF),
            justification="first draft",
        )
    assert caught.value.key == "workplan.evidence.bad_type"
    assert state(data_dir, project, "D2.3") == before
    assert history.events(data_dir) == []
    assert not (data_dir.store / "evidence").exists()
    [refused] = audit.entries(data_dir, COORD, action="upload_refused")
    assert (refused.who, refused.target) == ("unicas-data", "report.pdf")
    assert refused.detail["sha256"] == hashlib.sha256(ELF).hexdigest()
    assert refused.detail["item"] == "D2.3"
    assert audit.entries(data_dir, COORD, action="workplan_update") == []


def test_a_file_over_the_upload_limit_is_refused(data_dir, project):
    small = dataclasses.replace(
        project, access=dataclasses.replace(project.access, max_upload_mb=1)
    )
    big = PDF + b"0" * (2**20)
    with pytest.raises(EvidenceRefused) as caught:
        service.update_deliverable(
            data_dir, small, COORD, "D1.1", evidence=Evidence("big.pdf", big)
        )
    assert caught.value.key == "workplan.evidence.too_large"
    assert history.events(data_dir) == []


@pytest.mark.parametrize(
    "url", ["ftp://example.org/d.pdf", "javascript:alert(1)", "file:///etc/passwd", "https://"]
)
def test_only_http_and_https_links_are_kept(data_dir, project, url):
    with pytest.raises(EvidenceRefused) as caught:
        service.update_deliverable(data_dir, project, COORD, "D1.1", evidence=Evidence(url=url))
    assert caught.value.key == "workplan.evidence.bad_url"
    assert history.events(data_dir) == []


def test_a_partner_changes_only_its_own_deliverables_and_never_submits(data_dir, project):
    with pytest.raises(AccessDenied):  # TIIAME's deliverable
        service.update_deliverable(data_dir, project, KAZNU, "D4.1", status="draft")
    with pytest.raises(AccessDenied):
        service.update_deliverable(
            data_dir, project, KAZNU, "D4.1", evidence=Evidence("d.pdf", PDF)
        )
    with pytest.raises(AccessDenied):  # its own, but only the coordinator submits
        service.update_deliverable(
            data_dir, project, KAZNU, "D3.1", status="submitted", evidence=Evidence("d.pdf", PDF)
        )
    with pytest.raises(AccessDenied):  # a National Office reads only
        service.update_deliverable(data_dir, project, KZ_OFFICE, "D3.1", justification="x")
    with pytest.raises(AccessDenied):
        service.update_milestone(data_dir, project, KAZNU, "M2", justification="x")
    with pytest.raises(AccessDenied):
        service.update_risk(data_dir, project, KAZNU, "R1", status="mitigated")
    assert history.events(data_dir) == []
    own = service.update_deliverable(data_dir, project, KAZNU, "D3.1", status="draft")
    assert own.status == "draft"
    service.update_deliverable(
        data_dir, project, COORD, "D3.1", status="submitted", evidence=Evidence("d.pdf", PDF)
    )
    with pytest.raises(AccessDenied):  # a submitted deliverable is the coordinator's
        service.update_deliverable(data_dir, project, KAZNU, "D3.1", status="draft")


def test_who_reads_which_deliverables(data_dir, project):
    codes = lambda viewer: [d.item.code for d in service.deliverables(data_dir, project, viewer)]  # noqa: E731
    assert codes(KAZNU) == ["D3.1", "D3.2", "D6.3"]
    assert codes(KZ_OFFICE) == ["D3.1", "D3.2", "D6.3"]
    assert len(codes(COORD)) == len(project.work_plan.deliverables)
    assert [d.item.code for d in service.deliverables(data_dir, project, COORD, partner="FPI")] == [
        "D4.3",
        "D6.1",
        "D6.2",
    ]
    assert [d.item.code for d in service.deliverables(data_dir, project, COORD, wp="wp2")] == [
        "D2.1",
        "D2.2",
        "D2.3",
    ]
    with pytest.raises(AccessDenied):
        service.deliverables(data_dir, project, Viewer("public"))
    with pytest.raises(UsageError) as unknown:
        service.deliverables(data_dir, project, COORD, wp="WP9")
    assert unknown.value.key == "workplan.unknown_wp"


def test_milestones_are_reached_with_a_date_and_evidence(data_dir, project):
    with pytest.raises(WorkPlanError) as bare:
        service.update_milestone(data_dir, project, COORD, "M4", status="reached")
    assert bare.value.key == "workplan.reached_without_evidence"
    m = service.update_milestone(
        data_dir,
        project,
        COORD,
        "M4",
        status="reached",
        evidence=Evidence(url="https://toolbox.example.org/"),
        on=dt.date(2025, 10, 10),
    )
    assert (m.status, m.reached_on, m.late) == ("reached", dt.date(2025, 10, 10), True)
    assert m.as_dict()["evidence"] == [{"url": "https://toolbox.example.org/"}]
    others = {x.item.code: x for x in service.milestones(data_dir, project, COORD)}
    assert (others["M3"].status, others["M3"].late) == ("pending", True)  # due 2025-06-30
    assert (others["M5"].status, others["M5"].late) == ("pending", False)  # due 2026-11-30


def test_risks_have_a_status_and_a_note(data_dir, project):
    r = service.update_risk(
        data_dir, project, COORD, "R1", status="occurred", justification="Accreditation moved."
    )
    assert (r.status, r.justification, r.updated_on) == (
        "occurred",
        "Accreditation moved.",
        dt.date(2026, 11, 29),
    )
    with pytest.raises(UsageError) as bad:
        service.update_risk(data_dir, project, COORD, "R1", status="forgotten")
    assert bad.value.key == "workplan.bad_status"


def test_every_change_is_audited_and_the_history_is_append_only(data_dir, project):
    service.update_deliverable(
        data_dir, project, UNICAS, "D2.3", status="draft", evidence=Evidence("e.pdf", PDF)
    )
    service.update_risk(data_dir, project, COORD, "R2", status="mitigated")
    entries = audit.entries(data_dir, COORD, action="workplan_update")
    assert [(e.who, e.target, e.detail.get("status")) for e in reversed(entries)] == [
        ("unicas-data", "D2.3", "draft"),
        ("coordinator", "R2", "mitigated"),
    ]
    assert entries[-1].detail["evidence"] == hashlib.sha256(PDF).hexdigest()
    con = sqlite3.connect(data_dir.workplan)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute("UPDATE workplan_events SET status = 'submitted'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute("DELETE FROM workplan_events")
    finally:
        con.close()


def test_unknown_codes_and_empty_updates_are_usage_errors(data_dir, project):
    with pytest.raises(UsageError) as unknown:
        service.update_deliverable(data_dir, project, COORD, "D9.9", status="draft")
    assert unknown.value.key == "workplan.unknown_deliverable"
    with pytest.raises(UsageError) as nothing:
        service.update_deliverable(data_dir, project, COORD, "D1.1")
    assert nothing.value.key == "workplan.nothing_to_change"


def test_a_work_package_is_complete_when_everything_is_submitted_and_reached(data_dir, project):
    before = service.work_packages(data_dir, project, COORD)
    assert [(w.code, w.deliverables, w.milestones, w.complete) for w in before] == [
        ("WP1", 3, 1, False),
        ("WP2", 3, 0, False),
        ("WP3", 2, 1, False),
        ("WP4", 3, 1, False),
        ("WP5", 2, 1, False),
        ("WP6", 3, 1, False),
    ]
    assert service.open_share(before) == 1.0
    for code in ("D5.1", "D5.2"):
        service.update_deliverable(
            data_dir, project, COORD, code, status="submitted", evidence=Evidence("d.pdf", PDF)
        )
    halfway = {w.code: w for w in service.work_packages(data_dir, project, COORD)}
    assert (halfway["WP5"].submitted, halfway["WP5"].complete) == (2, False)  # M4 not reached
    service.update_milestone(
        data_dir, project, COORD, "M4", status="reached", evidence=Evidence(url="https://e.org")
    )
    after = service.work_packages(data_dir, project, COORD)
    assert [w.code for w in after if w.complete] == ["WP5"]
    assert service.open_share(after) == 0.85
    assert {w.code: w.late_unjustified for w in after}["WP4"] == 3  # D4.1, D4.2, D4.3
    with pytest.raises(AccessDenied):
        service.work_packages(data_dir, project, KZ_OFFICE)
