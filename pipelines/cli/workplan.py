"""``workplan load FILE [--apply]``: put the grant agreement's list of deliverables and
milestones in force in place of project.toml's illustrative list.

    workplan load FILE [--apply --by ACCOUNT] [--confirm-removal] [--json] [--lang LANG]

Without ``--apply`` it prints what the file adds, changes and removes against the list in
force, and stores nothing. Exit 0 when the file is good (and, with --apply, stored), 1 when
it is refused (every problem listed), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipelines.access.accounts import Accounts
from pipelines.access.scope import Viewer
from pipelines.cli import EXIT_OK, EXIT_REJECTED, add_data_dir, lang_of
from pipelines.cli.common import add_lang, data_dir_of
from pipelines.config import Project, load_project
from pipelines.errors import UsageError
from pipelines.paths import DataDir
from pipelines.words.catalogue import text
from pipelines.workplan import loaded


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("workplan", help="load the grant agreement's list of the work plan")
    actions = p.add_subparsers(dest="workplan_command", metavar="ACTION", parser_class=type(p))
    load = actions.add_parser(
        "load",
        help="preview (or with --apply, store) a list of deliverables and milestones",
        description="Check a CSV or XLSX list of deliverables and milestones and show what it "
        "adds, changes and removes; --apply puts it in force.",
    )
    load.add_argument("file", metavar="FILE")
    load.add_argument("--apply", action="store_true", help="store the list (coordinator only)")
    load.add_argument("--by", metavar="ACCOUNT", help="the coordinator account applying it")
    load.add_argument(
        "--confirm-removal",
        action="store_true",
        help="allow codes with recorded statuses or evidence to leave the list (history kept)",
    )
    load.add_argument("--json", action="store_true", help="print the outcome as JSON")
    add_lang(load)
    add_data_dir(load)
    load.set_defaults(handler=run_load)
    p.set_defaults(handler=lambda _a: (p.print_help(), 2)[1])


def loader(data_dir: DataDir, project: Project, name: str | None) -> Viewer:
    """``--by``: an existing, enabled account that the permission table lets load the list."""
    account = Accounts(data_dir, project).get(name) if name else None
    if account is None or account.disabled or not account.viewer().can(loaded.ACTION):
        raise UsageError(key="workplan.load.not_coordinator", name=repr(name or ""))
    return account.viewer()


def run_load(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    project = load_project(data_dir.project_file)
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(key="intake.read.not_found", file=str(path)) from exc
    if args.apply:
        viewer = loader(data_dir, project, args.by)
        result = loaded.apply(data_dir, project, viewer, data, path.name,
                              confirm_removal=args.confirm_removal, channel="cli")  # fmt: skip
    else:
        result = loaded.preview(data_dir, project, data, path.name,
                                confirm_removal=args.confirm_removal)  # fmt: skip
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(say(result, lang_of(args), applied=args.apply)))
    return EXIT_OK if result.accepted else EXIT_REJECTED


def say(result: loaded.Preview, lang: str, *, applied: bool) -> list[str]:
    """The outcome in words: the problems, or the changes and what was done."""
    name = result.file.name
    if not result.accepted:
        return [text("workplan.load.rejected", lang)] + [
            "  " + where(name, p.row, p.column, lang) + ": " + p.render(lang)
            for p in result.file.problems
        ]
    lines = [text("workplan.load.counts", lang, file=name,
                  deliverables=len(result.file.deliverables),
                  milestones=len(result.file.milestones))]  # fmt: skip
    lines += loaded.changes_said(result, lang) or [text("workplan.load.same", lang)]
    if result.unchanged:
        lines.append(text("workplan.load.unchanged", lang))
    elif applied:
        lines.append(text("workplan.load.applied", lang, sha256=result.sha256))
    else:
        lines.append(text("workplan.load.preview_only", lang))
    return lines


def where(file: str, row: int | None, column: str | None, lang: str) -> str:
    if row is None or column is None:
        return text("workplan.load.where_file", lang, file=file) + (
            f" «{column}»" if column else ""
        )
    return text("workplan.load.where", lang, file=file, row=row, column=column)
