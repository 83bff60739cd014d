"""Reports in English (the default, for the EU agency), Russian, Kazakh and Uzbek: every
report text in the ``reports`` catalogue, translated, with the same placeholders."""

from __future__ import annotations

import subprocess
import sys

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from pipelines.words.catalogue import LANGUAGES, MESSAGES_DIR, placeholders

CLI = [sys.executable, "-m", "pipelines", "report"]


def _messages(lang: str) -> dict[str, str]:
    with (MESSAGES_DIR / lang / "reports.po").open("rb") as fh:
        # a plural message by its key, its forms joined
        return {
            (m.id[0] if isinstance(m.id, tuple) else m.id): (
                " | ".join(m.string) if isinstance(m.string, tuple) else m.string
            )
            for m in read_po(fh)
            if m.id
        }


def test_every_key_in_every_language_with_the_same_placeholders():
    english = _messages("en")
    assert english and all(k.startswith("reports.") for k in english)
    for lang in LANGUAGES:
        own = _messages(lang)
        assert set(own) == set(english), lang
        for key, text in own.items():
            assert text.strip(), (lang, key)
            assert placeholders(text) == placeholders(english[key]), (lang, key)


def test_translations_are_translations():
    english = _messages("en")
    for lang in ("ru", "kk", "uz"):
        own = _messages(lang)
        same = [k for k in english if own[k] == english[k] and any(c.isalpha() for c in own[k])]
        assert len(same) <= 6, (lang, same)  # codes like "EQF {level}" stay as they are
    assert "ʻ" in "".join(_messages("uz").values())  # oʻ gʻ with U+02BB
    assert set("әғқңөұүі") <= set("".join(_messages("kk").values()))


@pytest.fixture(scope="module")
def russian_pdf(tiny_dir, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("lang") / "P1_ru.pdf"
    args = ["--period", "P1", "--format", "pdf", "--lang", "ru", "--out", str(out)]
    subprocess.run([*CLI, *args, "--data-dir", str(tiny_dir.root)], check=True)
    return "\n".join(p.extract_text() for p in PdfReader(out).pages)


def test_russian_pdf_from_the_command_line(russian_pdf):
    flat = " ".join(russian_pdf.split())
    for words in (
        "При софинансировании",  # never: the funding statement stays as configured
    ):
        assert words not in flat
    for words in (
        "Периодический технический отчёт (промежуточный), P1",
        "1. Итоги периода",
        "2. Ход работ по пакетам",
        "3.1 Индикаторы в сравнении с целевыми значениями",
        "Прогресс оценён на",
        "30 июня 2025",
        "Казахстан",
        "Страница 1 из",
        "Co-funded by the European Union",
        "Женщины",  # the learners table's gender column
        "Отставание",  # a status label
    ):
        assert words in flat, words
    for english in ("Summary of the period", "Progress per work package", "Page 1 of"):
        assert english not in flat, english


@pytest.mark.parametrize(
    ("lang", "words"),
    [("kk", ["1. Кезең қорытындысы", "Қазақстан"]), ("uz", ["1. Davr xulosasi", "Ish paketi"])],
)
def test_kazakh_and_uzbek_word_reports(tiny_dir, project, lang, words):
    import io

    import docx

    from pipelines.access.scope import Viewer
    from pipelines.metrics.indicators import Filters
    from pipelines.reports import collect, render
    from pipelines.warehouse.build import read_warehouse

    with read_warehouse(tiny_dir.warehouse) as con:
        data = collect(con, project, Viewer.coordinator("t"), Filters(period="P1"))
    document = docx.Document(io.BytesIO(render(data, "docx", lang)))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for row in t.rows for c in row.cells
    )
    for w in words:
        assert w in text, (lang, w)
