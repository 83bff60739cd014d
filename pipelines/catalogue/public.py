"""The public catalogue: the modules ready to publish, with nothing about learners, for the
public page and the open data package."""

from __future__ import annotations

import duckdb

from pipelines.access.scope import Viewer
from pipelines.catalogue import readiness, source, texts
from pipelines.config import Project

# The Council Recommendation's elements a catalogue can state (the learner and the date of
# issue belong to each credential), then what a reader filters on; CSV column names.
ELEMENT_FIELDS = (
    "module_code",
    "title",
    "title_language",
    "awarding_body",
    "country",
    "learning_outcomes",
    "learning_outcomes_language",
    "ects",
    "eqf_level",
    "assessment_type",
    "delivery_mode",
    "quality_assurance",
    "isced_field",
    "language",
    "sdg_goals",
    "entry_requirements",
    "catalog_url",
)


def ready_modules(con: duckdb.DuckDBPyConnection, project: Project) -> list[dict]:
    """Every module of the consortium that is ready to publish (approved data only)."""
    rules = readiness.criteria(project)
    every = source.modules(con, project, Viewer.coordinator("public-catalogue"))
    return [m for m in every if not readiness.gaps(m, rules, project)]


def elements(module: dict, project: Project, lang: str) -> dict[str, object]:
    """One module's row of the elements CSV: free text in ``lang`` (or its fallback, whose
    language the ``*_language`` column names), codes as codes."""
    title = texts.shown(module, "title", lang)
    outcomes = texts.shown(module, "learning_outcomes", lang)
    partner = project.partner(str(module["lead_partner_code"]))
    return {
        "module_code": module["module_code"],
        "title": title.text,
        "title_language": title.lang,
        "awarding_body": partner.name,
        "country": partner.country,
        "learning_outcomes": outcomes.text,
        "learning_outcomes_language": outcomes.lang,
        "ects": module["ects"],
        "eqf_level": module["eqf_level"],
        "assessment_type": module["assessment_type"],
        "delivery_mode": module["delivery_mode"],
        "quality_assurance": module["quality_assurance"],
        "isced_field": module["isced_field"],
        "language": ";".join(module.get("language") or []),
        "sdg_goals": ";".join(str(g) for g in module.get("sdg_goals") or []),
        "entry_requirements": module.get("entry_requirements"),
        "catalog_url": module.get("catalog_url"),
    }
