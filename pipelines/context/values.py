"""Reading the cells of national SDG files: years, values and CSV text as real files have them."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

YEAR = re.compile(r"^(\d{4})(?:\.0+)?(?:\s*[/\-–]\s*(\d{2}|\d{4}))?$")


def years(cell: str) -> tuple[int, int] | None:
    """'2015' -> (2015, 2015); fiscal '2014/2015' or '2014-15' -> (2014, 2015); '2010.0' too."""
    match = YEAR.match(cell.strip())
    if not match:
        return None
    first = int(match.group(1))
    last = match.group(2)
    if last is None:
        return first, first
    end = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
    return (first, end) if end >= first else None


def number(cell: str) -> float | None:
    """'40.9 ' -> 40.9; '1 234,5' -> 1234.5; empty or not a number -> None."""
    text = cell.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def csv_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header (trimmed, unquoted) and the non-blank rows of a UTF-8 CSV file.

    Empty trailing header columns are dropped with their cells; blank lines are ignored.
    Raises UnicodeDecodeError for a file that is not UTF-8 (the caller skips it).
    """
    return parse_csv(path.read_bytes().decode("utf-8-sig"))


class CsvLineError(csv.Error):
    """A CSV record that cannot be read (a field over the csv module's limit), with its line."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}")
        self.line = line


def parse_csv(text: str) -> tuple[list[str], list[list[str]]]:
    """``csv_rows`` of text already read (by a source folder that checked where it came from)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    rows: list[list[str]] = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if not header:
                header = [cell.strip().strip('"').strip() for cell in record]
                while header and not header[-1]:
                    header.pop()
                continue
            rows.append(
                [cell.strip() for cell in record[: len(header)]]
                + [""] * (len(header) - len(record))
            )
    except csv.Error as exc:
        raise CsvLineError(reader.line_num) from exc
    return header, rows


def indicator_code(stem: str) -> str | None:
    """'indicator_7-1-1' or '7-1-1' -> '7.1.1' (national sub-indicators keep a fourth part)."""
    name = stem.removeprefix("indicator_")
    parts = name.split("-")
    if len(parts) < 3 or not parts[0].isdigit() or not all(p.isalnum() for p in parts):
        return None
    return ".".join(p.lower() for p in parts)
