"""The sample installation's accounts: one per role, random passwords made on the spot,
shown once and kept only in private/demo-accounts.txt (owner-only); never made twice."""

from __future__ import annotations

import shutil
import stat

import pytest

from pipelines.access.accounts import Accounts
from pipelines.access.scope import Viewer
from pipelines.cli import main
from pipelines.paths import DataDir
from pipelines.sample.installation import (
    create_demo_accounts,
    demo_account_specs,
    demo_accounts_path,
)

EXPECTED = [
    Viewer("coordinator", "coordinator"),
    Viewer("national_office", "kz-office", None, "KZ"),
    Viewer("partner", "kaznu-data", "KAZNU"),
    Viewer("national_office", "uz-office", None, "UZ"),
    Viewer("partner", "fpi-data", "FPI"),
]


@pytest.fixture()
def data_dir(tmp_path) -> DataDir:
    return DataDir(tmp_path / "data")


def test_specs_come_from_the_national_coordinators(project):
    assert demo_account_specs(project) == [
        (v.username, v.role, v.partner, v.country) for v in EXPECTED
    ]


def test_accounts_get_random_passwords_that_work(data_dir, project):
    made = create_demo_accounts(data_dir, project)
    assert [a.username for a in made] == [v.username for v in EXPECTED]
    passwords = [a.password for a in made]
    assert len(set(passwords)) == 5 and all(len(p) >= 20 for p in passwords)
    accounts = Accounts(data_dir, project)
    for a, viewer in zip(made, EXPECTED, strict=True):
        assert accounts.authenticate(a.username, a.password).viewer == viewer
    other = create_demo_accounts(DataDir(data_dir.root.parent / "other"), project)
    assert not set(passwords) & {a.password for a in other}


def test_passwords_are_written_once_for_the_owner_only(data_dir, project):
    made = create_demo_accounts(data_dir, project)
    path = demo_accounts_path(data_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    assert [line.split() for line in lines] == [
        [a.username, a.role, a.scope, a.password] for a in made
    ]
    before = path.read_bytes()
    assert create_demo_accounts(data_dir, project) is None  # accounts exist: nothing done
    assert path.read_bytes() == before
    assert len(Accounts(data_dir, project).list_accounts()) == 5


def test_an_installation_with_any_account_gets_none(data_dir, project):
    Accounts(data_dir, project).add("someone", "coordinator", "a-long-password-1", by="test")
    assert create_demo_accounts(data_dir, project) is None
    assert not demo_accounts_path(data_dir).exists()


def test_demo_command_prints_the_accounts_once(demo_dir, tmp_path, capsys, project):
    target = DataDir(tmp_path / "data")
    shutil.copytree(demo_dir.root, target.root)
    assert main(["demo", "--data-dir", str(target.root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{target.root} already holds submissions; nothing ingested."
    assert out[1] == (
        f"Sample accounts (passwords shown once; also in {demo_accounts_path(target)}, "
        "readable by you only):"
    )
    printed = {line.split()[0]: line.split()[-1] for line in out[2:] if not line.startswith("#")}
    assert list(printed) == [v.username for v in EXPECTED]
    accounts = Accounts(target, project)
    assert accounts.authenticate("fpi-data", printed["fpi-data"]).viewer == EXPECTED[-1]

    assert main(["demo", "--data-dir", str(target.root)]) == 0
    again = capsys.readouterr().out.splitlines()
    assert again == [  # a second run says where the passwords are
        f"{target.root} already holds submissions; nothing ingested.",
        f"Accounts already exist. The sample accounts' passwords are in "
        f"{demo_accounts_path(target)} (readable by you only); change one with: "
        ".venv/bin/python -m pipelines users reset-password NAME",
    ]
