"""Reader for the UN SDG Global Database CSV export (``Goal, Target, Indicator, SeriesCode,
GeoAreaCode, TimePeriod, Value, ...``): a leading unnamed index column and quoted multi-line
fields are tolerated. Rows of countries outside the project (by M49 code) are left out.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipelines.context.model import Parsed, Skipped, disaggregation
from pipelines.context.source_files import SourceFolder
from pipelines.context.values import number, years
from pipelines.words.catalogue import Message

REQUIRED = {"Indicator", "SeriesCode", "GeoAreaCode", "TimePeriod", "Value"}
NOT_DIMENSIONS = REQUIRED | {
    "Goal", "Target", "SeriesDescription", "GeoAreaName", "Time_Detail", "Source", "FootNote",
    "Nature", "Reporting Type", "Units", "Upper Bound", "Lower Bound", "TimeCoverage",
    "UpperBound", "LowerBound", "BasePeriod", "GeoInfoUrl",
}  # fmt: skip
LABELS = ("Indicator", "SeriesCode", "Units")


def _files(src: SourceFolder, path: Path) -> list[Path]:
    return [path] if path.is_file() else src.entries(path)[0]


def is_unsdg(src: SourceFolder, path: Path) -> bool:
    files = [f for f in _files(src, path) if f.suffix.lower() == ".csv"]
    return any(set(src.header(f)) >= REQUIRED for f in files)


def read(src: SourceFolder, path: Path, m49_to_iso2: dict[int, str], country: str | None) -> Parsed:
    parsed = Parsed("unsdg")
    for file in _files(src, path):
        name = src.rel(file)
        if file.suffix.lower() != ".csv":
            parsed.skipped.append(Skipped(name, Message("context.skip.not_csv")))
            continue
        if not set(src.header(file)) >= REQUIRED:
            parsed.skipped.append(Skipped(name, Message("context.skip.columns")))
            continue
        try:
            frame = src.csv_frame(file)
        except UnicodeDecodeError:
            parsed.skipped.append(Skipped(name, Message("context.skip.encoding")))
            continue
        except pd.errors.ParserError:
            parsed.skipped.append(Skipped(name, Message("context_sources.skip.malformed")))
            continue
        frame = frame.loc[:, [c for c in frame.columns if c and not c.startswith("Unnamed")]]
        if frame.empty:
            parsed.skipped.append(Skipped(name, Message("context.skip.empty")))
            continue
        for column in LABELS:
            if column in frame.columns and len(frame):
                longest = frame[column].str.len().idxmax()
                src.label(file, column, str(frame.at[longest, column]))
        parsed.files_read.append(name)
        _rows(parsed, frame, m49_to_iso2, country)
    return parsed


def _rows(parsed: Parsed, frame: pd.DataFrame, m49_to_iso2, country) -> None:
    dims = [c for c in frame.columns if c not in NOT_DIMENSIONS]
    for rec in frame.to_dict("records"):
        code = str(rec["GeoAreaCode"]).strip()
        numeric = number(code)  # '398', '398.0'; '1,5' or '1e999' name no country
        where = m49_to_iso2.get(int(numeric)) if numeric is not None else None
        if where is None or (country and where != country):
            continue  # a country the project does not work in
        span, value = years(str(rec["TimePeriod"])), number(str(rec["Value"]))
        if span is None or value is None:
            parsed.rows_dropped += 1
            continue
        parsed.rows.append(
            {
                "country": where,
                "indicator": str(rec["Indicator"]).strip(),
                "series": str(rec["SeriesCode"]).strip(),
                "year": span[0],
                "year_end": span[1],
                "region": "",
                "region_label": "",
                "disaggregation": disaggregation({d: str(rec[d]).strip() for d in dims}),
                "value": value,
                "unit": str(rec.get("Units", "")).strip(),
                "unit_code": str(rec.get("Units", "")).strip(),
            }
        )
