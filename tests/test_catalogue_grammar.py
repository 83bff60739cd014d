"""Messages that grammar can live with, in every catalogue file of every domain:

- Kazakh and Uzbek never glue a case suffix to a placeholder («{low}-ден» prints «4-ден» where
  Kazakh needs «4-тен»): a suffix cannot follow the vowel harmony of a number it does not see.
  Ordinal numbers with a hyphen and a noun («{row}-жол», «{row}-qator») are fine.
- An English message that counts something has plural forms (msgid_plural), unless the count
  can never be one (listed below with the reason); Russian never writes a declined noun right
  after a bare count («502 символов»), it says «символов: {count}» or uses plural forms.
- Russian, Kazakh and Uzbek quote with «…»."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from pipelines.words.catalogue import MESSAGES_DIR, SOURCE
from pipelines.words.checks import COUNTS, PLACEHOLDER_THEN_SUFFIX, SUFFIXES, declined_after_count

# an English count followed by a plural noun, maybe after one adjective: "{count} sample files"
ENGLISH_COUNT = re.compile(
    rf"\{{({COUNTS})\}}\s+(?:[a-z]+\s+)?(?!(?:is|was|has|does|as|its|this|us)\b)([a-z]+s|people)\b"
)
# counts that are never one, so English needs no plural form (Russian is still checked)
NEVER_ONE = {
    "intake.read.cell_too_long": "the limit is a cell size of thousands of characters",
    "intake.read.too_many_columns": "only said when the count exceeds the template's columns",
    "intake.text.too_long": "only said when the length exceeds a limit of at least 2",
    "intake.read.header_cell_too_long": "only said when the length exceeds the limit",
    "intake.doc.at_most_characters": "text limits are tens of characters or more",
    "reports.error.narrative_long": "only said when the length exceeds the limit",
    "workplan.justification.too_long": "the limit is hundreds of characters",
    "dashboard.indicator.rows_first": "only said when more rows exist than are shown",
    "dashboard.signin.expired": "sessions last tens of minutes (configuration)",
    "dashboard.signin.rules": "attempts, lockout and session length are configured above one",
    "mail.no_answer": "the time-out is many seconds (configuration)",
    "context.public.intro": "the smallest group shown is several people (configuration)",
    "intake.cli.built": "a build runs many data checks",
    "pages_a.review.approved": "a build runs many data checks",
}


def entries(lang: str) -> dict[str, tuple[tuple[str, ...], bool]]:
    """key -> (forms, has plural forms), over every domain file of the language."""
    found: dict[str, tuple[tuple[str, ...], bool]] = {}
    for path in sorted((MESSAGES_DIR / lang).glob("*.po")):
        with path.open("rb") as handle:
            for entry in read_po(handle):
                if entry.id:
                    plural = isinstance(entry.id, tuple)
                    key = entry.id[0] if plural else entry.id
                    forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
                    found[key] = (tuple(f for f in forms if f), plural)
    return found


@pytest.mark.parametrize("lang", sorted(SUFFIXES))
def test_no_case_suffix_is_glued_to_a_placeholder(lang: str) -> None:
    glued = [
        f"{key}: {form}"
        for key, (forms, _) in entries(lang).items()
        for form in forms
        if PLACEHOLDER_THEN_SUFFIX[lang].search(form)
    ]
    assert not glued, f"{len(glued)} messages:\n" + "\n".join(glued[:30])


def test_the_suffix_check_sees_the_known_mistakes() -> None:
    kazakh, uzbek = PLACEHOLDER_THEN_SUFFIX["kk"], PLACEHOLDER_THEN_SUFFIX["uz"]
    assert kazakh.search("{low}-ден {high}-ге дейін") and kazakh.search("{total} күннің {day}-і")
    assert uzbek.search("{day} da qotirilgan") and uzbek.search("{low}dan")
    assert not kazakh.search("{file}, {row}-жол: ") and not uzbek.search("{row}-qator")
    assert not kazakh.search("{n} тыңдаушы") and not uzbek.search("{n} ta fayl")


def test_english_messages_that_count_have_plural_forms() -> None:
    missing = [
        f"{key}: {forms[0]}"
        for key, (forms, plural) in entries(SOURCE).items()
        if not plural and key not in NEVER_ONE and ENGLISH_COUNT.search(forms[0])
    ]
    assert not missing, f"{len(missing)} messages:\n" + "\n".join(missing)


def test_never_one_lists_only_messages_that_count() -> None:
    english = entries(SOURCE)
    assert [k for k in NEVER_ONE if not ENGLISH_COUNT.search(english[k][0][0])] == []


def test_russian_writes_no_declined_noun_after_a_bare_count() -> None:
    wrong = [
        f"{key}: {forms[0]}"
        for key, (forms, plural) in entries("ru").items()
        if not plural
        for word in declined_after_count(forms[0])
    ]
    assert not wrong, f"{len(wrong)} messages:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", ["ru", "kk", "uz"])
def test_quotes_are_guillemets(lang: str) -> None:
    curly = [
        f"{key}: {form}"
        for key, (forms, _) in entries(lang).items()
        for form in forms
        if re.search(r"[“”„]", form)
    ]
    assert not curly, f"{len(curly)} messages:\n" + "\n".join(curly[:20])
