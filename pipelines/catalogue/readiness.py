"""Is a module ready to publish? The mandatory elements of the Council Recommendation of
16 June 2022 on micro-credentials (Annex I), then the consortium's own criteria
(``[catalogue]`` in ``project.toml``). Each gap is a stable key; its words are
``microcred.missing.<key>`` in the message catalogue.

Two of the eleven elements belong to each credential, not to the catalogue: the learner's
identification and the date of issue are written by the awarding institution when it issues
a credential (this product never stores a learner's identity), so they are never missing here.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass

from pipelines.catalogue import codelists, texts
from pipelines.config import Project

# The eleven mandatory elements, in the Recommendation's order: (key, set at issue?).
ELEMENTS: tuple[tuple[str, bool], ...] = (
    ("learner", True),
    ("title", False),
    ("country", False),
    ("awarding_body", False),
    ("issue_date", True),
    ("learning_outcomes", False),
    ("workload", False),
    ("level", False),
    ("assessment", False),
    ("participation", False),
    ("quality_assurance", False),
)
# The consortium's criteria a project may switch on in [catalogue], in the order checked.
CRITERIA = (
    "micro_credential",
    "status",
    "title_languages",
    "outcome_languages",
    "sdg",
    "isced_field",
    "ects_range",
)


@dataclass(frozen=True)
class Criteria:
    """The consortium's own criteria; a module meets each one switched on."""

    micro_credentials_only: bool = True
    ready_statuses: tuple[str, ...] = ()  # empty: any status
    min_title_languages: int = 1
    min_outcome_languages: int = 1
    require_sdg: bool = False
    require_isced_field: bool = False
    ects_min: float | None = None
    ects_max: float | None = None
    learning_setting: str = "formal"


def criteria(project: Project) -> Criteria:
    """The ``[catalogue]`` table of the project's configuration (all optional)."""
    try:
        with open(project.source, "rb") as fh:
            section = tomllib.load(fh).get("catalogue", {})
    except OSError:
        section = {}
    return Criteria(
        micro_credentials_only=bool(section.get("micro_credentials_only", True)),
        ready_statuses=tuple(section.get("ready_statuses", ())),
        min_title_languages=int(section.get("min_title_languages", 1)),
        min_outcome_languages=int(section.get("min_outcome_languages", 1)),
        require_sdg=bool(section.get("require_sdg", False)),
        require_isced_field=bool(section.get("require_isced_field", False)),
        ects_min=_number(section.get("ects_min")),
        ects_max=_number(section.get("ects_max")),
        learning_setting=str(section.get("learning_setting", "formal")),
    )


def _number(value: object) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class Gap:
    """One missing element: its stable key and the numbers its message names."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def message(self, words) -> str:
        return words.t(f"microcred.missing.{self.key}", **dict(self.params))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value != value


def gaps(module: Mapping[str, object], rules: Criteria, project: Project) -> list[Gap]:
    """What ``module`` (a catalogue row) lacks before it can be published, in order."""
    found: list[Gap] = []
    lead = str(module.get("lead_partner_code") or "")
    partner = project.partner(lead) if lead in project.partner_codes else None
    element_blank = {
        "title": _blank(module.get("title")),
        "country": partner is None or _blank(partner.country),
        "awarding_body": partner is None or _blank(partner.name),
        "learning_outcomes": not texts.texts(module, "learning_outcomes"),
        "workload": _blank(module.get("ects")),
        "level": _blank(module.get("eqf_level")),
        "assessment": _blank(module.get("assessment_type")),
        "participation": _blank(module.get("delivery_mode")),
        "quality_assurance": _blank(module.get("quality_assurance")),
    }
    found += [Gap(key) for key, at_issue in ELEMENTS if not at_issue and element_blank[key]]
    if rules.micro_credentials_only and not module.get("micro_credential"):
        found.append(Gap("micro_credential"))
    if rules.ready_statuses and module.get("status") not in rules.ready_statuses:
        found.append(Gap("status"))
    titles = len(texts.texts(module, "title"))
    if titles < rules.min_title_languages:
        found.append(Gap("title_languages", (("minimum", rules.min_title_languages),)))
    outcomes = len(texts.texts(module, "learning_outcomes"))
    if outcomes and outcomes < rules.min_outcome_languages:
        found.append(Gap("outcome_languages", (("minimum", rules.min_outcome_languages),)))
    goals = module.get("sdg_goals")
    if rules.require_sdg and (goals is None or len(goals) == 0):
        found.append(Gap("sdg"))
    if rules.require_isced_field and codelists.isced_code(module.get("isced_field")) is None:
        found.append(Gap("isced_field"))
    ects = module.get("ects")
    if not _blank(ects) and _out_of_range(float(ects), rules):
        low = rules.ects_min if rules.ects_min is not None else 0
        high = rules.ects_max if rules.ects_max is not None else float(ects)
        found.append(Gap("ects_range", (("low", low), ("high", high))))
    return found


def _out_of_range(ects: float, rules: Criteria) -> bool:
    return (rules.ects_min is not None and ects < rules.ects_min) or (
        rules.ects_max is not None and ects > rules.ects_max
    )


def check(modules, project: Project, words) -> list[dict]:
    """The ``catalogue check`` answer: per module its code, title (reader's language),
    readiness and each gap as ``{"key", "message", "who"}``."""
    rules = criteria(project)
    answer = []
    for module in modules:
        found = gaps(module, rules, project)
        lead = str(module.get("lead_partner_code") or "")
        answer.append(
            {
                "code": module["module_code"],
                "title": texts.label(words, texts.shown(module, "title", words.lang)),
                "lead_partner": lead,
                "ready": not found,
                "missing": [
                    {"key": g.key, "message": g.message(words), "who": lead} for g in found
                ],
            }
        )
    return answer
