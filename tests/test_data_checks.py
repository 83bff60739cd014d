"""The declared data checks find what they declare, counted whole or partner by partner.

Bad rows cannot come in through intake, so they are written straight into a copy of a built
warehouse: a duplicated enrollment, an unknown gender, a missing module code, a partner that
does not exist, a duplicated activity. Each check must count exactly those rows, and counting
again only the partners that changed (as an incremental build does) must give the same sums.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

from pipelines.warehouse.checks import run_checks


@pytest.fixture()
def con(tiny_dir, tmp_path):
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(tiny_dir.warehouse, path)
    with duckdb.connect(str(path)) as connection:
        yield connection


def _failing(results) -> dict[tuple[str, str, str], int]:
    return {(r.model, r.check, r.columns): r.failing_rows for r in results if r.failing_rows}


def _break_rows(con) -> None:
    kaznu = "SELECT * FROM fct_enrollment WHERE partner_code = 'KAZNU'"
    con.execute(f"INSERT INTO fct_enrollment {kaznu} AND source_row = 2")  # a duplicate
    con.execute(
        f"INSERT INTO fct_enrollment SELECT * REPLACE ('?' AS gender, 99 AS learner_no) "
        f"FROM ({kaznu} AND source_row = 3)"
    )
    con.execute(
        "INSERT INTO fct_enrollment SELECT * REPLACE (NULL AS module_code, 98 AS learner_no) "
        "FROM fct_enrollment WHERE partner_code = 'UPV'"
    )
    con.execute("UPDATE fct_activity SET partner_code = 'NOPE' WHERE activity_id = 'A4'")
    con.execute("INSERT INTO fct_activity SELECT * FROM fct_activity WHERE activity_id = 'A1'")


EXPECTED = {
    ("fct_enrollment (official)", "unique", "learner_no, module_code"): 1,
    ("fct_enrollment (with_pending)", "unique", "learner_no, module_code"): 1,
    ("fct_enrollment", "accepted_values", "gender"): 1,
    ("fct_enrollment", "not_null", "module_code"): 1,
    ("fct_activity (official)", "unique", "partner_code, activity_id"): 1,
    ("fct_activity (with_pending)", "unique", "partner_code, activity_id"): 1,
    ("fct_activity", "relationships", "partner_code"): 1,
}


def test_a_clean_build_passes_every_check(con, project):
    results = run_checks(con, project)
    assert len(results) > 30 and _failing(results) == {}


def test_each_check_counts_exactly_the_broken_rows(con, project):
    run_checks(con, project)
    _break_rows(con)
    assert _failing(run_checks(con, project)) == EXPECTED


def test_counting_only_the_changed_partners_gives_the_same_sums(con, project):
    run_checks(con, project)  # every partner counted, all clean
    _break_rows(con)
    assert _failing(run_checks(con, project, ["KAZNU", "UPV"])) == EXPECTED
    assert _failing(run_checks(con, project, [])) == EXPECTED  # nothing new: the kept counts
    con.execute("DELETE FROM fct_enrollment WHERE learner_no IN (98, 99)")
    fixed = {k: v for k, v in EXPECTED.items() if k[0].startswith("fct_activity")}
    fixed[("fct_enrollment (official)", "unique", "learner_no, module_code")] = 1
    fixed[("fct_enrollment (with_pending)", "unique", "learner_no, module_code")] = 1
    assert _failing(run_checks(con, project, ["KAZNU", "UPV"])) == fixed
