"""The Data status and My data pages (AppTest on the sample installation): the calendar in
people's words per role and language, reminders offered as .eml without SMTP, and one activity
added with the form becoming a pending submission."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.access.scope import Viewer
from pipelines.paths import REPO_ROOT, DataDir
from pipelines.store.ledger import Ledger

APP = REPO_ROOT / "dashboard" / "app.py"
COORD = Viewer.coordinator("test")
KAZNU = Viewer("partner", "kaznu-data", "KAZNU")
KZ_OFFICE = Viewer("national_office", "kz-office", None, "KZ")


def open_page(monkeypatch, data_dir: DataDir, page: str, viewer, params=None) -> AppTest:
    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: viewer)
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.switch_page(f"pages/{page}.py")
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_coordinator_sees_the_calendar_in_words(monkeypatch, demo_dir):
    at = open_page(monkeypatch, demo_dir, "data_status", COORD)
    clean(at)
    assert [t.value for t in at.title] == ["Data status"]
    assert {m.label: m.value for m in at.metric if m.label in ("On time", "Late")} == {
        "On time": "39",
        "Late": "1",
    }
    table = at.dataframe[0].value
    assert len(table) == 42
    row = table[(table["Partner"] == "MHESI (MHESI-UZ)") & (table["Data"] == "Enrollments")]
    assert row.iloc[0].to_dict() == {
        "Partner": "MHESI (MHESI-UZ)",
        "Data": "Enrollments",
        "Last submission": "Nothing yet",
        "Records": "–",
        "Review": "–",
        "Status": "Late by 486 days (due 31 July 2025)",
        "Next due date": "–",
    }
    kaznu = table[(table["Partner"] == "KazNU (KAZNU)") & (table["Data"] == "Dissemination")]
    assert (
        kaznu.iloc[0]["Status"] == "On time" and kaznu.iloc[0]["Records"] == "10"
    )  # of the 37 rows of the KZ workbook
    assert kaznu.iloc[0]["Review"] == "✔ Approved"  # the submissions lists' icon and word
    assert kaznu.iloc[0]["Next due date"] == "20 December 2026"
    ministry = table[(table["Partner"] == "MSHE (MSHE-KZ)") & (table["Data"] == "Modules")]
    assert ministry.iloc[0]["Status"] == "Not expected"
    # no SMTP in the sample: the messages are offered as files
    assert any("No e-mail server is configured" in i.value for i in at.info)
    assert [b.label for b in at.get("download_button")][:1] == [
        "Message to MHESI (MHESI-UZ) (.eml)"
    ]
    assert [e.label for e in at.expander] == ["Technical details"]


def test_calendar_in_russian_with_three_plural_forms(monkeypatch, demo_dir):
    at = open_page(monkeypatch, demo_dir, "data_status", COORD, {"lang": "ru"})
    clean(at)
    assert [t.value for t in at.title] == ["Состояние данных"]
    table = at.dataframe[0].value
    assert "Просрочено на 486 дней (срок 31 июля 2025\u202fг.)" in set(table["Статус"])
    assert "В срок" in set(table["Статус"])


@pytest.mark.parametrize(
    ("viewer", "partners"),
    [
        (KAZNU, {"KazNU (KAZNU)"}),
        (
            KZ_OFFICE,
            {"KazNU (KAZNU)", "KokSU (KOKSU)", "AYU", "CAREC", "MSHE (MSHE-KZ)"},
        ),
    ],
)
def test_calendar_is_scoped_and_without_technical_details(monkeypatch, demo_dir, viewer, partners):
    at = open_page(monkeypatch, demo_dir, "data_status", viewer)
    clean(at)
    table = at.dataframe[0].value
    assert set(table["Partner"]) == partners
    assert len(table) == 3 * len(partners)
    assert not at.expander and not at.get("download_button")
    assert not [s for s in at.subheader if s.value == "Reminders"]


@pytest.fixture()
def demo_copy(demo_dir, tmp_path) -> DataDir:
    shutil.copytree(demo_dir.root, tmp_path / "data")
    return DataDir(tmp_path / "data")


def test_partner_adds_one_activity_with_the_form(monkeypatch, demo_copy):
    at = open_page(monkeypatch, demo_copy, "my_data", KAZNU)
    clean(at)
    assert [t.value for t in at.title] == ["My data"]
    assert "Records of KazNU (KAZNU)" in [s.value for s in at.subheader]
    before = Ledger(demo_copy.ledger).position()
    at.text_input[0].input("Compost workshop for schools")
    at.multiselect[0].select("students")
    at.number_input[0].set_value(25)
    at.number_input[1].set_value(40)
    at.button(key="md_add").click()
    at.run()
    clean(at)
    assert "Submitted: your list of 11 records waits for the coordinator's review." in [
        s.value for s in at.success
    ]
    subs = Ledger(demo_copy.ledger).submissions()
    assert Ledger(demo_copy.ledger).position() == before + 1
    assert (subs[-1].template, subs[-1].partners, subs[-1].state) == (
        "dissemination",
        ("KAZNU",),
        "pending",
    )


def test_national_office_cannot_edit(monkeypatch, demo_dir):
    at = open_page(monkeypatch, demo_dir, "my_data", KZ_OFFICE)
    assert not at.exception
    assert [i.value for i in at.info] == ["Your account can read figures but cannot edit records."]
    assert not at.get("arrow_data_frame") and not at.main.button


def test_a_100_kb_title_is_refused_with_row_and_column_not_cut(monkeypatch, demo_copy):
    at = open_page(monkeypatch, demo_copy, "my_data", KAZNU)
    clean(at)
    (title,) = [t for t in at.text_input if t.label == "Title"]
    assert not title.max_chars  # the browser would cut a paste at max_chars without a word
    before = Ledger(demo_copy.ledger).position()
    title.input("x" * 100_000)
    at.multiselect[0].select("students")
    at.button(key="md_add").click()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["1 problem to fix; nothing was stored."]
    problems = at.dataframe[-1].value.to_dict("records")
    assert problems == [
        {
            "Row": 11,
            "Column": "Title",
            "Value": "x" * 79 + "…",
            "How to fix": "title is too long (100,000 characters): use at most 300 characters.",
        }
    ]
    assert Ledger(demo_copy.ledger).position() == before


def test_text_columns_of_the_table_do_not_cut_what_is_pasted(project):
    import datetime as dt

    from dashboard.widgets.records_table import column_config
    from pipelines.words.present import Words

    config = column_config("dissemination", project, Words("en", project), dt.date(2026, 11, 29))
    assert config["title"]["type_config"]["max_chars"] is None
