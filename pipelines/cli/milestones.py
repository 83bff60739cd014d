"""``milestones list|update``: the work plan's milestones, reached on a date with evidence.

    milestones list [--wp WP] [--json] [--lang en|ru|kk|uz]
    milestones update CODE [--status pending|reached] [--evidence FILE_OR_URL]
                      [--justification TEXT] --by ACCOUNT

Marking a milestone reached needs evidence of its means of verification; the day it is
recorded is the day it was reached. Every change is kept and audited.
"""

from __future__ import annotations

import argparse

from pipelines.access.scope import Viewer
from pipelines.cli import EXIT_OK, lang_of
from pipelines.cli.workplan_common import (
    context,
    evidence_words,
    print_json,
    register_pair,
    status_word,
    update_and_say,
)
from pipelines.words.catalogue import text
from pipelines.workplan import service


def register(sub: argparse._SubParsersAction) -> None:
    register_pair(
        sub,
        "milestones",
        "the work plan's milestones: reached on a date, with evidence",
        service.MILESTONE_STATUSES,
        run_list,
        run_update,
    )


def run_list(args: argparse.Namespace) -> int:
    data_dir, project = context(args)
    found = service.milestones(data_dir, project, Viewer.coordinator("cli"), wp=args.wp)
    if args.json:
        return print_json({"milestones": [m.as_dict() for m in found]})
    lang = lang_of(args)
    for m in found:
        row = m.as_dict()
        flags = "  " + text("workplan.cli.late", lang) if m.late else ""
        print(
            f"{row['code']:<6} {row['wp']:<4} {row['due']}  "
            f"{status_word(m.status, lang):<16}{flags}  {row['title']}"
        )
        if m.evidence:
            print(f"       {evidence_words(row['evidence'])}")
    return EXIT_OK


def run_update(args: argparse.Namespace) -> int:
    return update_and_say(args, service.update_milestone)
