"""One run of the dashboard shares one warehouse connection and remembered values; the next
run starts afresh, and a build published mid-run is opened anew (a real warehouse)."""

from __future__ import annotations

import os
import shutil

import duckdb
import pytest

from dashboard.wiring import per_run
from pipelines.warehouse.build import identity


def rows(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM fct_enrollment").fetchone()[0]


def test_remembered_once_per_run_and_again_in_the_next() -> None:
    made: list[int] = []

    def make() -> int:
        made.append(len(made))
        return made[-1]

    assert [per_run.remembered("x", make) for _ in range(2)] == [0, 1]  # outside a run
    with per_run.one_run():
        assert [per_run.remembered("x", make) for _ in range(3)] == [2, 2, 2]
        per_run.forget("x")
        assert per_run.remembered("x", make) == 3
    with per_run.one_run():
        assert per_run.remembered("x", make) == 4


def test_one_connection_per_run_closed_at_its_end(empty_dir) -> None:
    path = empty_dir.warehouse
    with per_run.one_run():
        with per_run.warehouse(path, identity(path)) as first:
            assert rows(first) == 0
        with per_run.warehouse(path, identity(path)) as second:
            assert second is first
    with pytest.raises(duckdb.ConnectionException):
        rows(first)


def test_a_build_published_mid_run_is_read(empty_dir, demo_dir) -> None:
    path = empty_dir.warehouse
    with per_run.one_run():
        with per_run.warehouse(path, identity(path)) as before:
            assert rows(before) == 0
        published = path.with_suffix(".new")  # another build, published as builds are
        shutil.copyfile(demo_dir.warehouse, published)
        os.replace(published, path)
        with per_run.warehouse(path, identity(path)) as after:
            assert after is not before and rows(after) > 0
        with pytest.raises(duckdb.ConnectionException):
            rows(before)
