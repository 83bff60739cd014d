"""Tables shared by several pages, in words (names, dates, vocabulary), numbers kept as
numbers where people sort by them."""

from __future__ import annotations

import pandas as pd

from pipelines.words.present import Words


def activity_table(w: Words, listed: pd.DataFrame) -> pd.DataFrame:
    """The dissemination activities: date, partner, type, title, where, participants, reach,
    evidence link."""
    return pd.DataFrame(
        {
            w.t("dashboard.col.date"): [
                w.date(pd.Timestamp(d).date(), "medium") for d in listed["date"]
            ],
            w.t("dashboard.col.partner"): [w.partner(p, True) for p in listed["partner_code"]],
            w.t("dashboard.col.activity_type"): [
                w.vocab("activity_type", t) for t in listed["activity_type"]
            ],
            w.t("dashboard.col.title"): listed["title"].astype(str),
            w.t("dashboard.dissemination.event_country"): [
                w.country(c) for c in listed["event_country"]
            ],
            w.t("dashboard.dissemination.participants"): listed["participants"],
            w.t("dashboard.dissemination.reach"): listed["reach"],
            w.t("dashboard.col.evidence"): listed["url"],
        }
    )
