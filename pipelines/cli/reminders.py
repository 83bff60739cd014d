"""``reminders [--period P] [--json] [--send [--resend]] [--lang xx]``: what partners owe by
the submission calendar; with ``--send``, one e-mail per partner in its language, each
partner's outcome said as it is (sent, refused by the server, not sent), and nothing sent
twice for the same deadlines unless ``--resend``."""

from __future__ import annotations

import argparse
import json
import sys

from pipelines.access.scope import Viewer
from pipelines.cli import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, add_data_dir
from pipelines.cli.common import data_dir_of, project_of
from pipelines.config import today
from pipelines.deadlines import reminders
from pipelines.errors import LeslieError, UsageError
from pipelines.words.catalogue import default_lang, normalise_lang
from pipelines.words.present import Words


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reminders", help="list (and e-mail) what partners owe by the calendar")
    add_data_dir(p)
    p.add_argument("--period", metavar="P", help="only due dates of this reporting period")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.add_argument("--send", action="store_true", help="e-mail each partner's contacts")
    p.add_argument(
        "--resend",
        action="store_true",
        help="with --send: also e-mail partners already reminded of the same deadlines",
    )
    p.add_argument("--lang", metavar="xx", help="language of the text (en, ru, kk, uz)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    lang = normalise_lang(args.lang) or default_lang()
    data_dir = data_dir_of(args)
    project = project_of(data_dir)
    day = today()
    if args.resend and not args.send:
        print(f"error: {Words(lang, project).t('mail.cli.resend_needs_send')}", file=sys.stderr)
        return EXIT_USAGE
    try:
        entries = reminders.owed(data_dir, project, day, args.period)
        sent = None
        if args.send:
            viewer = Viewer.coordinator("cli")
            sent = reminders.send_reminders(
                data_dir, project, viewer, day, args.period, args.lang, resend=args.resend
            )
    except UsageError as exc:
        print(f"error: {exc.render(lang)}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        out: dict = {"reminders": [_row(e) for e in entries]}
        if sent is not None:
            out["sent"] = [_outcome_row(o) for o in sent.outcomes]
            out["error"] = _error_row(sent.error, lang)
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        _print(Words(lang, project), entries)
    if sent is None:
        return EXIT_OK
    w = Words(lang, project)
    for line in outcome_lines(w, sent):
        print(line, file=sys.stderr)
    print(w.n("editing.cli.sent", len(sent.sent)), file=sys.stderr)
    skipped = sum(1 for o in sent.outcomes if o.status == "already_sent")
    if skipped:
        print(w.n("mail.cli.resend_hint", skipped), file=sys.stderr)
    if sent.error is not None:
        print(f"error: {sent.error.render(lang)}", file=sys.stderr)
    if sent.not_sent:
        print(w.n("mail.not_sent", len(sent.not_sent)), file=sys.stderr)
    return EXIT_OK if sent.complete else EXIT_REJECTED


def outcome_lines(w: Words, sent: reminders.Sent) -> list[str]:
    """One line per partner in the reader's language (those without an address included)."""
    lines = []
    for o in sent.outcomes:
        partner = w.partner(o.partner, True)
        if o.status == "no_address":
            lines.append(w.t("editing.cli.no_address", partner=partner))
            continue
        refused = "; ".join(f"{a} ({reply})" for a, reply in o.refused.items())
        lines.append(w.t(f"mail.outcome.{o.status}", partner=partner, refused=refused))
    return lines


def _outcome_row(o: reminders.Outcome) -> dict:
    """One partner's outcome and, per address, what the server said."""
    recipients = [{"address": a, "outcome": "sent", "reply": None} for a in o.accepted]
    recipients += [{"address": a, "outcome": "refused", "reply": r} for a, r in o.refused.items()]
    recipients += [{"address": a, "outcome": o.status, "reply": None} for a in o.not_sent]
    return {
        "partner": o.partner,
        "outcome": o.status,
        "recipients": recipients,
        "error": o.error.key if o.error is not None else None,
    }


def _error_row(error: LeslieError | None, lang: str) -> dict | None:
    if error is None:
        return None
    return {"key": error.key, "message": error.render(lang)}


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
