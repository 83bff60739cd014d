"""``restore FILE --data-dir DIR [--force]``: check every member of a backup archive in a
staging folder, then swap it in for DIR and rebuild the warehouse; DIR stays as it was when
anything fails."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipelines.audit import log as audit
from pipelines.cli import EXIT_OK, add_data_dir
from pipelines.cli.common import data_dir_of, progress_printer
from pipelines.errors import UsageError
from pipelines.operations.backup import restore
from pipelines.words.catalogue import default_lang, text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("restore", help="restore a backup archive into a data directory")
    p.add_argument("archive", metavar="FILE")
    add_data_dir(p)
    p.add_argument(
        "--force",
        action="store_true",
        help="restore into a non-empty directory (its old contents are kept beside it)",
    )
    p.add_argument("--json", action="store_true", help="print the outcome as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    archive = Path(args.archive)
    if not archive.is_file():
        raise UsageError(key="ops.restore.no_file", path=str(archive))
    data_dir = data_dir_of(args)
    outcome = restore(  # the project is the restored directory's own
        archive,
        data_dir,
        force=args.force,
        actor=audit.os_user(),
        progress=progress_printer(not args.json),
    )
    if args.json:
        print(json.dumps(outcome, ensure_ascii=False, indent=2))
        return EXIT_OK
    lang = default_lang()
    print(text("ops.restore.done", lang, path=outcome["data_dir"], files=outcome["files"]))
    if outcome["replaced"]:
        print(text("ops.restore.replaced", lang, path=outcome["replaced"]))
    if outcome["without_secrets"]:
        print(text("ops.restore.new_secret", lang))
    return EXIT_OK
