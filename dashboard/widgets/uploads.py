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

from dashboard.widgets.plain import literal
from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.paths import DataDir
from pipelines.store.ledger import comment_words
from pipelines.submissions import review
from pipelines.submissions.ingest import FileOutcome
from pipelines.submissions.review import SubmissionDiff
from pipelines.words.catalogue import keys, text
from pipelines.words.present import Words

PROBLEM_COLUMNS = ["row", "column", "value", "how_to_fix"]
STATE_ICONS = {"approved": "✔", "pending": "…", "returned": "↩", "superseded": "⤺"}
HISTORY = {
    "submission_id": "submission",
    "template": "template",
    "state": "state",
    "comment": "comment",
    "file_name": "file",
    "file_rows": "rows",
    "received_at": "received",
    "state_at": "state_since",
    "partner_code": "partner",
    "submitted_by": "submitted_by",  # who and how: in the coordinator's rows only
    "channel": "channel",
}


def plain(typed: str) -> str:
    """User-supplied text (a file name) inside a message drawn as markdown, shown as typed."""
    return literal(typed)


def column_label(template: str, column: str, lang: str) -> str:
    """A template column as the reader's language names it (the header itself if unknown)."""
    key = f"intake.column.{template}.{column}"
    return text(key, lang) if key in keys() else column


@dataclass(frozen=True)
class UploadSummary:
    """One uploaded file's outcome in words, with every problem as a table row."""

    file_name: str
    status: str  # accepted | rejected | unchanged
    level: str  # success | error | info: how the message is drawn
    message: str
    submission_id: int | None = None
    problems: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PROBLEM_COLUMNS))


def problems_table(outcome: FileOutcome, words: Words | None = None) -> pd.DataFrame:
    """Row (as Excel numbers it; empty for the whole file), column as written in the file,
    bad value, what to do in the reader's language."""
    w = words or Words()
    table = pd.DataFrame(
        [
            {
                "row": p.row,
                "column": p.column or "",
                "value": "" if p.value is None else str(p.value),
                "how_to_fix": p.render(w.lang),
            }
            for p in outcome.errors
        ],
        columns=PROBLEM_COLUMNS,
    ).astype({"row": "Int64"})
    return table.rename(columns={c: w.t(f"pages_a.col.{c}") for c in PROBLEM_COLUMNS})


def summarise(
    outcome: FileOutcome, approved_now: bool = False, words: Words | None = None
) -> UploadSummary:
    w = words or Words()
    name, file = outcome.path, plain(outcome.path)
    if outcome.status == "rejected":
        n = len(outcome.errors)
        said = w.n("pages_a.upload.rejected", n, file=file)
        return UploadSummary(name, "rejected", "error", said, problems=problems_table(outcome, w))
    if outcome.status == "unchanged":
        said = w.t("pages_a.upload.unchanged", file=file)
        return UploadSummary(name, "unchanged", "info", said, outcome.submission_id)
    partners = ", ".join(w.partner(p, with_code=True) for p in outcome.partners)
    template = w.vocab("template", outcome.template)
    what = w.n("pages_a.upload.what", outcome.rows, template=template, partners=partners)
    state = "approved" if approved_now else "pending"
    said = w.t(
        f"pages_a.upload.accepted_{state}", file=file, what=what, id=str(outcome.submission_id)
    )
    return UploadSummary(name, "accepted", "success", said, outcome.submission_id)


def submit_file(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    name: str,
    data: bytes,
    approve_now: bool = False,
    as_of: dt.date | None = None,
    words: Words | None = None,
) -> list[UploadSummary]:
    """Validate and store one uploaded file (``review.submit_upload``) and say how it went."""
    result = review.submit_upload(
        data_dir, project, viewer, name, data, approve_now=approve_now, as_of=as_of
    )
    return [summarise(f, approve_now, words) for f in result.files]


def state_word(words: Words, state: str) -> str:
    """'pending' -> '… Pending review': the icon and the state in words."""
    return f"{STATE_ICONS.get(state, '')} {words.t(f'pages_a.state.{state}')}"


def channel_word(words: Words, channel: str) -> str:
    """How a submission came in, in words: 'upload' -> 'upload on the dashboard'."""
    key = f"pages_a.channel.{channel}"
    return words.t(key) if key in keys() else channel


def submission_table(history: pd.DataFrame, words: Words | None = None) -> pd.DataFrame:
    """The submissions a partner sees: newest first, the state (with an icon) and the
    coordinator's comment first, every header and value in words; the coordinator also
    sees who sent each one and how."""
    w = words or Words()
    out = history[[c for c in HISTORY if c in history.columns]].copy()
    out["state"] = [state_word(w, s) for s in out["state"]]
    if "template" in out:
        out["template"] = [w.vocab("template", t) for t in out["template"]]
    if "partner_code" in out:
        out["partner_code"] = [w.partner(p, with_code=True) for p in out["partner_code"]]
    for column in ("received_at", "state_at"):
        if column in out:
            out[column] = [w.date(str(d)) if d else "" for d in out[column]]
    if "channel" in out:
        out["channel"] = [channel_word(w, c) for c in out["channel"]]
    if "comment" in out:
        out["comment"] = [comment_words(c, w.lang) for c in out["comment"]]
    return out.rename(columns={c: w.t(f"pages_a.col.{HISTORY[c]}") for c in out.columns})


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


def rows_table(
    rows: Iterable[Mapping[str, Any]],
    columns: Iterable[str] = (),
    template: str = "",
    words: Words | None = None,
) -> pd.DataFrame:
    """Rows of mixed types shown as text, so any value reads the same in every table; with
    ``template`` the headers are the template's column labels in the reader's language."""
    found = [{k: cell(v) for k, v in r.items()} for r in rows]
    table = pd.DataFrame(found, columns=list(columns) or None)
    if not template:
        return table
    lang = (words or Words()).lang
    return table.rename(columns={c: column_label(template, c, lang) for c in table.columns})


def changed_table(diff: SubmissionDiff, words: Words | None = None) -> pd.DataFrame:
    """One line per changed value: the row's key, the column, current and submitted value,
    headers and column names in the reader's language."""
    w = words or Words()
    label = {k: column_label(diff.template, k, w.lang) for k in diff.key}
    words_of = {c: w.t(f"pages_a.col.{c}") for c in ("column", "current", "submitted")}
    lines = [
        {
            **{label[k]: cell(v) for k, v in change.key.items()},
            words_of["column"]: column_label(diff.template, column, w.lang),
            words_of["current"]: cell(change.old[column]),
            words_of["submitted"]: cell(change.new[column]),
        }
        for change in diff.changed
        for column in change.columns
    ]
    return pd.DataFrame(lines, columns=[*label.values(), *words_of.values()])
