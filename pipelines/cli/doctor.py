"""``doctor [--json]``: the installation's health, each check with what to do.
Exit 0 when nothing is a problem, 1 otherwise."""

from __future__ import annotations

import argparse
import json

from pipelines.cli import EXIT_OK, EXIT_REJECTED, add_data_dir
from pipelines.cli.common import data_dir_of
from pipelines.operations.doctor import has_problem, run_checks
from pipelines.words.catalogue import default_lang, text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check the installation's health")
    add_data_dir(p)
    p.add_argument("--json", action="store_true", help="print the checks as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    lang = default_lang()
    checks = run_checks(data_dir)
    code = EXIT_REJECTED if has_problem(checks) else EXIT_OK
    if args.json:
        print(
            json.dumps(
                {"ok": code == EXIT_OK, "checks": [c.as_dict(lang) for c in checks]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return code
    for c in checks:
        label = text(f"ops.doctor.status.{c.status}", lang)
        print(f"{label:9} {c.message.render(lang)}")
        if c.action:
            print(f"{'':9} → {c.action.render(lang)}")
    return code
