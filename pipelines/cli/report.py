"""``report``: the periodic report in xlsx, docx or pdf; freeze it; download a frozen one.

    report --period P1 [--partner CODE | --country ISO2] --format xlsx|docx|pdf --out FILE
           [--lang en|ru|kk|uz]
    report freeze --period P1 [--partner CODE | --country ISO2]
    report frozen list
    report --frozen ID --format xlsx|docx|pdf --out FILE
    report --period P2 --preflight [--json]   # what blocks the period's report; exit 1 if any

The command line acts as the coordinator. Progress goes to stderr; the frozen report id
(freeze) and the frozen list go to stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from pipelines.access.scope import Viewer
from pipelines.cli import EXIT_OK, EXIT_REJECTED, add_data_dir
from pipelines.cli.common import data_dir_of, progress_printer, project_of
from pipelines.errors import UsageError
from pipelines.metrics.indicators import Filters
from pipelines.reports import FORMATS, collect, freeze, list_frozen, load_frozen, render
from pipelines.reports.narratives import attach
from pipelines.reports.work_plan import attach_work_plan
from pipelines.warehouse.build import read_warehouse
from pipelines.words.catalogue import LANGUAGES, SOURCE, text
from pipelines.workplan.preflight import preflight

ACTIONS = ("freeze", "frozen list")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="write the periodic report (xlsx, docx, pdf); freeze it; list frozen reports",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("action", nargs="*", metavar="ACTION", help="'freeze' or 'frozen list'")
    add_data_dir(p)
    p.add_argument("--period", metavar="ID", help="reporting period, e.g. P1")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="date range start")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="date range end")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--partner", metavar="CODE", help="one partner's report")
    scope.add_argument("--country", metavar="ISO2", help="one country's report")
    p.add_argument("--with-pending", action="store_true", help="include pending submissions")
    p.add_argument("--format", choices=FORMATS, help="default: from the --out file name")
    p.add_argument("--out", metavar="FILE", help="where to write the report")
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=SOURCE,
        help="language of the report (default: en, for the EU agency)",
    )
    p.add_argument("--frozen", metavar="ID", help="write a frozen report instead of today's")
    p.add_argument(
        "--preflight",
        action="store_true",
        help="list what blocks the period's report (late deliverables without justification, "
        "missing evidence, overdue milestones); exit 1 when something blocks",
    )
    p.add_argument("--json", action="store_true", help="with --preflight: print the list as JSON")
    p.set_defaults(handler=run)


def _day(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{option} {value!r} is not a date; write YYYY-MM-DD") from exc


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(
        partner=args.partner,
        country=args.country,
        period=args.period,
        date_from=_day(args.date_from, "--from"),
        date_to=_day(args.date_to, "--to"),
        basis="with_pending" if args.with_pending else "official",
    )


def _format_and_out(args: argparse.Namespace) -> tuple[str, Path]:
    if not args.out:
        raise UsageError("Give the output file with --out FILE (e.g. --out report.xlsx)")
    out = Path(args.out)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UsageError(f"Give --format {'|'.join(FORMATS)} (or an --out file ending in one)")
    if not out.parent.exists():
        raise UsageError(f"The folder {out.parent} does not exist")
    return fmt, out


def run(args: argparse.Namespace) -> int:
    action = " ".join(args.action)
    if action and action not in ACTIONS:
        raise UsageError(f"Unknown report action {action!r}; use: {', '.join(ACTIONS)}")
    if args.preflight:
        return _preflight(args, action)
    say = progress_printer()
    data_dir = data_dir_of(args)
    project = project_of(data_dir)
    viewer = Viewer.coordinator("cli")
    if action == "frozen list":
        return _list(data_dir, project, viewer)
    if action == "freeze":
        if args.frozen or args.out or args.format:
            raise UsageError("'report freeze' takes --period and a scope, not --frozen/--out")
        say("collecting the figures")
        card = freeze(data_dir, project, viewer, _filters(args).normalised(project))
        say(f"frozen at ledger position {card.ledger_position}")
        print(card.frozen_id)
        return EXIT_OK
    fmt, out = _format_and_out(args)
    if args.frozen:
        if args.period or args.partner or args.country or args.date_from or args.date_to:
            raise UsageError("A frozen report has its own period and scope; give only --frozen ID")
        say(f"reading frozen report {args.frozen}")
        data = load_frozen(data_dir, project, viewer, args.frozen)
    else:
        filters = _filters(args).normalised(project)  # usage errors before the warehouse
        say("collecting the figures")
        with read_warehouse(data_dir.warehouse) as con:
            data = collect(con, project, viewer, filters)
        data = attach_work_plan(data_dir, project, attach(data_dir, project, data))
    say(f"writing {fmt} ({args.lang})")
    payload = render(data, fmt, args.lang)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(payload)
    tmp.replace(out)
    say(f"wrote {out} ({len(payload) / 1024:.0f} KB)")
    return EXIT_OK


def _preflight(args: argparse.Namespace, action: str) -> int:
    """What blocks the report of ``--period``: JSON or one line per finding; exit 1 if any."""
    if action or not args.period or args.out or args.frozen or args.partner or args.country:
        raise UsageError(key="workplan.preflight.usage")
    data_dir = data_dir_of(args)
    project = project_of(data_dir)
    result = preflight(data_dir, project, Viewer.coordinator("cli"), args.period)
    if args.json:
        print(json.dumps(result.as_dict(args.lang), ensure_ascii=False, indent=2))
    else:
        if not result.blocking:
            print(text("workplan.preflight.clear", args.lang, period=result.period))
        for title, found in (
            ("workplan.preflight.blocking", result.blocking),
            ("workplan.preflight.warnings", result.warnings),
        ):
            if found:
                print(text(title, args.lang))
            for f in found:
                print(f"  - {f.message(args.lang)}")
    return EXIT_REJECTED if result.blocked else EXIT_OK


def _list(data_dir, project, viewer) -> int:
    cards = list_frozen(data_dir, project, viewer)
    if not cards:
        print("no frozen reports yet; make one with 'report freeze --period ID'", file=sys.stderr)
        return EXIT_OK
    print(f"{'id':32} {'period':6} {'scope':12} {'basis':12} {'position':>8}  frozen at")
    for c in cards:
        scope = c.scope.code or "consortium"
        print(
            f"{c.frozen_id:32} {c.period:6} {scope:12} {c.basis:12} {c.ledger_position:>8}  "
            f"{c.frozen_at}"
        )
    return EXIT_OK
