"""One word for one thing: every catalogue file (every domain, every language) names each
concept of data/terminology.toml with its chosen term and never with a rejected variant; the
glossary lists every concept; no message is kept twice under two keys."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from pipelines.words.catalogue import LANGUAGES, MESSAGES_DIR, SOURCE

ROOT = Path(__file__).resolve().parents[1]
TERMS = tomllib.loads((ROOT / "data" / "terminology.toml").read_text(encoding="utf-8"))["concept"]
OTHERS = [lang for lang in LANGUAGES if lang != SOURCE]


def texts(lang: str) -> dict[str, tuple[str, ...]]:
    """Every entry of every domain file of a language, read with Babel: key -> its forms."""
    found: dict[str, tuple[str, ...]] = {}
    for path in sorted((MESSAGES_DIR / lang).glob("*.po")):
        with path.open("rb") as handle:
            for entry in read_po(handle):
                if entry.id:
                    key = entry.id[0] if isinstance(entry.id, tuple) else entry.id
                    forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
                    found[key] = tuple(f for f in forms if f)
    return found


def test_every_concept_has_one_term_per_language_and_a_reason() -> None:
    ids = [c["id"] for c in TERMS]
    assert len(ids) == len(set(ids)) and len(ids) >= 30
    for concept in TERMS:
        assert all(concept.get(lang, "").strip() for lang in LANGUAGES), concept["id"]
        assert concept.get("why", "").strip(), concept["id"]
        for lang, variants in concept.get("avoid", {}).items():
            assert lang in OTHERS, concept["id"]
            for variant in variants:  # a rejected variant is never the chosen term itself
                assert not re.match(variant, concept[lang], re.IGNORECASE), concept["id"]


@pytest.mark.parametrize("lang", OTHERS)
def test_catalogues_never_use_a_rejected_variant(lang: str) -> None:
    english, own = texts(SOURCE), texts(lang)
    wrong = []
    for concept in TERMS:
        unless = re.compile(concept["unless"]) if concept.get("unless") else None
        for variant in concept.get("avoid", {}).get(lang, []):
            pattern = re.compile(rf"(?<!\w){variant}", re.IGNORECASE)
            for key, forms in own.items():
                source = " ".join(english.get(key, ()))
                if unless and unless.search(source):
                    continue
                if any(pattern.search(form) for form in forms):
                    wrong.append(f"{key}: {concept['id']} says «{concept[lang]}», not /{variant}/")
    assert not wrong, f"{len(wrong)} entries:\n" + "\n".join(wrong[:40])


@pytest.mark.parametrize("lang", OTHERS)
def test_the_keys_that_name_a_concept_use_its_term(lang: str) -> None:
    own = texts(lang)
    wrong = [
        f"{key}: «{own[key][0]}» lacks «{concept[lang]}»"
        for concept in TERMS
        for key in concept.get("keys", [])
        if concept[lang].lower() not in own[key][0].lower()
    ]
    assert not wrong, "\n".join(wrong)


def test_the_glossary_lists_every_concept_with_its_terms() -> None:
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert "data/terminology.toml" in glossary
    missing = [
        f"{concept['id']} {lang}: {concept[lang]}"
        for concept in TERMS
        for lang in LANGUAGES
        if concept[lang] not in glossary
    ]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_family_is_kept_twice(lang: str) -> None:
    """A domain does not copy a shared key (``reports.status.x`` beside ``status.x``): the
    copies drift apart. Report writers read the shared key."""
    own = texts(lang)
    shared = set(own) | set(texts(SOURCE))
    copies = [
        key
        for key in own
        if "." in key and key.split(".", 1)[1] in shared and key.split(".", 1)[1] != key
    ]
    assert not copies, copies[:20]
