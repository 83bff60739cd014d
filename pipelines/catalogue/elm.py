"""A ready module as a European Learning Model (ELM v3) learning opportunity, in JSON-LD.

One document per module: the ``LearningOpportunity`` (title, the project's home page, the
lead partner as the providing organisation, default language) with its learning
achievement specification: title, learning outcomes, ECTS credit points, EQF level,
ISCED-F field, languages, mode, learning setting and entry requirements where given. An
accredited micro-credential whose awarding body's country has a national framework level in
the EU code list is a ``Qualification`` instead (it then carries both levels).

Vocabulary values are ``skos:Concept`` nodes from the code lists in ``codelists/``. The
context is the Commission's (``CONTEXT``); it names no ``id``/``type`` aliases, so the
documents use ``@id``/``@type``, and the terms it lacks are written as ``elm:`` IRIs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from pipelines.catalogue import codelists, readiness, texts
from pipelines.config import Project

CONTEXT = "http://data.europa.eu/snb/model/context/edc-ap"
SCHEMES = {
    "languages": "http://publications.europa.eu/resource/authority/language",
    "countries": "http://publications.europa.eu/resource/authority/country",
    "isced-f": "http://data.europa.eu/snb/isced-f/25831c2",
    "eqf": "http://data.europa.eu/snb/eqf/25831c2",
    "modes": "http://data.europa.eu/snb/learning-assessment/25831c2",
    "learning-settings": "http://data.europa.eu/snb/learning-setting/25831c2",
    "credit-points": "http://data.europa.eu/snb/education-credit/25831c2",
    "nqf": "http://data.europa.eu/snb/qdr/25831c2",
}
URN = "urn:leslie"


def _concept(scheme: str, value: str) -> dict:
    uri, label = codelists.table(scheme)[value]
    return {
        "@id": uri,
        "@type": "Concept",
        "inScheme": {"@id": SCHEMES[scheme], "@type": "ConceptScheme"},
        "prefLabel": {"en": label},
    }


def _slug(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]", "-", code)


def _languages(module: Mapping[str, object]) -> list[str]:
    known = codelists.table("languages")
    return [str(x) for x in (module.get("language") or []) if str(x) in known]


def kind(module: Mapping[str, object], project: Project) -> str:
    """'Qualification' for an accredited micro-credential with a national framework level,
    else 'LearningAchievementSpecification'."""
    if module.get("is_accredited_mc") and _nqf(module, project):
        return "Qualification"
    return "LearningAchievementSpecification"


def _nqf(module: Mapping[str, object], project: Project) -> str | None:
    country = project.partner(str(module["lead_partner_code"])).country
    key = f"{country}-{int(module['eqf_level'])}"
    return key if key in codelists.table("nqf") else None


def _organisation(project: Project, code: str) -> dict:
    partner = project.partner(code)
    slug = _slug(code)
    return {
        "@id": f"{URN}:organisation:{slug}",
        "@type": "Organisation",
        "legalName": {"en": partner.name},
        "location": [
            {
                "@id": f"{URN}:location:{slug}",
                "@type": "Location",
                "address": [
                    {
                        "@id": f"{URN}:address:{slug}",
                        "@type": "Address",
                        "countryCode": _concept("countries", partner.country),
                    }
                ],
            }
        ],
    }


def document(module: Mapping[str, object], project: Project) -> dict:
    """The JSON-LD of one ready module."""
    code = str(module["module_code"])
    slug = _slug(code)
    titles = texts.texts(module, "title")
    outcomes = texts.texts(module, "learning_outcomes")
    rules = readiness.criteria(project)
    spec_kind = kind(module, project)
    spec: dict = {
        "@id": f"{URN}:{'qualification' if spec_kind == 'Qualification' else 'las'}:{slug}",
        "@type": spec_kind,
        "title": titles,
        "elm:ISCEDFCode": [_concept("isced-f", codelists.isced_code(module["isced_field"]))],
        "language": [_concept("languages", x) for x in _languages(module)],
        "learningOutcome": [
            {
                "@id": f"{URN}:learningOutcome:{slug}",
                "@type": "LearningOutcome",
                "title": outcomes,
            }
        ],
        "creditPoint": [
            {
                "@id": f"{URN}:creditPoint:{slug}",
                "@type": "CreditPoint",
                "framework": _concept("credit-points", "ECTS"),
                "point": _points(module["ects"]),
            }
        ],
        "mode": [_concept("modes", str(module["delivery_mode"]))],
        "learningSetting": _concept("learning-settings", rules.learning_setting),
    }
    if spec_kind == "Qualification":
        spec["eqfLevel"] = _concept("eqf", str(int(module["eqf_level"])))
        spec["elm:NQFLevel"] = [_concept("nqf", _nqf(module, project))]
    else:
        spec["elm:EQFLevel"] = _concept("eqf", str(int(module["eqf_level"])))
    if module.get("entry_requirements"):
        spec["entryRequirement"] = {
            "@id": f"{URN}:entryRequirement:{slug}",
            "@type": "Note",
            "noteLiteral": {"en": str(module["entry_requirements"])},
        }
    homepages = [_web_resource(f"{URN}:homepage:{slug}", project.website)]
    if module.get("catalog_url"):
        homepages.append(_web_resource(f"{URN}:catalogue:{slug}", str(module["catalog_url"])))
    return {
        "@context": CONTEXT,
        "@id": f"{URN}:learningOpportunity:{slug}",
        "@type": "LearningOpportunity",
        "title": titles,
        "elm:defaultLanguage": _concept("languages", "en"),
        "homepage": homepages,
        "providedBy": [_organisation(project, str(module["lead_partner_code"]))],
        "mode": [_concept("modes", str(module["delivery_mode"]))],
        "learningAchievementSpecification": spec,
    }


def _web_resource(node_id: str, url: str) -> dict:
    return {
        "@id": node_id,
        "@type": "WebResource",
        "elm:contentUrl": {"@value": url, "@type": "xsd:anyURI"},
    }


def _points(ects: object) -> str:
    value = float(ects)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def write(out: Path, modules: list[Mapping[str, object]], project: Project) -> list[Path]:
    """One ``<code>.jsonld`` per module under ``out``; the paths written, in code order."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for module in sorted(modules, key=lambda m: str(m["module_code"])):
        path = out / f"{_slug(str(module['module_code']))}.jsonld"
        body = json.dumps(document(module, project), ensure_ascii=False, indent=2) + "\n"
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written
