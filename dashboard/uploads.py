"""What the upload and review pages show, as plain functions the tests call directly.

The library decides (``pipelines.submissions.review``); these functions only turn its results into the
words and tables a partner or the coordinator reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.paths import DataDir
from pipelines.submissions import review
from pipelines.submissions.ingest import FileOutcome
from pipelines.submissions.review import SubmissionDiff

PROBLEM_COLUMNS = ["row", "column", "value", "how to fix"]
STATE_ICONS = {"approved": "✔", "pending": "…", "returned": "↩", "superseded": "⤺"}


@dataclass(frozen=True)
class UploadSummary:
    """One uploaded file's outcome in words, with every problem as a table row."""

    file_name: str
    status: str  # accepted | rejected | unchanged
    level: str  # success | error | info: how the message is drawn
    message: str
    submission_id: int | None = None
    problems: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PROBLEM_COLUMNS))


def problems_table(outcome: FileOutcome) -> pd.DataFrame:
    """Row (as Excel numbers it; empty for the whole file), column, bad value, what to do."""
    return pd.DataFrame(
        [
            {
                "row": p.row,
                "column": p.column or "",
                "value": "" if p.value is None else str(p.value),
                "how to fix": p.message,
            }
            for p in outcome.errors
        ],
        columns=PROBLEM_COLUMNS,
    ).astype({"row": "Int64"})


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def summarise(outcome: FileOutcome, approved_now: bool = False) -> UploadSummary:
    name = outcome.path
    if outcome.status == "rejected":
        n = len(outcome.errors)
        return UploadSummary(
            name,
            "rejected",
            "error",
            f"{name} was not accepted: {_plural(n, 'problem')} (listed below). Nothing of it "
            "was stored. Fix every problem and upload the file again.",
            problems=problems_table(outcome),
        )
    if outcome.status == "unchanged":
        return UploadSummary(
            name,
            "unchanged",
            "info",
            f"{name} holds exactly the content of an earlier submission: nothing changed.",
            outcome.submission_id,
        )
    partners = ", ".join(outcome.partners)
    what = f"{_plural(outcome.rows, 'row')} of {outcome.template} for {partners}"
    if approved_now:
        state = f"submission {outcome.submission_id} is approved and counts in the figures"
    else:
        state = (
            f"submission {outcome.submission_id} is pending review by the coordinator. Until "
            "it is approved it counts only in your figures with pending submissions included"
        )
    return UploadSummary(
        name, "accepted", "success", f"{name} accepted: {what}; {state}.", outcome.submission_id
    )


def submit_file(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    name: str,
    data: bytes,
    approve_now: bool = False,
    as_of: dt.date | None = None,
) -> list[UploadSummary]:
    """Validate and store one uploaded file (``review.submit_upload``) and say how it went."""
    result = review.submit_upload(
        data_dir, project, viewer, name, data, approve_now=approve_now, as_of=as_of
    )
    return [summarise(f, approve_now) for f in result.files]


def submission_table(history: pd.DataFrame) -> pd.DataFrame:
    """The submissions a partner sees: newest first, the state (with an icon) and the
    coordinator's comment first."""
    wanted = [
        "submission_id",
        "template",
        "state",
        "comment",
        "file_name",
        "file_rows",
        "received_at",
        "state_at",
        "partner_code",
    ]
    out = history[[c for c in wanted if c in history.columns]].copy()
    out["state"] = [f"{STATE_ICONS.get(s, '')} {s}" for s in out["state"]]
    return out


# -------------------------------------------------------------------------------- review


def cell(value: Any) -> str:
    """One value as text: lists joined with '; ', dates in ISO form, nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows_table(rows: Iterable[Mapping[str, Any]], columns: Iterable[str] = ()) -> pd.DataFrame:
    """Rows of mixed types shown as text, so any value reads the same in every table."""
    found = [{k: cell(v) for k, v in r.items()} for r in rows]
    return pd.DataFrame(found, columns=list(columns) or None)


def changed_table(diff: SubmissionDiff) -> pd.DataFrame:
    """One line per changed value: the row's key, the column, current and submitted value."""
    lines = [
        {
            **{k: cell(v) for k, v in change.key.items()},
            "column": column,
            "current": cell(change.old[column]),
            "submitted": cell(change.new[column]),
        }
        for change in diff.changed
        for column in change.columns
    ]
    return pd.DataFrame(lines, columns=[*diff.key, "column", "current", "submitted"])
