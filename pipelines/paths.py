"""Where everything lives. One place, so the CLI, the dashboard and tests agree."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"
BUNDLED_PROJECT = DEFAULT_DATA_DIR / "project.toml"
SQL_DIR = Path(__file__).resolve().parent / "sql"


@cache
def sql_file(relative: str) -> str:
    """The text of pipelines/sql/<relative>, read once per process (queries run per page)."""
    return (SQL_DIR / relative).read_text(encoding="utf-8")


@dataclass(frozen=True)
class DataDir:
    """The layout of one installation's data directory (``--data-dir`` / ``LESLIE_DATA_DIR``).

    Everything the pipeline writes goes under ``root``. ``project.toml`` is read from
    the data directory when present, otherwise the bundled one is used.
    """

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    @classmethod
    def resolve(cls, data_dir: str | Path | None = None) -> DataDir:
        chosen = data_dir or os.environ.get("LESLIE_DATA_DIR") or DEFAULT_DATA_DIR
        return cls(Path(chosen).expanduser().resolve())

    @property
    def project_file(self) -> Path:
        own = self.root / "project.toml"
        return own if own.exists() else BUNDLED_PROJECT

    @property
    def store(self) -> Path:
        return self.root / "store"

    @property
    def ledger(self) -> Path:
        return self.store / "ledger.sqlite"

    @property
    def workplan(self) -> Path:
        """Statuses, evidence and justifications of the work plan (append-only history)."""
        return self.store / "workplan.sqlite"

    @property
    def evidence(self) -> Path:
        """Evidence files of deliverables and milestones, named by their SHA-256."""
        return self.store / "evidence"

    @property
    def submissions(self) -> Path:
        return self.store / "submissions"

    @property
    def private(self) -> Path:
        """Secrets and accounts; never committed, never served."""
        return self.root / "private"

    @property
    def secret_key(self) -> Path:
        return self.private / "secret.key"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def frozen(self) -> Path:
        return self.root / "frozen"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def ensure(self) -> None:
        for folder in (self.root, self.store, self.submissions, self.private):
            folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.private, 0o700)
