"""``deliverables``, ``milestones``, ``risks`` and ``report --preflight`` on the command line:
JSON shapes, exit codes, ``--by``, and a refused evidence file that changes nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipelines.access.accounts import Accounts
from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.paths import DataDir
from tests.ops_helpers import cli

PASSWORD = "a long coordinator passphrase 2026"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(120)


@pytest.fixture()
def installation(tmp_path, project) -> tuple[Path, Path]:
    root = tmp_path / "data"
    accounts = Accounts(DataDir(root), project)
    accounts.add("coord", "coordinator", PASSWORD)
    accounts.add("kaznu-data", "partner", PASSWORD, partner="KAZNU")
    accounts.add("old-coord", "coordinator", PASSWORD)
    accounts.set_disabled("old-coord", True)
    files = tmp_path / "files"
    files.mkdir()
    (files / "handbook.pdf").write_bytes(PDF)
    (files / "report.pdf").write_bytes(ELF)
    return root, files


def listed(root: Path, *args: str) -> dict:
    code, out, err = cli("deliverables", "list", "--json", "--data-dir", root, *args)
    assert code == 0, err
    return json.loads(out)


def test_update_then_list_prints_the_documented_shape(installation):
    root, files = installation
    code, out, err = cli(
        "deliverables",
        "update",
        "D1.1",
        "--status",
        "submitted",
        "--evidence",
        files / "handbook.pdf",
        "--by",
        "coord",
        "--data-dir",
        root,
    )
    assert (code, err) == (0, "")
    assert out == "D1.1: recorded; status now «Submitted» (by coord).\n"
    assert listed(root, "--wp", "WP1")["deliverables"][0] == {
        "code": "D1.1",
        "title": "Project management handbook",
        "wp": "WP1",
        "lead": "UPV",
        "type": "R",
        "dissemination": "SEN",
        "due": "2024-03-31",
        "status": "submitted",
        "late": True,  # submitted on the reporting date, 2026-11-29
        "submitted_on": "2026-11-29",
        "justification": None,
        "evidence": [{"name": "handbook.pdf", "sha256": hashlib.sha256(PDF).hexdigest()}],
    }
    [entry] = audit.entries(DataDir(root), Viewer.coordinator(), action="workplan_update")
    assert (entry.who, entry.target, entry.detail["status"]) == ("coord", "D1.1", "submitted")


def test_filters_by_work_package_and_lead_partner(installation):
    root, _files = installation
    assert [d["code"] for d in listed(root, "--partner", "kaznu")["deliverables"]] == [
        "D3.1",
        "D3.2",
        "D6.3",
    ]
    assert [d["code"] for d in listed(root, "--wp", "WP5")["deliverables"]] == ["D5.1", "D5.2"]
    statuses = {d["status"] for d in listed(root)["deliverables"]}
    assert statuses == {"pending"}
    code, _out, err = cli("deliverables", "list", "--wp", "WP9", "--data-dir", root)
    assert code == 2 and "There is no work package WP9" in err


def test_a_refused_evidence_file_changes_nothing(installation):
    root, files = installation
    before = listed(root)
    code, out, err = cli(
        "deliverables",
        "update",
        "D3.1",
        "--status",
        "draft",
        "--evidence",
        files / "report.pdf",
        "--justification",
        "late data",
        "--by",
        "coord",
        "--data-dir",
        root,
    )
    assert (code, out) == (1, "")
    assert "«report.pdf» is not a PDF, DOCX, XLSX, PPTX, ODT or ODS document" in err
    assert "Traceback" not in err
    assert listed(root) == before
    assert not DataDir(root).workplan.exists()
    assert not DataDir(root).evidence.exists()


def test_by_must_be_an_enabled_coordinator_account(installation):
    root, _files = installation
    for name in ("nobody", "kaznu-data", "old-coord"):
        code, _out, err = cli(
            "deliverables", "update", "D3.1", "--status", "draft", "--by", name, "--data-dir", root
        )
        assert code == 2, name
        assert f"--by takes the name of an existing account ('{name}' is none)" in err
    with pytest.raises(SystemExit) as missing:  # argparse: --by is required
        cli("deliverables", "update", "D3.1", "--status", "draft", "--data-dir", root)
    assert missing.value.code == 2
    assert not DataDir(root).workplan.exists()


def test_submitting_without_evidence_is_refused_in_the_readers_language(installation):
    root, _files = installation
    code, _out, err = cli(
        "deliverables",
        "update",
        "D1.3",
        "--status",
        "submitted",
        "--by",
        "coord",
        "--lang",
        "ru",
        "--data-dir",
        root,
    )
    assert code == 1
    assert "D1.3 нельзя представить без документа" in err


def test_milestones_and_risks_have_the_same_shape(installation):
    root, _files = installation
    code, out, err = cli(
        "milestones",
        "update",
        "M1",
        "--status",
        "reached",
        "--evidence",
        "https://example.org/minutes",
        "--by",
        "coord",
        "--lang",
        "kk",
        "--data-dir",
        root,
    )
    assert code == 0, err
    assert out == "M1: жазылды; қазіргі мәртебесі — «Орындалды» (енгізген: coord).\n"
    code, out, err = cli("milestones", "list", "--json", "--data-dir", root)
    assert code == 0, err
    first = json.loads(out)["milestones"][0]
    assert first == {
        "code": "M1",
        "title": "Kick-off meeting held",
        "wp": "WP1",
        "due": "2024-02-29",
        "verification": "Minutes and attendance list of the kick-off meeting",
        "status": "reached",
        "late": True,
        "reached_on": "2026-11-29",
        "justification": None,
        "evidence": [{"url": "https://example.org/minutes"}],
    }
    code, out, err = cli(
        "risks",
        "update",
        "R2",
        "--status",
        "mitigated",
        "--justification",
        "Pilots recognised in two programmes.",
        "--by",
        "coord",
        "--data-dir",
        root,
    )
    assert code == 0, err
    code, out, err = cli("risks", "list", "--json", "--wp", "WP4", "--data-dir", root)
    assert code == 0, err
    assert json.loads(out)["risks"][1] == {
        "code": "R2",
        "description": "Low participation of learners in the pilot modules",
        "wp": "WP4",
        "likelihood": "low",
        "impact": "medium",
        "mitigation": "Recognise the modules in study programmes; blended delivery; "
        "targeted promotion",
        "status": "mitigated",
        "updated_on": "2026-11-29",
        "justification": "Pilots recognised in two programmes.",
        "evidence": [],
    }


def test_the_sample_installation_preflight_shows_what_blocks(demo_dir):
    code, out, err = cli(
        "report", "--period", "P1", "--preflight", "--json", "--data-dir", demo_dir.root
    )
    assert code == 1, err
    result = json.loads(out)
    assert [(f["kind"], f["code"], f["key"]) for f in result["blocking"]] == [
        ("deliverable", "D2.2", "workplan.preflight.late_unjustified"),
        ("deliverable", "D2.2", "workplan.preflight.no_evidence"),
        ("deliverable", "D3.1", "workplan.preflight.late_unjustified"),
    ]
    assert [(f["kind"], f["code"]) for f in result["warnings"]] == [("deliverable", "D1.2")]
    assert all(set(f) == {"kind", "code", "key", "message"} for f in result["blocking"])
    # in the sample, D1.1 is submitted on time with its document, D3.1 drafted by KazNU
    listed_ = {d["code"]: d for d in listed(demo_dir.root)["deliverables"]}
    assert (listed_["D1.1"]["status"], listed_["D1.1"]["late"]) == ("submitted", False)
    assert listed_["D1.1"]["evidence"][0]["name"] == "D1.1 Project management handbook.pdf"
    assert (listed_["D3.1"]["status"], listed_["D3.1"]["late"]) == ("draft", True)
    assert listed_["D3.1"]["justification"] is None


def test_preflight_for_people_and_its_exit_codes(installation):
    root, _files = installation
    code, out, _err = cli(
        "report", "--period", "P1", "--preflight", "--lang", "uz", "--data-dir", root
    )
    assert code == 1
    assert out.startswith("Hisobotni topshirishga toʻsqinlik qiladi:\n  - ")
    code, _out, err = cli("report", "--preflight", "--data-dir", root)
    assert code == 2 and "--period" in err
