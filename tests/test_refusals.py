"""Ordinary bad input gets its own keyed message naming what failed, never "unexpected
failure": a CSV header cell longer than Python's csv limit of 128 KiB (in a fresh process,
where that limit still holds), a JSON file uploaded in place of a table, a header cell longer
than even our own limit."""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pytest

from pipelines.errors import InputFileError
from pipelines.intake.readers import CSV_FIELD_LIMIT, read_submission
from pipelines.paths import REPO_ROOT

HEADER = "activity_id,partner_code,date,activity_type,title,country,audience,participants,reach"
ROW = "A-1,KAZNU,2025-05-14,workshop,Workshop,KZ,students,10,100"


def _ingest(tmp_path, name: str, data: bytes) -> subprocess.CompletedProcess:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "ingest", "--data-dir", str(tmp_path / "d"), str(path)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "LESLIE_LANG": "en"},
        timeout=300,
        check=False,
    )


def test_a_header_cell_over_128_kib_is_named_not_unexpected(tmp_path) -> None:
    data = f'{HEADER},"{"y" * (200 * 1024)}"\n{ROW},\n'.encode()
    done = _ingest(tmp_path, "big-header.csv", data)
    assert "unexpected" not in done.stderr and "Traceback" not in done.stderr
    assert done.returncode == 1
    assert (
        "big-header.csv, cell J1: a column name of 204,800 characters, but column names have "
        "at most 1,000. The first row must hold the template's column names: is this the CSV "
        "or XLSX file of a template?" in done.stdout + done.stderr
    )


def test_nested_json_uploaded_as_a_table_is_named_not_unexpected(tmp_path) -> None:
    done = _ingest(tmp_path, "nested.json", b"[" * 200_000 + b"]" * 200_000)
    assert "unexpected" not in done.stderr and "Traceback" not in done.stderr
    assert done.returncode == 1
    assert "nested.json, cell A1: a column name of 400,000 characters" in done.stdout + done.stderr


def test_a_header_cell_over_our_own_limit_is_a_keyed_refusal() -> None:
    data = f'{HEADER},"{"y" * (CSV_FIELD_LIMIT + 10)}"\n{ROW},\n'.encode()
    with pytest.raises(InputFileError) as refused:
        read_submission(duckdb.connect(), data, "huge.csv")
    assert refused.value.key == "intake.read.cell_too_long"
    assert str(refused.value).startswith("huge.csv, row 1: a cell is longer than 1,048,576")
