"""The catalogue pages in every language the product has: the coordinator's catalogue, the
public catalogue and a partner's home with its modules' gaps. Headings, column names, module
titles (the reader's language, or a marked fallback) and the gap messages are the reader's."""

from __future__ import annotations

import pytest

from pipelines.access.scope import Viewer
from pipelines.catalogue import readiness, source
from pipelines.warehouse.build import read_warehouse
from pipelines.words.present import Words
from tests.test_micro_catalogue import _page

LANGS = ("en", "ru", "kk", "uz")
# one module title per language, as the sample's partners wrote it
TITLES = {
    "en": ("UCY-GIS", "GIS and Remote Sensing for Land Management"),
    "ru": ("UNICAS-EIA", "Оценка воздействия на окружающую среду"),
    "kk": ("AYU-UGI", "Қалалық жасыл инфрақұрылым"),
    "uz": ("FPI-HAZ", "Sanoat va xavfli chiqindilar"),
}
# a module without a title in the language: the English one, marked as a fallback
FALLBACK = {"kk": "UCY-GIS", "uz": "UPV-SLM"}
ENGLISH = {
    "UCY-GIS": "GIS and Remote Sensing for Land Management",
    "UPV-SLM": "Fundamentals of Sustainable Land Management",
}


def titles_by_code(table, words: Words) -> dict[str, str]:
    code, title = words.t("pages_b.col.module_code"), words.t("pages_b.col.title")
    return dict(zip(table[code], table[title], strict=True))


def check_titles(titles: dict[str, str], words: Words, lang: str) -> None:
    code, expected = TITLES[lang]
    assert titles[code] == expected
    if lang in FALLBACK:
        other = FALLBACK[lang]
        marked = words.t("microcred.fallback", text=ENGLISH[other], language=words.language("en"))
        assert titles[other] == marked
        assert marked != ENGLISH[other]


@pytest.mark.parametrize("lang", LANGS)
def test_the_catalogue_page_reads_in_every_language(monkeypatch, demo_dir, project, lang):
    words = Words(lang, project)
    coordinator = Viewer("coordinator", "coord", None, None)
    at = _page(monkeypatch, demo_dir, "pages/catalogue.py", coordinator, lang)
    assert [t.value for t in at.title] == [words.t("pages_b.catalogue.title")]
    table = at.dataframe[0].value
    assert len(table) == 23
    assert words.t("microcred.col.ready") in table.columns
    check_titles(titles_by_code(table, words), words, lang)
    captions = [c.value for c in at.caption]
    assert words.t("microcred.summary", ready=10, total=23) in captions
    gaps = at.dataframe[1].value
    assert list(gaps.columns) == [
        words.t("microcred.col.module"),
        words.t("microcred.col.missing"),
        words.t("microcred.col.who"),
    ]
    assert len(gaps) == 13
    assert {m.proto.placeholder for m in at.multiselect} == {words.t("catalogue_filters.choose")}


@pytest.mark.parametrize("lang", LANGS)
def test_the_public_catalogue_reads_in_every_language(monkeypatch, demo_dir, project, lang):
    words = Words(lang, project)
    at = _page(monkeypatch, demo_dir, "pages/public_catalogue.py", Viewer("public", "p"), lang)
    assert [t.value for t in at.title] == [
        words.t("microcred.public.title", project=project.acronym)
    ]
    table = at.dataframe[0].value
    assert len(table) == 10 and "AYU-LFR" not in set(table[words.t("pages_b.col.module_code")])
    check_titles(titles_by_code(table, words), words, lang)
    # the count says what a public reader sees: no enrolments on this page
    assert words.n("catalogue_filters.public_count", 10) in [c.value for c in at.caption]
    labels = {m.label for m in at.multiselect}
    assert words.t("microcred.public.sdg") in labels
    assert words.t("pages_b.col.eqf_level") in labels
    # an empty filter invites a choice in the reader's language, not Streamlit's English
    assert {m.proto.placeholder for m in at.multiselect} == {words.t("catalogue_filters.choose")}


@pytest.fixture(scope="module")
def ayu_gaps(demo_dir, project):
    """What ``catalogue check`` finds missing in the modules of AYU, per language."""
    with read_warehouse(demo_dir.warehouse) as con:
        modules = source.modules(con, project, Viewer.coordinator("test"))
    ayu = [m for m in modules if m["lead_partner_code"] == "AYU"]
    found = {}
    for lang in LANGS:
        checked = readiness.check(ayu, project, Words(lang, project))
        found[lang] = {
            m["code"]: " ".join(g["message"] for g in m["missing"])
            for m in checked
            if not m["ready"]
        }
    return found


# AYU-LFR's title in each language (no Uzbek one: the English one, marked)
LFR = {
    "en": "Landfill Rehabilitation",
    "ru": "Рекультивация полигонов твёрдых отходов",
    "kk": "Қалдық полигондарын рекультивациялау",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_partner_home_lists_its_modules_gaps_in_every_language(
    monkeypatch, demo_dir, project, ayu_gaps, lang
):
    words = Words(lang, project)
    at = _page(monkeypatch, demo_dir, "pages/home.py", Viewer("partner", "ayu", "AYU", None), lang)
    assert words.t("microcred.home.title") in [s.value for s in at.subheader]
    missing = words.t("microcred.col.missing")
    gaps = next(d.value for d in at.dataframe if missing in d.value.columns)
    title = LFR.get(lang) or words.t(
        "microcred.fallback", text=LFR["en"], language=words.language("en")
    )
    assert list(gaps[words.t("microcred.col.module")]) == [f"AYU-LFR · {title}"]
    assert list(gaps[missing]) == [ayu_gaps[lang]["AYU-LFR"]]
    assert list(gaps[words.t("microcred.col.who")]) == [words.partner_full("AYU")]
    if lang != "en":
        assert ayu_gaps[lang]["AYU-LFR"] != ayu_gaps["en"]["AYU-LFR"]
