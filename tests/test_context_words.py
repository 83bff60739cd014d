"""The context domain's messages: every key in all four languages with the same parameters,
every key the code uses exists, Kazakh in Cyrillic, Uzbek in Latin with oʻ and gʻ."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from pipelines.words.catalogue import LANGUAGES, MESSAGES_DIR, placeholders

ROOT = Path(__file__).resolve().parents[1]
CODE = [
    *sorted((ROOT / "pipelines" / "context").glob("*.py")),
    *sorted((ROOT / "pipelines" / "publish").glob("*.py")),
    ROOT / "pipelines" / "cli" / "context.py",
    ROOT / "pipelines" / "cli" / "publish.py",
    ROOT / "dashboard" / "pages" / "sdgs.py",
    ROOT / "dashboard" / "pages" / "public.py",
]
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def messages(lang: str) -> dict[str, str]:
    with (MESSAGES_DIR / lang / "context.po").open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_in_every_language_with_the_same_parameters(lang):
    english, own = messages("en"), messages(lang)
    assert set(own) == set(english)
    for key, text in own.items():
        assert key.startswith("context."), key
        assert text, key
        assert placeholders(text) == placeholders(english[key]), key


def test_every_key_the_code_names_exists():
    known = set(messages("en"))
    for path in CODE:
        for key in re.findall(r'"(context\.[a-z_]+\.[a-z_.]+)"', path.read_text(encoding="utf-8")):
            assert key in known, f"{path.name}: {key}"


def test_scripts_of_each_language():
    for key, text in messages("kk").items():
        assert CYRILLIC.search(text) or not re.search("[A-Za-z]{4,}", text.replace("CSV", "")), key
    for key, text in messages("uz").items():
        assert not CYRILLIC.search(text), key
        assert "‘" not in text and "’" not in text, key  # oʻ gʻ with U+02BB, not quotes
    assert any("oʻ" in t for t in messages("uz").values())
