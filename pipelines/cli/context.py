"""``context import PATH [--country ISO2] [--json]`` and ``context list [--country ISO2] --json``:
national SDG figures beside the project's results."""

from __future__ import annotations

import argparse
import json
import sys

from pipelines.audit import log as audit
from pipelines.cli import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, add_data_dir
from pipelines.cli.common import data_dir_of, project_of
from pipelines.context.importer import import_source, list_series
from pipelines.errors import LeslieError, UsageError
from pipelines.words.catalogue import default_lang, text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("context", help="national SDG data: import a source, list the series")
    inner = p.add_subparsers(dest="context_command", metavar="ACTION")
    imp = inner.add_parser("import", help="import an Open SDG repository, UN export or scrape")
    imp.add_argument("path", metavar="PATH")
    for q in (imp, inner.add_parser("list", help="list the imported series")):
        add_data_dir(q)
        q.add_argument("--country", metavar="ISO2")
        q.add_argument("--json", action="store_true")
        q.add_argument("--lang", metavar="LANG", help="en, ru, kk or uz")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", None) or default_lang()
    actions = {"import": _import, "list": _list}
    if args.context_command not in actions:
        print(text("context.cli.choose", lang), file=sys.stderr)
        return EXIT_USAGE
    try:
        return actions[args.context_command](args, lang)
    except UsageError as exc:  # in the reader's language; the CLI's edge would say it in English
        print(f"error: {exc.render(lang)}", file=sys.stderr)
        return EXIT_USAGE
    except LeslieError as exc:
        print(f"error: {exc.render(lang)}", file=sys.stderr)
        return EXIT_REJECTED


def _import(args: argparse.Namespace, lang: str) -> int:
    data_dir = data_dir_of(args)
    project = project_of(data_dir)
    try:
        report = import_source(data_dir, project, args.path, args.country)
    except LeslieError as exc:  # every attempt is in the audit log, a refused one with why
        audit.record(data_dir, audit.os_user(), "context_import", str(args.path),
                     status="refused", key=exc.key, country=args.country, channel="cli")  # fmt: skip
        raise
    audit.record(
        data_dir, audit.os_user(), "context_import", str(args.path), status=report.status,
        source=report.source, format=report.format, countries=list(report.countries),
        rows=report.rows, channel="cli",
    )  # fmt: skip
    if args.json:
        print(json.dumps(report.as_dict(lang), ensure_ascii=False, indent=2))
        return EXIT_OK
    key = "context.cli.imported" if report.status == "imported" else "context.cli.unchanged"
    print(text(key, lang, source=report.source, format=report.format))
    print(text("context.cli.counts", lang, files=report.files_read, series=report.series,
               rows=report.rows, dropped=report.rows_dropped))  # fmt: skip
    for s in report.skipped:
        print(text("context.cli.skipped", lang, file=s.file, reason=s.reason.render(lang)))
    return EXIT_OK


def _list(args: argparse.Namespace, lang: str) -> int:
    series = list_series(data_dir_of(args), args.country)
    if args.json:
        print(json.dumps({"series": series}, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not series:
        print(text("context.cli.none", lang))
    for s in series:
        first, last = s["years"]
        print(f"{s['country']}  {s['indicator']:9} {s['series'][:28]:28} {first}–{last} "
              f"{s['rows']:>6}  {s['source']}")  # fmt: skip
    return EXIT_OK
