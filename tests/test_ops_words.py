"""The operations messages exist in every language with the same named parameters, and every
key the operations code uses is in the catalogue."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from pipelines.paths import REPO_ROOT
from pipelines.words.catalogue import placeholders

MESSAGES = REPO_ROOT / "pipelines" / "words" / "messages"
LANGS = ("en", "ru", "kk", "uz")
CODE = [
    *(REPO_ROOT / "pipelines" / "operations").glob("*.py"),
    *(REPO_ROOT / "pipelines" / "cli").glob("*.py"),
    REPO_ROOT / "pipelines" / "store" / "format.py",
    REPO_ROOT / "pipelines" / "access" / "accounts.py",
    REPO_ROOT / "dashboard" / "widgets" / "health_view.py",
]


def _read(lang: str, domain: str = "ops") -> dict[str, str]:
    with (MESSAGES / lang / f"{domain}.po").open("rb") as fh:
        catalog = read_po(fh)
    # a plural message by its key, its forms joined
    return {
        (m.id[0] if isinstance(m.id, tuple) else m.id): (
            " | ".join(m.string) if isinstance(m.string, tuple) else m.string
        )
        for m in catalog
        if m.id
    }


@pytest.mark.parametrize("lang", LANGS[1:])
def test_every_key_is_translated_with_the_same_parameters(lang):
    english, other = _read("en"), _read(lang)
    assert set(other) == set(english)
    for key, text in english.items():
        assert other[key] and other[key] != "", key
        assert placeholders(other[key]) == placeholders(text), key
    if lang in ("ru", "kk"):  # Cyrillic, not a copy of the English
        differing = [k for k in english if other[k] != english[k]]
        assert len(differing) > len(english) * 0.8


def test_uzbek_uses_the_latin_letters_with_the_turned_comma():
    uzbek = " ".join(_read("uz").values())
    assert "oʻ" in uzbek and "gʻ" in uzbek and not re.search("[а-яА-Я]", uzbek)


def test_russian_declares_three_plural_forms():
    header = (MESSAGES / "ru" / "ops.po").read_text(encoding="utf-8")
    assert "nplurals=3;" in header


def test_every_key_used_in_the_code_exists():
    english = _read("en") | _read("en", "restore")
    used = set()
    for path in CODE:
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\"(ops\.[a-z_.]+[a-z_])\"", source))
        used |= {f"ops.doctor.{k}" for k in re.findall(r"_m\(\s*\"([a-z_.]+)\"", source)}
    assert used and used - set(english) == set()
