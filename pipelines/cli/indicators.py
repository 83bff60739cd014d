"""``indicators [--partner CODE] [--country ISO2] [--sdg N] [--period ID] [--json] [--lang L]``."""

from __future__ import annotations

import argparse
import json

from pipelines.access.scope import Viewer
from pipelines.cli import EXIT_OK, add_data_dir, lang_of
from pipelines.cli.common import add_lang, data_dir_of, project_of
from pipelines.config import Project
from pipelines.metrics.indicators import Filters, IndicatorValue, compute
from pipelines.warehouse.build import read_warehouse
from pipelines.words.present import Words

NAME_WIDTH = 40
COLUMNS = ("code", "indicator", "actual", "expected", "target", "status")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("indicators", help="print every indicator for a filter")
    add_data_dir(p)
    add_lang(p)
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
    if args.json:  # the data contract: English keys, codes and statuses
        print(
            json.dumps(
                {"indicators": [v.contract_dict() for v in values]}, ensure_ascii=False, indent=2
            )
        )
        return EXIT_OK
    print(human_table(values, Words(lang_of(args), project), project))
    return EXIT_OK


def human_table(values: list[IndicatorValue], words: Words, project: Project) -> str:
    """The figures as people read them: the indicator's name, numbers with the language's
    separators (counts whole), a dash where there is nothing, the status in words."""
    rows = [tuple(words.t(f"metrics.cli.column.{c}") for c in COLUMNS)]
    for v in values:
        rows.append(
            (
                v.code,
                _clip(words.indicator(project.indicator(v.code))),
                words.number(v.actual, v.unit),
                words.number(v.expected, v.unit),
                words.number(v.target, v.unit),
                words.status(v.status),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = []
    for r in rows:
        left = [r[0].ljust(widths[0]), r[1].ljust(widths[1])]
        right = [r[i].rjust(widths[i]) for i in (2, 3, 4)]
        lines.append("  ".join([*left, *right, r[5]]).rstrip())
    return "\n".join(lines)


def _clip(name: str) -> str:
    return name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1] + "…"
