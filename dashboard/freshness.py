"""The one freshness rule on a page: figures made with other settings, other SQL or before
the ledger's last event are rebuilt before they are drawn (under the store's lock, as the
command line and an ingest do); when this process cannot rebuild them (it may only read the
data directory), the page says they are out of date and why, above every figure."""

from __future__ import annotations

import streamlit as st

from pipelines.config import Project
from pipelines.errors import FiguresOutOfDate, LeslieError
from pipelines.paths import DataDir
from pipelines.warehouse.build import freshness, out_of_date, require_current
from pipelines.words.present import Words


def gate(directory: DataDir, project: Project, words: Words) -> bool:
    """Rebuild when needed and possible; True when the figures drawn next are current."""
    verdict = freshness(directory, project)
    if verdict.current:
        return True
    try:
        with st.spinner(words.t("freshness.rebuilding")):
            require_current(directory, project)
    except FiguresOutOfDate as exc:
        st.warning(exc.render(words.lang), icon=":material/sync_problem:")
        return False
    except LeslieError as exc:  # the rebuild itself failed (a store to restore, a check)
        st.warning(out_of_date(verdict).render(words.lang), icon=":material/sync_problem:")
        st.error(exc.render(words.lang), icon=":material/error:")
        return False
    return True
