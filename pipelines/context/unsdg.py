"""Reader for the UN SDG Global Database CSV export (``Goal, Target, Indicator, SeriesCode,
GeoAreaCode, TimePeriod, Value, ...``): a leading unnamed index column and quoted multi-line
fields are tolerated. Rows of countries outside the project (by M49 code) are left out.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipelines.context.model import Parsed, Skipped, disaggregation
from pipelines.context.values import number, years
from pipelines.words.catalogue import Message

REQUIRED = {"Indicator", "SeriesCode", "GeoAreaCode", "TimePeriod", "Value"}
NOT_DIMENSIONS = REQUIRED | {
    "Goal", "Target", "SeriesDescription", "GeoAreaName", "Time_Detail", "Source", "FootNote",
    "Nature", "Reporting Type", "Units", "Upper Bound", "Lower Bound", "TimeCoverage",
    "UpperBound", "LowerBound", "BasePeriod", "GeoInfoUrl",
}  # fmt: skip


def _header(path: Path) -> set[str]:
    try:
        with path.open(encoding="utf-8-sig") as fh:
            return {h.strip().strip('"') for h in fh.readline().split(",")}
    except (UnicodeDecodeError, OSError):
        return set()


def is_unsdg(path: Path) -> bool:
    files = [path] if path.is_file() else sorted(path.glob("*.csv"))
    return any(_header(f) >= REQUIRED for f in files)


def read(path: Path, m49_to_iso2: dict[int, str], country: str | None) -> Parsed:
    parsed = Parsed("unsdg")
    files = [path] if path.is_file() else sorted(p for p in path.iterdir() if p.is_file())
    for file in files:
        if file.suffix.lower() != ".csv":
            parsed.skipped.append(Skipped(file.name, Message("context.skip.not_csv")))
            continue
        if not _header(file) >= REQUIRED:
            parsed.skipped.append(Skipped(file.name, Message("context.skip.columns")))
            continue
        frame = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        frame = frame.loc[:, [c for c in frame.columns if c and not c.startswith("Unnamed")]]
        if frame.empty:
            parsed.skipped.append(Skipped(file.name, Message("context.skip.empty")))
            continue
        parsed.files_read.append(file.name)
        _rows(parsed, frame, m49_to_iso2, country)
    return parsed


def _rows(parsed: Parsed, frame: pd.DataFrame, m49_to_iso2, country) -> None:
    dims = [c for c in frame.columns if c not in NOT_DIMENSIONS]
    for rec in frame.to_dict("records"):
        code = str(rec["GeoAreaCode"]).strip()
        where = m49_to_iso2.get(int(float(code))) if number(code) is not None else None
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
