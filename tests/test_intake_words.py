"""Intake speaks each reader's language: every key in four languages with the same
parameters, problems and read errors rendered per language on the command line, and
headers typed in Russian, Kazakh or Uzbek understood."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from pipelines.intake.contract import TEMPLATES, header_aliases, normalize_header
from pipelines.intake.readers import read_submission
from pipelines.paths import DataDir
from pipelines.words.catalogue import LANGUAGES, catalogue, placeholders

FIXTURES = Path(__file__).parent / "fixtures"
MESSAGES = Path(__file__).resolve().parents[1] / "pipelines" / "words" / "messages"
INTAKE_KEYS = sorted(k for k in catalogue("en").messages if k.startswith("intake."))


def _own_keys(lang: str) -> dict[str, tuple[str, ...]]:
    from babel.messages.pofile import read_po

    with (MESSAGES / lang / "intake.po").open("rb") as fh:
        return {
            (e.id[0] if isinstance(e.id, tuple) else e.id): (
                e.string if isinstance(e.string, tuple) else (e.string,)
            )
            for e in read_po(fh)
            if e.id
        }


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_intake_key_is_translated_with_the_same_parameters(lang):
    english, own = _own_keys("en"), _own_keys(lang)
    assert sorted(own) == sorted(english)
    for key, forms in english.items():
        translated = own[key]
        assert all(translated), key
        if len(forms) > 1:
            assert len(translated) == catalogue(lang).plural_count, key
        wanted = placeholders(forms[-1])
        for form in translated:
            assert placeholders(form) == wanted, (lang, key, form)


def test_uzbek_uses_the_latin_letters_with_the_turned_comma():
    texts = " ".join(f for forms in _own_keys("uz").values() for f in forms)
    assert "oʻ" in texts and "gʻ" in texts
    assert not re.search("[а-яА-Я]", texts)
    assert not re.search(r"o'|g'", texts)


def test_every_validation_rule_has_a_key_in_the_catalogue():
    from pipelines.intake.validate import RULE_MESSAGES

    for rule, (key, _build) in RULE_MESSAGES.items():
        assert key in INTAKE_KEYS, rule


def test_every_rejection_fixture_pins_keys_that_exist():
    for path in sorted((FIXTURES / "rejects").glob("*/*.expected.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        found = [expected] if isinstance(expected, dict) else expected
        assert found, path
        for item in found:
            assert item["key"] in INTAKE_KEYS, (path.name, item["key"])


# ------------------------------------------------------------------ command line


def _ingest(capsys, tmp_path, *args: str) -> tuple[int, str]:
    code = main(["ingest", "--data-dir", str(tmp_path / "data"), "--quiet", *args])
    return code, capsys.readouterr().out


def test_ingest_prints_problems_in_russian(capsys, tmp_path):
    bad = FIXTURES / "rejects" / "dissemination" / "participants-negative.csv"
    code, out = _ingest(capsys, tmp_path, str(bad), "--lang", "ru")
    assert code == 1
    assert out.splitlines()[0].startswith("ОТКЛОНЁН")
    assert "participants: значение должно быть от 0 до 100000; указано -5." in out
    assert "строка 2" in out


def test_ingest_json_keeps_english_keys_and_translates_the_message(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("LESLIE_LANG", "kk")
    bad = FIXTURES / "rejects" / "modules" / "ects-out-of-range.csv"
    unreadable = FIXTURES / "rejects" / "unreadable" / "pdf-document.pdf"
    code, out = _ingest(capsys, tmp_path, str(bad), str(unreadable), "--json")
    assert code == 1
    files = json.loads(out)["files"]
    assert [f["status"] for f in files] == ["rejected", "rejected"]
    problem = files[0]["errors"][0]
    assert set(problem) == {"row", "column", "value", "message", "key"}
    assert problem["key"] == "intake.number.out_of_range"
    assert "болуы керек" in problem["message"]
    assert files[1]["errors"][0]["key"] == "intake.read.pdf"
    assert "PDF құжаты" in files[1]["errors"][0]["message"]


def test_english_stays_the_default(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("LESLIE_LANG", raising=False)
    bad = FIXTURES / "rejects" / "modules" / "ects-out-of-range.csv"
    code, out = _ingest(capsys, tmp_path, str(bad))
    assert code == 1 and out.startswith("REJECTED")


# ------------------------------------------------------------------ translated headers


def test_translated_headers_are_unambiguous():
    canonical = {c.name for t in TEMPLATES.values() for c in t.columns}
    for lang in ("ru", "kk", "uz"):
        for key, forms in catalogue(lang).messages.items():
            if key.count(".") == 3 and key.startswith("intake.column."):
                column = key.rsplit(".", 1)[1]
                assert normalize_header(forms[0]) == column, (lang, key)
                assert normalize_header(forms[0].upper()) == column
    assert set(header_aliases().values()) <= canonical


@pytest.mark.parametrize(
    ("lang", "header"),
    [
        (
            "ru",
            "Идентификатор мероприятия;Код партнёра;Дата;Вид мероприятия;Название;Страна;"
            "Аудитория;Участники",
        ),
        (
            "kk",
            "іс-шара идентификаторы;серіктес коды;күні;іс-шара түрі;атауы;ел;аудитория;қатысушылар",
        ),
        (
            "uz",
            "Tadbir identifikatori;Hamkor kodi;Sana;Tadbir turi;Nomi;Mamlakat;Auditoriya;"
            "Ishtirokchilar",
        ),
    ],
)
def test_a_file_with_translated_headers_is_read_and_accepted(tmp_path, project, lang, header):
    from pipelines.submissions.ingest import Source, ingest

    data = (header + "\nR-1;KAZNU;14.05.2025;workshop;Семинар;KZ;students;12\n").encode()
    raw = read_submission(duckdb.connect(), data, "clerk.csv")
    assert raw.columns == [
        "activity_id", "partner_code", "date", "activity_type", "title", "country",
        "audience", "participants",
    ]  # fmt: skip
    result = ingest(DataDir(tmp_path / lang), project, [Source("clerk.csv", data=data)],
                    rebuild=False)  # fmt: skip
    assert [(f.status, f.template, f.rows) for f in result.files] == [
        ("accepted", "dissemination", 1)
    ]


def test_uzbek_apostrophes_are_matched_however_typed():
    assert normalize_header("ta'lim shakli") == "delivery_mode"
    assert normalize_header("taʼlim shakli") == "delivery_mode"
    assert normalize_header("O‘qish natijalari") == "learning_outcomes"


@pytest.mark.parametrize(
    ("lang", "today", "earlier"),
    [
        ("kk", "оқыту нәтижелері", "оқу нәтижелері"),
        ("uz", "taʼlim natijalari", "oʻqish natijalari"),
    ],
)
def test_headers_of_earlier_templates_still_load(lang, today, earlier):
    # the template's header is the glossary's term; a file filled in on an earlier template,
    # with the header it had then, is read the same
    assert catalogue(lang).messages["intake.column.modules.learning_outcomes"][0] == today
    assert normalize_header(today) == normalize_header(earlier) == "learning_outcomes"
    assert normalize_header(earlier.upper()) == "learning_outcomes"
