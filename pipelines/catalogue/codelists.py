"""The ELM code lists kept as data (``codelists/*.csv``, provenance in their README)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DIR = Path(__file__).resolve().parent / "codelists"
UNKNOWN_FIELD = "9999"  # ISCED-F "Field unknown": says nothing a reader can use


@cache
def table(name: str) -> dict[str, tuple[str, str]]:
    """{value: (uri, English label)} of one code list file."""
    with open(DIR / f"{name}.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return {r[0]: (r[1], r[2] if len(r) > 2 else r[0]) for r in rows[1:]}


def isced_code(value: object) -> str | None:
    """A detailed ISCED-F field as four digits ('521' from a spreadsheet -> '0521'), or None
    when it is not a known detailed field of the code list."""
    if value is None:
        return None
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if text.isdigit() and len(text) < 4:
        text = text.zfill(4)
    known = len(text) == 4 and text in table("isced-f") and text != UNKNOWN_FIELD
    return text if known else None
