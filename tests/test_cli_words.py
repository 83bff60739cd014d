"""The command line speaks the reader's language and fails loudly on a missing command."""

from __future__ import annotations

import argparse

import pytest

from pipelines import cli
from pipelines.cli.common import add_lang
from pipelines.errors import AccessDenied, UsageError

ORIGINAL_BUILD = cli.build_parser


def test_a_missing_command_module_is_an_error_at_start(monkeypatch) -> None:
    monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "pipelines.cli.nowhere"))
    with pytest.raises(ModuleNotFoundError, match=r"pipelines\.cli\.nowhere"):
        cli.build_parser()


def test_add_lang_accepts_the_four_languages_only(capsys) -> None:
    parser = cli._Parser(prog="x")
    add_lang(parser)
    assert parser.parse_args(["--lang", "kk"]).lang == "kk"
    assert parser.parse_args([]).lang is None
    with pytest.raises(SystemExit) as stop:
        parser.parse_args(["--lang", "fr"])
    assert stop.value.code == cli.EXIT_USAGE


def _run_with(monkeypatch, capsys, failure: BaseException, *argv: str) -> tuple[int, str]:
    """Run the CLI with a command whose handler raises ``failure``."""

    def register(sub: argparse._SubParsersAction) -> None:
        p = sub.add_parser("boom")
        add_lang(p)
        p.set_defaults(handler=lambda args: (_ for _ in ()).throw(failure))

    def build(command: str | None = None) -> argparse.ArgumentParser:
        parser = ORIGINAL_BUILD(command)
        register(parser._subparsers._group_actions[0])  # type: ignore[union-attr]
        return parser

    monkeypatch.setattr(cli, "build_parser", build)
    code = cli.main(["boom", *argv])
    return code, capsys.readouterr().err


def test_errors_are_rendered_in_the_language_asked_for(monkeypatch, capsys) -> None:
    monkeypatch.setenv("LESLIE_LANG", "en")
    denied = AccessDenied(key="access.denied", action="approve", partner="")
    code, err = _run_with(monkeypatch, capsys, denied, "--lang", "ru")
    assert code == cli.EXIT_REJECTED
    assert err.startswith("ошибка: ") and "Вашей учётной записи это не разрешено" in err


def test_the_error_itself_is_rendered_from_its_key(monkeypatch, capsys) -> None:
    monkeypatch.setenv("LESLIE_LANG", "qps")
    denied = AccessDenied(key="access.denied", action="approve", partner="")
    code, err = _run_with(monkeypatch, capsys, denied)
    assert code == cli.EXIT_REJECTED
    assert err.startswith("⟦error: ⟦") and "Your account may not do this" in err


def test_language_falls_back_to_leslie_lang(monkeypatch, capsys) -> None:
    monkeypatch.setenv("LESLIE_LANG", "ru")
    code, err = _run_with(monkeypatch, capsys, UsageError("bad"))
    assert code == cli.EXIT_USAGE
    assert err.strip() == "ошибка: bad"


def test_interrupted_and_unexpected_failures_come_from_the_catalogue(monkeypatch, capsys) -> None:
    monkeypatch.delenv("LESLIE_DEBUG", raising=False)
    code, err = _run_with(monkeypatch, capsys, KeyboardInterrupt(), "--lang", "uz")
    assert (code, err.strip()) == (130, "toʻxtatildi")
    monkeypatch.setenv("LESLIE_LANG", "qps")
    code, err = _run_with(monkeypatch, capsys, RuntimeError("disk"))
    assert code == cli.EXIT_REJECTED
    assert "⟦" in err and "RuntimeError: disk" in err and "LESLIE_DEBUG=1" in err
