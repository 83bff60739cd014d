"""``doctor [--json] [--mail-to ADDRESS]``: the installation's health, each check with what
to do. Exit 0 when nothing is a problem, 1 otherwise. With ``--mail-to`` a problem is also
e-mailed to that address (the coordinator) through the installation's SMTP server
(private/smtp.toml): what the daily health-check timer of a server runs."""

from __future__ import annotations

import argparse
import json
import socket

from pipelines.cli import EXIT_OK, EXIT_REJECTED, add_data_dir
from pipelines.cli.common import data_dir_of
from pipelines.deadlines import mail
from pipelines.errors import ConfigError
from pipelines.operations.doctor import PROBLEM, Check, has_problem, run_checks
from pipelines.words.catalogue import default_lang, plural, text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check the installation's health")
    add_data_dir(p)
    p.add_argument("--json", action="store_true", help="print the checks as JSON")
    p.add_argument(
        "--mail-to",
        metavar="ADDRESS",
        help="on a problem, e-mail the report to this address (private/smtp.toml's server)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    lang = default_lang()
    checks = run_checks(data_dir)
    code = EXIT_REJECTED if has_problem(checks) else EXIT_OK
    if args.json:
        print(
            json.dumps(
                {"ok": code == EXIT_OK, "checks": [c.as_dict(lang) for c in checks]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return code
    print(report(checks, lang))
    if args.mail_to and code != EXIT_OK:
        mail_report(data_dir, args.mail_to, checks, lang)
    return code


def report(checks: list[Check], lang: str) -> str:
    """The checks as the terminal shows them, one line each, and what to do."""
    lines = []
    for c in checks:
        label = text(f"ops.doctor.status.{c.status}", lang)
        lines.append(f"{label:9} {c.message.render(lang)}")
        if c.action:
            lines.append(f"{'':9} → {c.action.render(lang)}")
    return "\n".join(lines)


def mail_report(data_dir, address: str, checks: list[Check], lang: str) -> None:
    """E-mail the report to ``address``; ConfigError without SMTP settings, MailError when the
    server cannot be reached, and a message when it refuses the address."""
    settings = mail.load_smtp(data_dir)
    if settings is None:
        raise ConfigError(key="serving.doctor.no_smtp", file=str(mail.smtp_path(data_dir)))
    host = socket.gethostname()
    problems = sum(1 for c in checks if c.status == PROBLEM)
    subject = plural("serving.doctor.subject", problems, lang, host=host)
    body = (
        text("serving.doctor.intro", lang, host=host, data_dir=str(data_dir.root))
        + "\n\n"
        + report(checks, lang)
        + "\n"
    )
    (delivery,) = mail.send(settings, [mail.message(settings.sender, (address,), subject, body)])
    if delivery.refused:
        said = "; ".join(f"{a}: {r}" for a, r in delivery.refused.items())
        print(text("serving.doctor.refused", lang, server=settings.server, reply=said))
    else:
        print(text("serving.doctor.mailed", lang, address=mail.header_safe(address)))
