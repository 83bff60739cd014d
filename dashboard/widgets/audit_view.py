"""What the audit page shows and exports, as functions the tests call directly."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.audit import trail as audit_trail
from pipelines.paths import DataDir
from pipelines.words.present import Words

HEADERS = {
    "entry_id": "entry",
    "at": "at",
    "who": "who",
    "action": "action",
    "target": "target",
    "detail": "detail",
}


def entries_table(found: list[audit.AuditEntry], who: str = "") -> pd.DataFrame:
    """Entries as rows; ``who`` keeps the handles that contain it (any case)."""
    table = pd.DataFrame([e.as_row() for e in found], columns=list(audit.CSV_COLUMNS))
    wanted = who.strip().lower()
    if wanted:
        table = table[table["who"].str.lower().str.contains(wanted, regex=False)]
    return table.reset_index(drop=True)


def action_word(words: Words, action: str) -> str:
    """'upload_rejected' -> 'Upload rejected' in the reader's language (as the command line)."""
    return audit_trail.action_word(action, words.lang)


def in_words(table: pd.DataFrame, words: Words) -> pd.DataFrame:
    """The entries as the coordinator reads them: headers, actions and dates in words; the
    account, target and detail as recorded."""
    shown = table.assign(
        at=[words.moment(a) for a in table["at"]],
        action=[action_word(words, a) for a in table["action"]],
        target=table["target"].fillna(""),
    )
    return shown.rename(columns={c: words.t(f"pages_a.col.{h}") for c, h in HEADERS.items()})


def export_name(since: dt.date | None) -> str:
    return f"leslie-audit-log{'-since-' + since.isoformat() if since else ''}.csv"


def export_bytes(data_dir: DataDir, viewer: Viewer, since: dt.date | None) -> bytes:
    """The whole log since the date as CSV, built when the button is clicked; the export
    is logged by the library (coordinator only)."""
    return audit.export_csv(data_dir, viewer, since=since)
