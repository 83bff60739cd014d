"""Read a submitted CSV or XLSX file into a DuckDB table of trimmed text cells.

Strict about what a file must be (CSV or XLSX, one header row), forgiving about how it was
saved (encoding, delimiter, BOM, blank rows, Excel number and date cells). Every row keeps
the number the user sees in Excel, so every problem can point at it.

Big CSV files take DuckDB's own reader (the fast path); files that DuckDB would number
differently (blank lines, a header below line 1, stray carriage returns) or cannot parse go
through Python's csv module, which keeps true row numbers and says what is wrong.

The raw "table" is a temporary view over the loaded cells (``<table>__cells``, plus
``<table>__blank`` when blank rows were dropped): trimming happens as validation reads it, so
a million rows are not copied once more. Query it like a table; it lives as long as ``con``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines import paths
from pipelines.errors import InputFileError, LeslieError
from pipelines.intake.contract import (
    DEFAULT_LIMITS,
    TEMPLATES,
    Limits,
    detect_template,
    normalize_header,
)

# Characters trimmed from every cell and header (Excel and web copies bring NBSP and BOMs).
TRIM_CHARS = " \t\r\n\u00a0\u202f\u2007\u2009\u200b\ufeff"
DELIMITERS = (",", ";", "\t")
XLSX_MAX_UNPACKED = 1 << 30  # a workbook unpacking to more than 1 GiB is refused (zip bomb)
CSV_FIELD_LIMIT = 1 << 20
HEADER_CELL_LIMIT = 1000  # characters of one column name (the longest template name is ~30)
HEADER_SCAN_BYTES = 1 << 16  # a quoted header row is counted in its first 64 KiB
HEADER_SCAN_LINES = 1000  # blank lines looked past to find the header row
SEP_LINE = re.compile(rb"(\xef\xbb\xbf)?sep=([,;\t|])[ \t]*\r?\n", re.IGNORECASE)
SEP_LINE_TEXT = re.compile(r"sep=([,;\t|])[ \t]*\r?\n", re.IGNORECASE)
CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])
# Bytes where Windows-1254 (Turkish, Uzbek Latin) differs from Windows-1252
TURKISH_ONLY_BYTES = (b"\xd0", b"\xdd", b"\xde", b"\xf0", b"\xfd", b"\xfe")


@dataclass
class RawTable:
    """A submission as read: one VARCHAR column per header cell, plus the Excel row number."""

    display_name: str  # what the user called the file (for messages only; never a path)
    table: str  # DuckDB relation (a temp view): _row INTEGER, then one VARCHAR per header name
    columns: list[str]  # normalized header names in file order
    row_count: int  # data rows kept (fully blank rows dropped; _row stays true)


def sql_file(name: str) -> str:
    """SQL of the validation package (pipelines/sql/validate/<name>)."""
    return paths.sql_file(f"validate/{name}")


def quote_ident(name: str) -> str:
    """Quote a DuckDB identifier that comes from code (table names chosen by the caller)."""
    return '"' + name.replace('"', '""') + '"'


def read_submission(
    con: duckdb.DuckDBPyConnection,
    source: Path | bytes,
    display_name: str,
    table: str = "raw",
    limits: Limits = DEFAULT_LIMITS,
) -> RawTable:
    """Load a CSV or XLSX submission as ``table`` (a temporary view of ``con``); raise
    InputFileError when the file is not a readable CSV or XLSX file, or exceeds ``limits``."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, path = bytes(source), None
    else:
        path = Path(source)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise InputFileError(key="intake.read.not_found", file=display_name) from exc
        except OSError as exc:
            raise InputFileError(
                key="intake.read.cannot_read", file=display_name, reason=exc.strerror
            ) from exc
    if not data[:4096].strip() and not data.strip():
        raise InputFileError(key="intake.read.empty", file=display_name)
    kind = _sniff(data)
    if kind == "xlsx":
        return _read_xlsx(con, data, display_name, table, limits)
    if kind != "text":
        raise InputFileError(key=f"intake.read.{kind}", file=display_name)
    return _read_csv(con, data, path, display_name, table, limits)


# --------------------------------------------------------------------------- format sniffing


def _sniff(data: bytes) -> str:
    """'xlsx', 'text', or why the file is neither (the last part of an intake.read.* key)."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
                if "xl/workbook.xml" in names:
                    return "xlsx"
                if "mimetype" in names and b"opendocument" in zf.read("mimetype"):
                    return "ods"
        except zipfile.BadZipFile:
            return "damaged_zip"
        return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "text"
    head = data[:4096]
    if b"\x00" in head and (_mostly_control(head) or not _utf8_start(head)):
        return "binary"  # a text file with a stray NUL in a cell is read, and the cell named
    return "text"


def _mostly_control(head: bytes) -> bool:
    """More than a few NULs, or control bytes in more than 1 of 20 bytes: not typed text."""
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    return head.count(b"\x00") > 8 or controls * 20 > len(head)


def _utf8_start(head: bytes) -> bool:
    """The first bytes of a file are UTF-8 (a character cut at the end of them allowed)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data"
    return True


# --------------------------------------------------------------------------- CSV


def _decode(data: bytes, display_name: str) -> tuple[str, str]:
    """Decode the bytes of a CSV file: (text without BOM, encoding name)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _broken_utf8(display_name, data, exc.start + 3) from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputFileError(
                key="intake.read.bad_encoding", file=display_name, line=_line_at(data, exc.start)
            ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if mostly_utf8(data):
            raise _broken_utf8(display_name, data, exc.start) from exc
    encoding = _guess_codepage(data)
    if encoding is None:
        raise InputFileError(key="intake.read.unknown_encoding", file=display_name)
    return data.decode(encoding), encoding


def mostly_utf8(data: bytes) -> bool:
    """True when most non-ASCII characters are well-formed UTF-8 sequences: the file was
    saved as UTF-8 and a few bytes were damaged, so reading it as a code page would garble
    every letter (a Windows code page file has almost no valid multi-byte sequences)."""
    sample = data if len(data) <= 2_000_000 else data[:2_000_000]
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - sample.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return good >= 4 * bad and good > 0


def _broken_utf8(display_name: str, data: bytes, offset: int) -> InputFileError:
    return InputFileError(
        key="intake.read.broken_utf8",
        file=display_name,
        row=_line_at(data, offset),
        offset=str(offset),
    )


def _line_at(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _guess_codepage(data: bytes) -> str | None:
    """Pick the Windows code page a spreadsheet program most plausibly wrote.

    Plausible for this consortium: Windows-1251 (Cyrillic), 1253 (Greek), 1252 (Western)
    and 1254 (Turkish, Uzbek Latin). Cyrillic and Greek words are runs of non-ASCII bytes;
    Western and Turkish text has single accented letters between ASCII ones. That splits the
    four in two pairs even for a short file; charset-normalizer then tells Cyrillic from
    Greek by how natural the text reads, and the six letters where 1254 differs from 1252
    (Ğ ğ İ ı Ş ş, which are Icelandic in 1252) tell those two apart. None when nothing
    decodes cleanly.
    """
    sample = data if len(data) <= 2_000_000 else data[:2_000_000]
    runs = re.findall(rb"[\x80-\xff]+", sample)
    single = sum(1 for run in runs if len(run) == 1)
    total = sum(len(run) for run in runs) or 1
    if single / total >= 0.5:
        turkish = any(b in sample for b in TURKISH_ONLY_BYTES)
        candidates = ["cp1254", "cp1252"] if turkish else ["cp1252", "cp1254"]
    else:
        from charset_normalizer import from_bytes

        best = from_bytes(sample, cp_isolation=["cp1251", "cp1253"], threshold=0.3).best()
        candidates = [codecs.lookup(best.encoding).name] if best is not None else []
    for encoding in candidates:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def _header_width(data: bytes) -> int:
    """Cells in the first non-blank line, counted on the raw bytes (cheap, before decoding):
    the most of , ; TAB outside quotes, plus one. UTF-16 is counted on its ASCII bytes."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    start, line = 0, b""
    for _ in range(HEADER_SCAN_LINES):
        end = data.find(b"\n", start)
        line = data[start : end if end >= 0 else len(data)]
        if utf16:
            line = line.replace(b"\x00", b"")
        if line.strip(b" \t\r\xef\xbb\xbf\xff\xfe") or end < 0:
            break
        start = end + 1
    if b'"' not in line:  # the usual case: count in C over the whole line
        return 1 + max(line.count(d.encode()) for d in DELIMITERS)
    text = line[:HEADER_SCAN_BYTES].decode("latin-1")
    return 1 + max(_count_outside_quotes(text, d) for d in DELIMITERS)


def _check_parts(parts: list[zipfile.ZipInfo], display_name: str, limits: Limits) -> None:
    """Refuse a workbook whose parts unpack to far more than an upload may hold (tiny shared
    strings compress a thousandfold and cost gigabytes once parsed), before calamine reads it."""
    limit = limits.xlsx_part_bytes
    for info in parts:
        if info.file_size > limit:
            raise InputFileError(
                key="intake.read.xlsx_part_too_big",
                file=display_name,
                part=info.filename,
                size=info.file_size >> 20,
                limit=limit >> 20,
            )


def _detect_delimiter(header_line: str) -> str:
    """The delimiter is whichever of , ; or TAB occurs most often in the header line."""
    counts = {d: _count_outside_quotes(header_line, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == char and not quoted:
            count += 1
    return count


def _read_csv(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    path: Path | None,
    display_name: str,
    table: str,
    limits: Limits,
) -> RawTable:
    check_width(_header_width(data), display_name, limits)
    forced = None
    hint = SEP_LINE.match(data)
    if hint:  # Excel's "sep=;" first line names the delimiter and is not shown as a row
        forced = hint.group(2).decode("ascii")
        data, path = (hint.group(1) or b"") + data[hint.end() :], None
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        loaded = _try_duckdb(con, data, path, display_name, table, forced)
        if loaded is not None:
            return loaded
    text, encoding = _decode(data, display_name)
    text_hint = SEP_LINE_TEXT.match(text)
    if text_hint:
        forced, text = text_hint.group(1), text[text_hint.end() :]
    header_line = next((line for line in io.StringIO(text) if line.strip(TRIM_CHARS)), "")
    delimiter = forced or _detect_delimiter(header_line)
    if encoding not in ("utf-8", "utf-8-sig"):
        encoded = text.encode("utf-8")
        loaded = _try_duckdb(con, encoded, None, display_name, table, delimiter)
        if loaded is not None:
            return loaded
    return read_csv_text(con, text, delimiter, display_name, table, limits)


def _try_duckdb(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    path: Path | None,
    display_name: str,
    table: str,
    delimiter: str | None = None,
) -> RawTable | None:
    """The fast path for UTF-8 bytes; None when DuckDB would number rows differently from
    Excel (blank lines, header below line 1, bare carriage returns) or cannot read the file
    (then the csv module reads it and says what is wrong). DuckDB checks the UTF-8 itself."""
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    newline = data.find(b"\n", start)
    try:
        first_line = data[start : newline if newline >= 0 else len(data)].decode("utf-8")
    except UnicodeDecodeError:
        return None
    first_line = first_line.rstrip("\r")
    if not first_line.strip(TRIM_CHARS) or first_line.count('"') % 2:
        return None
    end = len(data)
    while end > start and data[end - 1] in b" \t\r\n":
        end -= 1
    returns = data.count(b"\r", start, end)  # one pass each: these scans cost on 70 MB files
    if returns and returns != data.count(b"\r\n", start, end):
        return None  # bare carriage returns
    if data.find(b"\n\n", start, end) >= 0:
        return None
    if returns and data.find(b"\n\r\n", start, end) >= 0:
        return None
    delimiter = delimiter or _detect_delimiter(first_line)
    csv.field_size_limit(CSV_FIELD_LIMIT)  # the module's own limit (128 KiB) is not ours
    try:
        header = next(csv.reader([first_line], delimiter=delimiter, quotechar='"'))
    except csv.Error as exc:
        raise InputFileError(
            key="intake.read.cell_too_long", file=display_name, row=1, limit=CSV_FIELD_LIMIT
        ) from exc
    columns = _header_columns(header, display_name, row=1)
    try:
        if path is not None:
            return _load_with_duckdb(con, path, delimiter, header, columns, display_name, table)
        with _temp_file(data) as tmp:
            return _load_with_duckdb(con, tmp, delimiter, header, columns, display_name, table)
    except duckdb.Error:
        return None


class _temp_file:
    """A temporary copy of the bytes DuckDB has to read from disk, deleted on exit."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.path: Path | None = None

    def __enter__(self) -> Path:
        fd, name = tempfile.mkstemp(prefix="leslie-", suffix=".csv")
        self.path = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(self.data)
        return self.path

    def __exit__(self, *exc: object) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def _load_with_duckdb(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    delimiter: str,
    header: list[str],
    columns: list[str],
    display_name: str,
    table: str,
) -> RawTable:
    slots = _slot_names(header)
    con.execute(
        sql_file("load_csv.sql").format(cells=quote_ident(_cells_table(table))),
        {"path": str(path), "delim": delimiter, "columns": dict.fromkeys(slots, "VARCHAR")},
    ).fetchall()
    return _finish(con, slots, columns, display_name, table, row="rowid + 2")


def read_csv_text(
    con: duckdb.DuckDBPyConnection,
    text: str,
    delimiter: str,
    display_name: str,
    table: str,
    limits: Limits = DEFAULT_LIMITS,
) -> RawTable:
    """The exact path: Python's csv module, counting blank lines as Excel does."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, list[str]]] = []
    row_number = 0
    try:
        for row_number, cells in enumerate(reader, start=1):
            if header is None:
                if any(c.strip(TRIM_CHARS) for c in cells):
                    header, header_row = cells, row_number
                    check_width(len(cells), display_name, limits)
                continue
            if any(c.strip(TRIM_CHARS) for c in cells):
                rows.append((row_number, cells))
    except csv.Error as exc:
        at = row_number + 1
        if "field larger" in str(exc):
            raise InputFileError(
                key="intake.read.cell_too_long", file=display_name, row=at, limit=CSV_FIELD_LIMIT
            ) from exc
        raise InputFileError(key="intake.read.unclosed_quote", file=display_name, row=at) from exc
    if header is None:
        raise InputFileError(key="intake.read.no_header", file=display_name)
    columns = _header_columns(header, display_name, header_row)
    slots = _slot_names(header)
    width = len(slots)
    for row_number, cells in rows:
        for index in range(width, len(cells)):
            if cells[index].strip(TRIM_CHARS):
                raise _unnamed_value(display_name, row_number, index, cells[index])
    arrays = {"_row": pa.array([r for r, _ in rows], type=pa.int32())}
    for index, slot in enumerate(slots):
        arrays[slot] = pa.array(
            [cells[index] if index < len(cells) else None for _, cells in rows], type=pa.string()
        )
    return _load_arrow(con, pa.table(arrays), slots, columns, display_name, table)


# --------------------------------------------------------------------------- XLSX


def _read_xlsx(
    con: duckdb.DuckDBPyConnection, data: bytes, display_name: str, table: str, limits: Limits
) -> RawTable:
    from python_calamine import CalamineWorkbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = zf.infolist()
            unpacked = sum(info.file_size for info in parts)
    except zipfile.BadZipFile as exc:
        raise InputFileError(
            key="intake.read.xlsx_damaged", file=display_name, reason=str(exc)
        ) from exc
    if unpacked > XLSX_MAX_UNPACKED:
        raise InputFileError(
            key="intake.read.xlsx_too_big", file=display_name, limit=XLSX_MAX_UNPACKED >> 20
        )
    _check_parts(parts, display_name, limits)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet_rows = _pick_sheet(book)
    except LeslieError:
        raise
    except Exception as exc:  # calamine raises several of its own types on broken files
        raise InputFileError(
            key="intake.read.xlsx_unreadable", file=display_name, reason=str(exc)
        ) from exc
    if sheet_rows is None:
        raise InputFileError(key="intake.read.xlsx_no_data", file=display_name)
    sheet_name, first_row, grid = sheet_rows
    header_index = next(i for i, cells in enumerate(grid) if any(_cell_text(c) for c in cells))
    header = [_cell_text(c) or "" for c in grid[header_index]]
    header_row = first_row + header_index
    check_width(len(header), display_name, limits)
    columns = _header_columns(header, display_name, header_row, sheet_name)
    slots = _slot_names(header)
    width = len(slots)
    row_numbers: list[int] = []
    values: list[list[str | None]] = [[] for _ in slots]
    for offset, cells in enumerate(grid[header_index + 1 :], start=header_row + 1):
        texts = [_cell_text(c) for c in cells]
        if not any(texts):
            continue
        for index in range(width, len(texts)):
            if texts[index]:
                raise _unnamed_value(display_name, offset, index, texts[index])
        row_numbers.append(offset)
        for index in range(width):
            values[index].append(texts[index] if index < len(texts) else None)
    arrays = {"_row": pa.array(row_numbers, type=pa.int32())}
    for slot, column_values in zip(slots, values, strict=True):
        arrays[slot] = pa.array(column_values, type=pa.string())
    return _load_arrow(con, pa.table(arrays), slots, columns, display_name, table)


def _pick_sheet(book) -> tuple[str, int, list[list]] | None:
    """The sheet named after a template, else the first sheet whose header fits a template,
    else the first sheet holding anything. Returns (name, Excel row of grid[0], grid)."""
    named = [n for n in book.sheet_names if normalize_header(n) in TEMPLATES]
    first_with_data = None
    for name in named + [n for n in book.sheet_names if n not in named]:
        sheet = book.get_sheet_by_name(name)
        grid = sheet.to_python(skip_empty_area=False)
        header = next((cells for cells in grid if any(_cell_text(c) for c in cells)), None)
        if header is None:
            continue
        if name in named:
            return name, 1, grid
        if first_with_data is None:
            first_with_data = (name, 1, grid)
        try:
            detect_template([normalize_header(_cell_text(c)) for c in header])
        except InputFileError:
            continue
        return name, 1, grid
    return first_with_data


def _cell_text(value: object) -> str | None:
    """An Excel cell as the text a user would type: 5.0 -> "5", dates as YYYY-MM-DD."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    text = str(value).strip(TRIM_CHARS)
    return text or None


# --------------------------------------------------------------------------- shared


def _header_columns(header: list[str], file: str, row: int, sheet: str | None = None) -> list[str]:
    """Normalized names of the named header cells; a repeated name is an error."""
    for index, cell in enumerate(header):
        if len(cell) > HEADER_CELL_LIMIT:
            raise InputFileError(
                key="intake.read.header_cell_too_long",
                file=file,
                cell=f"{_column_letter(index)}{row}",
                length=len(cell),
                limit=HEADER_CELL_LIMIT,
            )
    names = [normalize_header(c) for c in header]
    where = {"file": file, "row": row} | ({"sheet": sheet} if sheet else {})
    suffix = "_sheet" if sheet else ""
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            continue
        if name in seen:
            raise InputFileError(
                key="intake.read.duplicate_header" + suffix,
                column=name,
                first=_column_letter(seen[name]),
                second=_column_letter(index),
                **where,
            )
        seen[name] = index
    if not seen:
        raise InputFileError(key="intake.read.empty_header" + suffix, **where)
    return [n for n in names if n]


def check_width(count: int, display_name: str, limits: Limits) -> None:
    """Refuse a header row wider than any template could need, before any row is parsed
    (100,000 empty columns would cost gigabytes of memory and minutes)."""
    if count > limits.max_columns:
        raise InputFileError(
            key="intake.read.too_many_columns",
            file=display_name,
            count=count,
            limit=limits.max_columns,
        )


def _slot_names(header: list[str]) -> list[str]:
    """Column names for loading: the normalized header; unnamed cells get a private name."""
    names = [normalize_header(c) for c in header]
    taken = set(names)
    slots = []
    for index, name in enumerate(names):
        if not name:
            name = f"_unnamed_{index}"
            while name in taken:
                name = "_" + name
        slots.append(name)
    return slots


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _unnamed_value(
    display_name: str, row: int, index: int, value: str, title_hint: bool = False
) -> InputFileError:
    shown = value.strip(TRIM_CHARS)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return InputFileError(
        key="intake.read.unnamed_value_title" if title_hint else "intake.read.unnamed_value",
        file=display_name,
        row=row,
        letter=_column_letter(index),
        value=shown,
    )


def _load_arrow(
    con: duckdb.DuckDBPyConnection,
    arrow: pa.Table,
    slots: list[str],
    columns: list[str],
    display_name: str,
    table: str,
) -> RawTable:
    con.register("lv_arrow", arrow)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {quote_ident(_cells_table(table))} AS "
            "SELECT * FROM lv_arrow"
        ).fetchall()
    finally:
        con.unregister("lv_arrow")
    return _finish(con, slots, columns, display_name, table, row="_row")


def _cells_table(table: str) -> str:
    """The loaded cells behind the raw view (kept as long as the view)."""
    return f"{table}__cells"


def _finish(
    con: duckdb.DuckDBPyConnection,
    slots: list[str],
    columns: list[str],
    display_name: str,
    table: str,
    row: str,
) -> RawTable:
    """Refuse values under unnamed headers, find blank rows, expose the trimmed cells of the
    named columns with their Excel row number as the view ``table``."""
    cells = quote_ident(_cells_table(table))
    blank = quote_ident(f"{table}__blank")
    named_set = set(columns)
    unnamed = [s for s in slots if s not in named_set]
    excluded = ([] if row == "rowid + 2" else ["_row"]) + [quote_ident(s) for s in unnamed]
    named = f"* EXCLUDE ({', '.join(excluded)})" if excluded else "*"
    if unnamed:
        hit = con.execute(
            sql_file("value_in_unnamed_column.sql").format(cells=cells, row=row),
            {"blank": unnamed},
        ).fetchall()
        if hit:
            con.execute(f"DROP TABLE IF EXISTS {cells}")
            row_number, slot, value = hit[0]
            raise _unnamed_value(
                display_name, row_number, slots.index(slot), value, title_hint=len(columns) == 1
            )
    con.execute(sql_file("blank_rows.sql").format(blank=blank, cells=cells, row=row, named=named))
    ((blank_rows,),) = con.execute(f"SELECT count(*) FROM {blank}").fetchall()
    keep = f"WHERE _row NOT IN (SELECT _row FROM {blank})" if blank_rows else ""
    if not blank_rows:
        con.execute(f"DROP TABLE {blank}")
    try:
        con.execute(f"DROP VIEW IF EXISTS {quote_ident(table)}")
    except duckdb.CatalogException:  # an earlier table of that name
        con.execute(f"DROP TABLE {quote_ident(table)}")
    con.execute(
        sql_file("raw_from_load.sql").format(
            table=quote_ident(table), cells=cells, row=row, named=named, keep=keep
        )
    )
    ((loaded,),) = con.execute(f"SELECT count(*) FROM {cells}").fetchall()
    return RawTable(
        display_name=display_name, table=table, columns=columns, row_count=loaded - blank_rows
    )
