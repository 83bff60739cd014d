"""Narratives written in the tool: who may write what, every version kept with who and when,
each save audited, the latest text frozen with the report and printed in Word and PDF."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil

import docx
import pytest
from pypdf import PdfReader

from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.errors import AccessDenied, UsageError
from pipelines.metrics.indicators import Filters
from pipelines.paths import DataDir
from pipelines.reports import freeze, load_frozen, render
from pipelines.reports import narratives as notes
from pipelines.reports.service import report_data

COORDINATOR = Viewer.coordinator("coord")
KAZNU = Viewer("partner", "kaznu-user", partner="KAZNU")
KZ_OFFICE = Viewer("national_office", "kz-office", country="KZ")
T1 = dt.datetime(2025, 7, 1, 9, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2025, 7, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture()
def data_dir(tiny_dir, tmp_path) -> DataDir:
    copy = DataDir(tmp_path / "data")
    shutil.copytree(tiny_dir.root, copy.root)
    return copy


def test_versions_are_kept_and_the_latest_is_current(data_dir, project):
    notes.save_section(data_dir, project, COORDINATOR, "P1", "WP4", "achievements", "v1", T1)
    notes.save_section(data_dir, project, COORDINATOR, "P1", "WP4", "achievements", "v2", T2)
    history = notes.history(data_dir, "P1")
    assert [(n.text, n.who, n.at) for n in history] == [
        ("v1", "coord", "2025-07-01T09:00:00+00:00"),
        ("v2", "coord", "2025-07-02T09:00:00+00:00"),
    ]
    assert [n.text for n in notes.current(data_dir, "P1")] == ["v2"]
    lines = notes.path_of(data_dir).read_text("utf-8").splitlines()
    assert [json.loads(line)["text"] for line in lines] == ["v1", "v2"]


def test_every_save_is_audited(data_dir, project):
    notes.save_section(data_dir, project, COORDINATOR, "P1", "", "next_steps", "Plan.", T1)
    notes.save_contribution(data_dir, project, KAZNU, "P1", "WP6", "KAZNU", "Our part.", T2)
    found = audit.entries(data_dir, COORDINATOR, action="narrative_save")
    assert [(e.who, e.target, e.detail) for e in reversed(found)] == [
        ("coord", "P1 - next_steps", {"characters": 5}),
        ("kaznu-user", "P1 WP6 contribution KAZNU", {"characters": 9}),
    ]


def test_who_may_write_what(data_dir, project):
    with pytest.raises(AccessDenied) as denied:
        notes.save_section(data_dir, project, KAZNU, "P1", "WP4", "achievements", "x")
    assert denied.value.key == "reports.error.narrative_denied"
    with pytest.raises(AccessDenied):
        notes.save_contribution(data_dir, project, KAZNU, "P1", "WP4", "FPI", "not mine")
    with pytest.raises(AccessDenied):
        notes.save_contribution(data_dir, project, KZ_OFFICE, "P1", "WP4", "KAZNU", "x")
    notes.save_contribution(data_dir, project, KAZNU, "P1", "WP4", "KAZNU", "draft", T1)
    notes.save_contribution(data_dir, project, COORDINATOR, "P1", "WP4", "KAZNU", "edited", T2)
    (current,) = notes.current(data_dir, "P1")
    assert (current.partner, current.text, current.who) == ("KAZNU", "edited", "coord")
    assert notes.history(data_dir) and not (data_dir.root / "narratives" / "other").exists()


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("P9", "WP4", "achievements", "x"), "reports.error.narrative_period"),
        (("P1", "WP9", "achievements", "x"), "reports.error.narrative_work_package"),
        (("P1", "WP4", "summary", "x"), "reports.error.narrative_section"),
        (("P1", "WP4", "achievements", "x" * 20_001), "reports.error.narrative_long"),
    ],
)
def test_refusals_name_their_message(data_dir, project, args, key):
    with pytest.raises(UsageError) as refused:
        notes.save_section(data_dir, project, COORDINATOR, *args)
    assert refused.value.key == key
    assert not notes.history(data_dir)


def test_report_scope_decides_which_texts_it_carries(data_dir, project):
    notes.save_section(data_dir, project, COORDINATOR, "P1", "WP4", "achievements", "All.", T1)
    notes.save_contribution(data_dir, project, KAZNU, "P1", "WP4", "KAZNU", "KazNU did.", T1)
    notes.save_contribution(data_dir, project, COORDINATOR, "P1", "WP4", "FPI", "FPI did.", T1)
    consortium = report_data(data_dir, project, COORDINATOR, Filters(period="P1"))
    assert [n.text for n in consortium.narratives] == ["All.", "FPI did.", "KazNU did."]
    kz = report_data(data_dir, project, KZ_OFFICE, Filters(period="P1", country="KZ"))
    assert [n.text for n in kz.narratives] == ["KazNU did."]
    own = report_data(data_dir, project, KAZNU, Filters(period="P1", partner="KAZNU"))
    assert [n.text for n in own.narratives] == ["KazNU did."]


def test_frozen_report_keeps_the_texts_of_its_day(data_dir, project):
    text = "Four modules accredited.\n\n**Not bold**, <i>not italic</i>."
    notes.save_section(data_dir, project, COORDINATOR, "P1", "WP4", "achievements", text, T1)
    card = freeze(data_dir, project, COORDINATOR, Filters(period="P1"))
    notes.save_section(data_dir, project, COORDINATOR, "P1", "WP4", "achievements", "Later.", T2)
    stored = json.loads((data_dir.frozen / card.frozen_id / "report.json").read_text("utf-8"))
    assert [n["text"] for n in stored["narratives"]] == [text]
    frozen = load_frozen(data_dir, project, COORDINATOR, card.frozen_id)
    document = docx.Document(io.BytesIO(render(frozen, "docx")))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Four modules accredited." in paragraphs
    assert "**Not bold**, <i>not italic</i>." in paragraphs
    assert "Later." not in paragraphs
    i = paragraphs.index("Achievements")
    assert paragraphs[i + 1] == "Four modules accredited."
    pdf = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(render(frozen, "pdf"))).pages
    )
    assert "Achievements Four modules accredited. **Not bold**, <i>not italic</i>." in pdf
