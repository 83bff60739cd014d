"""The catalogues stay whole: every English message in Russian, Kazakh and Uzbek, with the same
placeholders and each language's plural forms; every key the code uses exists; the project's
facts are translated; scripts are right (Kazakh in Cyrillic, Uzbek in Latin)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from pipelines.words import catalogue
from pipelines.words.catalogue import LANGUAGES, MESSAGES_DIR, SOURCE, placeholders

ROOT = Path(__file__).resolve().parents[1]
OTHERS = [lang for lang in LANGUAGES if lang != SOURCE]
PLURALS = {"en": 2, "ru": 3, "kk": 2, "uz": 2}
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN_WORD = re.compile(r"[A-Za-z]{4,}")
# literal keys handed to the catalogue in code: text("k"), plural("k"), .t("k"), .n("k"), key="k"
USED = re.compile(
    r"""(?:\btext|\bplural|\.t|\.n|\bMessage|\bkey=)\(?\s*["']([a-z][a-z0-9_]*(?:\.[A-Za-z0-9_%-]+)+)["']"""
)


def entries(lang: str) -> dict[str, tuple[str, ...]]:
    return catalogue.catalogue(lang).messages


def po_files() -> list[Path]:
    return sorted(MESSAGES_DIR.glob("*/*.po"))


@pytest.mark.parametrize("path", po_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_parses_with_its_language_and_plural_rule(path: Path) -> None:
    with path.open("rb") as handle:
        cat = read_po(handle)
    lang = path.parent.name
    assert lang in LANGUAGES
    header = dict(cat.mime_headers)
    assert header.get("Language") == lang
    assert f"nplurals={PLURALS[lang]};" in header.get("Plural-Forms", "")


@pytest.mark.parametrize("lang", OTHERS)
def test_every_english_message_is_translated_with_the_same_placeholders(lang: str) -> None:
    source, own = entries(SOURCE), entries(lang)
    missing = sorted(set(source) - set(own))
    assert not missing, f"{lang}: {len(missing)} untranslated, e.g. {missing[:10]}"
    wrong = []
    for key, forms in source.items():
        wanted = set().union(*(placeholders(f) for f in forms))
        for form in own[key]:
            if not form.strip():
                wrong.append(f"{key}: an empty form")
            elif placeholders(form) - wanted or (len(forms) == 1 and placeholders(form) != wanted):
                wrong.append(f"{key}: {sorted(placeholders(form))} vs {sorted(wanted)}")
    assert not wrong, "\n".join(wrong[:20])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_messages_have_every_form_of_the_language(lang: str) -> None:
    for path in (MESSAGES_DIR / lang).glob("*.po"):
        with path.open("rb") as handle:
            for entry in read_po(handle):
                if isinstance(entry.id, tuple):
                    assert len(entry.string) == PLURALS[lang], f"{path.name}: {entry.id[0]}"


def test_russian_chooses_the_right_plural_form() -> None:
    cat = catalogue.catalogue("ru")
    forms = {n: cat.plural_index(n) for n in (1, 2, 5, 11, 21, 22, 25, 111, 0)}
    assert forms == {1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 22: 1, 25: 2, 111: 2, 0: 2}


def test_every_key_the_code_uses_exists_in_english() -> None:
    known = set(entries(SOURCE))
    missing = []
    for folder in ("pipelines", "dashboard"):
        for path in (ROOT / folder).rglob("*.py"):
            # the report writers' wording object adds its domain: w.t("h.summary")
            prefix = "reports." if "report" in str(path.relative_to(ROOT)) else ""
            for key in USED.findall(path.read_text(encoding="utf-8")):
                if key not in known and f"{prefix}{key}" not in known and not key.endswith("."):
                    missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert not missing, "\n".join(sorted(set(missing)))


@pytest.mark.parametrize("lang", OTHERS)
def test_every_project_fact_is_translated(project, lang: str) -> None:
    own = entries(lang)
    facts = [
        f"indicator.{i.code}.{part}" for i in project.indicators for part in ("name", "definition")
    ]
    facts += [f"sdg.{s.goal}.name" for s in project.sdgs]
    facts += [f"sdg.target.{t.code}" for s in project.sdgs for t in s.targets]
    facts += [f"wp.{w.code}.title" for w in project.work_packages]
    facts += [f"period.{p.id}.name" for p in project.periods]
    facts += [f"status.{s}" for s in project.status.labels]
    assert [f for f in facts if f not in own] == []


def test_kazakh_is_cyrillic_and_uzbek_is_latin() -> None:
    kazakh = [re.sub(r"\{[^}]*\}", "", t) for forms in entries("kk").values() for t in forms]
    latin_only = [t for t in kazakh if LATIN_WORD.search(t) and not CYRILLIC.search(t)]
    allowed = {
        "ECTS",
        "Erasmus",
        "LESLIE",
        "Impact",
        "CSV",
        "XLSX",
        "SMTP",
        "URL",
        "EQF",
        "HTTPS",
        "PDF",
    }
    latin_only = [t for t in latin_only if not set(LATIN_WORD.findall(t)) <= allowed]
    assert latin_only == [], latin_only[:10]
    uzbek = [t for forms in entries("uz").values() for t in forms if CYRILLIC.search(t)]
    assert uzbek == [], uzbek[:10]


def test_uzbek_uses_the_official_apostrophe_letters() -> None:
    texts = [re.sub(r"`[^`]*`", "", t) for forms in entries("uz").values() for t in forms]
    assert not [t for t in texts if re.search(r"[oOgG][‘'`’]", t)], "write oʻ gʻ with U+02BB"


def glossary_rows() -> list[list[str]]:
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    rows = [line.strip("|").split("|") for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows[1:]]


@pytest.mark.parametrize(("column", "lang"), [(1, "ru"), (2, "kk"), (3, "uz")])
def test_catalogues_use_the_glossary_terms(column: int, lang: str) -> None:
    checked = [row for row in glossary_rows() if row[4]]
    assert len(checked) >= 20
    for row in checked:
        assert entries(lang)[row[4]][0] == row[column], f"{lang} {row[4]}"
