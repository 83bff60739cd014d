"""A ready module as the XML that Europass's Qualifications Dataset Register (QDR) takes in
for learning opportunities and qualifications (the ``loq`` schema of ELM v3).

One ``Courses`` document per module, with the same content and identifiers as its JSON-LD
(``elm.document``): the learning opportunity, its learning achievement specification (a
``qualification`` for an accredited micro-credential with a national framework level), the
learning outcomes, the lead partner as the providing organisation and its location. The XML
schema keeps every node in its own list and links them by ``idref``; vocabulary values are
``uri`` attributes from the code lists in ``codelists/``.

Written with the standard library's ``xml.etree``: the runtime needs nothing more.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path

from pipelines.catalogue import codelists, readiness, texts
from pipelines.catalogue.elm import URN, _languages, _nqf, _points, _slug, kind
from pipelines.config import Project

NAMESPACE = "http://data.europa.eu/snb/model/ap/loq-constraints/"
VERSION = "3.1.0"


def _add(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, name, attrs)
    if text is not None:
        node.text = text
    return node


def _uri(scheme: str, value: str) -> str:
    return codelists.table(scheme)[value][0]


def _lang_strings(parent: ET.Element, name: str, found: Mapping[str, str]) -> None:
    for lang, text in found.items():
        _add(parent, name, text, language=lang)


def document(module: Mapping[str, object], project: Project) -> ET.Element:
    """The ``Courses`` element of one ready module."""
    code = str(module["module_code"])
    slug = _slug(code)
    partner = project.partner(str(module["lead_partner_code"]))
    titles = texts.texts(module, "title")
    outcomes = texts.texts(module, "learning_outcomes")
    rules = readiness.criteria(project)
    spec_kind = kind(module, project)
    ids = {
        "opportunity": f"{URN}:learningOpportunity:{slug}",
        "spec": f"{URN}:{'qualification' if spec_kind == 'Qualification' else 'las'}:{slug}",
        "outcome": f"{URN}:learningOutcome:{slug}",
        "organisation": f"{URN}:organisation:{_slug(partner.code)}",
        "location": f"{URN}:location:{_slug(partner.code)}",
    }
    mode = _uri("modes", str(module["delivery_mode"]))
    eqf = _uri("eqf", str(int(module["eqf_level"])))

    root = ET.Element("Courses", {"xmlns": NAMESPACE, "xsdVersion": VERSION})

    opportunity = _add(
        _add(root, "learningOpportunityReferences"), "learningOpportunity", id=ids["opportunity"]
    )
    _lang_strings(opportunity, "title", titles)
    _add(_add(opportunity, "homepage"), "contentUrl", project.website)
    if module.get("catalog_url"):
        _add(_add(opportunity, "homepage"), "contentUrl", str(module["catalog_url"]))
    _add(opportunity, "mode", uri=mode)
    _add(opportunity, "providedBy", idref=ids["organisation"])
    _add(opportunity, "learningAchievementSpecification", idref=ids["spec"])
    _add(opportunity, "defaultLanguage", uri=_uri("languages", "en"))

    spec = _add(
        _add(root, "learningAchievementSpecificationReferences"),
        "qualification" if spec_kind == "Qualification" else "learningAchievementSpecification",
        id=ids["spec"],
    )
    _lang_strings(spec, "title", titles)
    _add(spec, "ISCEDFCode", uri=_uri("isced-f", codelists.isced_code(module["isced_field"])))
    credit = _add(spec, "creditPoint")
    _add(credit, "framework", uri=_uri("credit-points", "ECTS"))
    _add(credit, "point", _points(module["ects"]))
    if spec_kind != "Qualification":
        _add(spec, "educationLevel", uri=eqf)
    for lang in _languages(module):
        _add(spec, "language", uri=_uri("languages", lang))
    _add(spec, "mode", uri=mode)
    _add(spec, "learningSetting", uri=_uri("learning-settings", rules.learning_setting))
    if module.get("entry_requirements"):
        note = _add(spec, "entryRequirement")
        _add(note, "noteLiteral", str(module["entry_requirements"]), language="en")
    _add(spec, "learningOutcome", idref=ids["outcome"])
    if spec_kind == "Qualification":
        _add(spec, "EQFLevel", uri=eqf)
        _add(spec, "NQFLevel", uri=_uri("nqf", _nqf(module, project)))

    outcome = _add(_add(root, "learningOutcomeReferences"), "learningOutcome", id=ids["outcome"])
    _lang_strings(outcome, "title", outcomes)

    organisation = _add(_add(root, "agentReferences"), "organisation", id=ids["organisation"])
    _add(organisation, "legalName", partner.name, language="en")
    _add(organisation, "location", idref=ids["location"])

    location = _add(_add(root, "locationReferences"), "location", id=ids["location"])
    _add(_add(location, "address"), "countryCode", uri=_uri("countries", partner.country))
    return root


def to_bytes(root: ET.Element) -> bytes:
    """The document as UTF-8 XML, indented. Its names are unprefixed: the root declares the
    schema's namespace as the default one, so every element is in it and no attribute is."""
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def write(out: Path, modules: list[Mapping[str, object]], project: Project) -> list[Path]:
    """One ``<code>.xml`` per module under ``out``; the paths written, in code order."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for module in sorted(modules, key=lambda m: str(m["module_code"])):
        path = out / f"{_slug(str(module['module_code']))}.xml"
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(to_bytes(document(module, project)))
        tmp.replace(path)
        written.append(path)
    return written
