"""``backup --out FILE [--without-secrets]``: one consistent archive of the data directory,
safe while ingests and the dashboard run."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipelines.audit import log as audit
from pipelines.cli import EXIT_OK, add_data_dir
from pipelines.cli.common import data_dir_of
from pipelines.operations.backup import create_backup
from pipelines.words.catalogue import default_lang, text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="write one consistent archive of the data directory")
    p.add_argument("--out", required=True, metavar="FILE", help="the archive to write (.zip)")
    p.add_argument(
        "--without-secrets",
        action="store_true",
        help="leave out private/secret.key (learner ids then no longer match earlier files)",
    )
    add_data_dir(p)
    p.add_argument("--json", action="store_true", help="print the outcome as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    result = create_backup(
        data_dir, Path(args.out), without_secrets=args.without_secrets, actor=audit.os_user()
    )
    if args.json:
        print(
            json.dumps(
                {
                    "archive": str(result.path),
                    "files": result.files,
                    "bytes": result.bytes,
                    "without_secrets": result.without_secrets,
                },
                indent=2,
            )
        )
        return EXIT_OK
    key = "ops.backup.done_without_secrets" if result.without_secrets else "ops.backup.done"
    print(text(key, default_lang(), path=str(result.path), files=result.files))
    return EXIT_OK
