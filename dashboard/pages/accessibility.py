"""The accessibility statement (EU Web Accessibility Directive): conformance status, known
exceptions, how to report a barrier, the date of the review. Open to everyone, signed in or
not; linked from the foot of the sidebar."""

from __future__ import annotations

import streamlit as st

from dashboard.widgets.a11y import page_language
from dashboard.wiring import run_context
from pipelines.words.catalogue import text

EXCEPTIONS = ("charts", "map", "tables", "table_keys")


def view() -> None:
    lang = page_language()
    project = run_context.project_of(run_context.data_dir())
    statement = project.accessibility

    def t(key: str, **params: object) -> str:
        return text(f"a11y.statement.{key}", lang, **params)

    st.title(t("title"))
    st.text(t("intro", acronym=project.acronym))
    st.header(t("status.heading"), anchor=False)
    st.text(t("status.body"))
    st.header(t("exceptions.heading"), anchor=False)
    for name in EXCEPTIONS:
        st.text("• " + t(f"exception.{name}"))
    st.header(t("checked.heading"), anchor=False)
    st.text(t("checked.body"))
    st.header(t("report.heading"), anchor=False)
    if statement.contact:
        st.text(t("report.body", contact=statement.contact))
    else:
        coordinator = project.partner(project.coordinator).name
        st.text(t("report.no_contact", coordinator=coordinator))
    st.header(t("enforcement.heading"), anchor=False)
    st.text(t("enforcement.body"))
    if statement.reviewed:
        st.caption(t("date", date=statement.reviewed))
    else:
        st.caption(t("date_missing"))


view()
