"""The ELM v3 export of the catalogue, checked with the Commission's own SHACL shapes for
learning opportunities and qualifications (LOQ-constraints.ttl), offline.

Two changes are made to what is read, not to what the product writes: the remote
``@context`` URL of each document is replaced by the Commission's context file, and the
shapes' ``sh:pattern`` regexes, written in the XML Schema dialect, are rewritten for Python's
``re`` (the inline flag moved to the front, ``\\p{L}``/``\\p{Nd}`` as ``\\w``/``\\d``), which
otherwise stops pyshacl on the first web resource.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHARED
from tests.ops_helpers import cli

# the shared folder beside the checkout, or beside the folder of worktrees holding it
ELM = next(
    (
        shared / "standards" / "elm"
        for shared in (SHARED, SHARED.parent.parent / "shared")
        if (shared / "standards" / "elm").is_dir()
    ),
    SHARED / "standards" / "elm",
)
pytestmark = pytest.mark.skipif(not ELM.is_dir(), reason="the ELM standards are not here")

READY = [
    "AYU-UGI",
    "FPI-HAZ",
    "IAU-ARAL",
    "KAZNU-PAST",
    "KOKSU-WTE",
    "UCY-GIS",
    "UCY-GREEN",
    "UNICAS-EIA",
    "UNICAS-LDN",
    "UPV-SLM",
]


@pytest.fixture(scope="module")
def shapes():
    import rdflib
    from rdflib.namespace import SH

    graph = rdflib.Graph().parse(ELM / "shacl" / "LOQ-constraints.ttl")
    for s, p, o in list(graph.triples((None, SH.pattern, None))):
        text = str(o)
        python = (
            text.replace("^(?i)", "(?i)^")
            .replace(r"\p{L}", r"\w")
            .replace(r"\p{Nl}", "")
            .replace(r"\p{Nd}", r"\d")
        )
        if python != text:
            graph.remove((s, p, o))
            graph.add((s, p, rdflib.Literal(python)))
    return graph


def conforms(document: dict, shapes) -> tuple[bool, str]:
    import pyshacl
    import rdflib

    context = json.loads((ELM / "jsonld" / "edc-ap-context.jsonld").read_text("utf-8"))
    assert document["@context"] == "http://data.europa.eu/snb/model/context/edc-ap"
    local = {**document, "@context": context["@context"]}
    graph = rdflib.Graph().parse(data=json.dumps(local), format="json-ld")
    ok, _, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    return ok, text


@pytest.fixture(scope="module")
def exported(demo_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("elm")
    code, stdout, _ = cli(
        "catalogue",
        "export",
        "--format",
        "elm",
        "--out",
        str(out),
        "--data-dir",
        str(demo_dir.root),
    )
    assert code == 0
    return out, stdout


def test_every_ready_sample_module_is_written_and_the_others_named(exported):
    out, stdout = exported
    assert sorted(p.stem for p in out.glob("*.jsonld")) == READY
    assert "Left out, not ready: AYU-LFR (outcome_languages)" in stdout
    assert "Left out, not ready: IAU-DIGI (status)" in stdout
    assert stdout.splitlines()[-1] == "Exported modules: 10; left out: 13."


@pytest.mark.parametrize("code", READY)
def test_the_export_conforms_to_the_official_shapes(exported, shapes, code):
    out, _ = exported
    ok, report = conforms(json.loads((out / f"{code}.jsonld").read_text("utf-8")), shapes)
    assert ok, report


@pytest.mark.parametrize(
    ("code", "remove", "named"),
    [
        ("UCY-GIS", ("title",), "title"),
        ("UCY-GIS", ("providedBy", 0, "legalName"), "legalName"),
        ("UPV-SLM", ("learningAchievementSpecification", "learningOutcome"), "learningOutcome"),
    ],
)
def test_the_shapes_catch_a_missing_mandatory_element(exported, shapes, code, remove, named):
    """The check is real: without an element the shapes require, a document fails. (The
    official shapes switch off the learning achievement specification's own shape; the
    learning opportunity, organisation and qualification shapes are on.)"""
    out, _ = exported
    document = json.loads((out / f"{code}.jsonld").read_text("utf-8"))
    parent = document
    for step in remove[:-1]:
        parent = parent[step]
    del parent[remove[-1]]
    ok, report = conforms(document, shapes)
    assert not ok
    assert named in report


def test_a_module_carries_what_europass_shows(exported):
    out, _ = exported
    doc = json.loads((out / "AYU-UGI.jsonld").read_text("utf-8"))
    spec = doc["learningAchievementSpecification"]
    assert doc["title"] == {
        "en": "Urban Green Infrastructure",
        "kk": "Қалалық жасыл инфрақұрылым",
        "ru": spec["title"]["ru"],
    }
    assert doc["providedBy"][0]["legalName"] == {
        "en": "Khoja Akhmet Yassawi International Kazakh-Turkish University"
    }
    country = doc["providedBy"][0]["location"][0]["address"][0]["countryCode"]["@id"]
    assert country == "http://publications.europa.eu/resource/authority/country/KAZ"
    assert doc["homepage"][0]["elm:contentUrl"]["@value"] == "https://leslie.webs.upv.es/"
    assert spec["@type"] == "LearningAchievementSpecification"
    assert spec["elm:ISCEDFCode"][0]["@id"] == "http://data.europa.eu/snb/isced-f/0731"
    assert spec["creditPoint"][0]["framework"]["prefLabel"] == {
        "en": "European Credit Transfer System"
    }
    assert set(spec["learningOutcome"][0]["title"]) >= {"en", "kk"}


def test_an_accredited_spanish_module_is_a_qualification_with_both_levels(exported):
    out, _ = exported
    spec = json.loads((out / "UPV-SLM.jsonld").read_text("utf-8"))[
        "learningAchievementSpecification"
    ]
    assert spec["@type"] == "Qualification"
    assert spec["eqfLevel"]["@id"].startswith("http://data.europa.eu/snb/eqf/")
    assert spec["elm:NQFLevel"][0]["prefLabel"]["en"].startswith("MECU Level ")
