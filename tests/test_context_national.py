"""National figures in the warehouse: the build loads what was imported, and the SDGs page's
headline per country follows the ``[context]`` mapping (figures from the shipped extract)."""

from __future__ import annotations

from pathlib import Path

from pipelines.context.importer import import_source
from pipelines.context.national import national_series
from pipelines.warehouse.build import build, read_warehouse

QUIRKS = Path(__file__).parent / "fixtures" / "opensdg_quirks"


def test_build_loads_imported_figures(empty_dir, project):
    import_source(empty_dir, project, QUIRKS, country="IT")
    build(empty_dir, project)
    with read_warehouse(empty_dir.warehouse) as con:
        count = con.execute("SELECT count(*), count(DISTINCT indicator) FROM ctx_national")
        assert count.fetchall() == [(15, 7)]
        licence = con.execute("SELECT DISTINCT licence FROM ctx_national").fetchall()
    assert licence == [("not stated",)]


def test_demo_headlines_follow_the_mapping(demo_dir, project):
    with read_warehouse(demo_dir.warehouse) as con:
        national = national_series(con, project)
    ict = {s.country: s for s in national["4.4.1"]}
    # Kazakhstan reports 4.4.1 only by skill and age: the configured breakdown is shown
    assert ict["KZ"].breakdown == {"COMPOSITE_BREAKDOWN": "SKILL_ICTCMFL", "AGE": "Y_GE15"}
    assert ict["KZ"].latest == (2019, 2019, 26.8)
    assert ict["UZ"].breakdown == {"caption": "Copy or move a file or folder"}
    assert set(ict) == {"ES", "IT", "CY", "KZ", "UZ"}
    power = {s.country: s for s in national["7.1.1"]}
    assert power["UZ"].points[0] == (2008, 2008, 93.5)  # 2000-2007 zeros are missing data
    assert power["UZ"].latest == (2021, 2021, 100.0) and power["UZ"].unit_code == "%"
    assert power["KZ"].source == "kazstat-sdg-data" and power["KZ"].licence == "MIT"
    assert national["15.3.1"][0].unit_code == "TH_HA"


# ------------------------------------------------------------------------------ pages


def run_page(monkeypatch, root, page: str, viewer, params=None):
    from streamlit.testing.v1 import AppTest

    from pipelines.paths import REPO_ROOT

    monkeypatch.setenv("LESLIE_DATA_DIR", str(root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: viewer)
    at = AppTest.from_file(str(REPO_ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.switch_page(page)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def test_sdgs_page_in_russian_lists_sources_and_latest_values(monkeypatch, demo_dir, project):
    from pipelines.access.scope import Viewer

    at = run_page(
        monkeypatch, demo_dir.root, "pages/sdgs.py", Viewer.coordinator("t"), {"lang": "ru"}
    )
    assert not at.exception
    assert [t.value for t in at.title] == ["Цели устойчивого развития"]
    # on opening, no goal's national figures: each drawn when its reader shows them
    shown = {t.key: t.value for t in at.toggle if t.key.startswith("sdgs_national_")}
    assert shown == {f"sdgs_national_{g}": False for g in (4, 7, 11, 12, 13, 15)}
    assert at.toggle(key="sdgs_national_7").label == "Показать национальные данные"
    assert [d for d in at.dataframe if "Страна" in d.value.columns] == []
    at.toggle(key="sdgs_national_4").set_value(True)
    at.run()
    assert len([d for d in at.dataframe if "Страна" in d.value.columns]) == 1  # SDG 4: one
    for goal in (7, 11, 12, 13, 15):
        at.toggle(key=f"sdgs_national_{goal}").set_value(True)
    at.run()
    tables = [d.value for d in at.dataframe if "Страна" in d.value.columns]
    assert len(tables) == 8  # one per mapped national indicator, every goal shown
    ict = tables[0].set_index("Страна")
    assert ict.loc["Казахстан", "Последнее значение"] == "26,8\xa0%"
    assert ict.loc["Казахстан", "Год"] == "2019"
    assert ict.loc["Узбекистан", "Источник (лицензия)"] == "uzbekistan-nsdg-scrape (CC BY-SA 4.0)"
    assert dict(at.query_params).get("lang") == "ru"  # kept in the address


def test_public_page_shows_the_disclosed_figures(monkeypatch, demo_dir, project, tmp_path):
    import shutil

    from pipelines.access.scope import Viewer
    from pipelines.paths import BUNDLED_PROJECT
    from pipelines.publish.disclosure import TOTAL
    from pipelines.publish.figures import public_figures
    from pipelines.words.present import Words

    root = tmp_path / "data"
    shutil.copytree(demo_dir.root, root)
    text = BUNDLED_PROJECT.read_text(encoding="utf-8").replace(
        "public_view = false", "public_view = true"
    )
    (root / "project.toml").write_text(text, encoding="utf-8")
    at = run_page(monkeypatch, root, "pages/public.py", Viewer("public", "public"), {"lang": "kk"})
    assert not at.exception
    with read_warehouse(demo_dir.warehouse) as con:
        figures = public_figures(con, project)
    words = Words("kk", project)
    shown = {m.label: m.value for m in at.metric}
    # the page shows the indicators; a share's part published as a count ("ENR-4/count") is
    # in the open-data package only
    figures = [f for f in figures if "/" not in f.measure]
    for f in figures:
        if (f.sdg, f.country, f.period) == (TOTAL, TOTAL, TOTAL):
            unit = project.indicator(f.measure).unit
            expected = words.number(f.value, unit) if f.value is not None else "жасырылған"
            assert shown[words.indicator(f.measure)] == expected
    cell = {(f.measure, f.sdg, f.country, f.period): f.value for f in figures}
    at.session_state["public_period"] = "P1"  # a whole reporting period, with small cells
    at.run()
    tables = {d.value.columns[0]: d.value for d in at.dataframe}
    shown_cells = 0
    withheld = 0
    for column, by in (("ТДМ", "sdg"), ("Ел", "country")):
        table = tables[column]
        levels = (
            [str(g) for g in project.sdg_goals]
            if by == "sdg"
            else [c.iso2 for c in project.countries]
        )
        for row, level in zip(table.to_dict("records"), [*levels, TOTAL], strict=True):
            for f_measure in {f.measure for f in figures}:
                key = (
                    (f_measure, level, TOTAL, "P1")
                    if by == "sdg"
                    else (f_measure, TOTAL, level, "P1")
                )
                value = cell[key]
                unit = project.indicator(f_measure).unit
                expected = "жасырылған" if value is None else words.number(value, unit)
                assert row[words.indicator(f_measure)] == expected, key
                shown_cells += 1
                withheld += value is None
    assert shown_cells == 7 * 6 + 6 * 6  # (6 SDGs + total) x 6 measures, (5 countries + total) x 6
    assert withheld  # the sample has small cells: the page shows them withheld


def test_public_page_asks_to_sign_in_when_switched_off(monkeypatch, demo_dir):
    at = run_page(monkeypatch, demo_dir.root, "pages/public.py", None)
    assert not at.exception
    assert [t.value for t in at.title] == ["Sign in"]
    assert not at.metric


def test_sdgs_page_withholds_small_counts_for_the_public(monkeypatch, demo_dir, project, tmp_path):
    import shutil

    from pipelines.access.scope import Viewer
    from pipelines.config import load_project
    from pipelines.metrics.indicators import Filters, compute
    from pipelines.paths import BUNDLED_PROJECT

    root = tmp_path / "data"
    shutil.copytree(demo_dir.root, root)
    text = BUNDLED_PROJECT.read_text(encoding="utf-8")
    (root / "project.toml").write_text(
        text.replace("public_view = false", "public_view = true"), encoding="utf-8"
    )
    public = Viewer("public", "public")
    at = run_page(monkeypatch, root, "pages/sdgs.py", public)
    assert not at.exception
    with read_warehouse(demo_dir.warehouse) as con:
        values = compute(con, load_project(root / "project.toml"), public, Filters(), by="sdg")
    small = [v for v in values if v.suppressed and v.code == "MOD-1"]
    assert small  # some SDG has fewer than 5 modules
    shown = [m.value for m in at.metric if m.label == "Modules developed"]
    assert shown.count("withheld") == len(small)
    assert "0" not in shown
