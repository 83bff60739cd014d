"""The pre-flight of a period's report lists exactly what blocks it (reporting date pinned to
2026-11-29; P1 ends 2025-06-30 and is interim, P2 is final)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.access.scope import Viewer
from pipelines.errors import UsageError
from pipelines.paths import DataDir
from pipelines.workplan import service
from pipelines.workplan.evidence import Evidence
from pipelines.workplan.preflight import preflight

COORD = Viewer.coordinator("coordinator")
PDF = b"%PDF-1.4\n%%EOF\n"


def found(result) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    as_list = lambda items: [(f.kind, f.code, f.key.rsplit(".", 1)[1]) for f in items]  # noqa: E731
    return as_list(result.blocking), as_list(result.warnings)


@pytest.fixture()
def plan(tmp_path, project) -> DataDir:
    """P1's deliverables: six submitted on time, D1.2 late with a justification, D3.1 drafted
    and late without one, D2.2 untouched; M1 and M2 reached, M3 not."""
    data_dir = DataDir(tmp_path / "data")
    for code in ("D1.1", "D2.1", "D3.2", "D4.1", "D6.1", "D6.2"):
        due = project.work_plan.deliverable(code).due
        service.update_deliverable(
            data_dir,
            project,
            COORD,
            code,
            status="submitted",
            evidence=Evidence(f"{code}.pdf", PDF),
            on=due,
        )
    service.update_deliverable(
        data_dir,
        project,
        COORD,
        "D1.2",
        status="submitted",
        evidence=Evidence(url="https://example.org/ca"),
        justification="Signed at the first partner meeting.",
        on=dt.date(2024, 5, 15),
    )
    service.update_deliverable(
        data_dir,
        project,
        Viewer("partner", "kaznu-data", partner="KAZNU"),
        "D3.1",
        status="draft",
        evidence=Evidence("needs.pdf", PDF),
    )
    for code in ("M1", "M2"):
        service.update_milestone(
            data_dir,
            project,
            COORD,
            code,
            status="reached",
            evidence=Evidence(url=f"https://example.org/{code}"),
            on=project.work_plan.milestone(code).due,
        )
    return data_dir


def test_what_blocks_the_interim_report(plan, project):
    result = preflight(plan, project, COORD, "P1")
    assert found(result) == (
        [
            ("deliverable", "D2.2", "late_unjustified"),
            ("deliverable", "D2.2", "no_evidence"),
            ("deliverable", "D3.1", "late_unjustified"),
            ("milestone", "M3", "milestone_overdue"),
        ],
        [("deliverable", "D1.2", "late_justified")],
    )
    assert result.blocked
    assert result.as_dict()["blocking"][0] == {
        "kind": "deliverable",
        "code": "D2.2",
        "key": "workplan.preflight.late_unjustified",
        "message": "Deliverable D2.2 «Interim external evaluation report» was due on 2025-06-30 "
        "and is late without a justification. Write why it is late: deliverables update D2.2 "
        "--justification TEXT",
    }


def test_doing_what_each_finding_says_clears_the_report(plan, project):
    service.update_deliverable(plan, project, COORD, "D3.1", justification="Data came late.")
    service.update_deliverable(
        plan,
        project,
        COORD,
        "D2.2",
        evidence=Evidence("evaluation.pdf", PDF),
        justification="The evaluator changed.",
    )
    service.update_milestone(
        plan, project, COORD, "M3", status="reached", evidence=Evidence(url="https://e.org/m3")
    )
    result = preflight(plan, project, COORD, "P1")
    assert found(result) == (
        [],
        [
            ("deliverable", "D1.2", "late_justified"),
            ("deliverable", "D2.2", "late_justified"),
            ("deliverable", "D3.1", "late_justified"),
        ],
    )
    assert not result.blocked


def test_the_final_report_covers_every_deliverable_and_names_communication(plan, project):
    blocking, warnings = found(preflight(plan, project, COORD, "P2"))
    late = {"D2.2", "D3.1", "D4.2", "D4.3", "D5.1", "D5.2"}  # due before 2026-11-29, not sent
    missing = {"D1.3", "D2.2", "D2.3", "D4.2", "D4.3", "D5.1", "D5.2", "D6.3"}
    assert sorted(c for _k, c, why in blocking if why == "late_unjustified") == sorted(late)
    assert sorted(c for _k, c, why in blocking if why == "no_evidence") == sorted(missing)
    # M5 is due 2026-11-30: not past its date yet
    assert [c for k, c, _w in blocking if k == "milestone"] == ["M3", "M4"]
    assert warnings == [
        ("deliverable", "D1.2", "late_justified"),
        ("communication", "P2", "communication_unchecked"),
    ]


def test_an_empty_history_blocks_everything_due(tmp_path, project):
    blocking, warnings = found(preflight(DataDir(tmp_path / "d"), project, COORD, "p1"))
    due = [d.code for d in project.work_plan.deliverables if d.due <= dt.date(2025, 6, 30)]
    assert [c for _k, c, why in blocking if why == "no_evidence"] == due
    assert warnings == []


def test_an_unknown_period_is_a_usage_error(tmp_path, project):
    with pytest.raises(UsageError) as caught:
        preflight(DataDir(tmp_path / "d"), project, COORD, "P9")
    assert str(caught.value) == "There is no reporting period P9; the periods are P1, P2."
