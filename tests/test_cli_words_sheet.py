"""``words export`` / ``words import``: a native speaker corrects a language's texts in a
spreadsheet; the import checks every changed text as the catalogue tests do and writes the
changes entry by entry into the .po files, or nothing at all. The catalogue folder is a copy
in a temporary directory, real files throughout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook

from pipelines.cli import main
from pipelines.words import catalogue, sheet


@pytest.fixture
def messages(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "messages"
    shutil.copytree(catalogue.MESSAGES_DIR, folder)
    monkeypatch.setattr(sheet, "MESSAGES_DIR", folder)
    monkeypatch.setenv("LESLIE_LANG", "en")
    return folder


def export(tmp_path: Path, lang: str) -> Path:
    out = tmp_path / f"{lang}.xlsx"
    assert main(["words", "export", lang, "--out", str(out)]) == 0
    return out


def correct(path: Path, key: str, text: str, form: int = 0) -> int:
    """Write ``text`` into the text column of the row of ``key`` (and form); its row number."""
    book = load_workbook(path)
    rows = book.active
    for row in rows.iter_rows(min_row=2):
        if row[0].value == key and int(row[1].value) == form:
            row[3].value = text
            book.save(path)
            return row[0].row
    raise AssertionError(key)


def texts(folder: Path, lang: str, domain: str) -> dict[str, object]:
    with (folder / lang / f"{domain}.po").open("rb") as handle:
        return {(e.id[0] if isinstance(e.id, tuple) else e.id): e.string for e in read_po(handle)}


def test_the_export_holds_every_text_with_its_english(messages, tmp_path) -> None:
    rows = list(load_workbook(export(tmp_path, "ru")).active.iter_rows(values_only=True))
    assert rows[0] == ("key", "form", "english", "text", "comment")
    by_key = {(r[0], r[1]): r for r in rows[1:]}
    assert by_key[("reports.cover.project", 0)][2:4] == ("Project", "Проект")
    plural = [by_key[("pages_a.upload.rejected", form)][3] for form in (0, 1, 2)]
    assert [p.split(":")[1].split("(")[0].strip() for p in plural] == [
        "{n} ошибка",
        "{n} ошибки",
        "{n} ошибок",
    ]


def test_an_unchanged_file_writes_nothing(messages, tmp_path, capsys) -> None:
    before = {p: p.read_bytes() for p in (messages / "kk").glob("*.po")}
    assert main(["words", "import", "kk", str(export(tmp_path, "kk"))]) == 0
    assert "No text differs from the catalogue" in capsys.readouterr().out
    assert before == {p: p.read_bytes() for p in (messages / "kk").glob("*.po")}


def test_a_correction_is_written_into_its_entry_only(messages, tmp_path, capsys) -> None:
    path = export(tmp_path, "kk")
    correct(path, "editing.reminder.never", "Әзірге ешқандай дерек тапсырылмаған.")
    before = (messages / "kk" / "editing.po").read_text(encoding="utf-8").splitlines()
    assert main(["words", "import", "kk", str(path)]) == 0
    assert "1 corrected message written into the kk catalogue." in capsys.readouterr().out
    after = (messages / "kk" / "editing.po").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        (
            'msgstr "Әзірге ештеңе тапсырылмаған."',
            'msgstr "Әзірге ешқандай дерек тапсырылмаған."',
        )
    ]
    assert texts(messages, "kk", "editing")["editing.reminder.never"] == (
        "Әзірге ешқандай дерек тапсырылмаған."
    )


def test_a_plural_form_is_corrected_in_place(messages, tmp_path) -> None:
    path = export(tmp_path, "ru")
    new = "{file} не принят: {n} ошибки (список ниже). Файл не сохранён. Исправьте их."
    correct(path, "pages_a.upload.rejected", new, form=1)
    assert main(["words", "import", "ru", str(path)]) == 0
    forms = texts(messages, "ru", "upload_review")["pages_a.upload.rejected"]
    assert (
        len(forms) == 3 and forms[1] == new and forms[2].startswith("{file} не принят: {n} ошибок")
    )


@pytest.mark.parametrize(
    ("lang", "key", "text", "reason"),
    [
        ("kk", "intake.range.above", "{low}-ден көп", "an ending is glued to a placeholder"),
        ("uz", "intake.range.above", "{low}dan katta", "an ending is glued to a placeholder"),
        ("kk", "reports.cover.programme_value", "{programme}, конкурс", "the placeholders are"),
        (
            "uz",
            "reports.page.scope",
            "“Kimning” maʼlumotlari",
            "quote with «…», not with the English curly quotes",
        ),
        ("ru", "intake.doc.at_most_characters", "Не более {limit} символов.", "«символов»"),
        ("kk", "reports.cover.project", "", "the text is empty"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(
    messages, tmp_path, capsys, lang, key, text, reason
) -> None:
    path = export(tmp_path, lang)
    correct(path, "editing.reminder.never", "Hozircha hech qanday maʼlumot topshirilmagan.")
    row = correct(path, key, text)
    before = {p: p.read_bytes() for p in (messages / lang).glob("*.po")}
    assert main(["words", "import", lang, str(path)]) == 1
    out = capsys.readouterr().out
    assert f"Row {row} ({key}): " in out and reason in out
    assert "1 row cannot be used, so nothing was written." in out
    assert before == {p: p.read_bytes() for p in (messages / lang).glob("*.po")}


def test_a_dry_run_checks_and_writes_nothing(messages, tmp_path, capsys) -> None:
    path = export(tmp_path, "uz")
    correct(path, "editing.reminder.never", "Hozircha hech qanday maʼlumot topshirilmagan.")
    before = {p: p.read_bytes() for p in (messages / "uz").glob("*.po")}
    assert main(["words", "import", "uz", str(path), "--dry-run"]) == 0
    assert "1 corrected message passes the checks" in capsys.readouterr().out
    assert before == {p: p.read_bytes() for p in (messages / "uz").glob("*.po")}


def test_a_file_that_is_not_an_export_is_refused(messages, tmp_path, capsys) -> None:
    other = tmp_path / "other.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["name", "value"])
    book.save(other)
    assert main(["words", "import", "kk", str(other)]) == 2
    assert "does not start with the header row of an exported file" in capsys.readouterr().err
