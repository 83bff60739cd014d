"""``portfolio add PATH_OR_ZIP``, ``portfolio list [--json]``, ``portfolio remove NUMBER``:
the open data packages of the projects a National Office follows."""

from __future__ import annotations

import argparse
import json
import sys

from pipelines.audit import log as audit
from pipelines.cli import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, add_data_dir
from pipelines.cli.common import data_dir_of
from pipelines.errors import LeslieError
from pipelines.portfolio import package, store
from pipelines.words.catalogue import default_lang, text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("portfolio", help="projects' open data packages: add, list, remove")
    inner = p.add_subparsers(dest="portfolio_command", metavar="ACTION")
    add = inner.add_parser("add", help="check a package (folder or zip) and add it")
    add.add_argument("path", metavar="PATH_OR_ZIP")
    remove = inner.add_parser("remove", help="take a project out (its packages stay as history)")
    remove.add_argument("number", metavar="NUMBER")
    for q in (add, inner.add_parser("list", help="the projects and their figures"), remove):
        add_data_dir(q)
        q.add_argument("--json", action="store_true")
        q.add_argument("--lang", metavar="LANG", help="en, ru, kk or uz")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", None) or default_lang()
    actions = {"add": _add, "list": _list, "remove": _remove}
    if args.portfolio_command not in actions:
        print(text("portfolio.cli.choose", lang), file=sys.stderr)
        return EXIT_USAGE
    try:
        return actions[args.portfolio_command](args, lang)
    except package.PackageRefused as exc:  # the package, not the call, is at fault
        print(f"error: {exc.render(lang)}", file=sys.stderr)
        return EXIT_REJECTED
    except LeslieError as exc:
        print(f"error: {exc.render(lang)}", file=sys.stderr)
        return EXIT_REJECTED


def _add(args: argparse.Namespace, lang: str) -> int:
    found = package.read(args.path)
    added = store.add(data_dir_of(args), found, audit.os_user())
    if args.json:
        print(json.dumps(added.as_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(text(f"portfolio.cli.{added.outcome}", lang, acronym=added.acronym, number=added.number))
    return EXIT_OK


def _list(args: argparse.Namespace, lang: str) -> int:
    held = store.current(data_dir_of(args))
    if args.json:
        body = {"projects": [h.as_dict() for h in held]}
        print(json.dumps(body, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not held:
        print(text("portfolio.cli.none", lang))
    for h in held:
        print(f"{h.number}  {h.acronym:10} {' '.join(h.countries):18} {h.created}  {h.title}")
    return EXIT_OK


def _remove(args: argparse.Namespace, lang: str) -> int:
    done = store.remove(data_dir_of(args), args.number, audit.os_user())
    if args.json:
        print(json.dumps({"number": args.number, "removed": done}, indent=2))
        return EXIT_OK if done else EXIT_REJECTED
    if not done:
        print(text("portfolio.cli.not_held", lang, number=args.number), file=sys.stderr)
        return EXIT_REJECTED
    print(text("portfolio.cli.removed", lang, number=args.number))
    return EXIT_OK
