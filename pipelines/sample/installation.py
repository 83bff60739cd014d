"""The sample installation: ingest the bundled synthetic submissions, then their corrections;
and sample accounts with random passwords, so that no password ever ships with the software."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipelines.access.accounts import Accounts
from pipelines.config import Project
from pipelines.context.bundled import import_extract
from pipelines.paths import DEFAULT_DATA_DIR, DataDir
from pipelines.sample.workplan import seed_work_plan
from pipelines.store.ledger import Ledger
from pipelines.submissions.ingest import FileOutcome, Source, ingest

SAMPLE_DIR = DEFAULT_DATA_DIR / "sample"
SUFFIXES = {".csv", ".xlsx"}


def sample_batches(folder: Path = SAMPLE_DIR) -> list[list[Path]]:
    """First submissions, then corrections (which supersede some of them)."""
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES)
    first = [p for p in files if "corrections" not in p.relative_to(folder).parts]
    later = [p for p in files if "corrections" in p.relative_to(folder).parts]
    return [batch for batch in (first, later) if batch]


def create_demo(
    data_dir: DataDir, project: Project, progress: Callable[[str], None] | None = None
) -> list[FileOutcome] | None:
    """Ingest the sample set into an empty store; None when the store already has data."""
    data_dir.ensure()
    if Ledger(data_dir.ledger).position() > 0:
        return None
    import_extract(data_dir, project)  # national SDG figures: the last batch's build loads them
    outcomes: list[FileOutcome] = []
    batches = sample_batches()
    for n, batch in enumerate(batches, 1):
        result = ingest(
            data_dir,
            project,
            [Source(name=str(p.relative_to(SAMPLE_DIR.parent.parent)), path=p) for p in batch],
            submitted_by="demo",
            progress=progress,
            rebuild=n == len(batches),
        )
        outcomes.extend(result.files)
    seed_work_plan(data_dir, project)
    return outcomes


# ------------------------------------------------------------------------ sample accounts

DEMO_ACCOUNTS_FILE = "demo-accounts.txt"
DEMO_ACTOR = "demo"  # who created the accounts, in the audit log
NATIONAL_COORDINATOR = "national_coordinator"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    partner: str | None
    country: str | None
    password: str  # shown once, and kept only in private/demo-accounts.txt

    @property
    def scope(self) -> str:
        return self.partner or self.country or "all"


def demo_account_specs(project: Project) -> list[tuple[str, str, str | None, str | None]]:
    """(username, role, partner, country): the coordinator, then for each national
    coordinator partner its country's national office and the partner itself
    (LESLIE: kz-office, kaznu-data, uz-office, fpi-data)."""
    specs: list[tuple[str, str, str | None, str | None]] = [
        ("coordinator", "coordinator", None, None)
    ]
    for p in project.partners:
        if p.role == NATIONAL_COORDINATOR:
            specs.append((f"{p.country.lower()}-office", "national_office", None, p.country))
            specs.append((f"{p.code.lower()}-data", "partner", p.code, None))
    return specs


def demo_accounts_path(data_dir: DataDir) -> Path:
    return data_dir.private / DEMO_ACCOUNTS_FILE


def create_demo_accounts(data_dir: DataDir, project: Project) -> list[DemoAccount] | None:
    """Sample accounts with random passwords, written to private/demo-accounts.txt (0600).

    None, and nothing changed, when the installation already has any account."""
    accounts = Accounts(data_dir, project)
    if accounts.list_accounts():
        return None
    made = [
        DemoAccount(name, role, partner, country, secrets.token_urlsafe(15))
        for name, role, partner, country in demo_account_specs(project)
    ]
    for a in made:
        accounts.add(a.username, a.role, a.password, a.partner, a.country, by=DEMO_ACTOR)
    _write_private(demo_accounts_path(data_dir), demo_accounts_text(made))
    return made


def demo_accounts_text(made: list[DemoAccount]) -> str:
    lines = [
        "# Sample accounts of this installation (random passwords, made once).",
        "# Change them with: .venv/bin/python -m pipelines users reset-password NAME",
        f"# {'username':<16} {'role':<16} {'scope':<8} password",
    ]
    lines += [f"{a.username:<18} {a.role:<16} {a.scope:<8} {a.password}" for a in made]
    return "\n".join(lines) + "\n"


def _write_private(path: Path, text: str) -> None:
    """Readable by the owner only, from the first byte written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
