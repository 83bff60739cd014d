"""``build``: rebuild the warehouse from the store (after a config change, or to repair)."""

from __future__ import annotations

import argparse

from pipelines import warehouse
from pipelines.cli import EXIT_OK, EXIT_REJECTED, add_data_dir
from pipelines.cli.common import data_dir_of, progress_printer, project_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="rebuild the warehouse from the submission store")
    add_data_dir(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    result = warehouse.build(data_dir, project_of(data_dir), progress=progress_printer(), full=True)
    print(
        f"warehouse built in {result.seconds:.2f} s at ledger position {result.ledger_position}: "
        f"{result.rows}; data checks {result.checks_run - result.checks_failed}/"
        f"{result.checks_run} passed"
    )
    return EXIT_OK if result.checks_failed == 0 else EXIT_REJECTED
