"""Reader for tidy scrapes of a national SDG platform: one CSV per indicator (``7-1-1.csv``)
with ``unique_id, col_caption_name, year, value`` and the country's ISO3 code.

The missing-data rule: on such platforms a run of zeros before a series' first non-zero
value stands for "no data yet", not for a measured 0 (Uzbekistan's 7.1.1 is 0 for 2000-2007,
then 93.5-100). Those leading zeros are dropped; a zero after the first real value is kept,
and a series that is zero throughout is dropped whole.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.context.model import Parsed, Skipped, disaggregation, read_indicator_csv
from pipelines.context.source_files import SourceFolder
from pipelines.context.values import number, years
from pipelines.words.catalogue import Message

REQUIRED = {"unique_id", "year", "value"}
TOTAL_CAPTIONS = {"", "total", "всего", "jami"}


def _files(src: SourceFolder, path: Path) -> list[Path]:
    return [path] if path.is_file() else src.entries(path)[0]


def is_scrape(src: SourceFolder, path: Path) -> bool:
    files = [f for f in _files(src, path) if f.suffix.lower() == ".csv"][:3]
    return any({h.lower() for h in src.header(f)} >= REQUIRED for f in files)


def read(
    src: SourceFolder, path: Path, country: str | None, iso3_to_iso2: dict[str, str]
) -> Parsed:
    """Rows of the project's countries (by the ``M49_country_code`` column, which holds ISO3
    codes), or of ``country`` alone when one is named."""
    parsed = Parsed("scrape")
    for file in _files(src, path):
        name = src.rel(file)
        found = read_indicator_csv(src, file, name, parsed)
        if found is None:
            continue
        code, header, rows = found
        if not {h.lower() for h in header} >= REQUIRED:
            parsed.skipped.append(Skipped(name, Message("context.skip.columns")))
            continue
        if not rows:
            parsed.skipped.append(Skipped(name, Message("context.skip.empty")))
            continue
        parsed.files_read.append(name)
        _series(src, file, parsed, header, rows, code, country, iso3_to_iso2)
    return parsed


def _series(src, file, parsed: Parsed, header, rows, code, country, iso3_to_iso2) -> None:
    at = {h.lower(): i for i, h in enumerate(header)}
    groups: dict[tuple[str, str], list[tuple[tuple[int, int], float | None, str]]] = {}
    for row in rows:
        caption = row[at["col_caption_name"]] if "col_caption_name" in at else ""
        iso3 = row[at["m49_country_code"]].strip().upper() if "m49_country_code" in at else ""
        where = iso3_to_iso2.get(iso3) if iso3 else country
        if country and where != country:
            continue  # another country's row of a file that holds several
        span = years(row[at["year"]])
        if span is None or where is None:
            parsed.rows_dropped += 1
            continue
        series = src.label(file, "unique_id", row[at["unique_id"]].strip("_ "))
        key = (series or code, src.label(file, "col_caption_name", caption))
        groups.setdefault(key, []).append((span, number(row[at["value"]]), where))
    for (series, caption), points in groups.items():
        points.sort(key=lambda p: p[0])
        started = False
        for span, value, where in points:
            started = started or (value is not None and value != 0)
            if value is None or not started:
                parsed.rows_dropped += 1
                continue
            total = caption.strip().lower() in TOTAL_CAPTIONS
            parsed.rows.append(
                {
                    "country": where,
                    "indicator": code,
                    "series": series,
                    "year": span[0],
                    "year_end": span[1],
                    "region": "",
                    "region_label": "",
                    "disaggregation": "" if total else disaggregation({"caption": caption}),
                    "value": value,
                    "unit": "",
                    "unit_code": "",
                }
            )
