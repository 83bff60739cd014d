"""Checks a translated message must pass, shared by the catalogue tests and the import of
corrections from a spreadsheet (``python -m pipelines words import``).

- Kazakh and Uzbek never glue a case suffix to a placeholder («{low}-ден» prints «4-ден» where
  Kazakh needs «4-тен»): a suffix cannot follow the vowel harmony of a number it does not see.
  Ordinal numbers with a hyphen and a noun («{row}-жол», «{row}-qator») are fine.
- Russian never writes a declined noun right after a bare count («502 символов»): it says
  «символов: {count}», or the message has plural forms.
- Russian, Kazakh and Uzbek quote with «…».
"""

from __future__ import annotations

import re

from pipelines.words.catalogue import Message, placeholders

# case, possessive and ordinal endings that must not follow a placeholder
SUFFIXES = {
    "kk": (
        "дан|ден|тан|тен|нан|нен|ға|ге|қа|ке|на|не|ны|ні|ды|ді|ты|ті|да|де|та|те|дағы|дегі|"
        "тағы|тегі|ның|нің|дың|дің|тың|тің|ы|і|сы|сі|шы|ші|ыншы|інші|ншы|нші|ға дейін|ге дейін"
    ),
    "uz": "da|dan|ga|ka|qa|ni|ning|dagi|gacha|i|si|chi|inchi|nchi|lar|larda|lardan",
}
PLACEHOLDER_THEN_SUFFIX = {
    lang: re.compile(rf"\}}(?:[^\W\d_]|-(?:{ends})(?![^\W\d_])| (?:{ends})(?![^\W\d_]))")
    for lang, ends in SUFFIXES.items()
}
# placeholders that hold a count
COUNTS = (
    "count|n|total|rows|columns|minimum|maximum|files|series|dropped|published|suppressed|"
    "minutes|attempts|lockout|session|limit|length|seconds|days|partners|modules|activities|"
    "micro|counted|sent|run|passed|base|good|shown|size"
)
# words Russian may write after a bare count: prepositions and abbreviations that do not decline
RUSSIAN_AFTER_COUNT = frozenset(
    {"из", "в", "во", "с", "и", "или", "по", "мин", "ч", "дн", "чел", "МБ", "КБ"}
)
RUSSIAN_COUNT = re.compile(rf"\{{(?:{COUNTS})\}}\s+([а-яёА-ЯЁ]+)")
CURLY_QUOTES = re.compile(r"[“”„]")


def glued_suffix(text: str, lang: str) -> bool:
    pattern = PLACEHOLDER_THEN_SUFFIX.get(lang)
    return bool(pattern and pattern.search(text))


def declined_after_count(text: str) -> list[str]:
    """The Russian words written right after a bare count that decline with it."""
    return [w for w in RUSSIAN_COUNT.findall(text) if w not in RUSSIAN_AFTER_COUNT]


def problem(lang: str, english: tuple[str, ...], forms: tuple[str, ...]) -> Message | None:
    """The first reason the translated ``forms`` of a message cannot be used, or None.
    ``english`` holds the English forms (two for a plural message)."""
    wanted = frozenset().union(*(placeholders(f) for f in english))
    for form in forms:
        if not form.strip():
            return Message("sheets.problem.empty")
        try:
            found = placeholders(form)
        except ValueError:  # an unpaired brace
            return Message("sheets.problem.braces")
        if found - wanted or (len(english) == 1 and found != wanted):
            return Message(
                "sheets.problem.placeholders",
                {"found": _names(found), "wanted": _names(wanted)},
            )
        if glued_suffix(form, lang):
            return Message("sheets.problem.suffix")
        if lang != "en" and CURLY_QUOTES.search(form):
            return Message("sheets.problem.quotes")
        if lang == "ru" and len(english) == 1 and declined_after_count(form):
            return Message("sheets.problem.count", {"word": declined_after_count(form)[0]})
    return None


def _names(names: frozenset[str]) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names)) or "—"
