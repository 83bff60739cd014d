"""``deliverables list|update``: the work plan's deliverables, their status and evidence.

    deliverables list [--wp WP] [--partner CODE] [--json] [--lang en|ru|kk|uz]
    deliverables update CODE [--status pending|draft|submitted] [--evidence FILE_OR_URL]
                        [--justification TEXT] --by ACCOUNT

The command line acts as the coordinator, under the enabled coordinator account named with
``--by``; every change is kept in the work plan's history and audited. A refused evidence file
(its content is not a PDF, DOCX, XLSX, PPTX, ODT, ODS or a ZIP of these, or it is too large)
changes nothing.
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
        "deliverables",
        "the work plan's deliverables: status, evidence, justification",
        service.DELIVERABLE_STATUSES,
        run_list,
        run_update,
        partner_filter=True,
    )


def run_list(args: argparse.Namespace) -> int:
    data_dir, project = context(args)
    found = service.deliverables(
        data_dir, project, Viewer.coordinator("cli"), wp=args.wp, partner=args.partner
    )
    if args.json:
        return print_json({"deliverables": [d.as_dict() for d in found]})
    lang = lang_of(args)
    if not found:
        print(text("workplan.cli.none", lang))
    for d in found:
        row = d.as_dict()
        flags = ""
        if d.late:
            key = "workplan.cli.late_justified" if d.justification else "workplan.cli.late"
            flags = "  " + text(key, lang)
        print(
            f"{row['code']:<6} {row['wp']:<4} {row['lead']:<9} {row['due']}  "
            f"{status_word(d.status, lang):<16}{flags}  {row['title']}"
        )
        if d.evidence:
            print(f"       {evidence_words(row['evidence'])}")
    return EXIT_OK


def run_update(args: argparse.Namespace) -> int:
    return update_and_say(args, service.update_deliverable)
