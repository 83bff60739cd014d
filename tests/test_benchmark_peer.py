"""The benchmark's pandas + pandera peer checks the same row rules, so the race is fair."""

from __future__ import annotations

from pathlib import Path

import pandera.errors
import pytest

from benchmarks.peer_pandera import run
from pipelines.sample.generate import write_benchmark_csvs


@pytest.fixture(scope="module")
def files(tmp_path_factory, project) -> tuple[Path, Path]:
    return write_benchmark_csvs(tmp_path_factory.mktemp("peer"), project, 200)


def test_peer_loads_every_valid_row(files, tmp_path) -> None:
    modules, enrollments = files
    assert run(str(enrollments), str(modules), str(tmp_path / "p.duckdb"), b"k" * 32) == 200


@pytest.mark.parametrize(
    ("column", "bad"),
    [("gender", "Q"), ("partner_code", "NOPE"), ("learner_id", "a@b.example")],
)
def test_peer_refuses_what_the_contract_refuses(files, tmp_path, column, bad) -> None:
    modules, enrollments = files
    lines = enrollments.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index(column)] = bad
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")
    with pytest.raises(pandera.errors.SchemaErrors):
        run(str(broken), str(modules), str(tmp_path / "p.duckdb"), b"k" * 32)
