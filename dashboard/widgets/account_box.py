"""The account box in the sidebar: who is signed in, with which scope; language; sign out."""

from __future__ import annotations

import streamlit as st

from dashboard.widgets.plain import literal as plain  # handles may hold '_' or '~'
from dashboard.wiring import language, session
from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.words.present import Words


def scope_words(project: Project, viewer: Viewer, words: Words | None = None) -> str:
    """What the account covers, in words: its whole reach, a country, or one partner."""
    words = words or Words("en", project)
    if viewer.partner:
        return words.t("dashboard.account.partner", partner=words.partner(viewer.partner, True))
    if viewer.country:
        return words.t("dashboard.account.office", country=words.country(viewer.country))
    if viewer.can("see_technical"):
        return words.t("dashboard.account.coordinator")
    return words.t("dashboard.account.public")


def sidebar_box(project: Project, viewer: Viewer, words: Words) -> None:
    """Drawn on every page (``ui.page_context``), below the page's filters."""
    box = st.sidebar.container(border=True, key="account_box")
    if not viewer.username or not viewer.can("see_home"):  # the public view
        box.markdown(f"**{plain(scope_words(project, viewer, words))}**")
        language.picker(box, viewer)
        return
    box.markdown(
        words.t("dashboard.account.signed_in_as", username=plain(viewer.username))
        + f"  \n{plain(scope_words(project, viewer, words))}"
    )
    language.picker(box, viewer)
    box.button(
        words.t("dashboard.account.sign_out"),
        key="account_sign_out",
        on_click=session.sign_out,
        icon=":material/logout:",
        width="stretch",
    )
