"""The QDR export of the catalogue: the XML that Europass's Qualifications Dataset Register
takes in, checked with lxml against the Commission's own schema (loq.xsd with its code lists),
offline."""

from __future__ import annotations

import pytest

from tests.ops_helpers import cli
from tests.test_elm_export import ELM, READY

pytestmark = pytest.mark.skipif(not ELM.is_dir(), reason="the ELM standards are not here")
NS = {"loq": "http://data.europa.eu/snb/model/ap/loq-constraints/"}


@pytest.fixture(scope="module")
def schema():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(ELM / "xsd" / "loq.xsd")))


@pytest.fixture(scope="module")
def exported(demo_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("qdr")
    code, stdout, _ = cli(
        "catalogue",
        "export",
        "--format",
        "qdr",
        "--out",
        str(out),
        "--data-dir",
        str(demo_dir.root),
    )
    assert code == 0
    return out, stdout


def parse(path):
    from lxml import etree

    return etree.parse(str(path))


def test_every_ready_sample_module_is_written_and_the_others_named(exported):
    out, stdout = exported
    assert sorted(p.stem for p in out.glob("*.xml")) == READY
    assert not list(out.glob(".*"))
    assert "Left out, not ready: AYU-LFR (outcome_languages)" in stdout
    assert stdout.splitlines()[-1] == "Exported modules: 10; left out: 13."


@pytest.mark.parametrize("code", READY)
def test_the_export_is_valid_against_the_official_schema(exported, schema, code):
    out, _ = exported
    document = parse(out / f"{code}.xml")
    valid = schema.validate(document)
    assert valid, "\n".join(str(e) for e in schema.error_log)
    assert len(schema.error_log) == 0


@pytest.mark.parametrize(
    ("code", "xpath", "named"),
    [
        ("UCY-GIS", "//loq:learningOpportunity/loq:title", "title"),
        ("UCY-GIS", "//loq:organisation/loq:legalName", "legalName"),
        ("UPV-SLM", "//loq:qualification/loq:NQFLevel", "NQFLevel"),
        ("AYU-UGI", "//loq:learningOutcome[@id]", "LearningOutcomeKeyRef"),
    ],
)
def test_the_schema_catches_an_invalid_document(exported, schema, code, xpath, named):
    """The check is real: without an element the schema requires, or with a link to a
    node that is not there, the document fails and the error names what is wrong."""
    out, _ = exported
    document = parse(out / f"{code}.xml")
    for node in document.xpath(xpath, namespaces=NS):
        node.getparent().remove(node)
    assert not schema.validate(document)
    assert named in "\n".join(str(e) for e in schema.error_log)


def test_a_vocabulary_value_outside_the_code_list_is_caught(exported, schema):
    out, _ = exported
    document = parse(out / "AYU-UGI.xml")
    (field,) = document.xpath("//loq:ISCEDFCode", namespaces=NS)
    field.set("uri", "http://data.europa.eu/snb/isced-f/9998")
    assert not schema.validate(document)
    assert "ISCEDFCode" in "\n".join(str(e) for e in schema.error_log)


def test_a_module_carries_what_europass_shows(exported):
    out, _ = exported
    document = parse(out / "AYU-UGI.xml")

    def values(xpath):
        return document.xpath(xpath, namespaces=NS)

    titles = {t.get("language"): t.text for t in values("//loq:learningOpportunity/loq:title")}
    assert titles["en"] == "Urban Green Infrastructure"
    assert titles["kk"] == "Қалалық жасыл инфрақұрылым"
    assert values("//loq:organisation/loq:legalName/text()") == [
        "Khoja Akhmet Yassawi International Kazakh-Turkish University"
    ]
    assert values("//loq:location/loq:address/loq:countryCode/@uri") == [
        "http://publications.europa.eu/resource/authority/country/KAZ"
    ]
    assert values("//loq:learningOpportunity/loq:homepage/loq:contentUrl/text()")[0] == (
        "https://leslie.webs.upv.es/"
    )
    assert values("//loq:learningAchievementSpecification/loq:ISCEDFCode/@uri") == [
        "http://data.europa.eu/snb/isced-f/0731"
    ]
    assert values("//loq:learningAchievementSpecification/loq:educationLevel/@uri")[0].startswith(
        "http://data.europa.eu/snb/eqf/"
    )
    assert {t.get("language") for t in values("//loq:learningOutcome/loq:title")} >= {"en", "kk"}
    opportunity_spec = values(
        "//loq:learningOpportunity/loq:learningAchievementSpecification/@idref"
    )
    assert opportunity_spec == values("//loq:learningAchievementSpecification/@id")


def test_an_accredited_spanish_module_is_a_qualification_with_both_levels(exported):
    out, _ = exported
    document = parse(out / "UPV-SLM.xml")
    (eqf,) = document.xpath("//loq:qualification/loq:EQFLevel/@uri", namespaces=NS)
    assert eqf.startswith("http://data.europa.eu/snb/eqf/")
    assert document.xpath("//loq:qualification/loq:NQFLevel/@uri", namespaces=NS)[0].startswith(
        "http://data.europa.eu/snb/qdr/c_"
    )
    assert not document.xpath("//loq:learningAchievementSpecification[@id]", namespaces=NS)


def test_export_without_a_format_is_a_usage_error(demo_dir, tmp_path):
    code, _, stderr = cli(
        "catalogue", "export", "--out", str(tmp_path), "--data-dir", str(demo_dir.root)
    )
    assert code != 0
    assert "--format elm|qdr" in stderr
    assert "Traceback" not in stderr
