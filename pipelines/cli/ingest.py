"""``ingest FILE [FILE ...] [--data-dir DIR] [--json]`` (data contract: command line)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipelines.access import audit
from pipelines.cli import EXIT_OK, EXIT_REJECTED, add_data_dir
from pipelines.cli.common import data_dir_of, progress_printer, project_of
from pipelines.errors import UsageError
from pipelines.submissions.ingest import Source, ingest


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="validate and store submission files (CSV/XLSX)")
    p.add_argument("files", nargs="+", metavar="FILE")
    add_data_dir(p)
    p.add_argument("--json", action="store_true", help="print the outcome as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    paths = [Path(f) for f in args.files]
    for path in paths:
        if not path.is_file():
            raise UsageError(f"File not found: {path}")
    data_dir = data_dir_of(args)
    project = project_of(data_dir)
    result = ingest(
        data_dir,
        project,
        [Source(name=str(p), path=p) for p in paths],
        progress=progress_printer(not args.quiet),
    )
    actor = audit.os_user()
    for f in result.files:  # every state change has an actor in the audit log
        audit.record(
            data_dir,
            actor,
            "ingest",
            Path(f.path).name,
            status=f.status,
            sha256=f.sha256,
            template=f.template,
            rows=f.rows,
            submission_id=f.submission_id,
            errors=len(f.errors),
            channel="cli",
        )
    if args.json:
        print(
            json.dumps(
                {"files": [f.contract_dict() for f in result.files]}, ensure_ascii=False, indent=2
            )
        )
    else:
        for f in result.files:
            print(
                f"{f.status.upper():9} {f.path}  ({f.template or 'unknown template'}, {f.rows} rows)"
            )
            for e in f.errors:
                where = ", ".join(
                    part
                    for part in (
                        f"row {e.row}" if e.row is not None else "",
                        f"column {e.column}" if e.column else "",
                        f"value {e.value!r}" if e.value not in (None, "") else "",
                    )
                    if part
                )
                print(f"    - {where + ': ' if where else ''}{e.message}")
        if result.build:
            b = result.build
            print(
                f"warehouse rebuilt in {b.seconds:.2f} s "
                f"({b.checks_run - b.checks_failed}/{b.checks_run} data checks passed)"
            )
    return EXIT_OK if result.all_accepted else EXIT_REJECTED
