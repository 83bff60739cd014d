"""Helpers shared by the command modules: data directory, project, progress lines."""

from __future__ import annotations

import argparse
import sys

from pipelines.config import Project, load_project
from pipelines.paths import DataDir
from pipelines.words.catalogue import LANGUAGES


def data_dir_of(args: argparse.Namespace) -> DataDir:
    return DataDir.resolve(getattr(args, "data_dir", None))


def project_of(data_dir: DataDir) -> Project:
    """The configuration, with the work plan's list loaded into the data directory (if any)
    in place of project.toml's."""
    from pipelines.workplan.loaded import in_force

    return in_force(data_dir, load_project(data_dir.project_file))


def progress_printer(enabled: bool = True):
    """Progress goes to stderr so that --json output on stdout stays machine-readable."""

    def say(message: str) -> None:
        if enabled:
            print(f"… {message}", file=sys.stderr, flush=True)

    return say


def add_lang(parser: argparse.ArgumentParser) -> None:
    """``--lang en|ru|kk|uz``: the language of what the command prints for people (default:
    $LESLIE_LANG, else English). JSON output stays in English keys and codes."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        metavar="LANG",
        help="language of the output: en, ru, kk or uz (default: $LESLIE_LANG, else en)",
    )
