"""``publish --out DIR``: the public figures as a Frictionless Data Package, under the same
disclosure control as the public page."""

from __future__ import annotations

import argparse
import json

from pipelines.access import audit
from pipelines.cli import EXIT_OK, add_data_dir
from pipelines.cli.common import data_dir_of, project_of
from pipelines.publish.package import write_package
from pipelines.words.catalogue import default_lang, text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("publish", help="write the public figures as an open data package")
    add_data_dir(p)
    p.add_argument("--out", metavar="DIR", required=True)
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", metavar="LANG", help="en, ru, kk or uz")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    lang = args.lang or default_lang()
    data_dir = data_dir_of(args)
    written = write_package(data_dir, project_of(data_dir), args.out, by=audit.os_user())
    if args.json:
        print(json.dumps(written.as_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(text("context.publish.written", lang, path=str(written.descriptor),
               published=written.published, suppressed=written.suppressed))  # fmt: skip
    return EXIT_OK
