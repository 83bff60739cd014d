"""The page list, as data. To add a page, add one ``PageSpec`` to ``PAGES``.

Each spec names the page file, the catalogue key of its title, its address, its menu section
and the permission (``pipelines/access/permissions.py``) that shows it in the menu. A spec
whose file is missing stops the app at start (``check_pages``): a page never disappears
silently. ``plan`` decides what one viewer's menu holds; ``menu`` turns the plan into
Streamlit pages, so how the menu is drawn can change without touching who sees what.
Each page still asks for the viewer itself and its queries enforce the scope regardless.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import streamlit as st

from dashboard.widgets.ui import friendly_errors
from dashboard.wiring import signin
from pipelines.access.scope import Viewer
from pipelines.errors import ConfigError
from pipelines.words.catalogue import text
from pipelines.words.present import Words

HERE = Path(__file__).resolve().parents[1]  # dashboard/


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to dashboard/
    key: str  # catalogue key of the title: dashboard.nav.<key>
    icon: str
    url_path: str
    section: str = "dashboard"  # catalogue key dashboard.nav.section.<section>
    action: str = "see_consortium"  # the permission that puts the page in the menu
    default: bool = False
    in_menu: bool = True  # False: reachable at its address (links), not listed

    @property
    def title(self) -> str:
        """The English title (tests, logs)."""
        return text(f"dashboard.nav.{self.key}", "en")

    def title_in(self, words: Words) -> str:
        return words.t(f"dashboard.nav.{self.key}")


PAGES: list[PageSpec] = [
    PageSpec("pages/home.py", "home", ":material/home:", "home", action="see_home", default=True),
    PageSpec("pages/overview.py", "overview", ":material/dashboard:", "overview", default=True),
    PageSpec("pages/partners.py", "partners", ":material/groups:", "partners"),
    PageSpec("pages/countries.py", "countries", ":material/public:", "countries"),
    PageSpec("pages/sdgs.py", "sdgs", ":material/eco:", "sdgs"),
    PageSpec("pages/catalogue.py", "catalogue", ":material/school:", "catalogue"),
    PageSpec("pages/learners.py", "learners", ":material/person_search:", "learners"),
    PageSpec("pages/dissemination.py", "dissemination", ":material/campaign:", "dissemination"),
    PageSpec(
        "pages/indicator.py", "indicator", ":material/query_stats:", "indicator", in_menu=False
    ),
    PageSpec(
        "pages/data_status.py",
        "data_status",
        ":material/fact_check:",
        "data-status",
        "data",
        "see_data_status",
    ),
    PageSpec(
        "pages/reports.py", "reports", ":material/description:", "reports", "data", "see_home"
    ),
    PageSpec(
        "pages/workplan.py",
        "workplan",
        ":material/assignment:",
        "work-plan",
        "data",
        "see_workplan",
    ),
    PageSpec("pages/upload.py", "upload", ":material/upload_file:", "upload", "data", "upload"),
    PageSpec(
        "pages/my_data.py", "my_data", ":material/edit_note:", "my-data", "data", "edit_records"
    ),
    PageSpec("pages/review.py", "review", ":material/rule:", "review", "data", "review"),
    PageSpec("pages/audit.py", "audit", ":material/history:", "audit", "data", "see_audit"),
    PageSpec(
        "pages/portfolio.py", "portfolio", ":material/work:", "portfolio", "data", "see_portfolio"
    ),
    PageSpec(
        "pages/public.py",
        "public",
        ":material/travel_explore:",
        "public",
        "dashboard",
        "see_public_page",
    ),
    PageSpec(
        "pages/public_catalogue.py",
        "public_catalogue",
        ":material/menu_book:",
        "public-catalogue",
        "dashboard",
        "see_public_catalogue",
    ),
    # the public view (when switched on) keeps a way to sign in
    PageSpec("pages/login.py", "login", ":material/login:", "login", "account", "use_sign_in_page"),
]

# each listed page by its file's name ("overview" for pages/overview.py): what tests and
# benchmarks read, so that a page added above is tested and timed without another list
BY_NAME: dict[str, PageSpec] = {Path(s.path).stem: s for s in PAGES}
# the consortium's figure pages: in the menu for everyone who may see the consortium's figures
FIGURE_PAGES: tuple[str, ...] = tuple(
    name
    for name, s in BY_NAME.items()
    if s.section == "dashboard" and s.action == "see_consortium" and s.in_menu
)

# the only page when nobody is signed in (default deny)
SIGN_IN = PageSpec("pages/login.py", "login", ":material/login:", "login", "account")


def check_pages(specs: list[PageSpec] = PAGES) -> None:
    """Stop at start when a listed page file does not exist (a typo, a file not merged)."""
    missing = [s.path for s in specs if not (HERE / s.path).is_file()]
    if missing:
        raise ConfigError(key="dashboard.error.missing_pages", pages=", ".join(missing))


def available(specs: list[PageSpec], viewer: Viewer) -> list[PageSpec]:
    """The pages this viewer may open (the permission table decides)."""
    return [s for s in specs if viewer.can(s.action)]


@dataclass(frozen=True)
class MenuPlan:
    """What one viewer's navigation holds: the pages in the menu (the first opens by
    default) and the pages kept hidden at their address. Pages of ``hidden`` that the
    viewer may open (``open``) draw themselves; the rest draw ``stand_in`` instead."""

    shown: tuple[PageSpec, ...]
    hidden: tuple[PageSpec, ...]
    stand_in: str  # "sign_in" | "not_available"
    open: tuple[PageSpec, ...] = ()


def plan(viewer: Viewer | None) -> MenuPlan:
    """Default deny: signed out, the sign-in page only; signed in, the role's pages.

    Every other page's address stays known but hidden: signed out, it shows the sign-in
    form (so a shared link opens its page right after signing in); signed in without the
    permission, it says the page is not available. Nothing of the page itself is drawn.
    """
    if viewer is None:
        hidden = tuple(s for s in PAGES if s.url_path != SIGN_IN.url_path)
        return MenuPlan((replace(SIGN_IN, default=True),), hidden, "sign_in")
    allowed = available(PAGES, viewer)
    shown = [s for s in allowed if s.in_menu]
    first = next((s for s in shown if s.default), shown[0] if shown else None)
    shown = [replace(s, default=s is first) for s in shown]
    reachable = tuple(s for s in allowed if not s.in_menu)
    known = {s.url_path for s in allowed} | {SIGN_IN.url_path}
    hidden = tuple(s for s in PAGES if s.url_path not in known)
    return MenuPlan(tuple(shown), hidden, "not_available", reachable)


def menu(viewer: Viewer | None, words: Words) -> dict[str, list[st.Page]]:
    """Sections of pages for ``st.navigation`` (see ``plan``), titled in the reader's
    language."""
    chosen = plan(viewer)
    sections: dict[str, list[st.Page]] = {}
    for spec in chosen.shown:
        section = words.t(f"dashboard.nav.section.{spec.section}")
        sections.setdefault(section, []).append(_page(spec, words))
    body = _sign_in_first if chosen.stand_in == "sign_in" else _not_available
    if sections:  # hidden pages join a section that has a visible page
        first = next(iter(sections.values()))
        first.extend(_page(s, words, visibility="hidden") for s in chosen.open)
        first.extend(_hidden(s, body, words) for s in chosen.hidden)
    return sections


def flat(sections: dict[str, list[st.Page]]) -> tuple[list[st.Page], dict[int, str]]:
    """The menu as one list (valid list markup; a sectioned ``st.navigation`` is not) and
    each group's heading by the 1-based menu position of its first visible page."""
    pages = [page for group in sections.values() for page in group]
    headings: dict[int, str] = {}
    position = 0
    for name, group in sections.items():
        visible = [page for page in group if page.visibility != "hidden"]
        if visible and len(sections) > 1:
            headings[position + 1] = name
        position += len(visible)
    return pages, headings


def _page(spec: PageSpec, words: Words, visibility: str = "visible") -> st.Page:
    return st.Page(
        str(HERE / spec.path),
        title=spec.title_in(words),
        icon=spec.icon,
        url_path=spec.url_path,
        default=spec.default,
        visibility=visibility,
    )


def _hidden(spec: PageSpec, body, words: Words) -> st.Page:
    """A page kept at its address but out of the menu, drawing ``body(spec)`` instead."""
    return st.Page(
        lambda: body(spec, words),
        title=spec.title_in(words),
        icon=spec.icon,
        url_path=spec.url_path,
        visibility="hidden",
    )


def _sign_in_first(spec: PageSpec, words: Words) -> None:
    with friendly_errors():
        signin.view()


def _not_available(spec: PageSpec, words: Words) -> None:
    st.title(spec.title_in(words))
    st.info(words.t("dashboard.nav.not_available"), icon=":material/lock:")
