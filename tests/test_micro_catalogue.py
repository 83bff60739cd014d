"""The micro-credential catalogue: a module's text in the reader's language (a fallback
marked), its readiness to publish against the Council Recommendation's elements and the
consortium's criteria, and the ``catalogue check`` command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import duckdb
import openpyxl
import pytest

from pipelines.access.scope import Viewer
from pipelines.catalogue import readiness, texts
from pipelines.catalogue.source import modules as catalogue_modules
from pipelines.intake import readers, validate
from pipelines.intake.contract import TEMPLATES
from pipelines.intake.templates import workbook_bytes
from pipelines.paths import DataDir
from pipelines.submissions.ingest import Source, ingest
from pipelines.warehouse.build import read_warehouse
from pipelines.words.present import Words
from tests.ops_helpers import cli, copy_release_0_1

TODAY = dt.date(2026, 11, 29)

READY = {
    "module_code": "KAZNU-SOIL",
    "title": "Soil Health",
    "title_kk": "Топырақ саулығы",
    "title_ru": None,
    "lead_partner_code": "KAZNU",
    "sdg_goals": [15],
    "ects": 3.0,
    "eqf_level": 6,
    "delivery_mode": "blended",
    "status": "piloted",
    "micro_credential": True,
    "learning_outcomes": "Assess soil salinity.",
    "learning_outcomes_kk": "Топырақтың тұздануын бағалау.",
    "assessment_type": "Field project",
    "quality_assurance": "Internal QA",
    "isced_field": "0521",
}


# ------------------------------------------------------------------ reader's language


def test_the_reader_gets_their_language_and_a_fallback_is_marked(project):
    kk = Words("kk", project)
    assert texts.label(kk, texts.shown(READY, "title", "kk")) == "Топырақ саулығы"
    ru = Words("ru", project)
    assert texts.label(ru, texts.shown(READY, "title", "ru")) == (
        "Soil Health (нет перевода; язык: английский)"
    )
    only_kazakh = {**READY, "title": None}
    assert texts.shown(only_kazakh, "title", "en") == texts.Shown("Топырақ саулығы", "kk", True)
    assert texts.label(Words("en", project), texts.shown({}, "title", "en")) == "–"


def test_a_report_shows_the_reader_language_and_marks_a_fallback(demo_dir, project):
    from pipelines.metrics.indicators import Filters
    from pipelines.reports import collect
    from pipelines.reports.text import ReportWords, entry_text

    with read_warehouse(demo_dir.warehouse) as con:
        data = collect(con, project, Viewer.coordinator("t"), Filters(period="P2"))
    by_code = {m.module_code: m for m in data.catalogue}
    lfr = by_code["AYU-LFR"]  # Kazakh and Russian title; English outcomes only
    assert entry_text(ReportWords(data, "kk"), lfr, "title") == (
        "Қалдық полигондарын рекультивациялау"
    )
    assert entry_text(ReportWords(data, "ru"), lfr, "learning_outcomes") == (
        f"{lfr.learning_outcomes} (нет перевода; язык: английский)"
    )
    assert entry_text(ReportWords(data, "uz"), lfr, "title") == (
        "Landfill Rehabilitation (tarjimasi yoʻq; tili: inglizcha)"
    )


# ------------------------------------------------------------------ readiness


def test_a_module_with_every_element_is_ready(project):
    assert readiness.gaps(READY, readiness.criteria(project), project) == []


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"learning_outcomes": None, "learning_outcomes_kk": None}, "learning_outcomes"),
        ({"ects": None}, "workload"),
        ({"eqf_level": None}, "level"),
        ({"assessment_type": " "}, "assessment"),
        ({"delivery_mode": None}, "participation"),
        ({"quality_assurance": None}, "quality_assurance"),
        ({"title": None, "title_kk": None}, "title"),
    ],
)
def test_removing_a_mandatory_element_makes_a_module_not_ready(project, change, key):
    found = readiness.gaps({**READY, **change}, readiness.criteria(project), project)
    assert key in [g.key for g in found]
    assert found[0].key == key


@pytest.mark.parametrize(
    ("change", "keys"),
    [
        ({"learning_outcomes_kk": None}, ["outcome_languages"]),
        ({"title_kk": None}, ["title_languages"]),
        ({"sdg_goals": []}, ["sdg"]),
        ({"isced_field": "9999"}, ["isced_field"]),
        ({"isced_field": "1234"}, ["isced_field"]),
        ({"isced_field": None}, ["isced_field"]),
        ({"ects": 12.0}, ["ects_range"]),
        ({"micro_credential": False}, ["micro_credential"]),
        ({"status": "in_development"}, ["status"]),
    ],
)
def test_the_consortium_criteria_each_have_their_key(project, change, keys):
    found = readiness.gaps({**READY, **change}, readiness.criteria(project), project)
    assert [g.key for g in found] == keys


def test_a_spreadsheet_number_for_an_isced_field_counts(project):
    assert (
        readiness.gaps({**READY, "isced_field": "521"}, readiness.criteria(project), project) == []
    )


def test_check_json_names_each_gap_in_the_reader_language(demo_dir):
    code, out, _ = cli(
        "catalogue", "check", "--json", "--lang", "ru", "--data-dir", str(demo_dir.root)
    )
    assert code == 0
    modules = {m["code"]: m for m in json.loads(out)["modules"]}
    assert modules["AYU-LFR"] == {
        "code": "AYU-LFR",
        "title": "Рекультивация полигонов твёрдых отходов",
        "lead_partner": "AYU",
        "ready": False,
        "missing": [
            {
                "key": "outcome_languages",
                "message": "Результаты обучения нужны минимум на языках: 2 "
                "(английский и язык ведущего партнёра).",
                "who": "AYU",
            }
        ],
    }
    assert sum(m["ready"] for m in modules.values()) == 10
    assert len(modules) == 23


def test_every_ready_sample_module_has_english_and_the_lead_language(demo_dir, project):
    local = {"KZ": "kk", "UZ": "uz"}
    with read_warehouse(demo_dir.warehouse) as con:
        rows = catalogue_modules(con, project, Viewer.coordinator("t"))
    rules = readiness.criteria(project)
    ready = [m for m in rows if not readiness.gaps(m, rules, project)]
    assert ready
    for m in ready:
        lead = local.get(project.partner(m["lead_partner_code"]).country, "ru")
        for field in ("title", "learning_outcomes"):
            assert {"en", lead} <= set(texts.texts(m, field)), (m["module_code"], field)


# ------------------------------------------------------------------ template and storage


def _modules_workbook(project, rows):
    return workbook_bytes("modules", project, rows)


def test_translations_round_trip_through_the_template(project):
    row = {
        "module_code": "SLM-777",
        "title": "Soil health monitoring",
        "title_ru": "Мониторинг здоровья почв",
        "title_kk": "Топырақ саулығын бақылау",
        "learning_outcomes_uz": "Tuproqni baholash",
        "isced_field": "0521",
        "entry_requirements": "A bachelor's degree",
        "lead_partner_code": "KAZNU",
        "work_package": "WP4",
        "sdg_goals": [15],
        "ects": 3.0,
        "eqf_level": 6,
        "language": ["en", "kk"],
        "delivery_mode": "blended",
        "status": "piloted",
        "micro_credential": True,
        "learning_outcomes": "Assess soil",
        "assessment_type": "Exam",
        "quality_assurance": "Internal",
    }
    data = _modules_workbook(project, [row])
    header = [c.value for c in openpyxl.load_workbook(io.BytesIO(data)).worksheets[0][1]]
    assert header[-8:] == [
        "title_ru",
        "title_kk",
        "title_uz",
        "learning_outcomes_ru",
        "learning_outcomes_kk",
        "learning_outcomes_uz",
        "isced_field",
        "entry_requirements",
    ]
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    raw = readers.read_submission(con, data, "modules.xlsx")
    result = validate.validate(con, raw, project, TODAY)
    assert result.problems == []
    got = con.execute(
        f"SELECT title_ru, title_kk, title_uz, learning_outcomes_uz, isced_field, "
        f"entry_requirements FROM {result.table}"
    ).fetchall()
    assert got == [
        (
            "Мониторинг здоровья почв",
            "Топырақ саулығын бақылау",
            None,
            "Tuproqni baholash",
            "0521",
            "A bachelor's degree",
        )
    ]


def test_modules_stored_before_the_translations_still_build(tmp_path, project):
    """Release 0.1's modules Parquet (no translation columns) beside a new submission."""
    root = copy_release_0_1(tmp_path / "data")
    assert cli("upgrade", "--data-dir", str(root))[0] == 0
    data_dir = DataDir(root)
    with read_warehouse(data_dir.warehouse) as con:
        old = catalogue_modules(con, project, Viewer.coordinator("t"))
    ayu = [m for m in old if m["lead_partner_code"] == "AYU"]
    assert ayu and all(m["title_kk"] is None for m in old)
    rows = []
    for m in ayu:
        rows.append(
            {
                **{c: m.get(c) for c in TEMPLATES["modules"].names},
                "title_kk": f"{m['module_code']} қазақша",
                "available_from": None,
            }
        )
    result = ingest(
        data_dir, project, [Source("modules_AYU.xlsx", data=_modules_workbook(project, rows))]
    )
    assert result.all_accepted, [(f.path, f.errors[:3]) for f in result.files]
    with read_warehouse(data_dir.warehouse) as con:
        new = catalogue_modules(con, project, Viewer.coordinator("t"))
    assert len(new) == len(old)
    assert {m["module_code"]: m["title_kk"] for m in new if m["title_kk"]} == {
        m["module_code"]: f"{m['module_code']} қазақша" for m in ayu
    }


# ------------------------------------------------------------------ pages


def _page(monkeypatch, demo_dir, page, viewer, lang="en"):
    from streamlit.testing.v1 import AppTest

    from pipelines.paths import REPO_ROOT

    monkeypatch.setenv("LESLIE_DATA_DIR", str(demo_dir.root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: viewer)
    at = AppTest.from_file(str(REPO_ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.switch_page(page)
    at.query_params["lang"] = lang
    at = at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_catalogue_page_reads_in_russian_and_filters_on_readiness(monkeypatch, demo_dir):
    coordinator = Viewer("coordinator", "coord", None, None)
    at = _page(monkeypatch, demo_dir, "pages/catalogue.py", coordinator, "ru")
    table = at.dataframe[0].value
    titles = dict(zip(table["Код"], table["Название"], strict=True))
    assert titles["AYU-LFR"] == "Рекультивация полигонов твёрдых отходов"
    assert titles["UNICAS-EIA"] == "Оценка воздействия на окружающую среду"
    outcomes = dict(zip(table["Код"], table["Результаты обучения"], strict=True))
    assert outcomes["AYU-LFR"].endswith("(нет перевода; язык: английский)")
    assert "Модулей, готовых к публикации: 10 (показано: 23)." in [c.value for c in at.caption]

    at.selectbox(key="cat_ready").select("not_ready").run()
    codes = set(at.dataframe[0].value["Код"])
    assert len(codes) == 13 and "AYU-LFR" in codes
    gaps = at.dataframe[1].value
    row = gaps[gaps["Модуль"].str.startswith("AYU-LFR")].iloc[0]
    assert row["Чего не хватает"] == (
        "Результаты обучения нужны минимум на языках: 2 (английский и язык ведущего партнёра)."
    )
    assert row["Кто должен добавить"] == (
        "Khoja Akhmet Yassawi International Kazakh-Turkish University"
    )
    at.selectbox(key="cat_ready").select("ready").run()
    assert len(at.dataframe[0].value) == 10


def test_a_partner_home_lists_its_modules_gaps(monkeypatch, demo_dir):
    ayu = Viewer("partner", "ayu", "AYU", None)
    at = _page(monkeypatch, demo_dir, "pages/home.py", ayu)
    assert "Your modules: what is missing before publishing" in [s.value for s in at.subheader]
    gaps = next(d.value for d in at.dataframe if "What is missing" in d.value.columns)
    assert list(gaps["Module"]) == ["AYU-LFR · Landfill Rehabilitation"]


def test_publish_holds_the_ready_modules_and_their_json_ld(demo_dir, project, tmp_path):
    from pipelines.publish.package import write_package

    write_package(demo_dir, project, tmp_path / "open")
    with (tmp_path / "open" / "catalogue.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    codes = [r["module_code"] for r in rows]
    assert len(codes) == 10 and "AYU-LFR" not in codes
    assert sorted(p.stem for p in (tmp_path / "open" / "catalogue").glob("*.jsonld")) == codes
    gis = next(r for r in rows if r["module_code"] == "UCY-GIS")
    assert (gis["title_language"], gis["country"], gis["isced_field"]) == ("en", "CY", "0532")


def test_the_public_catalogue_filters_in_russian(monkeypatch, demo_dir):
    public = Viewer("public", "public")
    assert public.can("see_public_catalogue")
    at = _page(monkeypatch, demo_dir, "pages/public_catalogue.py", public, "ru")
    assert [t.value for t in at.title] == ["Каталог микроквалификаций LESLIE"]
    table = at.dataframe[0].value
    assert len(table) == 10 and "AYU-LFR" not in set(table["Код"])
    assert "Рекультивация" not in " ".join(table["Название"])
    at.multiselect(key="pcat_country").select("UZ").run()
    table = at.dataframe[0].value
    assert set(table["Код"]) == {"FPI-HAZ", "IAU-ARAL"}
    assert set(table["Страна выдающей организации"]) == {"Узбекистан"}
    at.text_input(key="pcat_search").input("Арал").run()
    assert list(at.dataframe[0].value["Код"]) == ["IAU-ARAL"]
    at.text_input(key="pcat_search").input("").run()
    at.multiselect(key="pcat_sdg").select(15).run()
    assert list(at.dataframe[0].value["Код"]) == ["IAU-ARAL"]
