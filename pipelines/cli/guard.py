"""What every command does around its own work: refuse a data directory of another format,
repair stale figures before reading them, and audit what changed or left the installation.

Choice: a command meeting an older directory refuses and names ``upgrade`` rather than
upgrading by itself, because an upgrade takes a backup and cannot be undone by the older
release; the operator decides when.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines.audit import log as audit
from pipelines.cli.common import data_dir_of, progress_printer, project_of
from pipelines.store import format as data_format

# upgrade and doctor read any format; backup copies it as it is; restore writes a new one;
# words edits the message catalogues, not the data directory
ANY_FORMAT = frozenset({"upgrade", "doctor", "backup", "restore", "words"})
READS_FIGURES = frozenset({"indicators", "report", "publish"})


def before(args: argparse.Namespace) -> None:
    command = getattr(args, "command", None)
    if command in ANY_FORMAT:
        return
    data_dir = data_dir_of(args)
    data_format.ensure_current(data_dir)
    if command in READS_FIGURES and not getattr(args, "preflight", False):
        # the one freshness rule: rebuilt first when the settings, the SQL or the ledger
        # moved since the build (under the store's lock), else refused with the reason
        from pipelines.warehouse.build import require_current  # the warehouse's imports

        require_current(data_dir, project_of(data_dir), progress_printer())


def after(args: argparse.Namespace, code: int) -> None:
    """Report writes and freezes done through the command line are audited (OS user)."""
    if code != 0 or getattr(args, "command", None) != "report":
        return
    action = " ".join(getattr(args, "action", None) or [])
    data_dir = data_dir_of(args)
    scope = args.partner or args.country or "consortium"
    if action == "freeze":
        audit.record(
            data_dir, audit.os_user(), "report_freeze", args.period, scope=scope, channel="cli"
        )
    elif not action and args.out:
        audit.record_export(
            data_dir,
            audit.os_user(),
            f"report {args.frozen or args.period or 'date range'}",
            Path(args.out),
            scope=scope,
            frozen=args.frozen,
            channel="cli",
        )
