"""The audit log as an auditor reads it: event names in words, in the reader's language, for
the Audit page and the ``audit`` command alike.

The entries come from ``pipelines.access.audit`` (whose permission check decides who may read
them); this module only words them. Codes and JSON keys stay English; the event, the column
headers and the messages follow the reader's language. What people typed (a file name, a
comment) is shown as recorded, with control and direction-changing characters made visible
so that a terminal shows what is there and nothing else.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pandas as pd

from pipelines.access import audit
from pipelines.errors import UsageError
from pipelines.words.catalogue import text
from pipelines.words.cells import safe_csv_bytes

# column code -> catalogue key of its header (shared with the Audit page)
HEADERS = {
    "entry_id": "pages_a.col.entry",
    "at": "pages_a.col.at",
    "who": "pages_a.col.who",
    "action": "pages_a.col.action",
    "target": "pages_a.col.target",
    "detail": "pages_a.col.detail",
}
# C0 and C1 controls, DEL, and the bidirectional marks, embeddings, overrides and isolates
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def action_word(action: str, lang: str) -> str:
    """'upload_rejected' -> 'Upload rejected' in ``lang``."""
    return text(f"pages_a.audit.action.{action}", lang)


def header(column: str, lang: str) -> str:
    return text(HEADERS[column], lang)


def parse_since(value: str) -> dt.date | dt.datetime:
    """``--since``: a date (2026-01-31) or a time (2026-01-31T08:00, UTC unless it says)."""
    raw = value.strip()
    try:
        if len(raw) == 10:
            return dt.date.fromisoformat(raw)
        if len(raw) > 10 and raw[10] in "T ":
            return dt.datetime.fromisoformat(raw)
    except ValueError:
        pass
    raise UsageError(key="audit.cli.bad_since", value=value)


def visible(value: object) -> str:
    """Text as recorded, on one line, with invisible characters written as ``\\uXXXX``."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", "" if value is None else str(value))


def when(at: str) -> str:
    """'2026-01-31T08:00:05+00:00' -> '2026-01-31 08:00:05' (the header says UTC)."""
    return at[:19].replace("T", " ")


def as_json(entry: audit.AuditEntry, lang: str) -> dict[str, Any]:
    """One entry for machines: English keys and codes, plus the event in the reader's words."""
    return {
        "entry_id": entry.entry_id,
        "at": entry.at,
        "who": entry.who,
        "action": entry.action,
        "action_words": action_word(entry.action, lang),
        "target": entry.target,
        "detail": entry.detail,
    }


def as_words(entry: audit.AuditEntry, lang: str) -> dict[str, object]:
    """One entry for people: the event in words, the time in UTC to the second."""
    row = entry.as_row()
    return {
        "entry_id": entry.entry_id,
        "at": when(entry.at),
        "who": row["who"],
        "action": action_word(entry.action, lang),
        "target": row["target"] or "",
        "detail": row["detail"],
    }


def lines(found: list[audit.AuditEntry], lang: str) -> list[str]:
    """A plain-text table: the headers in ``lang``, one line per entry, columns aligned."""
    rows = [[visible(v) for v in as_words(e, lang).values()] for e in found]
    head = [header(c, lang) for c in HEADERS]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head) - 1)]
    return [
        "  ".join([*(cell.ljust(w) for cell, w in zip(r, widths, strict=False)), r[-1]]).rstrip()
        for r in [head, *rows]
    ]


def csv_bytes(found: list[audit.AuditEntry], lang: str) -> bytes:
    """The entries as a CSV in ``lang`` (headers and events in words), formula-safe."""
    table = pd.DataFrame([as_words(e, lang) for e in found], columns=list(HEADERS))
    table = table.astype({"entry_id": "int64"})
    return safe_csv_bytes(table.rename(columns={c: header(c, lang) for c in HEADERS}))


def as_json_text(found: list[audit.AuditEntry], lang: str, **query: object) -> str:
    return json.dumps(
        {**query, "entries": [as_json(e, lang) for e in found]}, ensure_ascii=False, indent=2
    )
