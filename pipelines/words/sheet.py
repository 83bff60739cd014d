"""The catalogues as a spreadsheet, so that a native speaker corrects the texts of a language
without a developer: ``export`` writes one row per text (key, plural form, English, current
text, comment), ``import`` reads the corrected file back, checks every changed text as the
catalogue tests do (placeholders, plural forms, suffixes after placeholders, quotes, Russian
counts) and writes the changes into the ``.po`` files entry by entry, or nothing at all.

Choice: all or nothing. A file with one bad row writes no row, so the catalogue never holds
half a correction and the speaker fixes the named rows and imports the same file again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from pipelines.errors import UsageError
from pipelines.words.catalogue import MESSAGES_DIR, SOURCE, Message, catalogue
from pipelines.words.checks import problem

LANGUAGES = ("ru", "kk", "uz")  # the languages a speaker corrects; English is the source
HEADER = ("key", "form", "english", "text", "comment")


@dataclass(frozen=True)
class Row:
    key: str
    form: int  # 0 for a plain message; the plural form's index otherwise
    english: str
    text: str
    comment: str = ""


@dataclass(frozen=True)
class Rejected:
    row: int  # the spreadsheet's row number, header = 1
    key: str
    reason: Message


@dataclass(frozen=True)
class Outcome:
    changed: dict[str, tuple[str, ...]]  # key -> its new forms
    rejected: list[Rejected]


def _entries(lang: str) -> Iterable[tuple[str, tuple[str, ...], str]]:
    """(key, forms, translator comment) of every domain file of ``lang``, in file order."""
    for path in sorted((MESSAGES_DIR / lang).glob("*.po")):
        with path.open("rb") as handle:
            for entry in read_po(handle):
                if not entry.id:
                    continue
                key = entry.id[0] if isinstance(entry.id, tuple) else entry.id
                forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
                yield key, tuple(forms), " ".join(entry.user_comments)


def _language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise UsageError(key="sheets.error.language", lang=lang, languages=", ".join(LANGUAGES))
    return lang


def rows(lang: str) -> list[Row]:
    """One row per text of ``lang``: a plural message gives one row per form of the language."""
    english = {key: forms for key, forms, _ in _entries(SOURCE)}
    out = []
    for key, forms, comment in _entries(_language(lang)):
        source = english.get(key)
        if source is None:
            continue
        for index, form in enumerate(forms):
            out.append(Row(key, index, source[min(index, len(source) - 1)], form, comment))
    return out


def write_xlsx(lang: str, path: Path) -> int:
    import xlsxwriter

    found = rows(lang)
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet(lang)
    bold, wrapped = (
        book.add_format({"bold": True}),
        book.add_format({"text_wrap": True, "valign": "top"}),
    )
    for column, width in enumerate((38, 6, 60, 60, 30)):
        sheet.set_column(column, column, width, wrapped if column in (2, 3) else None)
    sheet.write_row(0, 0, HEADER, bold)
    for number, row in enumerate(found, start=1):
        # every text is written as text: a text starting with "=" is never computed
        sheet.write_string(number, 0, row.key)
        sheet.write_number(number, 1, row.form)
        for column, value in enumerate((row.english, row.text, row.comment), start=2):
            sheet.write_string(number, column, value)
    sheet.freeze_panes(1, 0)
    book.close()
    return len(found)


MAX_SHEET_BYTES = 20 * 1024 * 1024  # a language's texts fill well under a megabyte


def read_xlsx(path: Path) -> list[tuple[int, Row]]:
    from python_calamine import CalamineWorkbook

    try:
        if path.stat().st_size > MAX_SHEET_BYTES:
            raise ValueError(f"larger than {MAX_SHEET_BYTES // 1024 // 1024} MB")
        book = CalamineWorkbook.from_path(str(path))
        lines = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # missing, not a workbook, damaged: calamine has its own types
        raise UsageError(key="sheets.error.unreadable", path=str(path), reason=str(exc)) from exc
    header = tuple(str(c or "").strip().lower() for c in (lines[0] if lines else ())[:4])
    if header != HEADER[:4]:
        raise UsageError(key="sheets.error.header", path=str(path), header=", ".join(HEADER))
    out = []
    for number, line in enumerate(lines[1:], start=2):
        cells = [_cell(c) for c in (*line, "", "", "", "", "")[:5]]
        if not cells[0].strip():
            continue
        form = int(cells[1].strip() or 0) if re.fullmatch(r"\d*", cells[1].strip()) else -1
        out.append((number, Row(cells[0].strip(), form, cells[2], cells[3], cells[4])))
    return out


def _cell(value: object) -> str:
    """calamine gives numbers as floats: the form 1 reads '1', not '1.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def corrections(lang: str, found: list[tuple[int, Row]]) -> Outcome:
    """The texts that differ from the catalogue, each checked; the rows that cannot be used."""
    _language(lang)
    english = {key: forms for key, forms, _ in _entries(SOURCE)}
    current = {key: forms for key, forms, _ in _entries(lang)}
    plural_count = catalogue(lang).plural_count
    changed: dict[str, list[str]] = {}
    first_row: dict[str, int] = {}
    rejected = []
    for number, row in found:
        if row.key not in english or row.key not in current:
            rejected.append(Rejected(number, row.key, Message("sheets.problem.unknown_key")))
            continue
        size = len(current[row.key])
        if not 0 <= row.form < size or (size > 1 and size != plural_count):
            rejected.append(Rejected(number, row.key, Message("sheets.problem.form")))
            continue
        if row.text == current[row.key][row.form]:
            continue
        changed.setdefault(row.key, list(current[row.key]))[row.form] = row.text
        first_row.setdefault(row.key, number)
    for key, forms in changed.items():
        reason = problem(lang, english[key], tuple(forms))
        if reason:
            rejected.append(Rejected(first_row[key], key, reason))
    bad = {r.key for r in rejected}
    return Outcome(
        {k: tuple(f) for k, f in changed.items() if k not in bad},
        sorted(rejected, key=lambda r: r.row),
    )


def apply(lang: str, changed: dict[str, tuple[str, ...]]) -> None:
    """Write each changed message into its ``.po`` file, entry by entry: the rest of the file,
    its order and its comments stay as they are."""
    for path in sorted((MESSAGES_DIR / _language(lang)).glob("*.po")):
        source = path.read_text(encoding="utf-8")
        edited = _edit(source, changed)
        if edited != source:
            path.write_text(edited, encoding="utf-8")
    catalogue.cache_clear()


def _quote(text: str) -> str:
    for raw, written in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\t", "\\t")):
        text = text.replace(raw, written)
    return f'"{text}"'


def _edit(source: str, changed: dict[str, tuple[str, ...]]) -> str:
    lines = source.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        match = re.fullmatch(r'msgid "(.*)"', line)
        key = match.group(1).replace('\\"', '"').replace("\\\\", "\\") if match else None
        if key is None or key not in changed:
            out.append(line)
            index += 1
            continue
        out.append(line)
        index += 1
        while index < len(lines) and lines[index].startswith(("msgid_plural ", '"')):
            out.append(lines[index])
            index += 1
        while index < len(lines) and lines[index].startswith(("msgstr", '"')):
            index += 1  # the old text, however it was wrapped
        forms = changed[key]
        if len(forms) == 1 and not out[-1].startswith("msgid_plural "):
            out.append(f"msgstr {_quote(forms[0])}")
        else:
            out.extend(f"msgstr[{i}] {_quote(form)}" for i, form in enumerate(forms))
    return "\n".join(out)
