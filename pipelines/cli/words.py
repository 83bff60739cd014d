"""``words export kk --out FILE.xlsx`` and ``words import kk FILE.xlsx [--dry-run]``: the texts of a language as a spreadsheet for a native speaker, and the
corrections back into the catalogue, checked; one bad row and nothing is written (exit 1)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines.cli import EXIT_OK, EXIT_REJECTED
from pipelines.errors import UsageError
from pipelines.words import sheet
from pipelines.words.catalogue import default_lang, plural, text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "words", help="export the texts of a language to a spreadsheet, import fixes"
    )
    p.add_argument("action", choices=("export", "import"))
    p.add_argument("language", choices=sheet.LANGUAGES, help="the catalogue to export or correct")
    p.add_argument("file", nargs="?", metavar="FILE", help="the corrected spreadsheet (import)")
    p.add_argument("--out", metavar="FILE", help="the spreadsheet to write (export; .xlsx)")
    p.add_argument("--dry-run", action="store_true", help="check the corrections, write nothing")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    lang = default_lang()
    if args.action == "export":
        if not args.out:
            return _usage("sheets.error.need_out", lang)
        count = sheet.write_xlsx(args.language, Path(args.out))
        print(plural("sheets.exported", count, lang, path=args.out, lang=args.language))
        return EXIT_OK
    if not args.file:
        return _usage("sheets.error.need_file", lang)
    outcome = sheet.corrections(args.language, sheet.read_xlsx(Path(args.file)))
    if outcome.rejected:
        for bad in outcome.rejected:
            reason = bad.reason.render(lang)
            print(text("sheets.rejected_row", lang, row=str(bad.row), key=bad.key, reason=reason))
        print(plural("sheets.nothing_written", len(outcome.rejected), lang))
        return EXIT_REJECTED
    if not outcome.changed:
        print(text("sheets.no_change", lang))
        return EXIT_OK
    if args.dry_run:
        print(plural("sheets.checked", len(outcome.changed), lang))
        return EXIT_OK
    sheet.apply(args.language, outcome.changed)
    print(plural("sheets.imported", len(outcome.changed), lang, lang=args.language))
    return EXIT_OK


def _usage(key: str, lang: str) -> int:
    raise UsageError(key=key)
