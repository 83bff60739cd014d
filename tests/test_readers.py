"""Reading submissions: both CSV engines agree, Excel cells read as typed, rows keep the
numbers Excel shows, and anything unreadable ends in an InputFileError, never a crash.

Per-defect files (and their exact messages) live in tests/fixtures; these tests cover the
reader's own behaviour. Real public files are tried when ../shared/realdata is present.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import random
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from pipelines.errors import InputFileError
from pipelines.intake import readers
from pipelines.intake.readers import RawTable, read_submission

FIXTURES = Path(__file__).parent / "fixtures"
REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


def connect() -> duckdb.DuckDBPyConnection:
    return duckdb.connect(config={"autoinstall_known_extensions": False})


def rows(con: duckdb.DuckDBPyConnection, raw: RawTable) -> list[tuple]:
    return con.execute(f'SELECT * FROM "{raw.table}" ORDER BY _row').fetchall()


def read(data: bytes, name: str = "file.csv") -> tuple[duckdb.DuckDBPyConnection, RawTable]:
    con = connect()
    return con, read_submission(con, data, name)


def test_header_is_trimmed_and_lower_cased_and_cells_trimmed() -> None:
    data = "\ufeff Partner_Code\u00a0;MODULE_CODE ; learner_id\r\n kaznu ;\u202fSLM-1\t; a \r\n"
    con, raw = read(data.encode("utf-8"))
    assert raw.columns == ["partner_code", "module_code", "learner_id"]
    assert rows(con, raw) == [(2, "kaznu", "SLM-1", "a")]
    types = con.execute(f"DESCRIBE {raw.table}").fetchall()
    assert [(name, kind) for name, kind, *_ in types] == [
        ("_row", "INTEGER"),
        ("partner_code", "VARCHAR"),
        ("module_code", "VARCHAR"),
        ("learner_id", "VARCHAR"),
    ]


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('a,b,c\n1,"x; y",3\n', "x; y"),
        ('a;b;c\n1;"x, y";3\n', "x, y"),
        ("a\tb\tc\n1\tx, y; z\t3\n", "x, y; z"),
    ],
    ids=["comma", "semicolon", "tab"],
)
def test_delimiter_is_taken_from_the_header_line(text: str, cell: str) -> None:
    con, raw = read(text.encode())
    assert raw.columns == ["a", "b", "c"]
    assert rows(con, raw) == [(2, "1", cell, "3")]


def test_blank_rows_are_dropped_but_rows_keep_their_excel_numbers() -> None:
    text = 'a,b\r\n1,2\r\n\r\n,\r\n  \r\n"x\ny",3\r\n4,5\r\n\r\n\r\n'
    con, raw = read(text.encode())
    assert raw.row_count == 3
    assert rows(con, raw) == [(2, "1", "2"), (6, "x\ny", "3"), (7, "4", "5")]


def test_header_below_blank_lines_is_found_and_numbered() -> None:
    con, raw = read(b"\n;;\n a ;b\n1;2\n")
    assert raw.columns == ["a", "b"]
    assert rows(con, raw) == [(4, "1", "2")]


def test_empty_cells_are_null_and_trailing_unnamed_columns_dropped() -> None:
    con, raw = read(b'a,b,c,,\n1,"",  ,,\n')
    assert raw.columns == ["a", "b", "c"]
    assert rows(con, raw) == [(2, "1", None, None)]


def test_interior_unnamed_column_without_values_is_dropped() -> None:
    con, raw = read(b"a,,b\n1,,2\n3, ,4\n")
    assert raw.columns == ["a", "b"]
    assert rows(con, raw) == [(2, "1", "2"), (3, "3", "4")]


def test_path_and_bytes_give_the_same_table(tmp_path: Path) -> None:
    source = FIXTURES / "accepts" / "modules" / "loose-formatting.csv"
    con_a, from_bytes = read(source.read_bytes(), source.name)
    con_b = connect()
    from_path = read_submission(con_b, source, source.name, table="other")
    assert from_path.table == "other"
    assert from_bytes.columns == from_path.columns
    assert rows(con_a, from_bytes) == rows(con_b, from_path)


def test_table_name_is_the_callers_and_quoted() -> None:
    con = connect()
    raw = read_submission(con, b"a,b\n1,2\n", "x.csv", table='raw "1"')
    assert raw.table == 'raw "1"'
    assert con.execute('SELECT b FROM "raw ""1"""').fetchall() == [("2",)]


def csv_fixtures() -> list[Path]:
    return sorted((FIXTURES / "accepts").glob("*/*.csv"))


@pytest.mark.parametrize("path", csv_fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_duckdb_and_python_engines_read_the_same(path: Path) -> None:
    data = path.read_bytes()
    con_auto, auto = read(data, path.name)
    text, _ = readers._decode(data, path.name)
    header = next(line for line in io.StringIO(text) if line.strip(readers.TRIM_CHARS))
    con_py = connect()
    exact = readers.read_csv_text(con_py, text, readers._detect_delimiter(header), path.name, "raw")
    assert exact.columns == auto.columns
    assert exact.row_count == auto.row_count
    assert rows(con_py, exact) == rows(con_auto, auto)


def test_duckdb_engine_is_used_unless_excel_would_number_rows_differently() -> None:
    plain = b"a,b\r\n1,2\r\n3,4\r\n\r\n"
    assert readers._try_duckdb(connect(), plain, None, "x.csv", "raw") is not None
    for shape in (b"a,b\n1,2\n\n3,4\n", b"\na,b\n1,2\n", b"a,b\r1,2\r", b'"a\nb",c\n1,2\n'):
        assert readers._try_duckdb(connect(), shape, None, "x.csv", "raw") is None


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1251", "Управление земельными ресурсами"),
        ("cp1252", "Gestión del suelo en València: Qualità"),
        ("cp1254", "Eğitim semineri Türkistan: İklim"),
        ("utf-16", "Мониторинг почв — 2025"),
        ("utf-8-sig", "Жер ресурстарын басқару"),
        ("cp1253", "Διαχείριση εδάφους"),
        ("cp1252", "Café"),
    ],
)
def test_encodings_are_decoded_not_garbled(encoding: str, text: str) -> None:
    delimiter = "\t" if encoding == "utf-16" else ";"
    content = f"module_code{delimiter}title\r\nM-1{delimiter}{text}\r\nM-2{delimiter}{text}\r\n"
    con, raw = read(content.encode(encoding))
    assert [r[2] for r in rows(con, raw)] == [text, text]


@pytest.mark.parametrize(
    "data",
    [
        b"sep=;\r\na,b;c\r\n1,5;2\r\n",
        b"\xef\xbb\xbfSEP=;\na,b;c\n\n1,5;2\n",
        "sep=;\r\na,b;c\r\n1,5;2\r\n".encode("utf-16"),
    ],
    ids=["utf-8", "bom-and-blank-line", "utf-16"],
)
def test_excel_sep_line_names_the_delimiter_and_is_not_a_row(data: bytes) -> None:
    con, raw = read(data)
    assert raw.columns == ["a,b", "c"]
    ((row, *cells),) = rows(con, raw)
    assert cells == ["1,5", "2"]
    assert row == (3 if b"\n\n" in data else 2)


def test_a_file_that_no_code_page_decodes_is_refused() -> None:
    with pytest.raises(InputFileError, match="its encoding could not be recognised"):
        read(b"a;b\r\n1;\x81\x98\x81\r\n")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        ("", None),
        ("  x\u00a0", "x"),
        (5.0, "5"),
        (2.5, "2.5"),
        (0.1 + 0.2, "0.3"),
        (1e20, "1e+20"),
        (42, "42"),
        (True, "TRUE"),
        (False, "FALSE"),
        (dt.date(2025, 3, 1), "2025-03-01"),
        (dt.datetime(2025, 3, 1, 0, 0), "2025-03-01"),
        (dt.datetime(2025, 3, 1, 14, 30), "2025-03-01 14:30:00"),
    ],
)
def test_excel_cells_read_as_a_user_would_type_them(value: object, text: str | None) -> None:
    assert readers._cell_text(value) == text


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_first_sheet_holding_a_template_header_is_read() -> None:
    book = Workbook()
    book.active.title = "README"
    book.active.append(["How to fill this file"])
    data = book.create_sheet("Data")
    data.append([])
    data.append(["activity_id", "partner_code", "date"])
    data.append(["A-1", "UPV", dt.date(2025, 5, 14)])
    con, raw = read(workbook_bytes(book), "activities.xlsx")
    assert raw.columns == ["activity_id", "partner_code", "date"]
    assert rows(con, raw) == [(3, "A-1", "UPV", "2025-05-14")]


def test_sheet_named_after_a_template_wins_over_the_first_sheet() -> None:
    book = Workbook()
    book.active.title = "old"
    book.active.append(["module_code", "title"])
    book.active.append(["OLD-1", "Old"])
    current = book.create_sheet(" Modules ")
    current.append(["module_code", "title"])
    current.append(["NEW-1", "New"])
    con, raw = read(workbook_bytes(book), "modules.xlsx")
    assert rows(con, raw) == [(2, "NEW-1", "New")]


def test_a_workbook_that_unpacks_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "XLSX_MAX_UNPACKED", 1000)
    data = (FIXTURES / "accepts" / "enrollments" / "excel-dates-and-numbers.xlsx").read_bytes()
    with pytest.raises(InputFileError, match="unpacks to more than 0 MB"):
        read(data, "big.xlsx")


def test_an_empty_workbook_is_refused() -> None:
    with pytest.raises(InputFileError) as caught:
        read(workbook_bytes(Workbook()), "blank.xlsx")
    assert str(caught.value) == "blank.xlsx: the workbook holds no data"


def test_random_bytes_never_crash_the_reader() -> None:
    rng = random.Random(2024)
    samples = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))) for _ in range(40)]
    samples += [codecs.BOM_UTF8 + s for s in samples[:10]]
    samples += [b"PK\x03\x04" + s for s in samples[:10]]
    for sample in samples:
        try:
            read(sample, "noise.csv")
        except InputFileError as exc:
            assert str(exc).startswith(("noise.csv", "Cannot tell"))


# --------------------------------------------------------------------------- real files

needs_realdata = pytest.mark.skipif(not REALDATA.exists(), reason="../shared/realdata is absent")


@needs_realdata
def test_real_file_with_blank_lines_keeps_excel_row_numbers() -> None:
    path = REALDATA / "sdg_kz_opensdg" / "data" / "indicator_11-6-2.csv"
    con = connect()
    raw = read_submission(con, path, path.name)
    assert raw.columns == ["year", "unit_measure", "series", "ref_area", "value"]
    numbers = [r[0] for r in con.execute(f"SELECT _row FROM {raw.table} ORDER BY 1").fetchall()]
    # 679 lines: the header, 674 records, blank lines 601-604
    assert raw.row_count == 674
    assert numbers[0] == 2 and numbers[-1] == 679
    assert 600 in numbers and 605 in numbers
    assert not {601, 602, 603, 604} & set(numbers)


@needs_realdata
def test_real_file_with_a_pandas_index_column_is_refused_with_its_place() -> None:
    path = REALDATA / "sdg_un_global_db" / "t441_SDG4.4.1.csv"
    with pytest.raises(InputFileError) as caught:
        read_submission(connect(), path, path.name)
    assert str(caught.value) == (
        't441_SDG4.4.1.csv, row 2: column A holds "94953" but has no name in the header row. '
        "Add the column name, or delete the value."
    )
