"""The Work plan page's load of the grant agreement's list, run by AppTest on a copy of the
sample installation: the coordinator uploads a file, reads the preview (added, changed,
removed), confirms the removal of codes with history and applies it; the page then lists
exactly the loaded deliverables. A partner and a National Office do not see the load."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipelines.access.scope import Viewer
from pipelines.workplan import history, loaded
from tests.test_workplan_page import clean, deliverable_codes, install, open_page  # noqa: F401

GOOD_CSV = Path(__file__).parent / "fixtures" / "workplan" / "accepts" / "good.csv"
COORD = Viewer.coordinator("coordinator")
TITLE = "Load the grant agreement's list"


def test_the_coordinator_previews_confirms_and_applies_a_list(monkeypatch, install):  # noqa: F811
    data = GOOD_CSV.read_bytes()
    kept = {"D1.1", "D1.2", "D3.1", "D4.4", "M1", "M2"}
    listed = {e.code for e in history.events(install) if e.item_kind != "risk"}
    with_history = sorted(listed - kept)
    assert with_history  # the sample installation has history on codes the file leaves out
    at = open_page(monkeypatch, install, COORD)
    clean(at)
    assert TITLE in [s.value for s in at.subheader]
    assert at.caption[-2].value == (
        "In force: the illustrative list of project.toml (no list loaded yet)."
    )
    at.file_uploader(key="wpl_list_0").set_value(("good.csv", data, "text/csv")).run()
    assert [e.value for e in at.error] == [
        "The list was not loaded; fix these problems and load the file again:"
    ]
    problems = at.dataframe[-1].value
    assert sorted(problems["Value"]) == with_history
    assert set(problems["How to fix"].str.endswith("(its history stays stored).")) == {True}
    assert at.button(key="wpl_list_apply").disabled is True

    at.checkbox(key="wpl_list_confirm").check().run()
    clean(at)
    texts = [t.value for t in at.text]
    assert texts[-4:] == [
        "good.csv: deliverables: 4, milestones: 2.",
        "Added: D4.4",
        "Changed: D1.1 (title), D3.1 (title), M1 (means of verification), "
        "M2 (title, means of verification)",
        "Removed: D1.3, D2.1, D2.2, D2.3, D3.2, D4.1, D4.2, D4.3, D5.1, D5.2, D6.1, D6.2, "
        "D6.3, M3, M4, M5",
    ]
    at.button(key="wpl_list_apply").click().run()
    clean(at)
    sha = hashlib.sha256(data).hexdigest()
    assert [s.value for s in at.success][-1] == f"The list is in force (file SHA-256 {sha})."
    assert deliverable_codes(at) == ["D1.1", "D1.2", "D3.1", "D4.4"]
    assert loaded.latest(install).by == "coordinator"
    assert {e.code for e in history.events(install)} >= set(with_history)  # nothing lost


def test_a_refused_file_shows_each_problem_at_its_row(monkeypatch, install):  # noqa: F811
    bad = GOOD_CSV.parent.parent / "rejects" / "unknown-partner.csv"
    at = open_page(monkeypatch, install, COORD)
    at.file_uploader(key="wpl_list_0").set_value((bad.name, bad.read_bytes(), "text/csv"))
    at.run()
    problems = at.dataframe[-1].value
    assert list(problems.iloc[0])[:3] == [2, "lead partner", "UNKNOWN"]
    assert at.button(key="wpl_list_apply").disabled is True
    assert loaded.latest(install) is None


@pytest.mark.parametrize(
    "viewer",
    [
        Viewer("partner", "kaznu-data", partner="KAZNU"),
        Viewer("national_office", "kz-office", country="KZ"),
    ],
    ids=["partner", "national_office"],
)
def test_others_do_not_see_the_load(monkeypatch, install, viewer):  # noqa: F811
    at = open_page(monkeypatch, install, viewer)
    clean(at)
    assert TITLE not in [s.value for s in at.subheader]
    assert not [u for u in at.get("file_uploader") if u.proto.id.endswith("wpl_list_0")]
    assert "wpl_list_apply" not in [b.key for b in at.button]
