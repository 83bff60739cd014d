"""Make the curated national extract shipped with the sample installation (``data/context``).

    python -m pipelines.context.extract --realdata ../shared/realdata --out data/context

Keeps only the national indicators mapped in ``[context]`` of project.toml, as figures in
each source's own format, with a provenance and a licence file per source, so that the
importer reads them as it reads the full sources and the extract can be refreshed:
- ``kz/``: Kazakhstan, Open SDG repository of the Bureau of National Statistics (MIT);
  national rows only (no region), labels of the units used;
- ``uz/``: Uzbekistan, scrape of the national SDG platform (CC BY-SA 4.0), untouched rows
  (leading zeros included: the importer's missing-data rule applies to them);
- ``un/``: Spain, Italy and Cyprus from the UN SDG Global Database (free reuse with
  attribution), the mapped indicators' rows of those countries.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
from pathlib import Path

import yaml

from pipelines.config import load_project
from pipelines.context.settings import load_settings
from pipelines.context.values import csv_rows
from pipelines.paths import BUNDLED_PROJECT

KZ = "sdg_kz_opensdg"
UZ = "sdg_uz_scraped/data_processed_uzb"
UN = "sdg_un_global_db"
UN_KEEP = ("Goal", "Target", "Indicator", "SeriesCode", "GeoAreaCode", "GeoAreaName",
           "TimePeriod", "Value", "Units", "Sex", "Type of skill")  # fmt: skip
EU = {"724", "380", "196"}  # M49: Spain, Italy, Cyprus

PROVENANCE = {
    "kz": {
        "name": "kazstat-sdg-data",
        "country": "KZ",
        "licence": "MIT",
        "provenance": "kazstat/sdg-data-kazstat, data/indicator_*.csv and translations/, "
        "commit 72277878d12502232b21c3d4b8ac459630b4f578 (2024-10-24); data producer: "
        "Bureau of National Statistics of the Republic of Kazakhstan",
    },
    "uz": {
        "name": "uzbekistan-nsdg-scrape",
        "country": "UZ",
        "licence": "CC BY-SA 4.0",
        "provenance": "MikePeleah/SDG-data-scripts, ca_sdg_scrapers/data_processed/uzb, commit "
        "e10c979d8d6b4ab0325b9ccbd370bb0c257b2285 (2023-07-30); scraped from the national SDG "
        "platform of Uzbekistan (nsdg.stat.uz)",
    },
    "un": {
        "name": "un-sdg-global-database",
        "licence": "UN terms: reuse with attribution",
        "provenance": "UN Statistics Division, SDG Global Database (2021 release), series "
        "SE_ADT_ACTS (4.4.1) and SE_GCEDESD_* (13.3.1), as exported in "
        "akamara05/Maritime_pirate_project sdg_piracy_sheets/csv_data (t441, t1331)",
    },
}


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _kazakhstan(realdata: Path, out: Path, codes: list[str]) -> None:
    units: set[str] = set()
    for code in codes:
        source = realdata / KZ / "data" / f"indicator_{code.replace('.', '-')}.csv"
        if not source.exists():
            continue
        header, rows = csv_rows(source)
        lower = [h.lower() for h in header]
        region = lower.index("ref_area") if "ref_area" in lower else None
        kept = [r for r in rows if region is None or not r[region]]
        unit = next((lower.index(u) for u in ("unit_measure", "units") if u in lower), None)
        units |= {r[unit] for r in kept} if unit is not None else set()
        if kept:
            _write_csv(out / "kz" / "data" / source.name, header, kept)
    for lang in ("en", "ru", "kk"):
        labels = yaml.safe_load(
            (realdata / KZ / "translations" / lang / "UNIT_MEASURE.yml").read_text("utf-8")
        )
        used = {k: labels[k] for k in sorted(units) if k in labels}
        target = out / "kz" / "translations" / lang / "UNIT_MEASURE.yml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(used, allow_unicode=True), encoding="utf-8")
    shutil.copyfile(realdata / KZ / "LICENSE", out / "kz" / "LICENSE")


def _uzbekistan(realdata: Path, out: Path, codes: list[str]) -> None:
    for code in codes:
        source = realdata / UZ / f"{code.replace('.', '-')}.csv"
        if source.exists():
            header, rows = csv_rows(source)
            _write_csv(out / "uz" / source.name, header, rows)


def _un(realdata: Path, out: Path, codes: list[str]) -> None:
    import pandas as pd

    kept = []
    for source in sorted((realdata / UN).glob("*.csv")):
        frame = pd.read_csv(source, dtype=str, keep_default_na=False)
        frame = frame[frame["Indicator"].isin(codes) & frame["GeoAreaCode"].isin(EU)]
        frame = frame[frame["Value"] != ""]
        kept.append(frame.reindex(columns=list(UN_KEEP), fill_value=""))
    if kept:
        target = out / "un" / "un_sdg_global_database.csv"
        target.parent.mkdir(parents=True, exist_ok=True)
        pd.concat(kept).to_csv(target, index=False)


LICENCE_NOTES = {
    "kz": "MIT: the LICENSE file beside this one is the source repository's and travels with it.",
    "uz": "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/): attribute the source "
    "above; adaptations of these figures are shared under the same licence.",
    "un": "United Nations SDG Global Database: free reuse of the data with attribution to the "
    "UN Statistics Division (the exporting repository states no licence of its own).",
}


def _source_note(out: Path, part: str) -> None:
    meta = PROVENANCE[part]
    text = (
        f"# {meta['name']}\n\nFigures only, extracted by `python -m pipelines.context.extract "
        "--realdata ../shared/realdata --out data/context` (the indicators mapped in "
        "`[context]` of data/project.toml). Refresh by running it again.\n\n"
        f"- Source: {meta['provenance']}\n- Licence: {LICENCE_NOTES[part]}\n"
    )
    (out / part / "SOURCE.md").write_text(text, encoding="utf-8")


def make_extract(realdata: Path, out: Path) -> None:
    codes = [i.code for i in load_settings(load_project(BUNDLED_PROJECT)).indicators]
    for part in ("kz", "uz", "un"):
        shutil.rmtree(out / part, ignore_errors=True)
    _kazakhstan(realdata, out, codes)
    _uzbekistan(realdata, out, codes)
    _un(realdata, out, codes)
    for part, meta in PROVENANCE.items():
        (out / part / "provenance.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        _source_note(out, part)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.context.extract")
    parser.add_argument("--realdata", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    make_extract(args.realdata, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
