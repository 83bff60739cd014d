"""Disclosure control of the public figures, and the open data package.

An attacker's view is rebuilt here independently of the library: every published line
(members and total along one dimension) is an equation; withheld cells are unknowns. A cell
is given back when (a) differencing lines one at a time pins it, or (b) it has no freedom in
the solution space of all lines together (its coordinate vanishes on the null space). Both
attacks run on hand-made tables, on random tables, and on the sample installation.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.access import audit
from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters, compute
from pipelines.paths import REPO_ROOT
from pipelines.publish.disclosure import TOTAL, lines, protect, share_allowed
from pipelines.publish.figures import levels, public_figures, public_settings, raw_cube
from pipelines.publish.package import write_package
from pipelines.warehouse.build import read_warehouse

MIN = 5


def cube_from_leaves(leaves: dict[tuple, int], dims: list[list[str]]) -> dict[tuple, float]:
    """Every cell of the cube with its margins, as sums of the member cells."""
    full = [[*d, TOTAL] for d in dims]
    out = {}
    for key in itertools.product(*full):
        out[key] = float(
            sum(
                v
                for leaf, v in leaves.items()
                if all(k in (TOTAL, x) for k, x in zip(key, leaf, strict=True))
            )
        )
    return out


def differencing_attack(values, full_levels, hidden) -> set:
    """Peel lines with exactly one unknown, repeatedly, as someone with a calculator would."""
    known = {k: v for k, v in values.items() if k not in hidden}
    found = set()
    progress = True
    while progress:
        progress = False
        for d, keys in lines(full_levels):
            unknown = [k for k in keys if k not in known]
            if len(unknown) == 1:
                k = unknown[0]
                members = sum(known[x] for x in keys if x[d] != TOTAL and x != k)
                total = keys[-1]
                known[k] = known[total] - members if k != total else members
                found.add(k)
                progress = True
    return found


def algebra_attack(full_levels, hidden) -> set:
    """Cells whose coordinate is zero on every null-space vector of the withheld system."""
    unknown = sorted(hidden)
    if not unknown:
        return set()
    index = {k: i for i, k in enumerate(unknown)}
    rows = []
    for d, keys in lines(full_levels):
        row = np.zeros(len(unknown))
        for k in keys:
            if k in index:
                row[index[k]] = -1.0 if k[d] == TOTAL else 1.0
        rows.append(row)
    matrix = np.array(rows)
    _, s, vt = np.linalg.svd(matrix)
    rank = int((s > 1e-9).sum())
    null = vt[rank:]
    if null.shape[0] == 0:
        return set(unknown)
    return {k for k, i in index.items() if np.allclose(null[:, i], 0.0, atol=1e-9)}


def assert_safe(values, full_levels, hidden):
    assert all(values[k] >= MIN for k in values if k not in hidden), "a small count is published"
    assert not differencing_attack(values, full_levels, hidden)
    assert not algebra_attack(full_levels, hidden)


# ------------------------------------------------------------------------------- by hand


def test_one_small_cell_takes_a_partner_in_each_line():
    # 2 countries x 2 periods: KZ/P1 = 3 is small; row and column each need a second gap
    dims = [["KZ", "UZ"], ["P1", "P2"]]
    values = cube_from_leaves(
        {("KZ", "P1"): 3, ("KZ", "P2"): 40, ("UZ", "P1"): 20, ("UZ", "P2"): 50}, dims
    )
    hidden = protect(values, [[*d, TOTAL] for d in dims], MIN)
    assert hidden == {("KZ", "P1"), ("KZ", "P2"), ("UZ", "P1"), ("UZ", "P2")}
    assert values[("KZ", TOTAL)] == 43 and ("KZ", TOTAL) not in hidden  # totals stay
    assert_safe(values, [[*d, TOTAL] for d in dims], hidden)


def test_small_total_is_withheld_with_its_members():
    dims = [["ES", "IT", "CY"]]
    values = cube_from_leaves({("ES",): 2, ("IT",): 1, ("CY",): 30}, dims)
    hidden = protect(values, [[*d, TOTAL] for d in dims], MIN)
    # ES and IT are small; nothing else is needed: ES+IT = 33 - 30 = 3 leaves each in 0..3
    assert hidden == {("ES",), ("IT",)}
    assert_safe(values, [[*d, TOTAL] for d in dims], hidden)


def test_nothing_small_nothing_withheld():
    dims = [["ES", "IT"], ["P1", "P2"]]
    values = cube_from_leaves(dict.fromkeys(itertools.product(*dims), 10), dims)
    assert protect(values, [[*d, TOTAL] for d in dims], MIN) == set()


@pytest.mark.parametrize(
    ("part", "base", "ok"),
    [(10, 20, True), (10, 19, False), (4, 30, False), (26, 30, False), (25, 30, True)],
)
def test_share_needs_a_base_of_20_and_no_small_side(part, base, ok):
    assert share_allowed(part, base, MIN, 20) is ok


# ---------------------------------------------------------------------------- at random

counts = st.integers(min_value=0, max_value=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_tables_cannot_be_differenced(data):
    dims = [["4", "7", "13"], ["ES", "KZ", "UZ"], ["P1", "P2"]][: data.draw(st.integers(2, 3))]
    leaves = {k: data.draw(counts) for k in itertools.product(*dims)}
    values = cube_from_leaves(leaves, dims)
    full = [[*d, TOTAL] for d in dims]
    assert_safe(values, full, protect(values, full, MIN))


# ----------------------------------------------------------------- the sample installation


@pytest.fixture(scope="module")
def published(demo_dir, project):
    with read_warehouse(demo_dir.warehouse) as con:
        return raw_cube(con, project), public_figures(con, project)


def test_sample_figures_cannot_be_recovered(published, project):
    cube, figures = published
    full = levels(project)
    for measure in public_settings(project).measures:
        hidden = {
            (f.sdg, f.country, f.period)
            for f in figures
            if f.measure == measure and f.value is None
        }
        assert hidden, measure  # the sample has small cells: the control is exercised
        assert_safe(cube[measure], full, hidden)


def test_published_figures_are_the_indicator_values(published, demo_dir, project):
    _, figures = published
    cell = {(f.measure, f.sdg, f.country, f.period): f.value for f in figures}
    coordinator = Viewer.coordinator("test")
    with read_warehouse(demo_dir.warehouse) as con:
        for country, period in [(None, None), ("KZ", None), ("UZ", "P2"), (None, "P1")]:
            filters = Filters(country=country, period=period)
            for v in compute(con, project, coordinator, filters):
                key = (v.code, TOTAL, country or TOTAL, period or TOTAL)
                if key in cell and cell[key] is not None:
                    assert cell[key] == v.actual, key


def test_sample_shares_respect_the_base(published, project):
    cube, figures = published
    share = public_settings(project).share
    for f in (f for f in figures if f.measure == share):
        key = (f.sdg, f.country, f.period)
        base, women = cube["ENR-4/base"][key], cube["ENR-4"][key]
        assert (f.value is not None) == (base >= 20 and women >= MIN and base - women >= MIN)


def test_only_whole_periods(published, project):
    _, figures = published
    assert {f.period for f in figures} == {p.id for p in project.periods} | {TOTAL}


# ------------------------------------------------------------------------- open data


def test_package_is_valid_frictionless_and_holds_the_public_figures(
    published, demo_dir, project, tmp_path
):
    from frictionless import Package, validate

    _, figures = published
    written = write_package(demo_dir, project, tmp_path / "open")
    report = validate(str(written.descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads(written.descriptor.read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["sources"]
    package = Package(str(written.descriptor))
    assert {r.name for r in package.resources} == {"figures", "measures", "periods"}
    with (tmp_path / "open" / "figures.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(figures)
    by_key = {(r["measure"], r["sdg"], r["country"], r["period"]): r for r in rows}
    for f in figures:
        row = by_key[(f.measure, f.sdg, f.country, f.period)]
        assert row["status"] == f.status
        assert (row["value"] == "") == (f.value is None)
        if f.value is not None:
            assert float(row["value"]) == f.value
    counts = set(public_settings(project).measures)
    assert all(float(r["value"]) >= MIN for r in rows if r["value"] and r["measure"] in counts)
    assert written.published + written.suppressed == len(figures)


def test_publish_command(demo_dir, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pipelines", "publish", "--out", str(tmp_path / "pkg"),
         "--data-dir", str(demo_dir.root), "--json"],
        capture_output=True, text=True, cwd=REPO_ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["datapackage"].endswith("datapackage.json")
    assert body["suppressed"] > 0 and body["published"] > 0
    last = audit.entries(demo_dir, Viewer.coordinator(), limit=1)[0]
    figures = (tmp_path / "pkg" / "figures.csv").read_bytes()
    assert (last.who, last.action, last.target) == (
        audit.os_user(),
        "publish",
        str((tmp_path / "pkg").resolve()),
    )
    assert last.detail == {
        "published": body["published"],
        "suppressed": body["suppressed"],
        "sha256": hashlib.sha256(figures).hexdigest(),
    }
