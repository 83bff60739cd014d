"""An incremental build gives the figures a full build gives, whatever changed.

Each step changes the store through the real pipeline (ingest, review), lets ``build`` start
from the published warehouse, then builds the same ledger in full into another file and
compares everything a reader can see: the marts, the partials, the data checks and the fact
rows (learner numbers only by how many there are: they are arbitrary labels).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines import warehouse
from pipelines.access.scope import Viewer
from pipelines.config import load_project
from pipelines.paths import BUNDLED_PROJECT, DataDir
from pipelines.store.ledger import Ledger, current_pairs
from pipelines.submissions.ingest import Source, ingest
from pipelines.submissions.review import decide
from pipelines.warehouse import incremental
from tests.conftest import FIXTURES, TODAY, copy_installation

TINY = FIXTURES / "tiny"
ENROLLMENT_HEADER = (TINY / "2_enrollments.csv").read_text(encoding="utf-8").splitlines()[0]


def _snapshot(path: Path) -> dict[str, list]:
    queries = {
        "marts": "SELECT breakdown, scope, period_id, code, round(actual, 9), target, "
        "expected, progress, status FROM mart_indicator_progress",
        "partials": "SELECT period_id, sql_by, partner_code, scope_key, code, "
        "round(actual, 9), base FROM mart_partial",
        "checks": "SELECT * FROM check_result",
        "enrollments": "SELECT * EXCLUDE (learner_no) FROM fct_enrollment",
        "learners": "SELECT partner_code, official, count(DISTINCT learner_no) "
        "FROM fct_enrollment GROUP BY ALL",
        "activities": "SELECT * FROM fct_activity",
        "modules": "SELECT * FROM fct_module",
    }
    with duckdb.connect(str(path), read_only=True) as con:
        return {k: sorted(con.execute(q).fetchall(), key=repr) for k, q in queries.items()}


def _mode(data_dir: DataDir) -> str:
    with duckdb.connect(str(data_dir.warehouse), read_only=True) as con:
        return con.execute("SELECT mode FROM build_info").fetchone()[0]


def _assert_same_as_full(data_dir: DataDir, project, tmp_path: Path) -> None:
    full = tmp_path / f"full-{len(list(tmp_path.glob('full-*')))}.duckdb"
    warehouse.build_into(full, data_dir, project, as_of=TODAY)
    assert _snapshot(data_dir.warehouse) == _snapshot(full)


def _csv(tmp_path: Path, name: str, rows: list[str]) -> Source:
    path = tmp_path / name
    path.write_text("\n".join([ENROLLMENT_HEADER, *rows]) + "\n", encoding="utf-8")
    return Source(name, path)


@pytest.fixture(scope="session")
def built_incremental_store(tmp_path_factory, project) -> DataDir:
    """The tiny CSV files ingested once per session: ``store`` is a copy of it."""
    data_dir = DataDir(tmp_path_factory.mktemp("incremental") / "data")
    files = sorted(p for p in TINY.iterdir() if p.suffix == ".csv")
    result = ingest(data_dir, project, [Source(p.name, p) for p in files], as_of=TODAY)
    assert result.all_accepted
    assert _mode(data_dir) == "full"  # nothing to start from
    return data_dir


@pytest.fixture()
def store(tmp_path: Path, built_incremental_store) -> DataDir:
    return copy_installation(built_incremental_store, tmp_path / "data")


def test_a_partners_correction_replaces_only_its_rows(store, project, tmp_path):
    rows = [
        'KOKSU,M-SLM1,K1,X,phd,2025-10-05,completed,2026-03-01,"4,5",yes',
        "KOKSU,M-WASTE,Q9,F,master,2025-11-01,completed,2026-02-01,3,yes",
        "KOKSU,M-WASTE,Q10,M,master,2025-11-01,enrolled,,0,no",
    ]
    result = ingest(store, project, [_csv(tmp_path, "koksu.csv", rows)], as_of=TODAY)
    assert result.all_accepted
    assert _mode(store) == "incremental"
    _assert_same_as_full(store, project, tmp_path)
    with duckdb.connect(str(store.warehouse), read_only=True) as con:
        by_partner = dict(
            con.execute("SELECT partner_code, count(*) FROM fct_enrollment GROUP BY ALL").fetchall()
        )
        learners = con.execute(
            "SELECT actual FROM mart_indicator_progress WHERE breakdown = 'all' "
            "AND period_id = 'ALL' AND code = 'ENR-1'"
        ).fetchone()[0]
    assert by_partner == {"KAZNU": 4, "KOKSU": 3, "FPI": 2, "UPV": 1}
    assert learners == 3 + 3 + 2 + 1  # KAZNU K1-K3, KOKSU K1 Q9 Q10, FPI F1 F2, UPV U1


def test_pending_upload_then_approval(store, project, tmp_path):
    rows = ["UPV,M-WASTE,U1,F,academic_staff,2024-11-11,completed,2025-01-15,3,yes",
            "UPV,M-WASTE,U2,M,master,2025-02-01,completed,2025-06-01,3,no"]  # fmt: skip
    result = ingest(store, project, [_csv(tmp_path, "upv.csv", rows)], approve=False, as_of=TODAY)
    assert result.all_accepted
    assert _mode(store) == "incremental"
    _assert_same_as_full(store, project, tmp_path)
    coordinator = Viewer.coordinator("coordinator")
    decide(store, project, coordinator, result.files[0].submission_id, "approved", as_of=TODAY)
    assert _mode(store) == "incremental"
    _assert_same_as_full(store, project, tmp_path)


def test_a_modules_change_recomputes_every_partners_figures(store, project, tmp_path):
    modules = (TINY / "1_modules.csv").read_text(encoding="utf-8").replace(",13,4,5,", ",15,4,5,")
    path = tmp_path / "modules.csv"
    path.write_text(modules, encoding="utf-8")
    result = ingest(store, project, [Source("modules.csv", path)], as_of=TODAY, rebuild=False)
    assert result.all_accepted
    pairs = current_pairs(Ledger(store.ledger).submissions())
    chosen = incremental.plan(store.warehouse, project, pairs)
    assert (chosen.mode, chosen.enrollment_partners, chosen.partial_partners) == (
        "incremental",
        [],
        None,  # every partner's partials: enrollments take their SDGs from the modules
    )
    warehouse.build(store, project, as_of=TODAY)
    assert _mode(store) == "incremental"
    _assert_same_as_full(store, project, tmp_path)


def test_changed_settings_build_in_full(store, tmp_path):
    own = tmp_path / "project.toml"
    text = BUNDLED_PROJECT.read_text(encoding="utf-8")
    own.write_text(text.replace('title = "', 'title = "Renamed: ', 1), encoding="utf-8")
    project = load_project(own)
    warehouse.build(store, project, as_of=TODAY)
    assert _mode(store) == "full"


def test_an_older_warehouse_builds_in_full(store, project):
    with duckdb.connect(str(store.warehouse)) as con:
        con.execute("ALTER TABLE build_info DROP COLUMN fingerprint")
    warehouse.build(store, project, as_of=TODAY)
    assert _mode(store) == "full"


def test_the_build_command_builds_in_full(store, project):
    from pipelines.cli import main

    assert main(["build", "--data-dir", str(store.root)]) == 0
    assert _mode(store) == "full"


def test_the_copy_leaves_the_published_warehouse_untouched(store, project, tmp_path):
    before = tmp_path / "before.duckdb"
    shutil.copyfile(store.warehouse, before)
    rows = ["FPI,M-CLIM,F1,M,professional,2025-03-03,failed,,0,no"]
    assert ingest(store, project, [_csv(tmp_path, "fpi.csv", rows)], as_of=TODAY).all_accepted
    assert _snapshot(before)["enrollments"] != _snapshot(store.warehouse)["enrollments"]
    assert len(_snapshot(before)["enrollments"]) == 9


def test_a_reader_open_on_the_old_build_sees_neither_stale_figures_nor_a_stale_plan(
    store, project, tmp_path
):
    """A page still reading the previous build while a correction is published: the next
    reader, and the next build's plan, see the file on disk now, not the open old one."""
    from pipelines.warehouse import read_warehouse

    position = "SELECT ledger_position FROM build_info"
    with read_warehouse(store.warehouse) as old:
        before = old.execute(position).fetchone()[0]
        rows = ["UPV,M-WASTE,U7,F,master,2025-02-01,completed,2025-06-01,3,no"]
        assert ingest(store, project, [_csv(tmp_path, "u1.csv", rows)], as_of=TODAY).all_accepted
        with read_warehouse(store.warehouse) as new:
            assert new.execute(position).fetchone()[0] > before
        rows.append("UPV,M-WASTE,U8,M,master,2025-02-01,enrolled,,0,no")
        assert ingest(store, project, [_csv(tmp_path, "u2.csv", rows)], as_of=TODAY).all_accepted
        assert old.execute(position).fetchone()[0] == before  # the old reader keeps its file
    assert _mode(store) == "incremental"
    _assert_same_as_full(store, project, tmp_path)
