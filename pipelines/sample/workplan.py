"""The sample installation's work plan history: a few deliverables submitted (on time and
late, with evidence and a justification), one drafted by its lead partner and late without a
justification, milestones reached, a risk closed. Recorded through the library, as people
would, so the history and the audit log read like a real installation's."""

from __future__ import annotations

import datetime as dt

from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.paths import DataDir
from pipelines.workplan import service
from pipelines.workplan.evidence import Evidence

ACTOR = "demo"


def _pdf(title: str) -> bytes:
    """A minimal one-page PDF naming the document (sample evidence, labelled as such)."""
    body = f"BT /F1 12 Tf 72 720 Td (SAMPLE - {title}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _file(code: str, title: str) -> Evidence:
    return Evidence(name=f"{code} {title}.pdf", data=_pdf(f"{code} {title}"))


def seed_work_plan(data_dir: DataDir, project: Project) -> None:
    """Record the sample history for the deliverables, milestones and risks the project has
    (a project without them gets none)."""
    plan = project.work_plan
    coordinator = Viewer.coordinator(ACTOR)
    have = {d.code for d in plan.deliverables}
    steps: list[tuple[str, dict]] = [
        ("D1.1", {"evidence": "file", "status": "submitted", "on": dt.date(2024, 3, 28)}),
        (
            "D1.2",
            {
                "evidence": "file",
                "status": "submitted",
                "on": dt.date(2024, 5, 15),
                "justification": "The consortium agreement waited for the legal review of "
                "two partners; it was signed at the first partner meeting.",
            },
        ),
        ("D2.1", {"evidence": "file", "status": "submitted", "on": dt.date(2024, 5, 30)}),
        ("D3.2", {"evidence": "file", "status": "submitted", "on": dt.date(2025, 3, 27)}),
        ("D4.1", {"evidence": "file", "status": "submitted", "on": dt.date(2025, 1, 30)}),
        ("D6.1", {"evidence": "file", "status": "submitted", "on": dt.date(2024, 6, 28)}),
        (
            "D6.2",
            {
                "url": "https://leslie.webs.upv.es/",
                "status": "submitted",
                "on": dt.date(2024, 4, 26),
            },
        ),
    ]
    for code, step in steps:
        if code not in have:
            continue
        item = plan.deliverable(code)
        evidence = Evidence(url=step["url"]) if "url" in step else _file(item.code, item.title)
        service.update_deliverable(
            data_dir,
            project,
            coordinator,
            code,
            status=step["status"],
            evidence=evidence,
            justification=step.get("justification"),
            on=step["on"],
            channel="demo",
        )
    if "D3.1" in have:  # drafted by its lead partner, late, and nobody has justified it yet
        item = plan.deliverable("D3.1")
        lead = Viewer("partner", f"{item.lead.lower()}-data", partner=item.lead)
        service.update_deliverable(
            data_dir,
            project,
            lead,
            "D3.1",
            status="draft",
            evidence=_file(item.code, item.title),
            on=dt.date(2024, 11, 20),
            channel="demo",
        )
    reached = (
        ("M1", dt.date(2024, 2, 15)),
        ("M2", dt.date(2024, 11, 28)),
        ("M3", dt.date(2025, 6, 20)),
    )
    for code, day in reached:
        if code in {m.code for m in plan.milestones}:
            item = plan.milestone(code)
            service.update_milestone(
                data_dir,
                project,
                coordinator,
                code,
                status="reached",
                evidence=_file(item.code, item.verification),
                on=day,
                channel="demo",
            )
    if "R3" in {r.code for r in plan.risks}:
        service.update_risk(
            data_dir,
            project,
            coordinator,
            "R3",
            status="closed",
            justification="All partner meetings took place as planned.",
            channel="demo",
        )
