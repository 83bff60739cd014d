"""``audit [--since DATE] [--actor NAME] [--json | --csv FILE]``: the audit log for an auditor.

Oldest entry first, events in words in the reader's language (``--lang``), everything since
a date and/or by one actor (the name as the log records it, any case: an account such as
``upv-coord`` or an operating-system user such as ``os:alice``). ``--json`` keeps English
keys and codes; ``--csv`` writes a formula-safe file readable by its owner only, and that
export is itself logged.

Who reads: the permission table's ``see_audit``, as on the Audit page. Whoever runs the
command line has the data directory in hand, so, as ``review`` does, it reads as the
coordinator under the operating-system user, or under the account named with ``--by``
(refused unless that account exists, is active and may read the log).
"""

from __future__ import annotations

import argparse
import hashlib
import os
from pathlib import Path

from pipelines.access import audit, audit_trail
from pipelines.access.accounts import Accounts, accounts_path
from pipelines.access.scope import Viewer
from pipelines.cli import EXIT_OK, add_data_dir, lang_of
from pipelines.cli.common import add_lang, data_dir_of, project_of
from pipelines.errors import UsageError
from pipelines.paths import DataDir
from pipelines.words.catalogue import plural, text

SHOWN_NAMES = 20  # an unknown --actor lists at most this many names found in the log


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="list or export the audit log (oldest entry first)")
    p.add_argument("--since", metavar="DATE", help="from this UTC date (2026-01-31) or time on")
    p.add_argument("--actor", metavar="NAME", help="only the entries of this account or os:user")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the entries as JSON")
    out.add_argument("--csv", metavar="FILE", help="write the entries to a CSV file")
    p.add_argument("--by", help="the reading account (default: the operating-system user)")
    add_lang(p)
    add_data_dir(p)
    p.set_defaults(handler=run)


def _reader(data_dir: DataDir, by: str | None) -> Viewer:
    if by is None:
        return Viewer.coordinator(audit.os_user())
    account = (
        Accounts(data_dir, project_of(data_dir)).get(by)
        if accounts_path(data_dir).exists()
        else None
    )
    if account is None or account.disabled or not account.viewer().can("see_audit"):
        raise UsageError(key="audit.cli.unknown_reader", name=by)
    return account.viewer()


def _actor(data_dir: DataDir, reader: Viewer, name: str | None, lang: str) -> str | None:
    """The actor asked for, refused when blank or when nobody of that name exists."""
    if name is None:
        return None
    wanted = name.strip()
    if not wanted:
        raise UsageError(key="audit.cli.blank_actor")
    in_log = audit.actors(data_dir, reader)
    accounts = (
        [a.username for a in Accounts(data_dir, project_of(data_dir)).list_accounts()]
        if accounts_path(data_dir).exists()
        else []
    )
    if wanted.lower() not in {n.lower() for n in (*in_log, *accounts)}:
        shown = ", ".join(audit_trail.visible(n) for n in in_log[:SHOWN_NAMES])
        if len(in_log) > SHOWN_NAMES:
            shown += ", …"
        raise UsageError(
            key="audit.cli.unknown_actor",
            name=audit_trail.visible(wanted),
            known=shown or text("audit.cli.nobody", lang),
        )
    return wanted


def _write_private(path: Path, data: bytes) -> None:
    """The file is created readable by its owner only (it names accounts)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise UsageError(
            key="audit.cli.cannot_write", path=str(path), reason=exc.strerror or str(exc)
        ) from exc


def run(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    data_dir = data_dir_of(args)
    since = audit_trail.parse_since(args.since) if args.since is not None else None
    reader = _reader(data_dir, args.by)
    actor = _actor(data_dir, reader, args.actor, lang)
    found = list(reversed(audit.entries(data_dir, reader, since=since, limit=None, who=actor)))
    if args.json:
        print(audit_trail.as_json_text(found, lang, since=args.since, actor=actor))
        return EXIT_OK
    if args.csv:
        path = Path(args.csv)
        data = audit_trail.csv_bytes(found, lang)
        _write_private(path, data)
        audit.record(
            data_dir,
            reader.username,
            "export",
            "audit log",
            rows=len(found),
            file=path.name,
            sha256=hashlib.sha256(data).hexdigest(),
            since=args.since,
            actor=actor,
            channel="cli",
        )
        print(plural("audit.cli.written", len(found), lang, path=str(path)))
        return EXIT_OK
    if not found:
        print(text("audit.cli.empty", lang))
        return EXIT_OK
    for line in audit_trail.lines(found, lang):
        print(line)
    print(plural("audit.cli.count", len(found), lang))
    return EXIT_OK
