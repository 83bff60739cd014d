"""Records edited in the browser, in the library: the partner's current list as the template's
cells, the edited table through the same validation and review path as an upload, problems
at their row, no lost updates between two editors, and no edit outside the viewer's scope."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from pipelines import warehouse
from pipelines.access.scope import Viewer
from pipelines.errors import AccessDenied, UsageError
from pipelines.metrics.indicators import Filters, compute
from pipelines.paths import DataDir
from pipelines.store.ledger import Ledger
from pipelines.submissions import editing, review
from pipelines.submissions.editing import EditConflict
from pipelines.submissions.ingest import Source, ingest

TINY = Path(__file__).parent / "fixtures" / "tiny"
COORD = Viewer.coordinator("upv-coord")
KAZNU = Viewer("partner", "kaznu-data", "KAZNU")
KAZNU_TWO = Viewer("partner", "kaznu-second", "KAZNU")
FPI = Viewer("partner", "fpi-data", "FPI")
KZ_OFFICE = Viewer("national_office", "kz-office", None, "KZ")
A1 = {
    "activity_id": "A1",
    "partner_code": "KAZNU",
    "date": "2024-05-20",
    "activity_type": "workshop",
    "title": "Жерді тұрақты басқару семинары",
    "country": "KZ",
    "audience": "academics;policy_makers",
    "participants": "40",
    "reach": "120",
    "sdg_goals": "15;4",
    "url": "https://example.org/a1",
}


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory, project) -> DataDir:
    data_dir = DataDir(tmp_path_factory.mktemp("editing-base"))
    files = sorted(p for p in TINY.iterdir() if p.suffix == ".csv")
    assert ingest(data_dir, project, [Source(p.name, p) for p in files]).all_accepted
    return data_dir


@pytest.fixture()
def data_dir(tiny_base, tmp_path) -> DataDir:
    shutil.copytree(tiny_base.root, tmp_path / "data")
    return DataDir(tmp_path / "data")


def _dis1(data_dir: DataDir, project, basis: str = "official") -> float:
    with warehouse.read_warehouse(data_dir.warehouse) as con:
        values = compute(con, project, COORD, Filters(partner="KAZNU", basis=basis))
    return {v.code: v.actual for v in values}["DIS-1"]


def test_open_shows_the_partners_records_as_template_cells(data_dir, project) -> None:
    rec = editing.open_records(data_dir, project, KAZNU, "kaznu", "dissemination")
    assert rec.partner == "KAZNU" and rec.opened_from is not None
    assert [r["activity_id"] for r in rec.rows] == ["A1", "A2"]  # FPI's A3 is not shown
    assert rec.rows[0] == {**A1, "sdg_goals": "4;15"}  # lists as stored: sorted
    assert rec.rows[1]["participants"] == "" and rec.rows[1]["reach"] == "1500"
    mods = editing.open_records(data_dir, project, KAZNU, "KAZNU", "modules")
    assert [r["module_code"] for r in mods.rows] == ["M-SLM1"]
    assert mods.rows[0]["micro_credential"] == "yes" and mods.rows[0]["ects"] == "5"


def test_edited_table_is_a_pending_submission_with_the_diff(data_dir, project) -> None:
    rec = editing.open_records(data_dir, project, KAZNU, "KAZNU", "dissemination")
    rows = [dict(r) for r in rec.rows]
    rows[0]["reach"] = "130"  # change
    del rows[1]  # delete A2
    rows.append({**A1, "activity_id": "A9", "title": "Open day", "reach": "60"})  # add
    rows.append(dict.fromkeys(rec.columns, ""))  # a blank row left by the editor is dropped
    result = editing.submit_records(
        data_dir, project, KAZNU, "KAZNU", "dissemination", rows, rec.opened_from
    )
    (outcome,) = result.files
    assert (outcome.status, outcome.rows, outcome.partners) == ("accepted", 2, ["KAZNU"])
    sub = next(
        s for s in Ledger(data_dir.ledger).submissions() if s.submission_id == outcome.submission_id
    )
    assert (sub.state, sub.submitted_by, sub.file_name) == (
        "pending",
        "kaznu-data",
        "dissemination-KAZNU-edited.csv",
    )
    diff = review.diff_against_current(data_dir, outcome.submission_id)
    assert diff.counts() == {"added": 1, "removed": 1, "changed": 1, "unchanged": 0}
    assert diff.changed[0].old == {"reach": 120} and diff.changed[0].new == {"reach": 130}
    assert _dis1(data_dir, project) == 2  # not official until approved


def test_invalid_table_stores_nothing_and_names_row_and_column(data_dir, project) -> None:
    rec = editing.open_records(data_dir, project, KAZNU, "KAZNU", "dissemination")
    rows = [dict(r) for r in rec.rows]
    rows[1]["activity_type"] = "seminar"  # second record: row 3 as in the template file
    rows[1]["date"] = "2026-02-30"
    before = Ledger(data_dir.ledger).position()
    result = editing.submit_records(
        data_dir, project, KAZNU, "KAZNU", "dissemination", rows, rec.opened_from
    )
    (outcome,) = result.files
    assert outcome.status == "rejected"
    assert sorted((p.row, p.column) for p in outcome.errors) == [
        (3, "activity_type"),
        (3, "date"),
    ]
    assert Ledger(data_dir.ledger).position() == before


def test_second_editor_is_refused_and_asked_to_reload(data_dir, project) -> None:
    first = editing.open_records(data_dir, project, KAZNU, "KAZNU", "dissemination")
    second = editing.open_records(data_dir, project, KAZNU_TWO, "KAZNU", "dissemination")
    assert first.opened_from == second.opened_from
    one = [*first.rows, {**A1, "activity_id": "A7"}]
    two = [*second.rows, {**A1, "activity_id": "A8"}]
    ok = editing.submit_records(
        data_dir, project, KAZNU, "KAZNU", "dissemination", one, first.opened_from
    )
    assert ok.files[0].status == "accepted"
    before = Ledger(data_dir.ledger).position()
    with pytest.raises(EditConflict) as refused:
        editing.submit_records(
            data_dir, project, KAZNU_TWO, "KAZNU", "dissemination", two, second.opened_from
        )
    assert refused.value.key == "editing.conflict"
    assert "Reload the table" in str(refused.value)
    assert "Загрузите актуальные записи" in refused.value.render("ru")
    assert Ledger(data_dir.ledger).position() == before  # nothing overwritten
    again = editing.open_records(data_dir, project, KAZNU_TWO, "KAZNU", "dissemination")
    assert [r["activity_id"] for r in again.rows] == ["A1", "A2", "A7"]  # the reload sees it


def test_a_coordinator_decision_also_counts_as_a_change(data_dir, project) -> None:
    rec = editing.open_records(data_dir, project, KAZNU, "KAZNU", "dissemination")
    up = review.submit_upload(
        data_dir, project, COORD, "k.csv", editing.table_csv("dissemination", [A1])
    )
    assert up.files[0].status == "accepted"
    with pytest.raises(EditConflict):
        editing.add_activity(
            data_dir, project, KAZNU, "KAZNU", A1 | {"activity_id": "X"}, rec.opened_from
        )


@pytest.mark.parametrize(
    ("viewer", "partner", "error"),
    [
        (KAZNU, "FPI", AccessDenied),  # another partner's records
        (FPI, "KAZNU", AccessDenied),
        (KZ_OFFICE, "KAZNU", AccessDenied),  # national offices read only
        (Viewer("public"), "KAZNU", AccessDenied),
    ],
)
def test_edits_outside_the_viewers_scope_are_refused(
    data_dir, project, viewer, partner, error
) -> None:
    with pytest.raises(error):
        editing.open_records(data_dir, project, viewer, partner, "dissemination")
    with pytest.raises(error):
        editing.submit_records(data_dir, project, viewer, partner, "dissemination", [A1], None)


def test_rows_of_another_partner_and_enrollments_are_refused(data_dir, project) -> None:
    rec = editing.open_records(data_dir, project, COORD, "KAZNU", "dissemination")
    foreign = [*rec.rows, {**A1, "activity_id": "Z", "partner_code": "FPI"}]
    with pytest.raises(UsageError) as err:
        editing.submit_records(
            data_dir, project, COORD, "KAZNU", "dissemination", foreign, rec.opened_from
        )
    assert err.value.key == "editing.other_partner"
    with pytest.raises(UsageError) as err:
        editing.open_records(data_dir, project, KAZNU, "KAZNU", "enrollments")
    assert err.value.key == "editing.not_editable"
    with pytest.raises(UsageError) as err:
        editing.submit_records(
            data_dir, project, KAZNU, "KAZNU", "dissemination", rec.rows, rec.opened_from
        )
    assert err.value.key == "editing.no_changes"


def test_added_activity_counts_once_approved(data_dir, project) -> None:
    rec = editing.open_records(data_dir, project, KAZNU, "KAZNU", "dissemination")
    activity = {
        "date": dt.date(2026, 11, 20),
        "activity_type": "workshop",
        "title": "Compost in schools",
        "country": "KZ",
        "audience": ["students", "academics"],
        "participants": 25,
        "reach": 40,
        "sdg_goals": [12, 4],
        "url": "https://example.org/compost",
    }
    result = editing.add_activity(data_dir, project, KAZNU, "KAZNU", activity, rec.opened_from)
    (outcome,) = result.files
    assert (outcome.status, outcome.rows) == ("accepted", 3)
    now = editing.open_records(data_dir, project, KAZNU, "KAZNU", "dissemination")
    assert now.rows[-1]["activity_id"] == "2026-01"
    assert now.rows[-1]["audience"] == "academics;students"
    assert now.rows[-1]["sdg_goals"] == "4;12"
    review.decide(data_dir, project, COORD, outcome.submission_id, "approved")
    assert _dis1(data_dir, project) == 3


def test_table_csv_is_the_templates_canonical_shape() -> None:
    data = editing.table_csv("dissemination", [{**A1, "title": ' Say "hi", all '}])
    lines = data.decode("utf-8").splitlines()
    assert lines[0].split(",") == list(A1)
    assert '"Say ""hi"", all"' in lines[1]


@pytest.mark.parametrize(
    ("text", "key", "code"),
    [
        ("x" * 100_000, "intake.text.too_long", None),  # a 100 KB paste: refused, never cut
        ("Bad\x00title", "intake.text.control_char", "U+0000"),
        ("Bad\x07title", "intake.text.control_char", "U+0007"),
        ("exe.\u202etxt", "intake.text.bidi_char", "U+202E"),
        ("a\u2066b\u2069", "intake.text.bidi_char", "U+2066"),
    ],
)
def test_long_control_or_bidi_text_is_refused_at_its_row_and_column(
    data_dir, project, text, key, code
) -> None:
    rec = editing.open_records(data_dir, project, KAZNU, "KAZNU", "dissemination")
    rows = [dict(r) for r in rec.rows]
    rows[1]["title"] = text  # second record: row 3 as in the template file
    before = Ledger(data_dir.ledger).position()
    result = editing.submit_records(
        data_dir, project, KAZNU, "KAZNU", "dissemination", rows, rec.opened_from
    )
    (outcome,) = result.files
    assert outcome.status == "rejected"
    assert [(p.row, p.column, p.key) for p in outcome.errors] == [(3, "title", key)]
    if code:
        assert f"({code})" in outcome.errors[0].message
    else:
        assert outcome.errors[0].message == (
            "title is too long (100,000 characters): use at most 300 characters."
        )
    assert Ledger(data_dir.ledger).position() == before


def test_one_template_cell_for_the_table_and_the_file():
    """The records table and the saved file write a value the same way."""
    import pandas as pd

    from dashboard.widgets import records_table

    cell = editing.template_cell
    assert records_table.template_cell is cell
    assert [cell(v) for v in (None, float("nan"), pd.NaT, True, False)] == ["", "", "", "yes", "no"]
    assert cell(["KAZNU", "UPV"]) == "KAZNU;UPV"
    assert cell((4.0, 15)) == "4;15"
    assert cell(dt.date(2025, 3, 1)) == "2025-03-01"
    assert cell(pd.Timestamp("2025-03-01 10:30")) == "2025-03-01"
    assert cell(dt.datetime(2025, 3, 1, 23, 59)) == "2025-03-01"
    assert cell(12.0) == "12"
    assert cell(12.5) == "12.5"
    assert cell("  text ") == "  text "
