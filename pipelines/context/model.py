"""The shape of a national SDG figure as the context store keeps it, and of an import report."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from pipelines.context.values import indicator_code
from pipelines.words.catalogue import Message

if TYPE_CHECKING:
    from pipelines.context.source_files import SourceFolder

# one row per figure: which indicator and series, where, when, broken down how, and from where
SCHEMA = pa.schema(
    [
        ("country", pa.string()),  # ISO 3166-1 alpha-2
        ("indicator", pa.string()),  # dotted SDG indicator code, '7.1.1'
        ("series", pa.string()),  # the source's series code ('7.1.1' when it has none)
        ("year", pa.int32()),  # first year of the observation
        ("year_end", pa.int32()),  # last year ('2014/2015' -> 2014, 2015)
        ("region", pa.string()),  # sub-national area code, '' for the whole country
        ("region_label", pa.string()),
        ("disaggregation", pa.string()),  # JSON object of dimension -> value, '' when none
        ("value", pa.float64()),
        ("unit", pa.string()),  # label of the unit where the source has one
        ("unit_code", pa.string()),
        ("source", pa.string()),
        ("licence", pa.string()),
        ("imported_at", pa.string()),
    ]
)
COLUMNS = tuple(SCHEMA.names)


def disaggregation(dims: dict[str, str]) -> str:
    """A stable text for a set of dimension values (sorted keys; '' when there are none)."""
    kept = {k: v for k, v in dims.items() if v}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True) if kept else ""


@dataclass(frozen=True)
class Skipped:
    """A file of a source that was not read, and why (a catalogue key with parameters)."""

    file: str
    reason: Message

    def as_dict(self, lang: str = "en") -> dict:
        return {"file": self.file, "key": self.reason.key, "reason": self.reason.render(lang)}


@dataclass
class Parsed:
    """What a reader found in one source, before anything is stored."""

    format: str
    rows: list[dict] = field(default_factory=list)
    files_read: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    rows_dropped: int = 0  # rows without a usable value (missing, or a leading run of zeros)


@dataclass(frozen=True)
class ImportReport:
    source: str
    format: str
    status: str  # "imported" | "unchanged"
    countries: tuple[str, ...]
    files_read: int
    series: int
    rows: int
    rows_dropped: int
    skipped: tuple[Skipped, ...]

    def as_dict(self, lang: str = "en") -> dict:
        return {
            "source": self.source,
            "format": self.format,
            "status": self.status,
            "countries": list(self.countries),
            "files_read": self.files_read,
            "series": self.series,
            "rows": self.rows,
            "rows_dropped": self.rows_dropped,
            "skipped": [s.as_dict(lang) for s in self.skipped],
        }


def read_indicator_csv(
    src: SourceFolder, path: Path, name: str, parsed: Parsed
) -> tuple[str, list[str], list[list[str]]] | None:
    """An indicator file's code, header and rows; None (the reason kept in ``parsed``) for a
    file that is not CSV, not named after an indicator, or not readable as text."""
    if path.suffix.lower() != ".csv":
        parsed.skipped.append(Skipped(name, Message("context.skip.not_csv")))
        return None
    code = indicator_code(path.stem)
    if code is None:
        parsed.skipped.append(Skipped(name, Message("context.skip.name")))
        return None
    try:
        header, rows = src.csv_rows(path)
    except UnicodeDecodeError:
        parsed.skipped.append(Skipped(name, Message("context.skip.encoding")))
        return None
    return code, header, rows
