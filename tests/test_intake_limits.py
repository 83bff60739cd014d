"""Hostile or damaged files are refused at intake, with a keyed message, before they cost
memory, time or a broken report; nothing of them is stored."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import duckdb
import pytest

from pipelines.config import Project
from pipelines.errors import InputFileError
from pipelines.intake.contract import Limits
from pipelines.intake.readers import read_submission
from pipelines.intake.validate import validate
from pipelines.paths import DataDir
from pipelines.store.ledger import Ledger
from pipelines.submissions.ingest import Source, ingest

TODAY = dt.date(2026, 11, 29)
TEMPLATES = Path(__file__).resolve().parents[1] / "data" / "templates"
HEADER = "activity_id,partner_code,date,activity_type,title,country,audience,participants,reach"


def dissemination(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def row(activity: str = "A-1", title: str = "Workshop", participants: str = "10") -> str:
    return f"{activity},KAZNU,2025-05-14,workshop,{title},KZ,students,{participants},100"


def problems(data: bytes, project: Project, name: str = "file.csv") -> list[tuple]:
    con = duckdb.connect()
    raw = read_submission(con, data, name)
    result = validate(con, raw, project, TODAY)
    return [(p.row, p.column, p.key, p.message) for p in result.problems]


def read_error(data: bytes, limits: Limits | None = None) -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        read_submission(
            duckdb.connect(), data, "file.csv", **({"limits": limits} if limits else {})
        )
    return caught.value


# ------------------------------------------------------------------ control characters


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\x0b"])
def test_a_control_character_in_a_title_is_refused_naming_row_and_column(project, char):
    data = dissemination(row("A-1"), row("A-2", title=f"Bad{char}title"))
    assert problems(data, project) == [
        (
            3,
            "title",
            "intake.text.control_char",
            f"title holds an invisible control character (U+{ord(char):04X}), which reports "
            "cannot show: delete it (retype the cell, or paste it as plain text).",
        )
    ]


def test_a_nul_after_the_first_4_kb_is_refused_too(project):
    rows = [row(f"A-{i}") for i in range(200)]  # about 10 KB before the bad row
    rows.append(row("A-LAST", title="tail\x00end"))
    data = dissemination(*rows)
    assert len(data) > 8192
    assert [(r, c, k) for r, c, k, _ in problems(data, project)] == [
        (202, "title", "intake.text.control_char")
    ]


def test_tab_is_allowed_inside_a_text_cell(project):
    assert problems(dissemination(row(title='"Tab\there"')), project) == []


def test_a_control_character_in_a_learner_id_or_url_is_refused(project):
    data = (
        b"activity_id,partner_code,date,activity_type,title,country,audience,url\n"
        b"A-1,KAZNU,2025-05-14,workshop,T,KZ,students,https://example.org/\x02x\n"
        b"A\x03-2,KAZNU,2025-05-14,workshop,T,KZ,students,\n"
    )
    assert [(r, c, k) for r, c, k, _ in problems(data, project)] == [
        (2, "url", "intake.text.control_char"),
        (3, "activity_id", "intake.text.control_char"),
    ]


# ------------------------------------------------------------------ wide headers


def test_a_header_with_100000_empty_columns_is_refused_before_rows_are_read():
    data = (HEADER + "," * 100_000 + "\n" + row() + "," * 100_000 + "\n").encode()
    error = read_error(data)
    assert error.key == "intake.read.too_many_columns"
    assert error.params["count"] == 100_009
    assert str(error) == (
        "file.csv: the header row has 100,009 columns; a template has at most 200. Delete the "
        "empty columns to the right of the table (select them, Delete columns) and save again."
    )


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_the_column_limit_holds_for_every_delimiter_and_encoding(delimiter):
    header = HEADER.replace(",", delimiter) + delimiter * 300
    for data in (header.encode("utf-8"), header.encode("utf-16")):
        assert read_error(data + b"\n").key == "intake.read.too_many_columns"


def test_two_hundred_columns_are_still_read():
    limits = Limits()
    header = HEADER + "," * (limits.max_columns - 9)
    con = duckdb.connect()
    raw = read_submission(con, (header + "\n" + row() + "\n").encode(), "ok.csv")
    assert raw.row_count == 1


def test_a_wide_header_is_refused_without_touching_the_store(tmp_path, project):
    data_dir = DataDir(tmp_path / "data")
    data = (HEADER + "," * 5000 + "\n" + row() + "\n").encode()
    result = ingest(data_dir, project, [Source("wide.csv", data=data)], rebuild=False)
    (outcome,) = result.files
    assert outcome.status == "rejected"
    assert [e.key for e in outcome.errors] == ["intake.read.too_many_columns"]
    assert Ledger(data_dir.ledger).submissions() == []
    assert not list(data_dir.store.rglob("*.parquet"))


# ------------------------------------------------------------------ xlsx amplification


def _inflated_workbook(part: str, size: int) -> bytes:
    """A real template workbook whose ``part`` is padded to ``size`` bytes (compresses tiny)."""
    source = zipfile.ZipFile(io.BytesIO((TEMPLATES / "dissemination.xlsx").read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = content.replace(b"?>", b"?>" + b" " * (size - len(content)), 1)
            zf.writestr(info.filename, content)
    return out.getvalue()


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_an_xlsx_part_unpacking_far_beyond_the_upload_limit_is_refused(part):
    limits = Limits(max_upload_bytes=1 << 20)  # 1 MB uploads: parts up to 10 MB
    data = _inflated_workbook(part, 12 << 20)
    assert len(data) < 200_000
    error = read_error(data, limits)
    assert error.key == "intake.read.xlsx_part_too_big"
    assert error.params["part"] == part
    assert "10 MB allowed" in str(error)


def test_an_xlsx_part_within_the_limit_is_read():
    limits = Limits(max_upload_bytes=1 << 20)
    data = _inflated_workbook("xl/sharedStrings.xml", 5 << 20)
    raw = read_submission(duckdb.connect(), data, "ok.xlsx", limits=limits)
    assert raw.row_count == 1


def test_the_part_limit_follows_the_configured_upload_limit(project):
    limits = Limits.for_upload_mb(project.access.max_upload_mb)
    assert limits.xlsx_part_bytes == project.access.max_upload_mb * 10 << 20


# ------------------------------------------------------------------ broken UTF-8


def test_a_utf8_file_with_one_cut_character_is_refused_naming_row_and_offset():
    good = "\n".join([HEADER] + [row(f"A-{i}", title="Семинар по почвам") for i in range(5)])
    data = bytearray((good + "\n").encode("utf-8"))
    third_row = data.index(b"A-2")
    cut = data.index("Семинар".encode(), third_row) + 1  # the second byte of "С"
    del data[cut]
    error = read_error(bytes(data))
    assert error.key == "intake.read.broken_utf8"
    assert error.params["row"] == 4
    assert error.params["offset"] == str(cut - 1)


def test_a_windows_1251_file_is_still_read_as_cyrillic(project):
    text = "\n".join([HEADER, row(title="Семинар по почвам")]) + "\n"
    con = duckdb.connect()
    raw = read_submission(con, text.encode("cp1251"), "cp1251.csv")
    (title,) = con.execute(f"SELECT title FROM {raw.table}").fetchone()
    assert title == "Семинар по почвам"


# ------------------------------------------------------------------ bounded cells


def test_a_900_kb_title_is_refused_with_its_limit(project):
    data = dissemination(row(title="x" * 900_000))
    assert problems(data, project) == [
        (
            2,
            "title",
            "intake.text.too_long",
            "title is too long (900,000 characters): use at most 300 characters.",
        )
    ]


def test_two_billion_participants_are_refused_with_the_limit(project):
    data = dissemination(row(participants="2147483648"))
    assert problems(data, project) == [
        (
            2,
            "participants",
            "intake.number.out_of_range",
            "participants must be from 0 to 100000; found 2147483648.",
        )
    ]


def test_ids_differing_only_in_case_are_duplicates(project):
    data = dissemination(row("kzn-k1"), row("KZN-K1"))
    assert [(r, c, k) for r, c, k, _ in problems(data, project)] == [
        (3, "activity_id", "intake.duplicate.key")
    ]


def test_learner_ids_differing_only_in_case_are_duplicates(project, tmp_path):
    data = (
        b"partner_code,module_code,learner_id,gender,learner_type,enrolled_on,status\n"
        b"KAZNU,SLM-101,s-1,F,master,2025-02-10,enrolled\n"
        b"KAZNU,SLM-101,S-1,F,master,2025-02-10,enrolled\n"
    )
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE known_modules AS SELECT 'SLM-101' AS module_code, 5.0::DOUBLE AS ects, "
        "'KAZNU' AS lead_partner_code"
    )
    raw = read_submission(con, data, "enr.csv")
    result = validate(con, raw, project, TODAY)
    assert [(p.row, p.column, p.key) for p in result.problems] == [
        (3, "learner_id", "intake.duplicate.key")
    ]


def test_a_control_character_in_an_xlsx_cell_is_refused_too(project):
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("dissemination")
    sheet.write_row(0, 0, HEADER.split(",")[:7])
    sheet.write_row(
        1, 0, ["A-1", "KAZNU", "2025-05-14", "workshop", "Bad\x01title", "KZ", "students"]
    )
    book.close()
    assert [(r, c, k) for r, c, k, _ in problems(out.getvalue(), project, "x.xlsx")] == [
        (2, "title", "intake.text.control_char")
    ]


# ------------------------------------------------------------------ direction overrides


@pytest.mark.parametrize(
    "char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"]
)
def test_a_bidi_override_in_a_title_is_refused_naming_row_and_column(project, char):
    data = dissemination(row("A-1"), row("A-2", title=f"invoice{char}fdp.exe"))
    assert problems(data, project) == [
        (
            3,
            "title",
            "intake.text.bidi_char",
            f"title holds a character that changes the direction of the text "
            f"(U+{ord(char):04X}), so the text would be shown in another order than it is "
            "written: delete it (retype the cell, or paste it as plain text).",
        )
    ]


def test_a_nul_in_a_small_text_file_is_named_at_its_cell(project):
    data = dissemination(row("A-1"), row("A-2", title="tail\x00end"))
    assert len(data) < 4096
    assert [(r, c, k) for r, c, k, _ in problems(data, project)] == [
        (3, "title", "intake.text.control_char")
    ]


def test_a_file_full_of_nul_bytes_is_still_not_a_csv_file():
    assert read_error(b"module_code\x00\x01\x02" * 50).key == "intake.read.binary"
