"""``demo [--quiet]``: a complete sample installation from the bundled synthetic submissions,
and sample accounts whose random passwords are printed once (and kept in
``private/demo-accounts.txt``). Run again, it says where those passwords are."""

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
from pipelines.sample.portfolio import add_sample_portfolio
from pipelines.words.catalogue import default_lang, plural, text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="create a sample installation from the bundled sample data")
    add_data_dir(p)
    p.add_argument(
        "--quiet", action="store_true", help="no progress and no per-file lines (for make run)"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    project = project_of(data_dir)
    lang = default_lang()
    say = progress_printer(not args.quiet)
    outcome = create_demo(data_dir, project, progress=say)
    if outcome is None:
        if not data_dir.warehouse.exists():
            warehouse.build(data_dir, project, progress=say)
        print(text("ops.demo.exists", lang, path=str(data_dir.root)))
        _accounts(data_dir, project, lang)
        return EXIT_OK
    rejected = [f for f in outcome if f.status == "rejected"]
    for f in outcome if not args.quiet else []:
        print(f"{f.status.upper():9} {f.path}  ({f.template}, {f.rows} rows)")
        for e in f.errors[:5]:
            print(f"    - row {e.row}, {e.column}: {e.message}")
    if rejected and args.quiet:
        print(plural("ops.demo.rejected", len(rejected), lang))
    if not rejected:  # the sample portfolio: LESLIE's package and two made-up projects'
        for added in add_sample_portfolio(data_dir, project):
            if not args.quiet:
                print(text(f"portfolio.cli.{added.outcome}", lang, acronym=added.acronym,
                           number=added.number))  # fmt: skip
    print(text("ops.demo.ready", lang, path=str(data_dir.root)))
    _accounts(data_dir, project, lang)
    return EXIT_REJECTED if rejected else EXIT_OK


def _accounts(data_dir, project, lang: str) -> None:
    made = create_demo_accounts(data_dir, project)
    kept = demo_accounts_path(data_dir)
    if made is None:
        key = "ops.demo.accounts_kept" if kept.exists() else "ops.demo.accounts_none"
        print(text(key, lang, path=str(kept)))
        return
    print(text("ops.demo.accounts_new", lang, path=str(kept)))
    print(demo_accounts_text(made), end="")
