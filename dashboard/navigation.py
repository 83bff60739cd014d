"""The page list. To add a page, append a ``PageSpec`` (upload, review, audit, login, ...).

A page file that does not exist yet is left out, so optional pages (``pages/reports.py``)
appear as soon as they are added. ``roles`` limits who sees a page in the menu; the page's
queries enforce the scope regardless.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from pipelines.scope import ROLES, Viewer

HERE = Path(__file__).resolve().parent
SIGNED_IN = ("coordinator", "national_office", "partner")


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to dashboard/
    title: str
    icon: str
    url_path: str
    section: str = "Dashboard"
    roles: tuple[str, ...] = ROLES
    default: bool = False


PAGES: list[PageSpec] = [
    PageSpec("pages/overview.py", "Overview", ":material/dashboard:", "overview", default=True),
    PageSpec("pages/partners.py", "Partners", ":material/groups:", "partners"),
    PageSpec("pages/countries.py", "Countries", ":material/public:", "countries"),
    PageSpec("pages/sdgs.py", "SDGs", ":material/eco:", "sdgs"),
    PageSpec("pages/catalogue.py", "Micro-credentials", ":material/school:", "catalogue"),
    PageSpec("pages/learners.py", "Learners", ":material/person_search:", "learners"),
    PageSpec("pages/dissemination.py", "Dissemination", ":material/campaign:", "dissemination"),
    PageSpec("pages/data_status.py", "Data status", ":material/fact_check:", "data-status", "Data"),
    PageSpec("pages/reports.py", "Reports", ":material/description:", "reports", "Data", SIGNED_IN),
]

# shown when nobody is signed in; the sign-in page replaces the notice when it exists
SIGN_IN = PageSpec("pages/login.py", "Sign in", ":material/login:", "login", "Account")


def _page(spec: PageSpec) -> st.Page:
    return st.Page(
        str(HERE / spec.path),
        title=spec.title,
        icon=spec.icon,
        url_path=spec.url_path,
        default=spec.default,
    )


def available(specs: list[PageSpec], viewer: Viewer) -> list[PageSpec]:
    """The pages that exist and that this viewer's role may open."""
    return [s for s in specs if viewer.role in s.roles and (HERE / s.path).exists()]


def menu(viewer: Viewer | None) -> dict[str, list[st.Page]]:
    """Sections of pages for ``st.navigation``."""
    if viewer is None:
        if (HERE / SIGN_IN.path).exists():
            return {SIGN_IN.section: [_page(SIGN_IN)]}
        return {SIGN_IN.section: [st.Page(_please_sign_in, title="Sign in", url_path="login")]}
    sections: dict[str, list[st.Page]] = {}
    specs = available(PAGES, viewer)
    if specs and not any(s.default for s in specs):
        specs[0] = PageSpec(**{**specs[0].__dict__, "default": True})
    for spec in specs:
        sections.setdefault(spec.section, []).append(_page(spec))
    return sections


def _please_sign_in() -> None:
    st.title("LESLIE Impact")
    st.info("Please sign in to see the dashboard.", icon=":material/login:")
