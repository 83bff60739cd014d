"""``users add|list|set-role|reset-password|disable|enable|remove``: the embedded accounts.

Passwords are asked twice at a hidden prompt, or read as one line from standard input with
``--password-stdin`` (for scripts); never taken as an argument, where they would end up in the
shell history and the process list. No account or password ships with the software.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from pipelines.access.accounts import (
    ACCOUNT_ROLES,
    Account,
    Accounts,
    check_scope,
    normalise_username,
)
from pipelines.audit import log as audit
from pipelines.cli import EXIT_OK, add_data_dir
from pipelines.cli.common import data_dir_of, project_of
from pipelines.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("users", help="manage the accounts of the dashboard")
    users = p.add_subparsers(dest="users_command", metavar="ACTION", parser_class=type(p))
    p.set_defaults(handler=lambda _args: _usage(p))

    add = users.add_parser("add", help="create an account (the password is asked for)")
    add.add_argument("username", help="a handle such as kaznu-data (no e-mail addresses)")
    _role_options(add)
    _password_option(add)
    add.add_argument(
        "--skip-existing",
        action="store_true",
        help="an account of that name exists already: say so and succeed (for scripts)",
    )
    add.set_defaults(handler=run_add)

    ls = users.add_parser("list", help="list the accounts")
    ls.add_argument("--json", action="store_true", help="print the accounts as JSON")
    add_data_dir(ls)
    ls.set_defaults(handler=run_list)

    role = users.add_parser("set-role", help="change an account's role and scope")
    role.add_argument("username")
    _role_options(role)
    role.set_defaults(handler=run_set_role)

    reset = users.add_parser("reset-password", help="set a new password (clears a lockout)")
    reset.add_argument("username")
    _password_option(reset)
    reset.set_defaults(handler=run_reset)

    for name, helptext, handler in (
        ("disable", "switch an account off (its sessions end)", run_disable),
        ("enable", "switch an account back on", run_enable),
        ("remove", "delete an account", run_remove),
    ):
        q = users.add_parser(name, help=helptext)
        q.add_argument("username")
        add_data_dir(q)
        q.set_defaults(handler=handler)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _role_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--role", required=True, choices=ACCOUNT_ROLES)
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--partner", metavar="CODE", help="the partner of a partner account")
    scope.add_argument("--country", metavar="ISO2", help="the country of a national office")
    add_data_dir(p)


def _password_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password as one line from standard input instead of prompting",
    )
    if not any(a.dest == "data_dir" for a in p._actions):
        add_data_dir(p)


def read_password(from_stdin: bool) -> str:
    """One line from stdin, or a hidden prompt asked twice that must match."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise UsageError("--password-stdin: standard input is empty")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError("No terminal to ask for the password: pipe it in and add --password-stdin")
    first = getpass.getpass("New password: ")
    second = getpass.getpass("Repeat it: ")
    if first != second:
        raise UsageError("The two passwords differ; nothing was changed")
    return first


def _accounts(args: argparse.Namespace) -> Accounts:
    data_dir = data_dir_of(args)
    return Accounts(data_dir, project_of(data_dir))


def _describe(a: Account) -> str:
    return f"{a.username} ({a.role}, {a.scope})"


def run_add(args: argparse.Namespace) -> int:
    accounts = _accounts(args)
    name = normalise_username(args.username)  # refuse a bad name before asking for a password
    check_scope(accounts.project, args.role, args.partner, args.country)
    if accounts.get(name):
        if args.skip_existing:
            print(f"{name} exists already; skipped")
            return EXIT_OK
        raise UsageError(f"An account named {name!r} already exists")
    password = read_password(args.password_stdin)
    account = accounts.add(
        args.username,
        args.role,
        password,
        partner=args.partner,
        country=args.country,
        by=audit.os_user(),
    )
    print(f"added {_describe(account)}")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    found = _accounts(args).list_accounts()
    if args.json:
        rows = [
            {
                "username": a.username,
                "role": a.role,
                "partner": a.partner,
                "country": a.country,
                "created_at": a.created_at,
                "failed_attempts": a.failed_attempts,
                "locked_until": a.locked_until,
                "disabled": a.disabled,
            }
            for a in found
        ]
        print(json.dumps({"users": rows}, indent=2))
        return EXIT_OK
    if not found:
        print("no accounts yet: add one with 'python -m pipelines users add NAME --role ROLE'")
        return EXIT_OK
    print(f"{'username':<24} {'role':<16} {'scope':<10} {'created (UTC)':<26} state")
    for a in found:
        state = (
            "disabled"
            if a.disabled
            else f"locked until {a.locked_until}"
            if a.locked_until
            else "active"
        )
        print(f"{a.username:<24} {a.role:<16} {a.scope:<10} {a.created_at:<26} {state}")
    return EXIT_OK


def run_set_role(args: argparse.Namespace) -> int:
    account = _accounts(args).set_role(
        args.username, args.role, partner=args.partner, country=args.country, by=audit.os_user()
    )
    print(f"changed {_describe(account)}; its open sessions were ended")
    return EXIT_OK


def run_reset(args: argparse.Namespace) -> int:
    accounts = _accounts(args)
    account = accounts.get(args.username)
    if account is None:
        raise UsageError(
            f"No account named {args.username!r}; see 'python -m pipelines users list'"
        )
    password = read_password(args.password_stdin)
    accounts.reset_password(account.username, password, by=audit.os_user())
    print(f"new password set for {account.username}; its open sessions were ended")
    return EXIT_OK


def run_disable(args: argparse.Namespace) -> int:
    account = _accounts(args).set_disabled(args.username, True, by=audit.os_user())
    print(f"disabled {_describe(account)}")
    return EXIT_OK


def run_enable(args: argparse.Namespace) -> int:
    account = _accounts(args).set_disabled(args.username, False, by=audit.os_user())
    print(f"enabled {_describe(account)}")
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    accounts = _accounts(args)
    accounts.remove(args.username, by=audit.os_user())
    print(f"removed {args.username.strip().lower()}")
    return EXIT_OK
