"""The command line: parse, call the library, print. Exit codes are part of the contract.

0 success; 1 a submitted file was rejected (or a check failed); 2 usage error.
Every subcommand lives in its own module of this package exposing ``register(subparsers)``;
the handler it sets returns the exit code. LeslieError becomes a message, never a traceback.
The CLI is an edge: it may import every library package; none of them imports it.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys

from pipelines.errors import ConfigError, LeslieError, UsageError
from pipelines.words.catalogue import default_lang, normalise_lang, text

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
COMMAND_MODULES = (
    "pipelines.cli.ingest",
    "pipelines.cli.indicators",
    "pipelines.cli.build",
    "pipelines.cli.demo",
    "pipelines.cli.templates",
    "pipelines.cli.users",
    "pipelines.cli.report",
    "pipelines.cli.review",
    "pipelines.cli.reminders",
    "pipelines.cli.upgrade",
    "pipelines.cli.backup",
    "pipelines.cli.restore",
    "pipelines.cli.doctor",
    "pipelines.cli.context",
    "pipelines.cli.publish",
    "pipelines.cli.deliverables",
    "pipelines.cli.milestones",
    "pipelines.cli.risks",
    "pipelines.cli.workplan",
    "pipelines.cli.audit",
    "pipelines.cli.catalogue",
    "pipelines.cli.words",
    "pipelines.cli.portfolio",
)


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; keep its message short and ours."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="data directory (default: $LESLIE_DATA_DIR, else the project's data/ folder)",
    )


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of ``command`` alone (its module is named after it):
    a command then starts without importing what the others need."""
    parser = _Parser(prog="python -m pipelines", description="LESLIE Impact data pipelines")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:  # a missing command module is a defect: fail loudly
        if importlib.util.find_spec(name) is None:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    for name in COMMAND_MODULES:
        if command is None or name.rpartition(".")[2] == command:
            importlib.import_module(name).register(sub)
    return parser


def _command_of(argv: list[str] | None) -> str | None:
    """The command named first on the line when it is one of ours, else None (all)."""
    first = (sys.argv[1:] if argv is None else argv)[:1]
    known = {name.rpartition(".")[2] for name in COMMAND_MODULES}
    return first[0] if first and first[0] in known else None


def lang_of(args: argparse.Namespace) -> str:
    """The reader's language: the command's ``--lang`` when it has one, else LESLIE_LANG."""
    return normalise_lang(getattr(args, "lang", None)) or default_lang()


def _say_error(message: str, lang: str) -> None:
    print(text("cli.error", lang, message=message), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(_command_of(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from pipelines.cli import guard

    lang = lang_of(args)
    try:
        guard.before(args)
        code = int(args.handler(args) or 0)
        guard.after(args, code)
        return code
    except (UsageError, ConfigError) as exc:  # the call or the configuration must change
        _say_error(exc.render(lang), lang)
        return EXIT_USAGE
    except LeslieError as exc:
        _say_error(exc.render(lang), lang)
        return EXIT_REJECTED
    except KeyboardInterrupt:
        print(text("cli.interrupted", lang), file=sys.stderr)
        return 130
    except BrokenPipeError:  # `... | head`: the reader left; nothing to report
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # a defect: say so plainly; the traceback only on request
        if os.environ.get("LESLIE_DEBUG"):
            raise
        detail = f"{type(exc).__name__}: {exc}"
        _say_error(text("cli.unexpected", lang, detail=detail), lang)
        return EXIT_REJECTED
