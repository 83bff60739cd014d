"""The page list. To add a page, append a ``PageSpec``.

A page file that does not exist yet is left out, so optional pages (``pages/reports.py``)
appear as soon as they are added. ``roles`` limits who sees a page in the menu; nobody
signed in sees the sign-in page only (``plan``). Each page still asks for the viewer itself
and its queries enforce the scope regardless.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import streamlit as st

from dashboard import signin
from dashboard.ui import friendly_errors
from pipelines.access.scope import ROLES, Viewer

HERE = Path(__file__).resolve().parent
SIGNED_IN = ("coordinator", "national_office", "partner")
UPLOADERS = ("coordinator", "partner")
COORDINATOR = ("coordinator",)


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
    PageSpec(
        "pages/upload.py", "Upload data", ":material/upload_file:", "upload", "Data", UPLOADERS
    ),
    PageSpec("pages/review.py", "Review uploads", ":material/rule:", "review", "Data", COORDINATOR),
    PageSpec("pages/audit.py", "Audit log", ":material/history:", "audit", "Data", COORDINATOR),
    PageSpec("pages/public.py", "Public impact", ":material/travel_explore:", "public"),
    # the public view (when switched on) keeps a way to sign in
    PageSpec("pages/login.py", "Sign in", ":material/login:", "login", "Account", ("public",)),
]

# the only page when nobody is signed in (default deny)
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


@dataclass(frozen=True)
class MenuPlan:
    """What one viewer's navigation holds: the pages in the menu (the first opens by
    default) and the pages kept hidden at their address, which draw ``stand_in`` instead."""

    shown: tuple[PageSpec, ...]
    hidden: tuple[PageSpec, ...]
    stand_in: str  # "sign_in" | "not_available"


def plan(viewer: Viewer | None) -> MenuPlan:
    """Default deny: signed out, the sign-in page only; signed in, the role's pages.

    Every other page's address stays known but hidden: signed out, it shows the sign-in
    form (so a shared link opens its page right after signing in); signed in without the
    role, it says the page is not available. Nothing of the page itself is drawn. Once
    signed in, the sign-in address is unknown, so the rerun after signing in falls back to
    the account's first page.
    """
    if viewer is None:
        hidden = tuple(s for s in PAGES if s.url_path != SIGN_IN.url_path)
        return MenuPlan((replace(SIGN_IN, default=True),), hidden, "sign_in")
    shown = available(PAGES, viewer)
    if shown and not any(s.default for s in shown):
        shown[0] = replace(shown[0], default=True)
    known = {s.url_path for s in shown} | {SIGN_IN.url_path}
    hidden = tuple(s for s in PAGES if s.url_path not in known)
    return MenuPlan(tuple(shown), hidden, "not_available")


def menu(viewer: Viewer | None) -> dict[str, list[st.Page]]:
    """Sections of pages for ``st.navigation`` (see ``plan``)."""
    chosen = plan(viewer)
    sections: dict[str, list[st.Page]] = {}
    for spec in chosen.shown:
        sections.setdefault(spec.section, []).append(_page(spec))
    body = _sign_in_first if chosen.stand_in == "sign_in" else _not_available
    if sections:  # hidden pages join a section that has a visible page
        next(iter(sections.values())).extend(_hidden(s, body) for s in chosen.hidden)
    return sections


def _hidden(spec: PageSpec, body) -> st.Page:
    """A page kept at its address but out of the menu, drawing ``body(spec)`` instead."""
    return st.Page(
        lambda: body(spec),
        title=spec.title,
        icon=spec.icon,
        url_path=spec.url_path,
        visibility="hidden",
    )


def _sign_in_first(spec: PageSpec) -> None:
    with friendly_errors():
        signin.view()


def _not_available(spec: PageSpec) -> None:
    st.title(spec.title)
    st.info("This page is not available to your account.", icon=":material/lock:")
