"""What ``deliverables``, ``milestones`` and ``risks`` share: their options, the account
named with ``--by``, and reading ``--evidence FILE_OR_URL``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from pipelines.access.accounts import Accounts
from pipelines.access.scope import Viewer
from pipelines.cli import EXIT_OK, add_data_dir, lang_of
from pipelines.cli.common import add_lang, data_dir_of, project_of
from pipelines.config import Project
from pipelines.errors import UsageError
from pipelines.paths import DataDir
from pipelines.words.catalogue import text
from pipelines.workplan.evidence import Evidence


def register_pair(
    sub: argparse._SubParsersAction,
    name: str,
    help_text: str,
    statuses: tuple[str, ...],
    run_list: Callable[[argparse.Namespace], int],
    run_update: Callable[[argparse.Namespace], int],
    *,
    partner_filter: bool = False,
) -> None:
    """``NAME list [--wp WP] [--json]`` and ``NAME update CODE ... --by ACCOUNT``."""
    p = sub.add_parser(name, help=help_text)
    actions = p.add_subparsers(dest=f"{name}_command", metavar="ACTION", parser_class=type(p))
    ls = actions.add_parser("list", help=f"the {name} of the work plan with their status")
    ls.add_argument("--wp", metavar="WP", help="one work package, e.g. WP3")
    if partner_filter:
        ls.add_argument("--partner", metavar="CODE", help="one lead partner's")
    ls.add_argument("--json", action="store_true", help="print them as JSON")
    add_lang(ls)
    add_data_dir(ls)
    ls.set_defaults(handler=run_list)

    up = actions.add_parser("update", help="record a status, evidence or a justification")
    up.add_argument("code", metavar="CODE")
    up.add_argument("--status", choices=statuses, help="the new status")
    up.add_argument("--evidence", metavar="FILE_OR_URL", help="a document or an http(s) link")
    up.add_argument("--justification", metavar="TEXT", help="why it is late (or a note)")
    up.add_argument("--by", required=True, metavar="ACCOUNT", help="an enabled coordinator account")
    add_lang(up)
    add_data_dir(up)
    up.set_defaults(handler=run_update)
    p.set_defaults(handler=lambda _a: (p.print_help(), 2)[1])


def coordinator_by(data_dir: DataDir, project: Project, name: str) -> Viewer:
    """``--by``: an existing, enabled account that may submit deliverables."""
    account = Accounts(data_dir, project).get(name)
    if account is None or account.disabled or not account.viewer().can("submit_deliverable"):
        raise UsageError(key="ops.review.unknown_reviewer", name=repr(name))
    return Viewer.coordinator(account.username)


def evidence_of(args: argparse.Namespace, project: Project) -> Evidence | None:
    if not args.evidence:
        return None
    return Evidence.from_argument(args.evidence, project.access.max_upload_mb * 2**20)


def context(args: argparse.Namespace) -> tuple[DataDir, Project]:
    data_dir = data_dir_of(args)
    return data_dir, project_of(data_dir)


def print_json(payload: dict[str, Any]) -> int:
    print(json.dumps(payload, ensure_ascii=False, indent=2))
    return EXIT_OK


def status_word(status: str, lang: str) -> str:
    return text(f"workplan.status.{status}", lang)


def evidence_words(items: list[dict[str, str]]) -> str:
    return ", ".join(i.get("url") or f"{i['name']} ({i['sha256'][:12]})" for i in items)


def update_and_say(args: argparse.Namespace, update: Callable[..., Any]) -> int:
    """One ``update`` for the three commands: the coordinator named by ``--by`` records the
    status, evidence or justification through ``update`` (the service's function for the
    kind), and the command says what the item's status is now."""
    data_dir, project = context(args)
    viewer = coordinator_by(data_dir, project, args.by)
    state = update(
        data_dir,
        project,
        viewer,
        args.code,
        status=args.status,
        evidence=evidence_of(args, project),
        justification=args.justification,
    )
    lang = lang_of(args)
    said = text("workplan.cli.updated", lang, code=state.item.code,
                status=status_word(state.status, lang), by=viewer.username)  # fmt: skip
    print(said)
    return EXIT_OK
