"""``templates``: write the submission templates (CSV and XLSX), optionally for one partner."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines.cli import EXIT_OK, add_data_dir
from pipelines.cli.common import data_dir_of, project_of
from pipelines.cli.ingest import add_lang, lang_of
from pipelines.intake.templates import write_templates
from pipelines.workplan import template as workplan_template


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "templates",
        help="write the submission templates (CSV and XLSX)",
        description="Write modules, enrollments and dissemination templates (and, without "
        "--partner, the work plan's list of deliverables and milestones) as CSV and XLSX; "
        "--lang documents the columns of the XLSX templates in that language.",
    )
    add_data_dir(p)
    p.add_argument(
        "--out", metavar="DIR", help="folder to write into (default: DATA_DIR/templates)"
    )
    p.add_argument(
        "--partner",
        metavar="CODE",
        help="pre-fill this partner's code (files are named <template>_<CODE>.<ext>)",
    )
    add_lang(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    project = project_of(data_dir)
    out = Path(args.out) if args.out else data_dir.templates
    for path in write_templates(out, project, partner=args.partner, lang=lang_of(args)):
        print(path)
    if args.partner is None:  # the work plan's list is the coordinator's, never a partner's
        for path in workplan_template.write(out, project, lang=lang_of(args)):
            print(path)
    return EXIT_OK
