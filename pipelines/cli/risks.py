"""``risks list|update``: the critical risks of the work plan and their mitigation.

    risks list [--wp WP] [--json] [--lang en|ru|kk|uz]
    risks update CODE [--status open|mitigated|occurred|closed] [--evidence FILE_OR_URL]
                 [--justification TEXT] --by ACCOUNT

``--justification`` is the note the agency reads beside the risk's status. Every change is
kept and audited.
"""

from __future__ import annotations

import argparse

from pipelines.access.scope import Viewer
from pipelines.cli import EXIT_OK, lang_of
from pipelines.cli.workplan_common import (
    context,
    print_json,
    register_pair,
    status_word,
    update_and_say,
)
from pipelines.workplan import service


def register(sub: argparse._SubParsersAction) -> None:
    register_pair(
        sub,
        "risks",
        "the work plan's critical risks: status and mitigation",
        service.RISK_STATUSES,
        run_list,
        run_update,
    )


def run_list(args: argparse.Namespace) -> int:
    data_dir, project = context(args)
    found = service.risks(data_dir, project, Viewer.coordinator("cli"), wp=args.wp)
    if args.json:
        return print_json({"risks": [r.as_dict() for r in found]})
    lang = lang_of(args)
    for r in found:
        row = r.as_dict()
        print(
            f"{row['code']:<4} {row['wp']:<4} {row['likelihood']:<7} {row['impact']:<7} "
            f"{status_word(r.status, lang):<16}  {row['description']}"
        )
        if r.justification:
            print(f"     {r.justification}")
    return EXIT_OK


def run_update(args: argparse.Namespace) -> int:
    return update_and_say(args, service.update_risk)
