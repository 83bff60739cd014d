"""``templates --lang``: the XLSX templates explain their columns in the partner's language,
while the header row keeps the canonical names the validator reads."""

from __future__ import annotations

import io

import openpyxl
import pytest

from pipelines.cli import main
from pipelines.intake.contract import TEMPLATES


def _book(path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(path.read_bytes()))


def test_russian_templates_document_columns_in_russian(tmp_path, capsys):
    assert main(["templates", "--out", str(tmp_path), "--lang", "ru"]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert "README.md" not in written  # the Markdown reference is the English one
    book = _book(tmp_path / "dissemination.xlsx")
    sheet = book["dissemination"]
    assert [c.value for c in sheet[1]] == list(TEMPLATES["dissemination"].names)
    docs = book["columns"]
    assert [c.value for c in docs[1]] == [
        "столбец",
        "обязательный",
        "правило",
        "допустимые значения",
        "пример",
    ]
    rows = {r[0].value: [c.value for c in r] for r in docs.iter_rows(min_row=2)}
    assert rows["title"][1:3] == ["да", "Название мероприятия. Символов: не более 300."]
    assert rows["participants"][3] == "целое число не меньше 0 и не больше 100000"
    assert rows["date"][2] == "Дата мероприятия (первый день). Не раньше 2024-01-01; не в будущем."
    prompts = {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv
        for dv in sheet.data_validations.dataValidation
    }
    assert prompts["B"].prompt == "Выберите из списка."  # partner_code
    assert prompts["C"].prompt == "Дата не раньше 2024-01-01, например 2025-05-14."
    assert prompts["H"].prompt == "Целое число не меньше 0 и не больше 100000."


def test_micro_credential_elements_say_when_they_are_required(tmp_path):
    assert main(["templates", "--out", str(tmp_path), "--lang", "uz"]) == 0
    docs = _book(tmp_path / "modules.xlsx")["columns"]
    rows = {r[0].value: r[2].value for r in docs.iter_rows(min_row=2)}
    assert rows["learning_outcomes"] == (
        "Tinglovchi moduldan keyin nimani biladi va nima qila oladi. "
        "micro_credential ustunida yes boʻlganda majburiy. Koʻpi bilan 4000 ta belgi."
    )


@pytest.mark.parametrize("lang", ["kk", "uz"])
def test_a_translated_template_is_accepted_as_it_comes(tmp_path, project, lang):
    """The example row of a translated template still passes validation."""
    from pipelines.paths import DataDir
    from pipelines.submissions.ingest import Source, ingest

    main(["templates", "--out", str(tmp_path / "t"), "--lang", lang])
    data = (tmp_path / "t" / "dissemination.xlsx").read_bytes()
    result = ingest(DataDir(tmp_path / "d"), project, [Source("d.xlsx", data=data)], rebuild=False)
    assert [(f.status, f.rows) for f in result.files] == [("accepted", 1)]
