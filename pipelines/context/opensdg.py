"""Reader for the Open SDG data format: ``data/indicator_X-Y-Z.csv`` tidy files
(``Year, <disaggregations...>, Value``), ``meta/`` metadata, and labels of codes in
``translations/<lang>/<COLUMN>.yml``.

Tolerated, as real repositories have them: header-only files, quoted headers, trailing
spaces in values, empty trailing header columns, blank lines, ``Units`` or ``UNIT_MEASURE``,
region codes (``REF_AREA``) whose names live in the translations, fiscal years
(``2014/2015``), empty disaggregation cells, and stray files that are not CSV.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from pipelines.context.model import Parsed, Skipped, disaggregation, read_indicator_csv
from pipelines.context.source_files import SourceFolder
from pipelines.context.values import number, years
from pipelines.words.catalogue import Message

UNIT_COLUMNS = ("unit_measure", "units", "unit")
REGION_COLUMNS = ("ref_area", "geocode")
SERIES_COLUMNS = ("series",)
NOT_DIMENSIONS = {"year", "value", "obs_status", *UNIT_COLUMNS, *REGION_COLUMNS, *SERIES_COLUMNS}
LABEL_LANGS = ("en", "ru", "kk")


def is_opensdg(src: SourceFolder, path: Path) -> bool:
    """A folder with ``data/indicator_*.csv`` (names only are looked at)."""
    data = path / "data"
    if not path.is_dir() or not (data.is_dir() or data.is_symlink()):
        return False
    src.check(data)  # a link named data/ refuses the import
    return any(e.name.startswith("indicator_") and e.name.endswith(".csv") for e in data.iterdir())


def labels(src: SourceFolder, folder: Path, column: str) -> dict[str, str]:
    """Code -> label for one column, from the first language folder that has the file."""
    for lang in LABEL_LANGS:
        path = folder / "translations" / lang / f"{column}.yml"
        if src.is_file(path):
            try:
                loaded = src.yaml_mapping(path)
            except (yaml.YAMLError, UnicodeDecodeError):
                continue
            if isinstance(loaded, dict):
                return {
                    str(k).strip(): src.label(path, str(k).strip(), str(v).strip())
                    for k, v in loaded.items()
                }
    return {}


def read(src: SourceFolder, folder: Path, country: str) -> Parsed:
    parsed = Parsed("opensdg")
    units = labels(src, folder, "UNIT_MEASURE")
    regions = labels(src, folder, "REF_AREA")
    files, _ = src.entries(folder / "data")
    for path in files:
        name = src.rel(path)
        found = read_indicator_csv(src, path, name, parsed)
        if found is None:
            continue
        code, header, rows = found
        lower = [h.lower() for h in header]
        if "year" not in lower or "value" not in lower:
            parsed.skipped.append(Skipped(name, Message("context.skip.columns")))
            continue
        if not rows:
            parsed.skipped.append(Skipped(name, Message("context.skip.empty")))
            continue
        parsed.files_read.append(name)
        _rows(src, path, parsed, header, rows, code, country, units, regions)
    return parsed


def _rows(src, path, parsed: Parsed, header, rows, code, country, units, regions) -> None:
    lower = [h.lower() for h in header]
    at = {h: i for i, h in enumerate(lower)}
    unit_at = next((at[c] for c in UNIT_COLUMNS if c in at), None)
    region_at = next((at[c] for c in REGION_COLUMNS if c in at), None)
    series_at = next((at[c] for c in SERIES_COLUMNS if c in at), None)
    dims = [(header[i], i) for i, h in enumerate(lower) if h not in NOT_DIMENSIONS and h]
    for row in rows:
        span, value = years(row[at["year"]]), number(row[at["value"]])
        if span is None or value is None:
            parsed.rows_dropped += 1
            continue
        region = src.label(path, "REF_AREA", row[region_at]) if region_at is not None else ""
        unit = src.label(path, "UNIT_MEASURE", row[unit_at]) if unit_at is not None else ""
        series = src.label(path, "SERIES", row[series_at]) if series_at is not None else ""
        parsed.rows.append(
            {
                "country": country,
                "indicator": code,
                "series": series or code,
                "year": span[0],
                "year_end": span[1],
                "region": region,
                "region_label": regions.get(region, region),
                "disaggregation": disaggregation({name: row[i] for name, i in dims}),
                "value": value,
                "unit": units.get(unit, unit) if unit else "",
                "unit_code": unit,
            }
        )
