"""The presentation layer and the catalogue: one way to write every value, per language."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.errors import AccessDenied
from pipelines.words import catalogue
from pipelines.words.present import Words


@pytest.fixture(scope="module")
def en(project) -> Words:
    return Words("en", project)


@pytest.mark.parametrize(
    ("lang", "value", "unit", "shown"),
    [
        ("en", 2031, "learners", "2,031"),
        ("en", 598.9, "learners", "599"),  # counts are whole numbers, halves up
        ("en", 1166.5, "learners", "1,167"),
        ("en", 48.25, "%", "48.3\u00a0%"),
        ("en", 2031.5, "ECTS", "2,031.5"),
        ("en", 3000.0, "ECTS", "3,000"),
        ("ru", 2031.5, "ECTS", "2\u00a0031,5"),
        ("ru", 48.25, "%", "48,3\u00a0%"),
        ("en", None, "learners", "–"),
    ],
)
def test_numbers_read_as_people_write_them(project, lang, value, unit, shown) -> None:
    assert Words(lang, project).number(value, unit) == shown


def test_dates_in_each_language(project) -> None:
    day = dt.date(2026, 11, 30)
    assert Words("en", project).date(day) == "30 November 2026"
    assert Words("ru", project).date(day).startswith("30 ноября 2026")
    assert Words("en", project).date("2025-06-30") == "30 June 2025"


def test_codes_become_words(en) -> None:
    assert en.vocab("activity_type", "multiplier_event") == "Multiplier event"
    assert en.vocab("gender", "F") == "Women"
    assert en.partner("kaznu", with_code=True) == "KazNU (KAZNU)"
    assert en.country("UZ") == "Uzbekistan"
    assert Words("ru").country("KZ") == "Казахстан"
    assert en.status("on_track") == "➜ On track"
    assert en.status(None) == "No target"
    assert en.sdg(15) == "SDG 15 Life on Land"
    assert en.period("P1") == "Reporting period 1"
    assert en.period(None) == "Whole project"


def test_languages_are_recognised_from_browser_and_url_forms() -> None:
    assert catalogue.normalise_lang("ru-RU") == "ru"
    assert catalogue.normalise_lang("uz_Latn_UZ") == "uz"
    assert catalogue.normalise_lang("KK") == "kk"
    assert catalogue.normalise_lang("de") is None
    assert catalogue.normalise_lang(None) is None


def test_russian_plural_has_three_forms() -> None:
    cat = catalogue.catalogue("ru")
    assert cat.plural_count == 3
    assert [cat.plural_index(n) for n in (1, 2, 5, 11, 21, 22, 25)] == [0, 1, 2, 2, 0, 1, 2]


def test_pseudo_language_marks_every_catalogue_text() -> None:
    assert catalogue.text("status.none", "qps") == "⟦No target⟧"


def test_errors_carry_a_key_and_render_per_language() -> None:
    error = AccessDenied(key="access.denied", action="approve")
    assert error.key == "access.denied"
    assert str(error) == catalogue.text("access.denied", "en")
    assert error.render("qps").startswith("⟦")


def test_an_unknown_key_shows_itself_not_a_crash() -> None:
    assert catalogue.text("no.such.key") == "no.such.key"
