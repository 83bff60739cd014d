"""``python -m pipelines report``: writes the file, shows progress on stderr, and answers a
usage error with exit code 2 and a message (never a traceback)."""

from __future__ import annotations

import io
import subprocess
import sys

import openpyxl
import pytest

from pipelines.cli import main


def test_report_command_writes_the_partner_workbook(demo_dir, tmp_path):
    out = tmp_path / "kaznu.bin"
    args = ["--period", "P1", "--partner", "kaznu", "--format", "xlsx", "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "pipelines", "report", *args, "--data-dir", str(demo_dir.root)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "… collecting the figures" in done.stderr
    assert f"… wrote {out}" in done.stderr
    wb = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    cover = {r[0]: r[1] for r in wb["Cover"].iter_rows(values_only=True) if r[0]}
    assert cover["Scope"].startswith("Al-Farabi Kazakh National University (KAZNU")
    assert not list(tmp_path.glob(".*.tmp"))


def test_date_range_report(demo_dir, tmp_path, capsys):
    out = tmp_path / "range.xlsx"
    args = ["report", "--from", "2024-01-01", "--to", "2024-12-31", "--out", str(out)]
    assert main([*args, "--data-dir", str(demo_dir.root)]) == 0
    cover = {
        r[0]: r[1] for r in openpyxl.load_workbook(out)["Cover"].iter_rows(values_only=True) if r[0]
    }
    assert cover["Period"] == "Date range 1 January 2024 – 31 December 2024"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "error: Give the output file with --out FILE"),
        (
            ["--period", "P9", "--out", "{tmp}/r.xlsx"],
            "error: Unknown period 'P9'; use one of: P1, P2",
        ),
        (
            ["--out", "{tmp}/r.xlsx"],
            "error: Choose a reporting period (P1, P2) or a full date range",
        ),
        (["--period", "P1", "--out", "{tmp}/r.txt"], "error: Give --format xlsx|docx|pdf"),
        (
            ["--period", "P1", "--out", "{tmp}/no/r.pdf"],
            "error: The folder {tmp}/no does not exist",
        ),
        (
            ["--period", "P1", "--partner", "NOPE", "--out", "{tmp}/r.pdf"],
            "error: Unknown partner 'NOPE'",
        ),
        (
            ["--period", "P1", "--from", "2024-01-01", "--out", "{tmp}/r.pdf"],
            "error: Give either a period or a date range, not both",
        ),
        (
            ["--from", "2024-13-01", "--to", "2025-01-01", "--out", "{tmp}/r.pdf"],
            "error: --from '2024-13-01' is not a date; write YYYY-MM-DD",
        ),
        (["bogus"], "error: Unknown report action 'bogus'; use: freeze, frozen list"),
        (["freeze", "--out", "{tmp}/r.pdf"], "error: 'report freeze' takes --period and a scope"),
        (
            ["--frozen", "P1-x", "--period", "P1", "--out", "{tmp}/r.pdf"],
            "error: A frozen report has its own period and scope; give only --frozen ID",
        ),
        (["--partner", "UPV", "--country", "ES"], "argument --country: not allowed with argument"),
        (["--format", "odt"], "argument --format: invalid choice: 'odt'"),
    ],
)
def test_usage_errors_exit_2_with_a_message(empty_dir, tmp_path, capsys, args, message):
    argv = ["report", *(a.replace("{tmp}", str(tmp_path)) for a in args)]
    try:
        code = main([*argv, "--data-dir", str(empty_dir.root)])
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert message.replace("{tmp}", str(tmp_path)) in err
    assert "Traceback" not in err


def test_missing_warehouse_is_a_message(tmp_path, capsys):
    where = ["--data-dir", str(tmp_path / "nothing")]
    code = main(["report", "--period", "P1", "--out", str(tmp_path / "r.xlsx"), *where])
    assert code == 1
    assert "error: No warehouse at" in capsys.readouterr().err
