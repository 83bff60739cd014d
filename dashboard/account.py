"""The account box in the sidebar: who is signed in, with which role and scope; sign out."""

from __future__ import annotations

import re

import streamlit as st

from dashboard import session
from pipelines.access.scope import Viewer
from pipelines.config import Project

_MARKDOWN = re.compile(r"([\\`*_~\[\]#<>|])")


def plain(text: str) -> str:
    """Text shown literally inside Markdown (handles may hold '_' or '~')."""
    return _MARKDOWN.sub(r"\\\1", text)


def scope_words(project: Project, viewer: Viewer) -> str:
    """The role and what it covers, in words."""
    if viewer.role == "coordinator":
        return "Coordinator · every partner"
    if viewer.role == "national_office":
        country = project.country(viewer.country or "")
        return f"National office · {country.name} ({country.iso2})"
    if viewer.role == "partner":
        partner = project.partner(viewer.partner or "")
        return f"Partner · {partner.short_name} ({partner.code})"
    return "Public view · consortium totals only"


def sidebar_box(project: Project, viewer: Viewer) -> None:
    """Drawn on every page (``ui.page_context``), above the page's filters."""
    box = st.sidebar.container(border=True, key="account_box")
    if viewer.role == "public":
        box.markdown(f"**{plain(scope_words(project, viewer))}**")
        return
    box.markdown(
        f"Signed in as **{plain(viewer.username)}**  \n{plain(scope_words(project, viewer))}"
    )
    box.button(
        "Sign out",
        key="account_sign_out",
        on_click=session.sign_out,
        icon=":material/logout:",
        width="stretch",
    )
