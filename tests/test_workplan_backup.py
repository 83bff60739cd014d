"""The work plan's history and evidence files travel with a backup and come back on restore."""

from __future__ import annotations

import hashlib
import zipfile

from pipelines.access.scope import Viewer
from pipelines.operations.backup import create_backup, restore
from pipelines.paths import DataDir
from pipelines.workplan import service
from pipelines.workplan.evidence import Evidence

COORD = Viewer.coordinator("coordinator")
PDF = b"%PDF-1.4\nbackup test\n%%EOF\n"


def test_history_and_evidence_are_backed_up_and_restored(tmp_path, project):
    source = DataDir(tmp_path / "data")
    service.update_deliverable(
        source,
        project,
        COORD,
        "D1.1",
        status="submitted",
        evidence=Evidence("handbook.pdf", PDF),
        justification="Sent with the first interim report.",
    )
    before = [d.as_dict() for d in service.deliverables(source, project, COORD)]
    archive = tmp_path / "backup.zip"
    create_backup(source, archive)
    digest = hashlib.sha256(PDF).hexdigest()
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
        assert {"store/workplan.sqlite", f"store/evidence/{digest}.pdf"} <= names
        assert z.read(f"store/evidence/{digest}.pdf") == PDF
    target = DataDir(tmp_path / "restored")
    restore(archive, target, project)
    assert [d.as_dict() for d in service.deliverables(target, project, COORD)] == before
    assert (target.evidence / f"{digest}.pdf").read_bytes() == PDF


def test_a_loaded_list_is_backed_up_and_restored(tmp_path, project):
    from pathlib import Path

    from pipelines.workplan import loaded

    good = Path(__file__).parent / "fixtures" / "workplan" / "accepts" / "good.csv"
    source = DataDir(tmp_path / "data")
    loaded.apply(source, project, COORD, good.read_bytes(), "good.csv")
    archive = tmp_path / "backup.zip"
    create_backup(source, archive)
    target = DataDir(tmp_path / "restored")
    restore(archive, target, project)
    assert loaded.latest(target) == loaded.latest(source)
    codes = [d.code for d in loaded.in_force(target, project).work_plan.deliverables]
    assert codes == ["D1.1", "D1.2", "D3.1", "D4.4"]
