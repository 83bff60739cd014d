"""``indicators [--partner CODE] [--country ISO2] [--sdg N] [--period ID] [--json]``."""

from __future__ import annotations

import argparse
import json

from pipelines.access.scope import Viewer
from pipelines.cli import EXIT_OK, add_data_dir
from pipelines.cli.common import data_dir_of, project_of
from pipelines.metrics.indicators import Filters, compute, number
from pipelines.warehouse.build import read_warehouse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("indicators", help="print every indicator for a filter")
    add_data_dir(p)
    p.add_argument("--partner", metavar="CODE")
    p.add_argument("--country", metavar="ISO2")
    p.add_argument("--sdg", metavar="N", type=int)
    p.add_argument("--period", metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    project = project_of(data_dir)
    filters = Filters(partner=args.partner, country=args.country, sdg=args.sdg, period=args.period)
    filters = filters.normalised(project)  # usage errors before touching the warehouse
    with read_warehouse(data_dir.warehouse) as con:
        values = compute(con, project, Viewer.coordinator("cli"), filters)
    if args.json:
        print(
            json.dumps(
                {"indicators": [v.contract_dict() for v in values]}, ensure_ascii=False, indent=2
            )
        )
        return EXIT_OK
    labels = project.status.labels
    print(f"{'code':7} {'indicator':32} {'actual':>10} {'target':>10}  status")
    for v in values:
        actual = "-" if v.actual is None else f"{number(v.actual)}"
        target = "-" if v.target is None else f"{number(v.target)}"
        state = labels.get(v.status, "no target") if v.status else "no target"
        print(f"{v.code:7} {v.name[:32]:32} {actual:>10} {target:>10}  {state}")
    return EXIT_OK
