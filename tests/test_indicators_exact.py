"""Exact indicator values on the tiny hand-built dataset (see fixtures/tiny/EXPECTED.md)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from pipelines.access.scope import Viewer
from pipelines.errors import UsageError
from pipelines.metrics.indicators import Filters, compute
from pipelines.warehouse.build import read_warehouse
from tests.ops_helpers import cli

CODES = [
    "ENR-1",
    "ENR-2",
    "ENR-3",
    "ENR-4",
    "ENR-5",
    "ENR-6",
    "MOD-1",
    "MOD-2",
    "DIS-1",
    "DIS-2",
    "DIS-3",
    "DIS-4",
]
EXPECTED = {
    "none": [8, 6, 4, 57.1, 3, 23.5, 3, 2, 5, 150, 26945, 2],
    "partner=KAZNU": [3, 2, 1, 50.0, 1, 10, 1, 1, 2, 40, 1620, 1],
    "country=KZ": [5, 4, 3, 50.0, 2, 18.5, 1, 1, 3, 65, 1645, 2],
    "sdg=15": [3, 3, 2, 33.3, 1, 14.5, 1, 1, 1, 40, 120, 1],
    "period=P1": [6, 3, 3, 60.0, 2, 12, 3, 2, 3, 150, 445, 2],
    "period=P2": [3, 3, 1, 66.7, 1, 11.5, 3, 2, 2, 0, 26500, 0],
}


def _filters(spec: str) -> Filters:
    if spec == "none":
        return Filters()
    key, value = spec.split("=")
    return Filters(**{key: int(value) if key == "sdg" else value})


def _cli_args(spec: str) -> list[str]:
    if spec == "none":
        return []
    key, value = spec.split("=")
    return [f"--{key}", value]


@pytest.mark.parametrize("spec", EXPECTED)
def test_engine_matches_hand_computed_values(tiny_dir, project, spec):
    with read_warehouse(tiny_dir.warehouse) as con:
        values = compute(con, project, Viewer.coordinator(), _filters(spec))
    assert [v.code for v in values] == CODES
    assert [v.actual for v in values] == pytest.approx(EXPECTED[spec])


def _cli_indicators(tiny_dir, *args: str) -> list[dict]:
    """What `python -m pipelines indicators --json` prints, parsed (the command run in this
    process; test_filter_errors_in_the_language_asked_for runs it as its own process)."""
    code, out, err = cli("indicators", "--json", "--data-dir", tiny_dir.root, *args)
    assert code == 0, err
    return json.loads(out)["indicators"]


@pytest.mark.parametrize("spec", ["none", "partner=KAZNU", "country=KZ", "sdg=15", "period=P1"])
def test_cli_json_prints_the_same_figures(tiny_dir, spec):
    printed = _cli_indicators(tiny_dir, *_cli_args(spec))
    assert [i["code"] for i in printed] == CODES
    assert [i["actual"] for i in printed] == EXPECTED[spec]
    assert set(printed[0]) == {"code", "name", "unit", "actual", "target", "status"}


def _cli_table(tiny_dir, *args: str) -> dict[str, str]:
    """What `python -m pipelines indicators` prints for people: code -> the line, its runs of
    spaces (column padding, no-break group separators) made single spaces."""
    out = subprocess.run(
        [sys.executable, "-m", "pipelines", "indicators", "--data-dir", str(tiny_dir.root), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LESLIE_LANG": "en"},
    )
    lines = [" ".join(line.split()) for line in out.stdout.splitlines()]
    return {"header": lines[0]} | {line.split()[0]: line for line in lines[1:]}


def test_cli_human_table_reads_as_words(tiny_dir):
    table = _cli_table(tiny_dir)
    assert table["header"] == "Code Indicator Actual Expected to date Target Status"
    # 8 learners against an expected 1,165 (1200 x elapsed share) by 2026-11-29
    assert table["ENR-1"] == "ENR-1 Learners enrolled 8 1,165 1,200 ✖ Off track"
    assert table["ENR-4"] == "ENR-4 Women among learners 57.1 % 50.0 % 50.0 % ✔ Achieved"
    assert table["DIS-3"].endswith(" 26,945 97,080 100,000 ✖ Off track")
    assert "None" not in str(table) and "off_track" not in str(table)


def test_cli_human_table_in_russian_without_targets(tiny_dir):
    table = _cli_table(tiny_dir, "--lang", "ru", "--sdg", "15")
    assert table["header"].startswith("Код Индикатор Факт")
    # SDG figures have no count targets: a dash and "Нет цели" (no target), never 0 or None
    assert table["DIS-3"].endswith(" 120 – – Нет цели")
    assert table["ENR-6"].endswith(" 14,5 – – Нет цели")


def test_cli_json_targets_and_status(tiny_dir):
    by_code = {i["code"]: i for i in _cli_indicators(tiny_dir)}
    # consortium targets from data/project.toml; ENR-4 (57.1 >= 50) is achieved
    assert by_code["ENR-1"]["target"] == 1200
    assert by_code["ENR-4"] == {
        "code": "ENR-4",
        "name": "Women among learners",
        "unit": "%",
        "actual": 57.1,
        "target": 50,
        "status": "achieved",
    }
    # 8 learners against an expected 1165.0 by 2026-11-29: off track
    assert by_code["ENR-1"]["status"] == "off_track"


def test_sdg_filter_has_no_target_except_shares(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        values = {v.code: v for v in compute(con, project, Viewer.coordinator(), Filters(sdg=15))}
    assert values["ENR-1"].target is None and values["ENR-1"].status is None
    assert values["ENR-4"].target == 50


def test_partner_and_country_targets_come_from_partner_targets(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        kaznu = {
            v.code: v for v in compute(con, project, Viewer.coordinator(), Filters(partner="kaznu"))
        }
        kz = {v.code: v for v in compute(con, project, Viewer.coordinator(), Filters(country="kz"))}
    assert kaznu["ENR-1"].target == 150
    # KZ partners: KAZNU 150 + KOKSU 110 + AYU 110 + CAREC 40 (MSHE-KZ has none)
    assert kz["ENR-1"].target == 410
    assert kz["DIS-1"].target == 6 + 4 + 4 + 6 + 4


def test_targets_not_listed_are_allocated_by_partner_type(tiny_dir, project):
    """[target_allocation] (EXPECTED.md, "Allocated targets"): ENR-2 700 over 11 hei x 6 and
    1 ngo x 2 = 68 weights: a hei 61.8, CAREC 20.6; floors 11 x 61 + 20 = 691, the 9 left go
    to the largest remainders (.76 of the first nine hei in partner order)."""
    with read_warehouse(tiny_dir.warehouse) as con:
        coord = Viewer.coordinator()
        kaznu = {v.code: v for v in compute(con, project, coord, Filters(partner="kaznu"))}
        kz = {v.code: v for v in compute(con, project, coord, Filters(country="kz"))}
        mshe = {v.code: v for v in compute(con, project, coord, Filters(partner="MSHE-KZ"))}
    enr2 = project.indicator("ENR-2").partner_targets
    assert sum(enr2.values()) == 700
    assert (enr2["KAZNU"], enr2["BSU"], enr2["CAREC"]) == (62, 61, 20)
    assert kaznu["ENR-2"].target == 62  # actual 2 of 60.2 expected: off track
    assert kaznu["ENR-2"].status == "off_track"
    assert kz["ENR-2"].target == 62 + 62 + 62 + 20  # KAZNU, KOKSU, AYU, CAREC
    assert kaznu["DIS-3"].target == 7693  # 100000 x 2 / 26
    assert mshe["ENR-2"].target is None and mshe["ENR-2"].status is None  # weight 0
    assert mshe["DIS-3"].target == 3846  # 100000 x 1 / 26, floored
    assert kaznu["ENR-4"].target == 50  # a share keeps its target


def test_a_closed_period_is_judged_at_its_end_an_open_one_today(tiny_dir, project):
    """KAZNU ENR-2 (62) over 1096 project days: P1 (547 days, closed 2025-06-30) expects its
    whole part by its end, 62 x 547 / 1096 = 30.9; P2 (549 days, open) expects by
    2026-11-29 (517 days in) 62 x 517 / 1096 = 29.2 of its 31.1."""
    with read_warehouse(tiny_dir.warehouse) as con:
        coord = Viewer.coordinator()
        p1 = {
            v.code: v for v in compute(con, project, coord, Filters(partner="KAZNU", period="P1"))
        }
        p2 = {
            v.code: v for v in compute(con, project, coord, Filters(partner="KAZNU", period="P2"))
        }
    assert (p1["ENR-2"].target, p1["ENR-2"].expected) == (30.9, 30.9)
    assert (p2["ENR-2"].target, p2["ENR-2"].expected) == (31.1, 29.2)


def test_breakdowns_add_up_for_additive_indicators(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        total = {v.code: v.actual for v in compute(con, project, Viewer.coordinator(), Filters())}
        per_partner = compute(con, project, Viewer.coordinator(), Filters(), by="partner")
    for code in ("ENR-1", "ENR-3", "ENR-6", "DIS-1", "DIS-3", "MOD-1"):
        assert sum(v.actual for v in per_partner if v.code == code) == pytest.approx(total[code])


def test_mart_holds_the_engine_figures(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        mart = dict(
            con.execute(
                "SELECT code, actual FROM mart_indicator_progress "
                "WHERE breakdown = 'partner' AND scope = 'KAZNU' AND period_id = 'ALL'"
            ).fetchall()
        )
        p1 = dict(
            con.execute(
                "SELECT code, actual FROM mart_indicator_progress "
                "WHERE breakdown = 'all' AND period_id = 'P1'"
            ).fetchall()
        )
    assert [mart[c] for c in CODES] == pytest.approx(EXPECTED["partner=KAZNU"])
    assert [p1[c] for c in CODES] == pytest.approx(EXPECTED["period=P1"])


def test_unknown_filter_values_are_usage_errors(tiny_dir):
    for args, fragment in (
        (["--partner", "NOPE"], "Unknown partner 'NOPE'"),
        (["--country", "FR"], "Unknown country 'FR'"),
        (["--sdg", "5"], "Unknown SDG 5"),
        (["--period", "P9"], "Unknown period 'P9'"),
    ):
        code, _out, err = cli("indicators", "--data-dir", tiny_dir.root, *args)
        assert code == 2, args
        assert fragment in err
        assert "Traceback" not in err


@pytest.mark.parametrize(
    ("filters", "key"),
    [
        (Filters(partner="NOPE"), "metrics.filter.unknown_partner"),
        (Filters(country="FR"), "metrics.filter.unknown_country"),
        (Filters(sdg=5), "metrics.filter.unknown_sdg"),
        (Filters(period="P9"), "metrics.filter.unknown_period"),
        (Filters(work_package="WP9"), "metrics.filter.unknown_work_package"),
        (Filters(basis="draft"), "metrics.filter.unknown_basis"),
        (Filters(period="P1", date_from=dt.date(2024, 1, 1)), "metrics.filter.period_and_dates"),
        (
            Filters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2024, 1, 1)),
            "metrics.filter.dates_reversed",
        ),
    ],
)
def test_every_filter_rejection_has_its_key(project, filters, key):
    with pytest.raises(UsageError) as caught:
        filters.normalised(project)
    assert caught.value.key == key
    assert caught.value.render("ru") != str(caught.value)  # translated, not the English


def test_filter_errors_in_the_language_asked_for(tiny_dir):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines",
            "indicators",
            "--data-dir",
            str(tiny_dir.root),
            "--partner",
            "NOPE",
            "--lang",
            "kk",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert out.stderr.startswith("қате: «NOPE» деген серіктес жоқ")
