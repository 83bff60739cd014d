"""Shared by the operations tests: run the command line in this process, copy the 0.1 fixture."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

from pipelines.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "release_0_1"
EXPECTED = FIXTURE / "expected"
INDICATOR_OUTPUTS = {
    "indicators.json": [],
    "indicators-period-P1.json": ["--period", "P1"],
    "indicators-country-KZ.json": ["--country", "KZ"],
    "indicators-partner-KAZNU.json": ["--partner", "KAZNU"],
    "indicators-sdg-15.json": ["--sdg", "15"],
}


def cli(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``python -m pipelines ARGS``."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def indicators(data_dir: Path, *args: str) -> dict:
    code, out, err = cli("indicators", "--json", "--data-dir", data_dir, *args)
    assert code == 0, err
    return json.loads(out)


def copy_release_0_1(target: Path) -> Path:
    """A copy of the data directory written by release 0.1 (never the fixture itself)."""
    shutil.copytree(FIXTURE / "data", target)
    return target


def expected(name: str):
    return json.loads((EXPECTED / name).read_text(encoding="utf-8"))
