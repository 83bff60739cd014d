"""Every command of the shell blocks of the README and docs/ works as written, on a copy of the sample
installation: the safe ones (``.venv/bin/python -m pipelines …``) are run in order, in one
temporary home, and must exit 0. Left out: ``users`` commands that ask for a password at a
prompt, servers, ``make run`` and ``make test``; the loop that creates the partner accounts
is run with each password given on standard input."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.access.accounts import Accounts
from pipelines.paths import REPO_ROOT, DataDir
from pipelines.sample.installation import create_demo_accounts

DOCUMENTS = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
README = "\n".join(path.read_text(encoding="utf-8") for path in DOCUMENTS)
PREFIXES = (".venv/bin/python -m pipelines ", "python -m pipelines ")
PROMPTS = re.compile(r" users (add|reset-password) ")


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, re.S)


def safe_commands() -> list[str]:
    """Single-line commands of the shell blocks, continuation lines joined."""
    found = []
    for block in shell_blocks():
        text = block.replace("\\\n", " ")
        for line in text.splitlines():
            command = line.strip()
            if not command.startswith(PREFIXES) or PROMPTS.search(command + " "):
                continue
            found.append(command)
    return found


def _run(command: str, home: Path, data_dir: DataDir, stdin: str | None = None):
    as_written = command.replace(".venv/bin/python", sys.executable)
    if as_written.startswith("python "):
        as_written = sys.executable + as_written[len("python") :]
    env = {
        **os.environ,
        "HOME": str(home),
        "LESLIE_DATA_DIR": str(data_dir.root),
        "PYTHONPATH": str(REPO_ROOT),
    }
    return subprocess.run(
        ["bash", "-c", as_written],
        cwd=home,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def sample(demo_dir, tmp_path_factory, project) -> tuple[Path, DataDir]:
    """The sample installation as ``make run`` leaves it: submissions and sample accounts."""
    home = tmp_path_factory.mktemp("home")
    data_dir = DataDir(home / "data")
    shutil.copytree(demo_dir.root, data_dir.root)
    assert create_demo_accounts(data_dir, project)
    return home, data_dir


def test_the_readme_has_runnable_commands():
    commands = safe_commands()
    assert any(" doctor" in c for c in commands) and any(" backup " in c for c in commands)
    assert any(" restore " in c for c in commands) and any(" upgrade" in c for c in commands)
    assert not [c for c in commands if c.startswith("python -m")], "write .venv/bin/python"


def test_every_safe_readme_command_exits_0(sample):
    home, data_dir = sample
    failed = []
    for command in safe_commands():  # in README order: the restore reads the backup above it
        done = _run(command, home, data_dir)
        if done.returncode != 0:
            failed.append((command, done.returncode, done.stderr[-600:]))
    assert not failed


def test_the_partner_accounts_loop_works_on_the_sample_installation(sample, project):
    home, data_dir = sample
    [block] = [b for b in shell_blocks() if "for code in" in b]
    piped = "--skip-existing --password-stdin <<< 'a long partner passphrase'"
    with_stdin = "set -e\n" + block.replace("--skip-existing", piped)
    done = _run(with_stdin, home, data_dir)
    assert done.returncode == 0, done.stderr[-800:]
    names = {a.username for a in Accounts(data_dir, project).list_accounts()}
    expected = {f"{p.code.lower()}-data" for p in project.partners}
    assert expected <= names and {"coordinator", "kz-office"} <= names
    skipped = sorted(line.split()[0] for line in done.stdout.splitlines() if "skipped" in line)
    assert skipped == ["coordinator", "fpi-data", "kaznu-data", "kz-office"]  # the sample's
