"""ReportData: every figure and table of one report, gathered once and rendered three times.

The Excel, Word and PDF writers read only this object, so the three files cannot disagree.
It also carries the labels it needs (partner names, SDG colours, status labels), which makes
a frozen report (stored as JSON) renderable years later exactly as it was, whatever the
configuration has become since. Every value is JSON-native: dates are ISO strings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from pipelines.errors import StoreError
from pipelines.metrics.indicators import IndicatorValue

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Scope:
    """Whose figures: the consortium, one country's partners, or one partner."""

    kind: str  # consortium | country | partner
    code: str | None  # None, an ISO2 country or a partner code
    label: str

    @property
    def slug(self) -> str:
        return "consortium" if self.code is None else self.code


@dataclass(frozen=True)
class SubmissionRef:
    """One submission behind the figures (the provenance shown on the cover)."""

    submission_id: int
    template: str
    file_name: str
    sha256: str
    partners: list[str]
    row_count: int
    received_at: str
    state: str


@dataclass(frozen=True)
class LearnerCount:
    """Distinct learners by gender and learner type; None marks a total over that column."""

    gender: str | None
    learner_type: str | None
    learners: int


@dataclass(frozen=True)
class Activity:
    """A row of the table of achieved results (dissemination), with its evidence URL."""

    partner_code: str
    date: str
    activity_id: str
    activity_type: str
    title: str
    event_country: str
    audience: list[str]
    participants: int | None
    reach: int | None
    sdg_goals: list[int]
    url: str | None


@dataclass(frozen=True)
class CatalogueEntry:
    """A module with the elements of the EU standard for micro-credentials (2022)."""

    module_code: str
    title: str
    lead_partner_code: str
    awarding_body: str
    country: str
    partner_codes: list[str]
    work_package: str
    sdg_goals: list[int]
    ects: float | None
    eqf_level: int | None
    language: list[str]
    delivery_mode: str
    status: str
    micro_credential: bool
    learning_outcomes: str | None
    assessment_type: str | None
    quality_assurance: str | None
    available_from: str | None
    catalog_url: str | None
    # {"title": {"ru": ...}, "learning_outcomes": {...}}: the other languages of the free text
    # (reports frozen before these fields read them as empty)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    isced_field: str | None = None
    entry_requirements: str | None = None


@dataclass(frozen=True)
class Labels:
    """Names and colours as configured when the report was made."""

    partners: dict[str, str]  # code -> name
    partner_countries: dict[str, str]  # code -> ISO2
    countries: dict[str, str]  # ISO2 -> name
    sdgs: dict[str, str]  # goal (as text, JSON keys) -> short name
    sdg_colours: dict[str, str]
    work_packages: dict[str, str]  # code -> title
    work_package_leads: dict[str, str]
    indicator_definitions: dict[str, str]
    status: dict[str, str]  # status -> label
    status_colours: dict[str, str]


@dataclass(frozen=True)
class Narrative:
    """One saved version of one slot (period, work package, section, partner)."""

    period: str
    work_package: str
    section: str
    partner: str  # the contributing partner; "" for the coordinator's sections
    text: str
    who: str
    at: str

    @property
    def slot(self) -> tuple[str, str, str, str]:
        return self.period, self.work_package, self.section, self.partner


@dataclass(frozen=True)
class DeliverableRow:
    """A deliverable as part A of the technical report lists it."""

    code: str
    title: str
    wp: str
    lead: str
    type: str
    dissemination: str
    due: str
    status: str  # pending | draft | submitted
    submitted_on: str | None
    late: bool
    justification: str | None


@dataclass(frozen=True)
class MilestoneRow:
    """A milestone as part A lists it, with its means of verification."""

    code: str
    title: str
    wp: str
    due: str
    verification: str
    status: str  # pending | reached
    reached_on: str | None
    late: bool


@dataclass(frozen=True)
class RiskRow:
    """A critical risk with its mitigation, as part A lists it."""

    code: str
    description: str
    wp: str
    likelihood: str
    impact: str
    mitigation: str
    status: str  # open | mitigated | occurred | closed
    note: str | None


@dataclass(frozen=True)
class ReportData:
    project: dict[str, str]  # acronym, title, number, programme, call, coordinator, website
    period: dict[str, str] | None  # id, name, start, end, report; None for a date range
    date_from: str | None
    date_to: str | None
    scope: Scope
    basis: str
    filters: dict[str, object]
    generated_at: str
    generated_by: str  # the role, never a person's account name (no personal data)
    as_of: str
    ledger_position: int
    built_at: str
    submissions: list[SubmissionRef]
    indicators: list[IndicatorValue]
    by_partner: list[IndicatorValue]
    by_country: list[IndicatorValue]
    by_sdg: list[IndicatorValue]
    learners: list[LearnerCount]
    activities: list[Activity]
    catalogue: list[CatalogueEntry]
    labels: Labels
    schema_version: int = SCHEMA_VERSION
    narratives: list[Narrative] = field(default_factory=list)  # frozen with the report
    # the work plan as it stood (reports frozen before it read these as empty)
    deliverables: list[DeliverableRow] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)
    risks: list[RiskRow] = field(default_factory=list)

    @property
    def partners(self) -> list[str]:
        """Partners whose own rows appear in this report (the scope's partners)."""
        return sorted({v.scope for v in self.by_partner})

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> ReportData:
        """Rebuild from ``to_json`` output; refuse a document of another schema version."""
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"This frozen report has schema version {version!r}; this software reads "
                f"version {SCHEMA_VERSION}. Open it with the release that made it."
            )
        values = dict(data)
        values["scope"] = Scope(**data["scope"])
        values["labels"] = Labels(**data["labels"])
        values["submissions"] = [SubmissionRef(**s) for s in data["submissions"]]
        for name in ("indicators", "by_partner", "by_country", "by_sdg"):
            values[name] = [IndicatorValue(**v) for v in data[name]]
        values["learners"] = [LearnerCount(**c) for c in data["learners"]]
        values["activities"] = [Activity(**a) for a in data["activities"]]
        values["catalogue"] = [CatalogueEntry(**m) for m in data["catalogue"]]
        values["narratives"] = [Narrative(**n) for n in data.get("narratives", [])]
        values["deliverables"] = [DeliverableRow(**d) for d in data.get("deliverables", [])]
        values["milestones"] = [MilestoneRow(**m) for m in data.get("milestones", [])]
        values["risks"] = [RiskRow(**r) for r in data.get("risks", [])]
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})
