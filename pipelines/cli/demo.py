"""``demo``: a complete sample installation from the bundled synthetic submissions, and
sample accounts whose random passwords are printed once."""

from __future__ import annotations

import argparse

from pipelines import warehouse
from pipelines.cli import EXIT_OK, EXIT_REJECTED, add_data_dir
from pipelines.cli.common import data_dir_of, progress_printer, project_of
from pipelines.sample.installation import (
    create_demo,
    create_demo_accounts,
    demo_accounts_path,
    demo_accounts_text,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="create a sample installation from the bundled sample data")
    add_data_dir(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    project = project_of(data_dir)
    say = progress_printer()
    outcome = create_demo(data_dir, project, progress=say)
    if outcome is None:
        if not data_dir.warehouse.exists():
            warehouse.build(data_dir, project, progress=say)
        print(f"{data_dir.root} already holds submissions; nothing ingested")
        _accounts(data_dir, project)
        return EXIT_OK
    rejected = [f for f in outcome if f.status == "rejected"]
    for f in outcome:
        print(f"{f.status.upper():9} {f.path}  ({f.template}, {f.rows} rows)")
        for e in f.errors[:5]:
            print(f"    - row {e.row}, {e.column}: {e.message}")
    print(f"sample installation ready in {data_dir.root}")
    _accounts(data_dir, project)
    return EXIT_REJECTED if rejected else EXIT_OK


def _accounts(data_dir, project) -> None:
    made = create_demo_accounts(data_dir, project)
    if made is None:
        print("accounts already exist; no sample account created")
        return
    print(
        f"sample accounts (passwords shown once; also in {demo_accounts_path(data_dir)}, "
        "readable by you only):"
    )
    print(demo_accounts_text(made), end="")
