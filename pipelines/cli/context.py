"""``context import PATH [--country ISO2] [--json]`` and ``context list [--country ISO2] --json``:
national SDG figures beside the project's results."""

from __future__ import annotations

import argparse
import json

from pipelines.cli import EXIT_OK, EXIT_USAGE, add_data_dir
from pipelines.cli.common import data_dir_of, project_of
from pipelines.context.importer import import_source, list_series
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
    if args.context_command == "import":
        return _import(args, lang)
    if args.context_command == "list":
        return _list(args, lang)
    print(text("context.cli.choose", lang))
    return EXIT_USAGE


def _import(args: argparse.Namespace, lang: str) -> int:
    data_dir = data_dir_of(args)
    report = import_source(data_dir, project_of(data_dir), args.path, args.country)
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
