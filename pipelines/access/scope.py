"""Who is looking, and what they may see. Every query function takes a Viewer.

Default deny: a viewer without a valid role sees nothing. The checks live here, in the
library, so no widget, URL parameter or session edit can widen what a query returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.access.permissions import scope_of
from pipelines.config import Project
from pipelines.errors import AccessDenied

ROLES = ("coordinator", "national_office", "partner", "public")
BREAKDOWNS = ("all", "partner", "country", "region", "sdg")


@dataclass(frozen=True)
class Viewer:
    role: str
    username: str = ""
    partner: str | None = None  # role partner
    country: str | None = None  # role national_office

    @classmethod
    def coordinator(cls, username: str = "coordinator") -> Viewer:
        return cls("coordinator", username)

    def validate(self, project: Project) -> None:
        """Refuse a viewer whose role or scope does not exist in this project."""
        if self.role not in ROLES:
            raise AccessDenied("No valid role: sign in with an account that has a role")
        if self.role == "public" and not project.access.public_view:
            raise AccessDenied("The public view is switched off: sign in to see the figures")
        if self.role == "partner" and (self.partner or "") not in project.partner_codes:
            raise AccessDenied("This partner account is not linked to a configured partner")
        if self.role == "national_office" and (self.country or "") not in {
            c.iso2 for c in project.countries
        }:
            raise AccessDenied("This national office account is not linked to a configured country")

    def visible_partners(self, project: Project) -> tuple[str, ...]:
        """Partners whose figures this viewer may see one by one."""
        self.validate(project)
        reach = scope_of("see_breakdowns", self.role)
        if reach == "all":
            return project.partner_codes
        if reach == "country":
            return project.partners_in(self.country or "")
        if reach == "own":
            return (self.partner or "",)
        return ()

    def visible_countries(self, project: Project) -> tuple[str, ...]:
        self.validate(project)
        reach = scope_of("see_countries", self.role)
        if reach == "all":
            return tuple(c.iso2 for c in project.countries)
        if reach == "country":
            return (self.country or "",)
        return ()

    def visible_regions(self, project: Project) -> tuple[str, ...]:
        """Regions whose totals this viewer may see side by side: the coordinator only, as a
        region total minus a country's own figures would reveal the other countries'."""
        self.validate(project)
        if scope_of("see_regions", self.role) == "all":
            return tuple(sorted({c.region for c in project.countries}))
        return ()

    @property
    def sees_pending(self) -> bool:
        return self.can("see_pending")

    def can(self, action: str, partner: str | None = None, project: Project | None = None) -> bool:
        """Whether this viewer may do ``action`` (for ``partner``, when it names one).

        The answer comes from the one table in ``permissions``. A partner-bound check of a
        National Office needs ``project`` to know the partner's country."""
        reach = scope_of(action, self.role)
        if reach is None:
            return False
        if partner is None or reach in ("all", "none"):
            return True
        code = partner.upper()
        if reach == "own":
            return code == (self.partner or "").upper()
        if reach == "country" and project is not None:
            return code in project.partners_in(self.country or "")
        return False

    def reaches_all(self, action: str) -> bool:
        """Whether this viewer may do ``action`` for every partner at once (e.g. a consortium
        report), not only for its own or its country's."""
        return scope_of(action, self.role) == "all"

    def partners_for(self, action: str, project: Project | None = None) -> frozenset[str] | None:
        """The partners this viewer may do ``action`` for: None when any, else their codes
        (empty when the action is not granted at all)."""
        reach = scope_of(action, self.role)
        if reach is None:
            return frozenset()
        if reach in ("all", "none"):
            return None
        if reach == "own":
            return frozenset({(self.partner or "").upper()})
        return frozenset(project.partners_in(self.country or "")) if project else frozenset()

    def require(
        self, action: str, partner: str | None = None, project: Project | None = None
    ) -> None:
        """Raise AccessDenied unless ``can``."""
        if not self.can(action, partner, project):
            raise AccessDenied(key="access.denied", action=action, partner=partner or "")

    def sees_pending_for(self, project: Project, partner: str | None, by: str = "all") -> bool:
        """Whether figures including pending uploads may be shown for this filter: with full
        reach always; with reach over its own data a partner only for its own figures (other
        partners' uploads that nobody has reviewed yet must not show through consortium
        totals). A partner's per-partner breakdown holds its own row only, so it qualifies
        without a filter."""
        self.validate(project)
        reach = scope_of("see_pending", self.role)
        if reach == "all":
            return True
        if reach == "own":
            own = (partner or "").upper() == (self.partner or "").upper()
            return by == "partner" or (own and by in ("all", "sdg"))
        return False

    def basis_for(self, project: Project, basis: str, partner: str | None, by: str = "all") -> str:
        """The basis a request may use: 'with_pending' where asked for and ``sees_pending_for``,
        else approved data ('official'). The one place that decides it for queries, reports
        and the indicator engine."""
        if basis == "with_pending" and self.sees_pending_for(project, partner, by):
            return "with_pending"
        return "official"

    def check(
        self,
        project: Project,
        partner: str | None = None,
        country: str | None = None,
        by: str = "all",
    ) -> None:
        """Raise AccessDenied unless this viewer may see figures for the filter."""
        self.validate(project)
        if by not in BREAKDOWNS:
            raise AccessDenied(f"Unknown breakdown {by!r}")
        if partner is not None and partner.upper() not in self.visible_partners(project):
            raise AccessDenied(f"You cannot see the figures of partner {partner.upper()}")
        if country is not None and country.upper() not in self.visible_countries(project):
            raise AccessDenied(f"You cannot see the figures of country {country.upper()}")
        if by == "partner" and not self.visible_partners(project):
            raise AccessDenied("You cannot see figures per partner")
        if by == "country" and not self.visible_countries(project):
            raise AccessDenied("You cannot see figures per country")
        if by == "region" and not self.visible_regions(project):
            raise AccessDenied("You cannot see figures per region")

    def keep_scope(self, project: Project, by: str, scope_key: str) -> bool:
        """Whether one row of a breakdown may be shown."""
        if by == "partner":
            return scope_key in self.visible_partners(project)
        if by == "country":
            return scope_key in self.visible_countries(project)
        if by == "region":
            return scope_key in self.visible_regions(project)
        return True
