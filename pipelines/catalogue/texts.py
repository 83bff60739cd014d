"""A module's free text in several languages, and the one a reader gets.

English is in the contract's ``title`` / ``learning_outcomes`` columns; every other reading
language in ``<field>_<lang>`` (``title_ru``). A reader gets their language when it is there,
else English, else the first other language given: a *fallback*, which every page, report and
export marks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pipelines.intake.contract import TEXT_LANGUAGES, TRANSLATED_FIELDS

SOURCE = "en"
ORDER = (SOURCE, *TEXT_LANGUAGES)


@dataclass(frozen=True)
class Shown:
    """The text a reader gets, its language, and whether it is not the reader's."""

    text: str | None
    lang: str | None
    fallback: bool


def column(field: str, lang: str) -> str:
    """The contract column holding ``field`` in ``lang`` ('title', 'ru' -> 'title_ru')."""
    return field if lang == SOURCE else f"{field}_{lang}"


def texts(row: Mapping[str, object], field: str) -> dict[str, str]:
    """{language: text} of one field of a module row, empty cells left out."""
    if field not in TRANSLATED_FIELDS:
        raise KeyError(field)
    found = {}
    for lang in ORDER:
        value = row.get(column(field, lang))
        if isinstance(value, str) and value.strip():
            found[lang] = value.strip()
    return found


def pick(found: Mapping[str, str], lang: str) -> Shown:
    """The reader's language, else English, else the first language given."""
    if lang in found:
        return Shown(found[lang], lang, False)
    for other in (*ORDER, *sorted(found)):
        if other in found:
            return Shown(found[other], other, True)
    return Shown(None, None, False)


def shown(row: Mapping[str, object], field: str, lang: str) -> Shown:
    return pick(texts(row, field), lang)


def label(words, value: Shown) -> str:
    """The text as read, a fallback marked with the language it is in; a dash when none."""
    if value.text is None:
        return words.missing
    if not value.fallback:
        return value.text
    return words.t("microcred.fallback", text=value.text, language=words.language(value.lang))
