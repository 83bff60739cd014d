"""What the Data status page shows of the submission calendar, as plain functions the tests
call directly: one row per partner and template in people's words, and the counts."""

from __future__ import annotations

import pandas as pd

from dashboard.widgets.uploads import state_word
from pipelines.deadlines.calendar import DeliverableEntry, Entry
from pipelines.deadlines.reminders import Sent, status_text
from pipelines.words.present import Words

COUNTED = ("on_time", "due", "late", "returned")


def calendar_frame(entries: list[Entry], w: Words) -> pd.DataFrame:
    """Partner, data, last submission, records, review, status, next due date."""
    col = lambda key: w.t(f"editing.status_page.col.{key}")  # noqa: E731
    rows = []
    for e in entries:
        rows.append(
            {
                col("partner"): w.partner(e.partner, with_code=True),
                col("template"): w.vocab("template", e.template),
                col("last"): (
                    w.date(e.last_submitted)
                    if e.last_submitted
                    else w.t("editing.status_page.none")
                ),
                col("rows"): w.count(e.last_rows) if e.last_rows is not None else w.missing,
                col("review"): (state_word(w, e.last_state) if e.last_state else w.missing),
                col("status"): status_text(w, e),
                col("next_due"): w.date(e.due) if e.due and e.status != "late" else w.missing,
            }
        )
    return pd.DataFrame(rows)


def counts(entries: list[Entry]) -> dict[str, int]:
    return {s: sum(1 for e in entries if e.status == s) for s in COUNTED}


def outcomes_frame(sent: Sent, w: Words) -> pd.DataFrame:
    """One row per address a reminder was for: partner, address, outcome, the server's reply."""
    col = lambda key: w.t(f"mail.page.col.{key}")  # noqa: E731
    rows = []
    for o in sent.outcomes:
        partner = w.partner(o.partner, with_code=True)
        said = [(a, "sent", "") for a in o.accepted]
        said += [(a, "refused", reply) for a, reply in o.refused.items()]
        said += [(a, o.status, "") for a in o.not_sent]
        for address, outcome, reply in said:
            rows.append(
                {
                    col("partner"): partner,
                    col("address"): address,
                    col("outcome"): w.t(f"mail.address.{outcome}"),
                    col("reply"): reply,
                }
            )
    return pd.DataFrame(rows, columns=[col(k) for k in ("partner", "address", "outcome", "reply")])


def deliverables_frame(entries: list[DeliverableEntry], w: Words) -> pd.DataFrame:
    """Lead partner, code, title, status (pending or draft), late by or due in N days."""
    col = lambda key: w.t(f"workplan.page.col.{key}")  # noqa: E731
    rows = [
        {
            col("lead"): w.partner(e.partner, with_code=True),
            col("code"): e.code,
            col("title"): e.title,
            col("status"): w.t(f"workplan.status.{e.state}"),
            col("due"): w.n(f"workplan.calendar.{e.status}", e.days, due=w.date(e.due)),
        }
        for e in entries
    ]
    return pd.DataFrame(rows, columns=[col(k) for k in ("lead", "code", "title", "status", "due")])
