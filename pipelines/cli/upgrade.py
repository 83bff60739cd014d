"""``upgrade [--data-dir DIR] [--json]``: bring an older data directory to this release's
format, in place, after taking a backup into ``DIR/backups/``. Running it again changes
nothing."""

from __future__ import annotations

import argparse
import json

from pipelines.audit import log as audit
from pipelines.cli import EXIT_OK, add_data_dir
from pipelines.cli.common import data_dir_of, progress_printer, project_of
from pipelines.operations import backup as backups
from pipelines.operations.migrations import upgrade
from pipelines.store import format as data_format
from pipelines.words.catalogue import default_lang, text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("upgrade", help="upgrade an older data directory in place (after a backup)")
    add_data_dir(p)
    p.add_argument("--json", action="store_true", help="print the outcome as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    project = project_of(data_dir)
    actor = audit.os_user()

    def take_backup(d):
        out = d.root / backups.BACKUPS / f"before-upgrade-{data_format.file_stamp()}.zip"
        return backups.create_backup(d, out, actor=actor).path

    result = upgrade(
        data_dir, project, take_backup, progress=progress_printer(not args.json), actor=actor
    )
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    lang = default_lang()
    if not result.changed:
        print(text("ops.upgrade.current", lang, path=str(data_dir.root), version=result.version))
        return EXIT_OK
    print(
        text(
            "ops.upgrade.done",
            lang,
            path=str(data_dir.root),
            found=result.found,
            version=result.version,
            backup=str(result.backup),
        )
    )
    for step in result.steps:
        print(f"  - {step}")
    return EXIT_OK
