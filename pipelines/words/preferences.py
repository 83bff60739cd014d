"""Per-account preferences that outlive a session: for now, the language a person chose.

Kept in their own small SQLite file, ``private/preferences.sqlite`` (table
``preferences(username, language, updated_at)``), apart from the account store so that
removing a preference never touches accounts or sessions. Only a language code is stored:
no personal data. An unknown language is refused; a missing file reads as "no choice".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipelines import sqlite_util
from pipelines.errors import UsageError
from pipelines.paths import DataDir
from pipelines.words.catalogue import LANGUAGES

SCHEMA = """
CREATE TABLE IF NOT EXISTS preferences (
    username   TEXT PRIMARY KEY,
    language   TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


def preferences_path(data_dir: DataDir) -> Path:
    return data_dir.private / "preferences.sqlite"


def saved_language(data_dir: DataDir, username: str) -> str | None:
    """The language the account chose last time, or None."""
    path = preferences_path(data_dir)
    if not username or not path.exists():
        return None
    with sqlite_util.connect(path, "the preferences file", wal=False) as con:
        con.executescript(SCHEMA)
        row = con.execute(
            "SELECT language FROM preferences WHERE username = ?", (username,)
        ).fetchone()
    return row[0] if row and row[0] in LANGUAGES else None


def save_language(data_dir: DataDir, username: str, language: str) -> None:
    """Remember the account's language (one of the catalogue's languages)."""
    if language not in LANGUAGES:
        raise UsageError(key="dashboard.error.language", language=language)
    if not username:
        return
    data_dir.ensure()
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with sqlite_util.connect(preferences_path(data_dir), "the preferences file", wal=False) as con:
        con.executescript(SCHEMA)
        con.execute(
            "INSERT INTO preferences (username, language, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (username) DO UPDATE SET language = excluded.language,"
            " updated_at = excluded.updated_at",
            (username, language, stamp),
        )
