"""Evidence types are read from the content: real documents pass, disguised files do not."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pytest

from pipelines.workplan.evidence import Evidence, EvidenceRefused, check_file, check_url, sniff

PDF = b"%PDF-1.4\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(120)
CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Override PartName="/main.xml" ContentType="{}"/></Types>'
)


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def real_docx() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("D3.1 Needs analysis")
    document.save(out)
    return out.getvalue()


def real_xlsx() -> bytes:
    out = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "D4.2"
    book.save(out)
    return out.getvalue()


def ooxml(content_type: str, quote: str = '"') -> bytes:
    types = CT.format(content_type).replace(
        f'ContentType="{content_type}"', f"ContentType={quote}{content_type}{quote}"
    )
    return zipped({"[Content_Types].xml": types.encode(), "main.xml": b"<x/>"})


PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, "pdf"),
        (real_docx(), "docx"),
        (real_xlsx(), "xlsx"),
        (ooxml(PPTX), "pptx"),
        (ooxml(PPTX, quote="'"), "pptx"),
        (zipped({"mimetype": b"application/vnd.oasis.opendocument.text"}), "odt"),
        (zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "ods"),
        (zipped({"a.pdf": PDF, "b/minutes.docx": real_docx()}), "zip"),
    ],
    ids=["pdf", "docx", "xlsx", "pptx", "pptx-single-quotes", "odt", "ods", "zip-of-documents"],
)
def test_documents_are_recognised_from_their_content(data, kind):
    assert sniff(data) == kind
    assert check_file(Evidence("whatever.bin", data), 2**20) == kind


@pytest.mark.parametrize(
    "data",
    [
        ELF,
        b"MZ\x90\x00" + bytes(60),  # a Windows executable
        b"<html><script>alert(1)</script></html>",
        b"",
        ooxml(DOCM),  # macro-enabled Word
        zipped({"mimetype": b"application/vnd.oasis.opendocument.presentation"}),
        zipped({"report.pdf": ELF}),  # a ZIP hiding an executable behind a document's name
        zipped({"a.pdf": PDF, "run.sh": b"#!/bin/sh\nrm -rf /\n"}),
        zipped({"inner.zip": zipped({"a.pdf": PDF})}),  # ZIP in ZIP in ZIP is not accepted
        b"PK\x03\x04 not really a zip",
    ],
    ids=[
        "elf",
        "exe",
        "html",
        "empty",
        "docm",
        "odp",
        "zip-with-elf",
        "zip-with-script",
        "nested-zip",
        "broken-zip",
    ],
)
def test_anything_else_is_refused_whatever_its_name(data):
    with pytest.raises(EvidenceRefused) as caught:
        check_file(Evidence("report.pdf", data), 2**20)
    assert caught.value.key == "workplan.evidence.bad_type"
    assert str(caught.value) == (
        "«report.pdf» is not a PDF, DOCX, XLSX, PPTX, ODT or ODS document, nor a ZIP of these "
        "(its content was checked, not its name); nothing was recorded."
    )


def test_a_zip_of_a_zip_of_documents_is_one_level_too_deep():
    assert sniff(zipped({"inner.zip": zipped({"a.pdf": PDF})})) is None
    assert sniff(zipped({"a.pdf": PDF})) == "zip"


def test_the_size_limit_is_checked_before_the_content(tmp_path):
    big = tmp_path / "big.pdf"
    big.write_bytes(PDF + bytes(2**20))
    with pytest.raises(EvidenceRefused) as caught:
        Evidence.from_argument(str(big), 2**20)
    assert caught.value.key == "workplan.evidence.too_large"
    assert str(caught.value) == "«big.pdf» is larger than 1 MB; nothing was recorded."


def test_an_argument_is_a_link_or_an_existing_file(tmp_path):
    assert Evidence.from_argument("https://example.org/d.pdf", 10) == Evidence(
        url="https://example.org/d.pdf"
    )
    with pytest.raises(EvidenceRefused) as missing:
        Evidence.from_argument(str(tmp_path / "none.pdf"), 10)
    assert missing.value.key == "workplan.evidence.no_file"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://leslie.webs.upv.es/d1.pdf", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/x", True),
        ("ftp://example.org/d.pdf", False),
        ("javascript:alert(1)", False),
        ("https://", False),
        ("https://exa mple.org", False),
        ("data:text/html,<b>x</b>", False),
    ],
)
def test_links_are_http_or_https_with_a_host(url, ok):
    if ok:
        assert check_url(url) == url
    else:
        with pytest.raises(EvidenceRefused):
            check_url(url)
