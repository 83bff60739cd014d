"""``ingest FILE [FILE ...] [--data-dir DIR] [--json] [--lang LANG]`` (data contract: command line)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipelines.audit import log as audit
from pipelines.cli import EXIT_OK, EXIT_REJECTED, add_data_dir
from pipelines.cli.common import data_dir_of, progress_printer, project_of
from pipelines.errors import UsageError
from pipelines.intake.validate import Problem
from pipelines.submissions.ingest import BatchResult, Source, ingest
from pipelines.words.catalogue import LANGUAGES, default_lang, normalise_lang, plural, text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="validate and store submission files (CSV/XLSX)")
    p.add_argument("files", nargs="+", metavar="FILE")
    add_data_dir(p)
    p.add_argument("--json", action="store_true", help="print the outcome as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    add_lang(p)
    p.set_defaults(handler=run)


def add_lang(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of the messages (default: LESLIE_LANG, else en)",
    )


def lang_of(args: argparse.Namespace) -> str:
    return normalise_lang(getattr(args, "lang", None)) or default_lang()


def run(args: argparse.Namespace) -> int:
    paths = [Path(f) for f in args.files]
    for path in paths:
        if not path.is_file():
            raise UsageError(f"File not found: {path}")
    lang = lang_of(args)
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
        files = [f.contract_dict(lang) for f in result.files]
        print(json.dumps({"files": files}, ensure_ascii=False, indent=2))
    else:
        print_outcome(result, lang)
    return EXIT_OK if result.all_accepted else EXIT_REJECTED


def print_outcome(result: BatchResult, lang: str) -> None:
    """Each file's status and every problem, in the reader's language."""
    for f in result.files:
        template = f.template or text("intake.cli.unknown_template", lang)
        rows = plural("intake.cli.rows", f.rows, lang)
        status = text(f"intake.cli.status.{f.status}", lang)
        print(f"{status:9} {f.path}  ({template}, {rows})")
        for e in f.errors:
            print(f"    - {_where(e, lang)}{e.render(lang)}")
    if result.build:
        b = result.build
        print(
            text(
                "intake.cli.built",
                lang,
                seconds=f"{b.seconds:.2f}",
                passed=b.checks_run - b.checks_failed,
                total=b.checks_run,
            )
        )


def _where(e: Problem, lang: str) -> str:
    parts = []
    if e.row is not None:
        parts.append(text("intake.cli.row", lang, row=e.row))
    if e.column:
        parts.append(text("intake.cli.column", lang, column=e.column))
    if e.value not in (None, ""):
        parts.append(text("intake.cli.value", lang, value=repr(e.value)))
    return ", ".join(parts) + ": " if parts else ""
