"""The README, the Makefile, CI and the code stay in step."""

from __future__ import annotations

import re
from pathlib import Path

from pipelines.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _first_code_block() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block, "the README must open with a shell block"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_the_two_commands_and_they_are_make_targets():
    assert README.index("```sh") < README.index("\n## "), "the commands come before any section"
    commands = _first_code_block()
    assert commands == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for command in commands:
        target = command.split()[1]
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_every_command_is_documented():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"python -m pipelines {name}" in README, name


def test_every_indicator_is_documented(project):
    for indicator in project.indicators:
        assert f"| {indicator.code} |" in README, indicator.code


def test_requirements_are_pinned_exactly():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][^\s]*", line), (name, line)


def test_ci_runs_the_readme_first_command_with_the_runtime_requirements_only():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    fresh = (ROOT / ".ci" / "fresh_machine.sh").read_text(encoding="utf-8")
    steps = [line for line in ci.splitlines() if line and not line.startswith("#")]
    assert steps.index("bash .ci/fresh_machine.sh") < steps.index("make test")
    assert re.search(r"^make run VENV=", fresh, re.M), "the README's first command, as written"
    assert "requirements-dev" not in fresh


LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")


def test_every_relative_link_of_the_docs_resolves():
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = []
    for path in documents:
        for target, _anchor in LINK.findall(path.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            if target.startswith("/") or not (path.parent / target).exists():
                broken.append(f"{path.relative_to(ROOT)} -> {target}")
    assert not broken, broken


def test_the_readme_stays_a_short_start():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 320


def test_one_version_number():
    import pipelines

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and "pipelines.__version__" in pyproject
    assert re.fullmatch(r"\d+\.\d+\.\d+", pipelines.__version__)
