"""What the audit page shows and exports, as functions the tests call directly."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pipelines.access import audit
from pipelines.access.scope import Viewer
from pipelines.paths import DataDir


def entries_table(found: list[audit.AuditEntry], who: str = "") -> pd.DataFrame:
    """Entries as rows; ``who`` keeps the handles that contain it (any case)."""
    table = pd.DataFrame([e.as_row() for e in found], columns=list(audit.CSV_COLUMNS))
    wanted = who.strip().lower()
    if wanted:
        table = table[table["who"].str.lower().str.contains(wanted, regex=False)]
    return table.reset_index(drop=True)


def export_name(since: dt.date | None) -> str:
    return f"leslie-audit-log{'-since-' + since.isoformat() if since else ''}.csv"


def export_bytes(data_dir: DataDir, viewer: Viewer, since: dt.date | None) -> bytes:
    """The whole log since the date as CSV, built when the button is clicked; the export
    is logged by the library (coordinator only)."""
    return audit.export_csv(data_dir, viewer, since=since)
