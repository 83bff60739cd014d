"""``reminders [--period P] [--json] [--send] [--lang xx]``: what partners owe by the
submission calendar; with ``--send``, one e-mail per partner in its language."""

from __future__ import annotations

import argparse
import json
import sys

from pipelines.access.scope import Viewer
from pipelines.cli import EXIT_OK, EXIT_USAGE, add_data_dir
from pipelines.cli.common import data_dir_of, project_of
from pipelines.config import today
from pipelines.errors import UsageError
from pipelines.submissions import reminders
from pipelines.words.catalogue import default_lang, normalise_lang
from pipelines.words.present import Words


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reminders", help="list (and e-mail) what partners owe by the calendar")
    add_data_dir(p)
    p.add_argument("--period", metavar="P", help="only due dates of this reporting period")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.add_argument("--send", action="store_true", help="e-mail each partner's contacts")
    p.add_argument("--lang", metavar="xx", help="language of the text (en, ru, kk, uz)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    lang = normalise_lang(args.lang) or default_lang()
    data_dir = data_dir_of(args)
    project = project_of(data_dir)
    day = today()
    try:
        entries = reminders.owed(data_dir, project, day, args.period)
        sent = None
        if args.send:
            viewer = Viewer.coordinator("cli")
            sent = reminders.send_reminders(data_dir, project, viewer, day, args.period, args.lang)
    except UsageError as exc:
        print(f"error: {exc.render(lang)}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps({"reminders": [_row(e) for e in entries]}, ensure_ascii=False, indent=2))
    else:
        _print(Words(lang, project), entries)
    if sent is not None:
        w = Words(lang, project)
        print(w.n("editing.cli.sent", len(sent.sent)), file=sys.stderr)
        for code in sent.without_address:
            print(w.t("editing.cli.no_address", partner=w.partner(code, True)), file=sys.stderr)
    return EXIT_OK


def _row(e: reminders.Entry) -> dict:
    return {
        "partner": e.partner,
        "template": e.template,
        "due": e.due.isoformat() if e.due else None,
        "status": e.status,
        "last_submitted": e.last_submitted.isoformat() if e.last_submitted else None,
    }


def _print(w: Words, entries: list[reminders.Entry]) -> None:
    if not entries:
        print(w.t("editing.cli.nothing_owed"))
        return
    for e in entries:
        print(
            f"{w.partner(e.partner, True)} · {w.vocab('template', e.template)} · "
            f"{reminders.status_text(w, e)}"
        )
