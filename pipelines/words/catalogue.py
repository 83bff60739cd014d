"""The message catalogue: every text a person reads, by key, in each language.

Messages live in gettext ``.po`` files read with Babel at start, one folder per language and
one file per domain (``messages/<lang>/<domain>.po``), so packages that add messages do not
edit each other's files. The msgid is a stable key (``intake.required``); English is the source
language and every other language falls back to it key by key. Parameters are named
(``{column}``) and numbers among them are formatted for the language.

``qps`` is a pseudo-language for tests: the English text wrapped in ``⟦ ⟧``, so a test can see
any visible text that did not come from here.
"""

from __future__ import annotations

import gettext
import os
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

MESSAGES_DIR = Path(__file__).resolve().parent / "messages"
LANGUAGES = ("en", "ru", "kk", "uz")
SOURCE = "en"
PSEUDO = "qps"
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"
LANGUAGE_ENV = "LESLIE_LANG"

Forms = tuple[str, ...]  # one form for a plain message, the language's plural forms otherwise


@dataclass(frozen=True)
class Catalogue:
    """The messages of one language, as read from its ``.po`` files."""

    lang: str
    messages: dict[str, Forms]
    plural_index: Callable[[int], int]
    plural_count: int


def normalise_lang(value: str | None) -> str | None:
    """'ru-RU', 'RU', 'ru_KZ' -> 'ru'; 'uz-Latn' -> 'uz'; anything unknown -> None."""
    if not value:
        return None
    code = value.strip().replace("_", "-").split("-")[0].lower()
    if code in LANGUAGES or code == PSEUDO:
        return code
    return None


def default_lang() -> str:
    """The language of the command line: ``LESLIE_LANG``, else English."""
    return normalise_lang(os.environ.get(LANGUAGE_ENV)) or SOURCE


@cache
def catalogue(lang: str) -> Catalogue:
    """Read every ``.po`` file of a language once per process."""
    folder = MESSAGES_DIR / lang
    count, expr = get_plural(lang if lang != PSEUDO else SOURCE)
    messages: dict[str, Forms] = {}
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as handle:
            for entry in read_po(handle, locale=None):
                if not entry.id:
                    continue
                key = entry.id[0] if isinstance(entry.id, tuple) else entry.id
                forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
                if any(forms):
                    messages[key] = tuple(forms)
    return Catalogue(lang, messages, gettext.c2py(expr), count)


def keys(lang: str = SOURCE) -> frozenset[str]:
    return frozenset(catalogue(lang).messages)


def _forms(key: str, lang: str) -> tuple[Forms, Catalogue]:
    if lang not in (SOURCE, PSEUDO):
        own = catalogue(lang)
        if key in own.messages:
            return own.messages[key], own
    source = catalogue(SOURCE)
    return source.messages.get(key, (key,)), source


def _format(template: str, lang: str, params: dict[str, object]) -> str:
    from pipelines.words.locale_format import format_value  # numbers and dates per language

    shown = {k: format_value(v, lang) for k, v in params.items()}
    try:
        return string.Formatter().vformat(template, (), shown)
    except (
        KeyError,
        IndexError,
        ValueError,
    ):  # a translation's placeholder typo: say it in English
        return string.Formatter().vformat(_forms(template, SOURCE)[0][0], (), shown)


def _mark(text: str, lang: str) -> str:
    return f"{PSEUDO_OPEN}{text}{PSEUDO_CLOSE}" if lang == PSEUDO else text


def text(key: str, lang: str | None = None, /, **params: object) -> str:
    """The message ``key`` in ``lang`` (English where it has no translation)."""
    lang = normalise_lang(lang) or SOURCE
    forms, _ = _forms(key, lang)
    return _mark(_format(forms[0], lang, params), lang)


def plural(key: str, n: int, lang: str | None = None, /, **params: object) -> str:
    """The form of ``key`` for the number ``n`` (passed on as ``{n}``) by the language's rules."""
    lang = normalise_lang(lang) or SOURCE
    forms, cat = _forms(key, lang)
    index = cat.plural_index(abs(int(n))) if len(forms) > 1 else 0
    chosen = forms[min(index, len(forms) - 1)] or forms[-1]
    return _mark(_format(chosen, lang, {"n": n, **params}), lang)


def placeholders(template: str) -> frozenset[str]:
    """The named parameters of a message text (for the catalogue tests)."""
    return frozenset(
        name.split(".")[0].split("[")[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name
    )


@dataclass(frozen=True)
class Message:
    """A message not yet put into words: a key and its parameters. Library code returns or
    raises these; the edge (CLI, page, report) renders them in the reader's language."""

    key: str
    params: dict[str, object] = field(default_factory=dict)

    def render(self, lang: str | None = None) -> str:
        return text(self.key, lang, **self.params)
