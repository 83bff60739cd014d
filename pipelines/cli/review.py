"""``review list|diff|approve|return``: the coordinator's review of uploaded submissions.

Whoever runs the command line has the data directory in hand, so it acts as the coordinator;
decisions are logged under the coordinator account named with ``--by`` (refused unless it
exists) or, without it, under the operating-system user.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from pipelines.access.accounts import Accounts
from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.cli import EXIT_OK, add_data_dir
from pipelines.cli.common import data_dir_of, project_of
from pipelines.errors import UsageError
from pipelines.submissions import review


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="approve or return submissions uploaded by partners")
    actions = p.add_subparsers(dest="review_command", metavar="ACTION", parser_class=type(p))

    ls = actions.add_parser("list", help="submissions waiting for review")
    ls.add_argument("--json", action="store_true", help="print them as JSON")
    add_data_dir(ls)
    ls.set_defaults(handler=run_list)

    diff = actions.add_parser("diff", help="rows a submission adds, removes or changes")
    diff.add_argument("submission_id", type=int, metavar="ID")
    diff.add_argument("--json", action="store_true", help="print the rows as JSON")
    add_data_dir(diff)
    diff.set_defaults(handler=run_diff)

    for name, decision, needs_comment in (
        ("approve", "approved", False),
        ("return", "returned", True),
    ):
        q = actions.add_parser(name, help=f"{name} a pending submission and rebuild")
        q.add_argument("submission_id", type=int, metavar="ID")
        q.add_argument(
            "--comment",
            required=needs_comment,
            help="what the partner should fix" if needs_comment else "a note for the partner",
        )
        q.add_argument(
            "--by",
            help="the reviewer's coordinator account (default: the operating-system user)",
        )
        add_data_dir(q)
        q.set_defaults(handler=run_decide, decision=decision)
    p.set_defaults(handler=lambda _a: (p.print_help(), 2)[1])


def _viewer(args: argparse.Namespace) -> Viewer:
    """The reviewer: ``--by`` must name an existing coordinator account; without it, the
    operating-system user who runs the command."""
    by = getattr(args, "by", None)
    if by is None:
        return Viewer.coordinator(audit.os_user())
    data_dir = data_dir_of(args)
    account = Accounts(data_dir, project_of(data_dir)).get(by)
    if account is None or account.disabled or not account.viewer().can("approve"):
        raise UsageError(key="ops.review.unknown_reviewer", name=repr(by))
    return Viewer.coordinator(account.username)


def run_list(args: argparse.Namespace) -> int:
    subs = review.pending(data_dir_of(args), _viewer(args))
    if args.json:
        print(
            json.dumps(
                {
                    "pending": [
                        {
                            "submission_id": s.submission_id,
                            "template": s.template,
                            "partners": list(s.partners),
                            "rows": s.row_count,
                            "file_name": s.file_name,
                            "received_at": s.received_at,
                            "submitted_by": s.submitted_by,
                        }
                        for s in subs
                    ]
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    if not subs:
        print("nothing to review")
    for s in subs:
        print(
            f"#{s.submission_id:<5} {s.template:<14} {','.join(s.partners):<20} "
            f"{s.row_count:>6} rows  {s.received_at}  by {s.submitted_by}  {s.file_name}"
        )
    return EXIT_OK


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def run_diff(args: argparse.Namespace) -> int:
    d = review.diff_against_current(data_dir_of(args), args.submission_id)
    if args.json:
        print(
            json.dumps(
                {
                    "submission_id": d.submission_id,
                    "template": d.template,
                    "partners": list(d.partners),
                    "key": list(d.key),
                    "baseline": list(d.baseline),
                    "counts": d.counts(),
                    "added": _plain(d.added),
                    "removed": _plain(d.removed),
                    "changed": [
                        {"key": _plain(c.key), "old": _plain(c.old), "new": _plain(c.new)}
                        for c in d.changed
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    base = ", ".join(f"#{b}" for b in d.baseline) or "no official data yet"
    c = d.counts()
    print(
        f"submission #{d.submission_id} ({d.template}, {', '.join(d.partners)}) against {base}: "
        f"{c['added']} added, {c['removed']} removed, {c['changed']} changed, "
        f"{c['unchanged']} unchanged"
    )
    for row in d.added:
        print("  + " + ", ".join(f"{k}={row[k]}" for k in d.key))
    for row in d.removed:
        print("  - " + ", ".join(f"{k}={row[k]}" for k in d.key))
    for ch in d.changed:
        what = "; ".join(f"{col}: {ch.old[col]!r} -> {ch.new[col]!r}" for col in ch.columns)
        print("  ~ " + ", ".join(f"{k}={v}" for k, v in ch.key.items()) + f"  {what}")
    return EXIT_OK


def run_decide(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    result = review.decide(
        data_dir,
        project_of(data_dir),
        _viewer(args),
        args.submission_id,
        args.decision,
        args.comment,
    )
    print(
        f"submission #{result.submission_id} {result.decision}; warehouse rebuilt "
        f"(ledger position {result.ledger_position})"
    )
    for w in result.warnings:
        print(f"warning: {w}")
    return EXIT_OK
